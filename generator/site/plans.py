"""Stage 5a: the list of pages to render, each with its template, context and an input key.

The key is a digest of everything the page shows; a page whose key did not change since the
last build need not be rendered again. That is how incremental rebuilds know what depends on what.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.config.settings import Config
from generator.content.document import NO_LAYOUT
from generator.content.urls import output_path_for, paginated_url
from generator.site.layouts import THEME_LAYOUTS, Layouts
from generator.site.model import Entry, Site, Taxon

HOME = "index.html"
# The body as it is, for a document whose front matter says it has no layout.
NO_LAYOUT_TEMPLATE = "no_layout.html"


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One output file: its path, the template that draws it, and what it depends on."""

    output_path: str
    template: str
    key: str
    context: Callable[[], dict[str, Any]]
    sources: tuple[str, ...] = ()


def entry_digest(entry: Entry) -> str:
    """What a listing shows of a post: changes when its title, URL, date, tags or excerpt do."""
    d = entry.document
    parts = (d.title, entry.url, d.date.isoformat(), d.description, entry.body.excerpt,
             tuple(t.name for t in entry.tags), tuple(c.name for c in entry.categories),
             entry.body.outline_items)
    return _digest(parts)


def _summary(entry: Entry) -> tuple[object, object, str]:
    # The document and body ride along so that a memo keyed by their ids keeps them alive.
    return entry.document, entry.body, entry_digest(entry)


def body_digest(entry: Entry) -> str:
    return entry.body.html_digest


def _digest(value: object) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


# `BuildCache.remember`'s shape: (table, key, make) -> make()'s value, or the one kept for the key.
Memo = Callable[[str, Hashable, Callable[[], Any]], Any]


def _no_memo(_table: str, _key: Hashable, make: Callable[[], Any]) -> Any:
    return make()


# The values every template can reach as `site.<name>` that change with the content rather than
# the config (whose digest starts every key). Which of them a page read when it was last
# rendered joins its key (page_key): a title edit re-renders the pages that list the post and
# those whose templates read `site.posts`, not the whole site.
SITE_PARTS = ("posts", "pages", "tags", "categories", "time", "papers", "paper_count")


@dataclass(frozen=True, slots=True)
class SiteKeys:
    """What page keys are made of: the config and theme, what listings show of each post, and a
    digest of each of the SITE_PARTS."""

    theme: str
    summaries: dict[str, str]  # source -> entry_digest
    parts: dict[str, str]


def site_keys(site: Site, theme_key: str, paper_digests: tuple[str, ...], *, memo: Memo = _no_memo) -> SiteKeys:
    """The keys for this site; `theme_key` covers config and theme.

    `memo` may keep the digests of one build for the next (serve's does): they are keyed by
    the identity of the documents and bodies they digest, which the kept values hold alive.
    """
    summaries = {e.source: memo("summaries", (id(e.document), id(e.body), e.url, e.tags, e.categories),
                                functools.partial(_summary, e))[2] for e in site.posts}
    posts = _digest(tuple(summaries.values()))

    def taxa(section: tuple[Taxon, ...]) -> str:
        # a template listing a taxon's posts shows what listings show of them, so `posts` too
        return _digest((posts, tuple((t.ref, tuple(e.source for e in t.posts)) for t in section)))

    newest = max((e.document.date for e in site.posts), default=None)
    parts = {
        "posts": posts,
        "pages": _digest(tuple((e.url, e.document.title, e.document.front_matter_digest) for e in site.pages)),
        "tags": taxa(site.tags), "categories": taxa(site.categories),
        "time": newest.isoformat() if newest else "",
        "papers": _digest(paper_digests), "paper_count": str(len(paper_digests)),
    }
    return SiteKeys(theme_key, summaries, parts)


def page_key(plan: PagePlan, reads: Iterable[str], keys: SiteKeys) -> str:
    """The key of a page rendered from this plan that read these SITE_PARTS."""
    reads = tuple(reads)
    return _digest((plan.key, tuple((name, keys.parts[name]) for name in reads))) if reads else plan.key


