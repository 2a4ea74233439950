"""Stage 4: every document with its URL, tags, categories, neighbours and listing pages: the Site."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.config.settings import Config
from generator.content.document import Document
from generator.content.place import place
from generator.content.urls import name_slug, safe_relative_path, unwritable_reason
from generator.errors import ContentError
from generator.markdown.render import RenderedBody

RELATED_LIMIT = 5


class TaxonRef(NamedTuple):
    """A tag or category as a post links to it (a named tuple: every rebuild hashes thousands)."""

    name: str
    slug: str
    url: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A post or page placed in the site: where it lives and what it shows."""

    document: Document
    body: RenderedBody
    url: str
    output_path: str
    tags: tuple[TaxonRef, ...] = ()
    categories: tuple[TaxonRef, ...] = ()

    # The source's path as messages show it; a field, as page plans look it up tens of thousands of times.
    source: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", self.document.source.relative)


@dataclass(frozen=True, slots=True)
class Taxon:
    """A tag or category with the posts that carry it, newest first."""

    ref: TaxonRef
    output_path: str
    posts: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Neighbours:
    """A post's previous (older) and next (newer) posts and its related posts."""

    previous: Entry | None
    next: Entry | None
    related: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """Everything render needs: posts newest first, pages, taxonomies, archive."""

    posts: tuple[Entry, ...]
    pages: tuple[Entry, ...]
    tags: tuple[Taxon, ...]
    categories: tuple[Taxon, ...]
    neighbours: dict[str, Neighbours]
    years: tuple[tuple[int, tuple[Entry, ...]], ...]


RelatedPosts = Callable[[tuple[tuple[str, ...], ...]], tuple[tuple[int, ...], ...]]


def build_site(
    config: Config, documents: Iterable[tuple[Document, RenderedBody]], *,
    related_of: RelatedPosts | None = None, place_of: Callable[[Document], tuple[str, str]] | None = None,
) -> tuple[Site, tuple[ContentError, ...]]:
    """Place every document; two documents on one URL is an error naming both.

    `related_of` and `place_of` stand in for `related_posts` and `place`, so that a caller may
    remember their answers from one build to the next.
    """
    posts: list[Entry] = []
    pages: list[Entry] = []
    for document, body in documents:
        url, output_path = place_of(document) if place_of else place(document, config)
        entry = Entry(document, body, url, output_path)
        (pages if document.kind == "page" else posts).append(entry)
    posts.sort(key=lambda e: (e.document.date, e.document.slug, e.source), reverse=True)
    tag_refs = _taxonomy_refs((e.document.tags for e in posts), "tags")
    category_refs = _taxonomy_refs((e.document.categories for e in posts), "categories")
    posts = [
        Entry(e.document, e.body, e.url, e.output_path,
              _refs(e.document.tags, tag_refs), _refs(e.document.categories, category_refs))
        for e in posts
    ]
    errors = _url_clashes(posts + pages) + _unwritable(posts + pages)
    refused = {error.path for error in errors}
    posts = [e for e in posts if e.source not in refused]
    pages = [e for e in pages if e.source not in refused]
    return Site(
        posts=tuple(posts),
        pages=tuple(sorted(pages, key=lambda e: e.output_path)),
        tags=_taxa(posts, tag_refs, lambda e: e.tags, "tags"),
        categories=_taxa(posts, category_refs, lambda e: e.categories, "categories"),
        neighbours=_neighbours(posts, related_of or related_posts),
        years=_years(posts),
    ), errors


