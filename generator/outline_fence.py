"""An outline fence in a Markdown body: parsed, rendered, and noted for papers and search.

serve re-renders the whole body of the post being edited on every save, and a notes post is
mostly outline fences: a 40 KB post spends two thirds of its render in them. An edit touches
one place, so the other fences come out as they did the last time. `FenceMemo` hands the
fences of earlier renders to the next one, keyed by everything a fence's output depends on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .outline import Outline, parse_outline
from .outline_html import render_outline
from .papers import PaperNote, paper_notes
from .search_records import SearchSection, search_sections

# content, the anchors earlier outlines on the page took, the depth open by default
FenceKey = tuple[str, frozenset[str], int]


@dataclass(frozen=True, slots=True)
class RenderedFence:
    """One fence's outline, its HTML, its search sections and the papers it notes."""

    outline: Outline
    html: str
    search: tuple[SearchSection, ...]
    papers: tuple[PaperNote, ...]
    line_offset: int  # that `papers` carry: notes name their source line

    def at_line(self, line_offset: int) -> RenderedFence:
        if line_offset == self.line_offset:
            return self
        return RenderedFence(self.outline, self.html, self.search,
                             paper_notes(self.outline, line_offset=line_offset), line_offset)


@dataclass(frozen=True, slots=True)
class FenceMemo:
    """The fences one render may reuse (`previous`) and those it rendered or reused (`used`): what
    body_edit keeps for the next few edits, so the memo holds only the bodies rendered lately."""

    previous: Mapping[FenceKey, RenderedFence] = field(default_factory=dict)
    used: dict[FenceKey, RenderedFence] = field(default_factory=dict)


def render_fence(content: str, *, taken_anchors: frozenset[str], open_depth: int, line_offset: int,
                 memo: FenceMemo | None = None) -> RenderedFence:
    key: FenceKey = (content, taken_anchors, open_depth)
    found = memo.previous.get(key) if memo is not None else None
    fence = found.at_line(line_offset) if found is not None else _render(content, taken_anchors, open_depth,
                                                                         line_offset)
    if memo is not None:
        memo.used[key] = fence
    return fence


def _render(content: str, taken_anchors: frozenset[str], open_depth: int, line_offset: int) -> RenderedFence:
    outline = parse_outline(content, taken_anchors=taken_anchors)
    # The page-level search record leaves outlines to the per-node records (see search.py).
    html = render_outline(outline, open_depth=open_depth, search_ignored=True) + "\n"
    return RenderedFence(outline, html, search_sections(outline), paper_notes(outline, line_offset=line_offset),
                         line_offset)


__all__ = ["FenceMemo", "RenderedFence", "render_fence"]
