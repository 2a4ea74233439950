"""Stage 5a for papers: /papers/, one page per venue and per year, and papers.json / papers.bib.

Like `pages.plan_pages`, each page's key is a digest of everything it shows (plus the site
key), so an incremental build renders a papers page again only when one of its papers changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.content.urls import name_slug
from generator.papers.charts import top_venues, venue_chart, year_chart, years_counted
from generator.papers.index import PostsNotes, index_papers
from generator.papers.notes import Paper, paper_digests, to_bibtex, to_json
from generator.papers.venues import shown_title
from generator.site.plans import PagePlan

__all__ = ["SitePapers", "paper_data_files", "plan_paper_pages", "site_papers", "venue_urls", "year_urls"]

INDEX_URL = "/papers/"


def venue_urls(papers: tuple[Paper, ...]) -> dict[str, str]:
    """Venue -> its page URL; venues whose slugs collide (`C++`, `C--`) get -2, -3 in name order."""
    urls: dict[str, str] = {}
    used: set[str] = set()
    for venue in sorted({p.venue for p in papers if p.venue}, key=lambda v: (v.casefold(), v)):
        slug = base = name_slug(venue)
        counter = 2
        while slug in used:
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(slug)
        urls[venue] = f"{INDEX_URL}venues/{slug}/"
    return urls


def year_urls(papers: tuple[Paper, ...]) -> dict[int, str]:
    """Year -> its page URL, newest first."""
    known = sorted({p.year for p in papers if p.year}, reverse=True)
    return {year: f"{INDEX_URL}years/{year}/" for year in known}


def _digest(value: object) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


def _output_path(url: str) -> str:
    return url.strip("/") + "/index.html"


def plan_paper_pages(
    papers: tuple[Paper, ...], site_key: str, *, sources_by_url: Mapping[str, str] | None = None,
    digests: Sequence[str] | None = None,
) -> Iterator[PagePlan]:
    """The papers index (papers.html), then one papers_list.html page per venue and per year.

    `sources_by_url` (post URL -> source path), when given, fills each plan's `sources` with
    the posts whose notes the page lists. `digests` are `paper_digests(papers)`, when the caller
    has them already (the build caches them with the papers).
    """
    venues = venue_urls(papers)
    years = year_urls(papers)
    digest_of = dict(zip(map(id, papers), digests if digests is not None else paper_digests(papers)))

    def plan(url: str, template: str, heading: str, shown: tuple[Paper, ...], **extra: Any) -> PagePlan:
        context = {
            "papers": shown, "shown_titles": tuple(shown_title(p.title) for p in shown),
            "heading": heading, "page_url": url, "index_url": INDEX_URL,
            "venue_urls": {p.venue: venues[p.venue] for p in shown if p.venue},
            "year_urls": {p.year: years[p.year] for p in shown if p.year},
            **extra,
        }
        # The shown papers by their digests: a repr of every paper again costs more than the page.
        keyed = {**context, "papers": tuple(digest_of[id(paper)] for paper in shown)}
        key = _digest((site_key, "papers", template, sorted(keyed.items(), key=lambda kv: kv[0])))
        posts = {url for p in shown for _, url, _ in p.notes}
        known = sources_by_url or {}
        sources = tuple(sorted(known[post] for post in posts if post in known))
        return PagePlan(_output_path(url), template, key, lambda: context, sources)

    by_venue: dict[str, list[Paper]] = {}
    by_year: dict[int, list[Paper]] = {}
    for paper in papers:
        if paper.venue:
            by_venue.setdefault(paper.venue, []).append(paper)
        if paper.year:
            by_year.setdefault(paper.year, []).append(paper)
    per_year, most_noted = years_counted(papers), top_venues(papers)
    yield plan(
        INDEX_URL, "papers.html", "Papers", papers, kind="all",
        venues=tuple((venue, url, len(by_venue[venue])) for venue, url in venues.items()),
        years=tuple((year, url, len(by_year[year])) for year, url in years.items()),
        per_year=tuple(per_year), top_venues=tuple(most_noted),
        year_chart=year_chart(per_year), venue_chart=venue_chart(most_noted),
    )
    for venue, url in venues.items():
        yield plan(url, "papers_list.html", venue, tuple(by_venue[venue]), kind="venue")
    for year, url in years.items():
        yield plan(url, "papers_list.html", str(year), tuple(by_year[year]), kind="year")


@dataclass(frozen=True, slots=True)
class SitePapers:
    """The papers index with what is made from it alone: each paper's digest, papers.json/.bib."""

    papers: tuple[Paper, ...]
    digests: tuple[str, ...]
    data_files: tuple[tuple[str, bytes], ...]


def site_papers(notes: PostsNotes, url_prefix: str, keys_of_posts: Iterable[bytes] | None = None) -> SitePapers:
    """Merge every post's (title, URL, notes) into papers, with their digests and data files
    (`keys_of_posts`: see index_papers)."""
    papers = index_papers(notes, keys_of_posts)
    return SitePapers(papers, paper_digests(papers), tuple(paper_data_files(papers, url_prefix=url_prefix)))


def paper_data_files(papers: tuple[Paper, ...], *, url_prefix: str = "") -> list[tuple[str, bytes]]:
    """("papers.json", bytes) and ("papers.bib", bytes); `url_prefix` makes note links absolute."""
    return [
        ("papers.json", to_json(papers, url_prefix=url_prefix)),
        ("papers.bib", to_bibtex(papers).encode("utf-8")),
    ]
