"""An outline fence in a Markdown body: parsed, rendered, and noted for papers and search.

serve renders the whole body of the post being edited on every save, and a notes post is
mostly outline: a 40 KB post spends two thirds of its render there, a 3,000-item one over a
hundred milliseconds. An edit touches one place, so the rest comes out as it did the last
time. With a `FenceMemo`, a fence is read in top-level pieces (`outline.top_level_pieces`),
and a piece read before, under the same key, is taken as it was; without one (a cold build)
it is read whole. Both give the same outline, HTML, papers and search sections.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain

from generator.outline.html import outline_block, render_outline_items
from generator.outline.parser import Outline, parse_outline, top_level_pieces
from generator.outline.sections import SearchSection, search_sections
from generator.papers.notes import PaperNote, paper_notes

# a piece's text, its first line in the fence, the depth open by default
PieceKey = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class RenderedPiece:
    """A top-level piece of a fence read with no anchor taken: its outline, its items' HTML and
    the papers it notes (lines counted in the fence). Its anchors are then its own ids, and
    any later page reuses it as long as none of them is taken there."""

    outline: Outline
    items: str
    papers: tuple[PaperNote, ...]


@dataclass(frozen=True, slots=True)
class RenderedFence:
    """One fence's outline, its HTML, its search sections and the papers it notes."""

    outline: Outline
    html: str
    search: tuple[SearchSection, ...]
    papers: tuple[PaperNote, ...]


@dataclass(frozen=True, slots=True)
class FenceMemo:
    """The pieces one render may reuse (`previous`) and those it read or reused (`used`): what
    body_edit keeps for the next few edits, so the memo holds only the bodies rendered lately."""

    previous: Mapping[PieceKey, RenderedPiece] = field(default_factory=dict)
    used: dict[PieceKey, RenderedPiece] = field(default_factory=dict)


def render_fence(content: str, *, taken_anchors: frozenset[str], open_depth: int, line_offset: int,
                 memo: FenceMemo | None = None) -> RenderedFence:
    """The fence; `taken_anchors` are the ids earlier outlines on the page took, `line_offset`
    the line the fence's content starts after."""
    if memo is None:
        outline = parse_outline(content, taken_anchors=taken_anchors)
        return _fence(outline, render_outline_items(outline, open_depth=open_depth),
                      paper_notes(outline, line_offset=line_offset))
    pieces: list[RenderedPiece] = []
    given: set[str] = set()
    for first_line, text in top_level_pieces(content):
        key: PieceKey = (text, first_line, open_depth)
        piece = memo.previous.get(key) or _read_piece(text, first_line, open_depth, frozenset())
        memo.used[key] = piece
        if not (piece.outline.anchors.isdisjoint(taken_anchors) and piece.outline.anchors.isdisjoint(given)):
            # an id an earlier piece or outline took: this piece's ids get numbered around it
            piece = _read_piece(text, first_line, open_depth, taken_anchors | given)
        given.update(piece.outline.anchors)
        pieces.append(piece)
    outlines = [piece.outline for piece in pieces]
    outline = Outline(
        tuple(chain.from_iterable(each.nodes for each in outlines)), sum(each.item_count for each in outlines),
        max((each.max_depth for each in outlines), default=0), frozenset(given),
        tuple(chain.from_iterable(each.in_order for each in outlines)),
        tuple(chain.from_iterable(each.depths for each in outlines)),
    )
    papers = chain.from_iterable(piece.papers for piece in pieces)
    return _fence(outline, "".join(piece.items for piece in pieces),
                  tuple(note._replace(line=note.line + line_offset) for note in papers) if line_offset else tuple(papers))


def _read_piece(text: str, first_line: int, open_depth: int, taken: frozenset[str]) -> RenderedPiece:
    outline = parse_outline(text, taken_anchors=taken, first_line=first_line)
    return RenderedPiece(outline, render_outline_items(outline, open_depth=open_depth), paper_notes(outline))


def _fence(outline: Outline, items: str, papers: tuple[PaperNote, ...]) -> RenderedFence:
    # Indexed with the page: Pagefind keeps the nodes' ids as anchors (see search/index.py).
    html = outline_block(outline.item_count, items) + "\n"
    return RenderedFence(outline, html, search_sections(outline), papers)


__all__ = ["FenceMemo", "PieceKey", "RenderedFence", "RenderedPiece", "render_fence"]
