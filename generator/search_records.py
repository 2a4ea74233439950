"""Search sections of an outline: flat records so a search result lands on the node, not the post.

A section starts at every top-level node, and at any node once the running section has grown past
a few screenfuls; it holds the text of the nodes that follow until the next start, so it never
spans two top-level subtrees. The
section's title is the trail of its first node's ancestors, so a result reads as a path.
"""

from __future__ import annotations

from typing import NamedTuple

from .outline_model import Node, Outline

SECTION_DEPTH = 1
# A long subtree is cut into pieces about this long, so a result still lands near its words.
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
    trail: list[str] = []
    current_anchor, current_trail, parts, size = "", (), [], 0
    for node, depth in outline.walk():
        del trail[depth:]
        if current_anchor and (depth < SECTION_DEPTH or size > SECTION_CHARACTERS):
            sections.append(SearchSection(current_anchor, current_trail, "\n".join(parts)))
            current_anchor = ""
        if not current_anchor:
            current_anchor, current_trail, parts, size = node.anchor, (*trail, _short(node)), [], 0
        text = _node_text(node)
        parts.append(text)
        size += len(text)
        trail.append(_short(node))
    if current_anchor:
        sections.append(SearchSection(current_anchor, current_trail, "\n".join(parts)))
    return tuple(sections)


def _node_text(node: Node) -> str:
    lines = [f"{node.label} {node.text}".strip(), *(line.strip() for line in node.continuation if line.strip())]
    return "\n".join(lines)


def _short(node: Node) -> str:
    text = (node.text or node.label).strip()
    return text if len(text) <= TRAIL_PIECE else text[: TRAIL_PIECE - 1] + "…"