def with_new_bodies(site: Site, replaced: dict[str, Entry]) -> Site:
    """The site with some entries replaced by ones placed and listed exactly alike (by source):
    the same documents but for their bodies. Every other entry, and every list without a
    replaced entry, stays the same object."""
    if not replaced:
        return site

    def swap(entry: Entry) -> Entry:
        return replaced.get(entry.source, entry)

    def swap_all(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        return tuple(map(swap, entries)) if any(e.source in replaced for e in entries) else entries

    # An entry is listed only in its own taxa and year, and shown as a neighbour only by the
    # posts beside it or sharing a tag with it: the rest of the site is left as it is.
    refs = {ref for entry in replaced.values() for ref in (*entry.tags, *entry.categories)}
    years = {entry.document.date.year for entry in replaced.values()}

    def swap_taxon(taxon: Taxon) -> Taxon:
        return Taxon(taxon.ref, taxon.output_path, swap_all(taxon.posts)) if taxon.ref in refs else taxon

    neighbours = dict(site.neighbours)
    candidates = {n.source for entry in replaced.values() if (around := site.neighbours.get(entry.source))
                  for n in (around.previous, around.next) if n is not None}
    candidates.update(e.source for taxon in site.tags if taxon.ref in refs for e in taxon.posts)
    for source in candidates & neighbours.keys():
        around = neighbours[source]
        if any(n is not None and n.source in replaced for n in (around.previous, around.next, *around.related)):
            neighbours[source] = Neighbours(around.previous and swap(around.previous),
                                            around.next and swap(around.next), swap_all(around.related))
    return Site(swap_all(site.posts), swap_all(site.pages), tuple(map(swap_taxon, site.tags)),
                tuple(map(swap_taxon, site.categories)), neighbours,
                tuple((year, swap_all(entries) if year in years else entries) for year, entries in site.years))


def _taxonomy_refs(name_lists: Iterable[tuple[str, ...]], section: str) -> dict[str, TaxonRef]:
    """Names that differ only by case are one taxon, shown with the most used spelling."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for names in name_lists:
        for name in names:
            spellings[name.casefold()][name] += 1
    shown_of = {key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0] for key, counts in spellings.items()}
    slug_of = {key: name_slug(shown) for key, shown in shown_of.items()}
    refs: dict[str, TaxonRef] = {}
    used: set[str] = set()
    # A name that is its own slug (`b`) claims it before names that only reduce to it (`<b>`), so
    # adding a tag never moves an existing plain tag's page; the rest take -2, -3... by name.
    for key in sorted(spellings, key=lambda key: (slug_of[key] != key, key)):
        shown = shown_of[key]
        slug = base = slug_of[key]
        counter = 2
        while slug in used:
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(slug)
        refs[key] = TaxonRef(shown, slug, f"/{section}/{slug}/")
    return refs


def _refs(names: tuple[str, ...], refs: dict[str, TaxonRef]) -> tuple[TaxonRef, ...]:
    return tuple(dict.fromkeys(refs[name.casefold()] for name in names))


def _taxa(posts: list[Entry], refs: dict[str, TaxonRef], of, section: str) -> tuple[Taxon, ...]:  # type: ignore[no-untyped-def]
    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in posts:
        for ref in of(entry):
            members[ref.slug].append(entry)
    taxa = [
        Taxon(ref, safe_relative_path(f"{section}/{ref.slug}/index.html"), tuple(members[ref.slug]))
        for ref in refs.values()
    ]
    return tuple(sorted(taxa, key=lambda t: (-len(t.posts), t.ref.name.casefold())))


def related_posts(tag_lists: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """For each post (given by its tag slugs, newest first), the indices of its related posts:
    the most tags in common first, then the newest."""
    by_tag: dict[str, list[int]] = defaultdict(list)
    for index, tags in enumerate(tag_lists):
        for tag in tags:
            by_tag[tag].append(index)
    related: list[tuple[int, ...]] = []
    for index, tags in enumerate(tag_lists):
        shared: Counter[int] = Counter()
        for tag in tags:
            shared.update(by_tag[tag])  # a list: counted in C
        shared.pop(index, None)
        # nsmallest, not sorted: a popular tag shares thousands of posts, and five are kept.
        ranked = heapq.nsmallest(RELATED_LIMIT, shared.items(), key=lambda item: (-item[1], item[0]))
        related.append(tuple(other for other, _ in ranked))
    return tuple(related)


def _neighbours(posts: list[Entry], related_of: RelatedPosts) -> dict[str, Neighbours]:
    related = related_of(tuple(tuple(ref.slug for ref in entry.tags) for entry in posts))
    return {
        entry.source: Neighbours(
            previous=posts[index + 1] if index + 1 < len(posts) else None,
            next=posts[index - 1] if index > 0 else None,
            related=tuple(posts[other] for other in related[index]),
        )
        for index, entry in enumerate(posts)
    }


def _years(posts: list[Entry]) -> tuple[tuple[int, tuple[Entry, ...]], ...]:
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in posts:
        years[entry.document.date.year].append(entry)
    return tuple((year, tuple(years[year])) for year in sorted(years, reverse=True))


def _unwritable(entries: list[Entry]) -> tuple[ContentError, ...]:
    """Documents placed where no file can be (a NUL or an over-long name from a slug or a
    category): each an error, where writing it would fail with the whole build."""
    errors: list[ContentError] = []
    for entry in entries:
        reason = unwritable_reason(entry.output_path)
        if reason:
            shown = entry.url if len(entry.url) <= 60 else entry.url[:57] + "..."
            errors.append(ContentError(entry.source, None, f"its URL ({shown}) {reason}"))
    return tuple(errors)


def _url_clashes(entries: list[Entry]) -> tuple[ContentError, ...]:
    """Two sources writing one file: report both, keep neither (nothing is silently overwritten)."""
    by_path: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_path[entry.output_path].append(entry)
    errors: list[ContentError] = []
    for path, clashing in sorted(by_path.items()):
        if len(clashing) > 1:
            names = sorted(e.source for e in clashing)
            for name in names:
                others = ", ".join(n for n in names if n != name)
                errors.append(ContentError(name, None, f"writes the same page ({clashing[0].url}) as {others}"))
    return tuple(errors)
