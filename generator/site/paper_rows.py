"""The rows of a papers table (templates/papers_list.html), made in Python.

A big blog's /papers/ lists thousands of papers, each row a dozen values and a few links; made by
the template's loop and macro in Jinja's sandbox, every value read and every call was checked,
and the papers pages took half the time of all pages. The rows here are the bytes the template's
loop made, one string per paper, so the page still streams a row at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from markupsafe import Markup, escape

from generator.papers.notes import Paper

__all__ = ["paper_rows"]

# How many of a paper's posts are linked before the rest are folded under "N more".
SHOWN_NOTES = 3


def paper_rows(papers: Sequence[Paper], shown_titles: Sequence[str], year_urls: Mapping[int, str],
               venue_urls: Mapping[str, str], url_for: Callable[[str], str]) -> Iterator[Markup]:
    """Each paper's `<tr>`, escaped, with its newline; `shown_titles` are the titles as the table
    shows them (papers.venues.shown_title), in the same order."""
    for paper, shown in zip(papers, shown_titles):
        title, year, venue, refs, notes = paper.title, paper.year, paper.venue, paper.refs, paper.notes
        shown_refs = "" if refs is None else str(refs)
        parts = [(f'    <tr data-title="{escape(title)}" data-year="{year or ""}" data-venue="{escape(venue or "")}" '
                  f'data-refs="{shown_refs}" data-notes="{len(notes)}">\n      <td class="paper-title">')]
        if paper.urls:
            tooltip = f' title="{escape(title)}"' if shown != title else ""
            parts.append(f'<a href="{escape(paper.urls[0])}" rel="noopener"{tooltip}>{escape(shown)}</a>')
        else:
            parts.append(str(escape(shown)))
        for number, url in enumerate(paper.urls[1:], 2):
            link = escape(url)
            parts.append(f' <a class="paper-more" href="{link}" rel="noopener" title="{link}">[{number}]</a>')
        if paper.arxiv_id:
            parts.append(f' <span class="paper-id">arXiv:{escape(paper.arxiv_id)}</span>')
        parts.append('</td>\n      <td class="num">')
        if year:
            parts.append(f'<a href="{escape(url_for(year_urls[year]))}">{year}</a>')
        parts.append("</td>\n      <td>")
        if venue:
            parts.append(f'<a href="{escape(url_for(venue_urls[venue]))}">{escape(venue)}</a>')
        parts.append(f'</td>\n      <td class="num">{shown_refs}</td>\n      <td>')
        parts.append(_note_links(notes[:SHOWN_NOTES], url_for))
        if len(notes) > SHOWN_NOTES:
            parts.append(f'<details class="paper-more-notes"><summary>{len(notes) - SHOWN_NOTES} more</summary>'
                         f"{_note_links(notes[SHOWN_NOTES:], url_for)}</details>")
        parts.append("</td>\n    </tr>\n")
        yield Markup("".join(parts))


def _note_links(notes: Sequence[tuple[str, str, str]], url_for: Callable[[str], str]) -> str:
    """The posts noting a paper, as a list of links to the node in each."""
    items = "".join(
        f'<li><a href="{escape(url_for(url) + ("#" + anchor if anchor else ""))}">{escape(post_title)}</a></li>'
        for post_title, url, anchor in notes
    )
    return f'<ul class="paper-notes">{items}</ul>'
