"""Small bar charts of the papers, as SVG written at build time: papers per year, top venues.

Pure functions of the papers. The SVG is inline in the page and draws with `currentColor` and
class names that the theme's CSS colours, so it follows the light and dark schemes; each chart
names itself (`<title>`, `<desc>`) for a screen reader, and the page lists the same numbers in
a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from generator.papers.notes import Paper

__all__ = ["top_venues", "venue_chart", "year_chart", "years_counted"]

_BAR = 14  # px: the height of one venue's bar, and the width of one year's column
_GAP = 4


def years_counted(papers: Sequence[Paper]) -> list[tuple[int, int]]:
    """(year, papers) for every year from the first to the last, oldest first; empty years too,
    so the chart's gaps are real gaps."""
    counts = Counter(paper.year for paper in papers if paper.year)
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def top_venues(papers: Sequence[Paper], limit: int = 10) -> list[tuple[str, int]]:
    """The `limit` venues with the most papers, most first (name order on a tie)."""
    counts = Counter(paper.venue for paper in papers if paper.venue)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))[:limit]


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: str) -> str:
    return (
        f'<svg class="papers-chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def year_chart(years: Sequence[tuple[int, int]], chart_id: str = "papers-per-year") -> str:
    """Columns of papers per year, labelled with the first and last year; "" when no year is known."""
    if not years:
        return ""
    top = max(count for _, count in years)
    plot = 80
    width = max(len(years) * (_BAR + _GAP), 120)
    bars = []
    for index, (year, count) in enumerate(years):
        high = round(plot * count / top) if count else 0
        x = index * (_BAR + _GAP)
        bars.append(f'<rect class="bar" x="{x}" y="{plot - high}" width="{_BAR}" height="{high}"><title>{year}: {count}</title></rect>')
    first, last = years[0][0], years[-1][0]
    busiest = max(years, key=lambda item: (item[1], item[0]))
    labels = (
        f'<line class="axis" x1="0" y1="{plot + .5}" x2="{width}" y2="{plot + .5}"/>'
        f'<text x="0" y="{plot + 16}">{first}</text>'
        f'<text x="{width}" y="{plot + 16}" text-anchor="end">{last}</text>'
    )
    desc = (f"{sum(count for _, count in years)} papers from {first} to {last}; "
            f"the most, {busiest[1]}, in {busiest[0]}.")
    return _svg(chart_id, width, plot + 20, "Papers per year", desc, "".join(bars) + labels)


def venue_chart(venues: Sequence[tuple[str, int]], chart_id: str = "papers-top-venues") -> str:
    """Horizontal bars of the top venues, each labelled with its name and count; "" when none."""
    if not venues:
        return ""
    label, plot = 110, 170
    top = venues[0][1]
    rows = []
    for index, (name, count) in enumerate(venues):
        y = index * (_BAR + _GAP)
        shown = name if len(name) <= 16 else name[:15] + "…"
        length = max(1, round(plot * count / top))
        rows.append(
            f'<text x="{label - 6}" y="{y + _BAR - 3}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="bar" x="{label}" y="{y}" width="{length}" height="{_BAR}"><title>{escape(name)}: {count}</title></rect>'
            f'<text x="{label + length + 4}" y="{y + _BAR - 3}">{count}</text>'
        )
    width = label + plot + 40
    desc = "; ".join(f"{name}: {count}" for name, count in venues) + "."
    return _svg(chart_id, width, len(venues) * (_BAR + _GAP), f"Top {len(venues)} venues", desc, "".join(rows))