def plan_pages(site: Site, config: Config, keys: SiteKeys, *, memo: Memo = _no_memo,
               site_owned: frozenset[str] = frozenset(), stand_ins: frozenset[str] = frozenset(),
               layouts: Layouts = THEME_LAYOUTS) -> Iterator[PagePlan]:
    """Every page of the site, in a stable order; none of paperfold's own where the site has its
    own file (`site_owned`: paths of SITE_MAY_OWN, or of the feed), and those of STAND_INS that replace a site's
    Liquid template (`stand_ins`). Posts and pages get their templates from `layouts`."""
    site_key = keys.theme
    for entry in site.posts:
        yield _post_plan(entry, site, keys, memo, layouts)
    for entry in site.pages:
        yield _page_plan(entry, keys, layouts)
    yield from (plan for plan in _index_pages(site, config, keys) if plan.output_path not in site_owned)
    yield from _taxonomy_pages(site.tags, "tags", "tag.html", keys, config.compat_paths.get("tags_path"), site_owned)
    yield from _taxonomy_pages(site.categories, "categories", "category.html", keys,
                               config.compat_paths.get("categories_path"), site_owned)
    archive_key = _listing_key(keys, "archive", site.posts)
    for path in _with_compat("archive/index.html", config.compat_paths.get("archive_path")):
        if path not in site_owned:
            yield PagePlan(path, "archive.html", archive_key, lambda: {"years": site.years},
                           tuple(e.source for e in site.posts))
    yield from (plan for plan in _feed_plans(site, config, keys) if plan.output_path not in site_owned)
    sitemap_key = _digest((site_key, tuple((e.url, e.document.date.isoformat()) for e in site.posts + site.pages),
                           tuple(t.ref.url for t in site.tags + site.categories)))
    for path, key in (("sitemap.xml", sitemap_key), ("robots.txt", site_key), ("404.html", site_key)):
        if path not in site_owned:
            yield PagePlan(path, path, key, dict)
    if "sitemap.txt" in stand_ins:
        yield PagePlan("sitemap.txt", "sitemap.txt", sitemap_key, dict)
    if config.search:
        yield PagePlan("search/index.html", "search.html", site_key, dict)


def plan_body_pages(site: Site, config: Config, keys: SiteKeys, sources: frozenset[str], *,
                    memo: Memo = _no_memo, layouts: Layouts = THEME_LAYOUTS) -> Iterator[PagePlan]:
    """The pages that show these sources' bodies: their own pages, and the feed when it holds one.

    After an edit that changed bodies alone (every document's front matter, every post's summary
    as before, so `keys` too), these are the only pages whose keys can change: every other page's
    key is made of the theme, summaries and the SITE_PARTS it read, as plan_pages shows.
    """
    for entry in site.posts:
        if entry.source in sources:
            yield _post_plan(entry, site, keys, memo, layouts)
    for entry in site.pages:
        if entry.source in sources:
            yield _page_plan(entry, keys, layouts)
    if any(entry.source in sources for entry in site.posts[:config.feed_posts]):
        yield from _feed_plans(site, config, keys)


def _post_plan(entry: Entry, site: Site, keys: SiteKeys, memo: Memo, layouts: Layouts) -> PagePlan:
    template = _layout(entry, "post.html", layouts)
    around = site.neighbours[entry.source]
    summary = keys.summaries
    shown = [n for n in (around.previous, around.next, *around.related) if n is not None]
    around_key = (tuple(summary[n.source] for n in shown), tuple(n.source for n in shown))
    # The template joins the key: a site's _layouts/ file can change it, and the theme's digest
    # covers only the templates themselves.
    key = memo("post keys", (keys.theme, id(entry.document), body_digest(entry), summary[entry.source], around_key,
                             template),
               lambda: (entry.document, _digest((
                   keys.theme, "post", body_digest(entry), summary[entry.source],
                   entry.document.front_matter_digest, *around_key, template))))[1]
    return PagePlan(entry.output_path, template, key,
                    lambda: {"page": entry, "neighbours": around}, (entry.source, *(n.source for n in shown)))


def _page_plan(entry: Entry, keys: SiteKeys, layouts: Layouts) -> PagePlan:
    template = _layout(entry, "page.html", layouts)
    key = _digest((keys.theme, "page", body_digest(entry), entry.document.title, entry.document.front_matter_digest,
                   template))
    return PagePlan(entry.output_path, template, key, lambda: {"page": entry}, (entry.source,))


def _feed_plans(site: Site, config: Config, keys: SiteKeys) -> Iterator[PagePlan]:
    latest = site.posts[:config.feed_posts]
    feed_key = _digest((_listing_key(keys, "feed", latest), tuple(body_digest(e) for e in latest)))
    for path in _feed_paths(config):
        # Each copy names itself as the feed: a reader subscribed to atom.xml stays subscribed there.
        yield PagePlan(path, "feed.xml", _digest((feed_key, path)), functools.partial(dict, posts=latest, feed_path=path),
                       tuple(e.source for e in latest))


