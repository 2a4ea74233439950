"""The rows of a papers table (templates/papers_list.html), made in Python.

A big blog's /papers/ lists thousands of papers, each row a dozen values and a few links; made by
the template's loop and macro in Jinja's sandbox, every value read and every call was checked,
and the papers pages took half the time of all pages. The rows here are the bytes the template's
loop made, one string per paper, so the page still streams a row at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from markupsafe import Markup

from generator.papers.notes import Paper

__all__ = ["paper_rows"]

def _escaped(text: str) -> str:
    """markupsafe.escape's replacements on a plain string: its call, which makes a Markup of each
    of a row's dozen values, took three times as long as the replacements themselves."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


# How many of a paper's posts are linked before the rest are folded under "N more".
SHOWN_NOTES = 3
# A paper noted in thousands of posts makes a row of megabytes: it is handed on in pieces of this
# many links, so that the page, written a batch at a time, never holds the whole row.
NOTES_PER_PIECE = 256


def paper_rows(papers: Sequence[Paper], shown_titles: Sequence[str], year_urls: Mapping[int, str],
               venue_urls: Mapping[str, str], url_for: Callable[[str], str]) -> Iterator[Markup]:
    """Each paper's `<tr>`, escaped, with its newline (in pieces, for a paper noted in many posts);
    `shown_titles` are the titles as the table shows them (papers.venues.shown_title), in the same order."""
    hrefs: dict[str, str] = {}  # a page's links go to the same few posts, years and venues again and again

    def href_of(url: str) -> str:
        if (href := hrefs.get(url)) is None:
            href = hrefs[url] = _escaped(url_for(url))
        return href

    for paper, shown in zip(papers, shown_titles):
        title, year, venue, refs, notes = paper.title, paper.year, paper.venue, paper.refs, paper.notes
        shown_refs = "" if refs is None else str(refs)
        shown_title = _escaped(title)
        parts = [(f'    <tr data-title="{shown_title}" data-year="{year or ""}" data-venue="{_escaped(venue or "")}" '
                  f'data-refs="{shown_refs}" data-notes="{len(notes)}">\n      <td class="paper-title">')]
        if paper.urls:
            tooltip = f' title="{shown_title}"' if shown != title else ""
            parts.append(f'<a href="{_escaped(paper.urls[0])}" rel="noopener"{tooltip}>{_escaped(shown)}</a>')
        else:
            parts.append(_escaped(shown))
        for number, url in enumerate(paper.urls[1:], 2):
            link = _escaped(url)
            parts.append(f' <a class="paper-more" href="{link}" rel="noopener" title="{link}">[{number}]</a>')
        if paper.arxiv_id:
            parts.append(f' <span class="paper-id">arXiv:{_escaped(paper.arxiv_id)}</span>')
        parts.append('</td>\n      <td class="num">')
        if year:
            parts.append(f'<a href="{href_of(year_urls[year])}">{year}</a>')
        parts.append("</td>\n      <td>")
        if venue:
            parts.append(f'<a href="{href_of(venue_urls[venue])}">{_escaped(venue)}</a>')
        parts.append(f'</td>\n      <td class="num">{shown_refs}</td>\n      <td>')
        parts.append(f'<ul class="paper-notes">{_note_items(notes[:SHOWN_NOTES], href_of)}</ul>')
        if len(notes) > SHOWN_NOTES:
            folded = notes[SHOWN_NOTES:]
            parts.append(f'<details class="paper-more-notes"><summary>{len(folded)} more</summary><ul class="paper-notes">')
            for start in range(0, len(folded), NOTES_PER_PIECE):
                parts.append(_note_items(folded[start:start + NOTES_PER_PIECE], href_of))
                yield Markup("".join(parts))
                parts = []
            parts.append("</ul></details>")
        parts.append("</td>\n    </tr>\n")
        yield Markup("".join(parts))


def _note_items(notes: Sequence[tuple[str, str, str]], href_of: Callable[[str], str]) -> str:
    """The posts noting a paper, as list items linking to the node in each."""
    return "".join(
        f'<li><a href="{href_of(url)}{_escaped("#" + anchor) if anchor else ""}">{_escaped(post_title)}</a></li>'
        for post_title, url, anchor in notes
    )
