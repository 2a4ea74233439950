"""Search sections of an outline: flat records so a search result lands near the node, not the post.

A section is a run of nodes in document order about SECTION_CHARACTERS long: a new one starts at
the first node after the running one has grown past that. Each is one Pagefind record; a record
per top-level node made tens of thousands of index files for a blog of long outlines, most of
them tiny. The result opens the section's first node; outline.js then opens the node inside the
section that holds the searched words (Pagefind's `?highlight=` terms). The section's title is
the trail of its first node's ancestors, so a result reads as a path.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.outline.model import Node, Outline

# Long enough for few records, short enough that outline.js finds the words near the landing.
SECTION_CHARACTERS = 3000
TRAIL_PIECE = 60


class SearchSection(NamedTuple):
    """Text of a run of outline nodes, found at `#anchor`, titled by its ancestors' text.

    A named tuple, like PaperNote: many per post, and cheap to unpickle from the build cache.
    """

    anchor: str
    trail: tuple[str, ...]
    text: str


def search_sections(outline: Outline) -> tuple[SearchSection, ...]:
    """Sections in document order; every node's text and continuation lines are in exactly one."""
    sections: list[SearchSection] = []
    ancestors: list[Node] = []  # of the current node; their trail texts are made only for a title
    first: Node | None = None  # the current section's first node
    trail: tuple[str, ...] = ()
    parts: list[str] = []
    size = 0
    for node, depth in zip(outline.in_order, outline.depths):
        del ancestors[depth:]
        if first is not None and size > SECTION_CHARACTERS:
            sections.append(SearchSection(first.anchor, trail, "\n".join(parts)))
            first = None
        if first is None:
            first, trail, parts, size = node, (*[_short(each) for each in ancestors], _short(node)), [], 0
        text = _node_text(node)
        parts.append(text)
        size += len(text)
        ancestors.append(node)
    if first is not None:
        sections.append(SearchSection(first.anchor, trail, "\n".join(parts)))
    return tuple(sections)


def _node_text(node: Node) -> str:
    own = f"{node.label} {node.text}".strip()
    if not node.continuation:
        return own
    return "\n".join([own, *[line for line in map(str.strip, node.continuation) if line]])


def _short(node: Node) -> str:
    text = (node.text or node.label).strip()
    return text if len(text) <= TRAIL_PIECE else text[: TRAIL_PIECE - 1] + "…"