def _feed_paths(config: Config) -> tuple[str, ...]:
    return _with_compat("feed.xml", config.compat_paths.get("atom_path"), config.compat_paths.get("rss_path"))


def _listing_key(keys: SiteKeys, kind: str, entries: tuple[Entry, ...], *extra: object) -> str:
    return _digest((keys.theme, kind, tuple(keys.summaries[e.source] for e in entries), extra))


def _layout(entry: Entry, default: str, layouts: Layouts) -> str:
    if entry.document.layout == NO_LAYOUT:
        return NO_LAYOUT_TEMPLATE
    return layouts.template(entry.document.layout, default)


def _index_pages(site: Site, config: Config, keys: SiteKeys) -> Iterator[PagePlan]:
    size = config.paginate
    chunks = [site.posts[start:start + size] for start in range(0, len(site.posts), size)] or [()]
    total = len(chunks)

    def url(number: int) -> str:
        return paginated_url(config.paginate_path, number)

    for number, chunk in enumerate(chunks, start=1):
        paginator = {
            "page": number, "total_pages": total, "posts": chunk, "total_posts": len(site.posts),
            "page_path": url(number),
            "previous_page_path": url(number - 1) if number > 1 else None,
            "next_page_path": url(number + 1) if number < total else None,
        }
        paths = [output_path_for(url(number))]
        # The home page is the first page of posts even when paginate_path puts that page in a
        # folder, unless the site has a page of its own there.
        if number == 1 and paths[0] != HOME and HOME not in {e.output_path for e in site.pages}:
            paths.append(HOME)
        for path in paths:
            yield PagePlan(path, "index.html", _listing_key(keys, "index", chunk, number, total, len(site.posts)),
                           functools.partial(dict, paginator=paginator), tuple(e.source for e in chunk))


# Files paperfold writes that a site may keep its own of, as Jekyll (and jekyll-sitemap) leave a
# site's own robots.txt, sitemap.xml and 404.html alone: the site's wins unless it is a Liquid
# template, which paperfold cannot run.
SITE_MAY_OWN = {"robots.txt": "robots.txt", "sitemap.xml": "sitemap", "404.html": "page for missing URLs"}
# paperfold's listing pages that a site's own page at the same path replaces, as Jekyll publishes
# the site's (a page listing the tags or the posts, its Liquid run): a theme's /tags/ or /archive/.
SECTION_PAGES = {"archive/index.html": "archive", "tags/index.html": "tags page",
                 "categories/index.html": "categories page"}
# Files paperfold writes only in place of a site's Liquid template for them: Jekyll Bootstrap's
# sitemap.txt, a list of every page's URL.
STAND_INS = {"sitemap.txt": "sitemap"}


def first_page_of_posts(config: Config) -> str:
    return output_path_for(paginated_url(config.paginate_path, 1))


def own_pages_over_sources(config: Config) -> dict[str, str]:
    """The files paperfold writes from its own templates where a Jekyll site keeps a Liquid template
    for the same (a feed, jekyll-paginate's first page, Jekyll Bootstrap's archive), each with what
    it is: these win."""
    found = {path: "feed" for path in _feed_paths(config)}
    found[first_page_of_posts(config)] = "list of posts (jekyll-paginate's first page)"
    # Jekyll Bootstrap's archive, tags and categories pages, where its config says they are.
    for key, what in (("archive_path", "archive"), ("tags_path", "tags page"), ("categories_path", "categories page")):
        if key in config.compat_paths:
            found[output_path_for(config.compat_paths[key])] = what
    return found


def _taxonomy_pages(taxa: tuple[Taxon, ...], section: str, template: str, keys: SiteKeys,
                    compat_path: str | None, site_owned: frozenset[str]) -> Iterator[PagePlan]:
    overview_key = _listing_key(keys, section + "-overview", (), tuple((t.ref, len(t.posts)) for t in taxa))
    for path in _with_compat(f"{section}/index.html", compat_path):
        if path not in site_owned:
            yield PagePlan(path, f"{section}.html", overview_key, functools.partial(dict, taxa=taxa, section=section))
    for taxon in taxa:
        yield PagePlan(taxon.output_path, template, _listing_key(keys, section, taxon.posts, taxon.ref),
                       functools.partial(dict, taxon=taxon, section=section),
                       tuple(e.source for e in taxon.posts))


def _with_compat(path: str, *compat: str | None) -> tuple[str, ...]:
    """The page's own path plus any old Jekyll-Bootstrap path it must also answer at."""
    extra = tuple(output_path_for(p) for p in compat if p)
    return (path, *(p for p in extra if p != path))
