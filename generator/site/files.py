"""Which files the site publishes where paperfold writes files of its own: a site's robots.txt,
404.html, sitemap.xml or feed without a layout stands for paperfold's, a Liquid template for the
first page of posts or a sitemap.txt gives way to paperfold's, and two files on one path are an
error naming both."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from generator.config.settings import Config
from generator.content.collections import collection_url
from generator.content.discover import SourceFile
from generator.content.document import NO_LAYOUT, Document, source_path
from generator.content.place import place
from generator.content.urls import safe_relative_path
from generator.errors import Diagnostic
from generator.site.model import Site
from generator.site.plans import (
    SECTION_PAGES,
    SITE_MAY_OWN,
    STAND_INS,
    PagePlan,
    first_page_of_posts,
    own_pages_over_sources,
)
from generator.site.write import OutputFile


def pages_to_publish(documents: list[Document], config: Config,
                     warn: Callable[[Diagnostic], None]) -> tuple[list[Document], set[str]]:
    """The documents to publish, and the paths where the site's own page stands for paperfold's.

    A page at the path of paperfold's first page of posts is, in a Jekyll site, a Liquid template
    for it (jekyll-paginate's index.html), which reads a `paginator` paperfold does not make:
    paperfold writes its own there instead, unless the page has text of its own and reads no
    paginator. A site's page at paperfold's archive, tags or categories page is published instead of it. A site's own feed without a layout (Jekyll Bootstrap's
    atom.xml), robots.txt, sitemap.xml or 404.html is published, its Liquid run, as Jekyll does."""
    own = own_pages_over_sources(config)
    home = first_page_of_posts(config)
    kept = []
    site_owned: set[str] = set()
    for document in documents:
        path = place(document, config)[1] if document.kind == "page" else None
        # Liquid runs now: a site's own page at one of these paths is published, rendered, as Jekyll does.
        if path is not None and (path in SITE_MAY_OWN or path in SECTION_PAGES
                                 or (own.get(path) == "feed" and document.layout == NO_LAYOUT)
                                 or (path == home and _lists_posts_itself(document))):
            site_owned.add(path)
            kept.append(document)
        elif path in own:
            warn(_own_instead(document.source.relative, own[path], path))
        else:
            kept.append(document)
    return kept, site_owned


def _lists_posts_itself(document: Document) -> bool:
    """Whether a site's home page has text of its own that needs no paginator (an about page, or
    Liquid looping over `site.posts`), which Jekyll publishes as it is. An empty body (minima's
    `layout: home`, whose layout lists the posts) or one reading jekyll-paginate's `paginator`
    leaves the listing to paperfold's own first page of posts."""
    return bool(document.body.strip()) and "paginator" not in document.body


def file_origins(plans: list[PagePlan], data_files: list[OutputFile], copies: list[OutputFile], site: Site,
             config: Config) -> list[tuple[str, str]]:
    """(output path, where its file comes from) for every file the build writes."""
    documents = {entry.output_path: entry.source for entry in (*site.posts, *site.pages)}
    found = [(plan.output_path, documents[plan.output_path] if plan.sources == (documents.get(plan.output_path),)
              else f"paperfold's {plan.template} template") for plan in plans]
    found += [(data.path, "paperfold's papers index") for data in data_files]
    for copy in copies:
        origin = copy.copy_from
        inside = origin is not None and origin.is_relative_to(config.source)
        found.append((copy.path, origin.relative_to(config.source).as_posix() if origin and inside
                      else f"paperfold's {copy.path}"))
    return [*found, (".nojekyll", "paperfold")]


def shadowed_documents(site: Site, origins: list[tuple[str, str]]) -> list[Diagnostic]:
    """Errors for posts and pages whose URL is another file's path (from `file_origins`).

    A post at /static/js/site.js is written, as Jekyll writes it, to static/js/site.js.html; but
    at its URL a server shows the file at that path (here the theme's script) and never the post.
    Not the site's file winning, as its robots.txt does over paperfold's: neither is written in the
    other's place, and the theme's script is still needed. So an error naming both, as two files
    at one path are."""
    origin_of = dict(reversed(origins))  # the first origin of a path, as check_unique names it
    errors = []
    for entry in (*site.posts, *site.pages):
        served = safe_relative_path(unquote(entry.url))
        if not entry.url.endswith("/") and served != entry.output_path and served in origin_of:
            errors.append(Diagnostic(served, None, (
                f"{entry.source} has this URL, where a server shows {origin_of[served]} instead (the "
                f"{entry.document.kind} is written to {entry.output_path}): give it another permalink"), "error"))
    return errors


def _holds_liquid(text: str) -> bool:
    return "{%" in text or "{{" in text


# Front matter as Jekyll finds it at the start of any file: "---" lines around YAML.
_FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def site_copies(sources: Iterable[SourceFile], static: Iterable[OutputFile], config: Config,
                warn: Callable[[Diagnostic], None]) -> tuple[list[OutputFile], set[str], frozenset[str]]:
    """The files copied into the site (the theme's static files, then the site's assets), the paths
    among them where the site's own file stands for paperfold's, and the paths where paperfold's
    own file stands for a site's Liquid template (see asset_copy)."""
    stand_ins: set[str] = set()
    assets = (asset_copy(source, config, warn, stand_ins) for source in sources if source.kind == "asset")
    copies = [*static, *(copy for copy in assets if copy is not None)]
    return copies, {copy.path for copy in copies if copy.path in SITE_MAY_OWN}, frozenset(stand_ins)


def asset_copy(source: SourceFile, config: Config, warn: Callable[[Diagnostic], None],
               stand_ins: set[str]) -> OutputFile | None:
    """How an asset is published: copied as it is, but for one at a path paperfold also writes (a
    robots.txt, a sitemap.txt) that starts with front matter, which makes it a page to Jekyll:
    then its text without the front matter, or, when that text is a Liquid template, nothing (the
    path goes to `stand_ins`: paperfold's own stands there), with a warning."""
    path = source_path(source, config)
    in_collection = collection_url(path, config, "", document=False)
    if in_collection is not None:
        return OutputFile(safe_relative_path(unquote(in_collection)), copy_from=source.path)
    what = SITE_MAY_OWN.get(path) or STAND_INS.get(path)
    if what is None:
        return OutputFile(path, copy_from=source.path)
    data = source.path.read_bytes()
    front = _FRONT_MATTER.match(data)
    if front is None:
        return OutputFile(path, copy_from=source.path)
    body = data[front.end():]
    if _holds_liquid(body.decode("utf-8", "replace")):
        warn(_own_instead(source.relative, what, path))
        stand_ins.add(path)
        return None
    return OutputFile(path, data=body)


def _own_instead(relative: str, what: str, path: str) -> Diagnostic:
    """A site's Liquid template that paperfold's own page replaces."""
    return Diagnostic(relative, None,
                      f"not written: paperfold writes its own {what} at {path} in its place, instead of running this Liquid template")
