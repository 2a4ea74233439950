"""What search needs of an outline beside its HTML: the shape of its tree.

Pagefind indexes an outline inside its post's HTML and keeps every element with an id as an
anchor (id, own text, word position), so a result can name the node that holds the words; the
anchors are flat, though. The depths of the nodes, in document order, are what lets the results
page show a node's ancestors as a breadcrumb (search/index.py puts them in the page's index
entry, static/js/search.js reads them).
"""

from __future__ import annotations

from typing import NamedTuple

from generator.outline.model import Outline

# One character a node: depth 0 is "0", then 1-9, a-z, A-Z; deeper nodes share the last digit,
# which only shortens their breadcrumb.
DEPTH_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class SearchSection(NamedTuple):
    """One outline's node depths in document order, a digit each (DEPTH_DIGITS).

    A named tuple, like PaperNote: cheap to unpickle from the build cache.
    """

    depths: str


def search_sections(outline: Outline) -> tuple[SearchSection, ...]:
    """The outline's shape for search: one section holding every node's depth, in order."""
    last = len(DEPTH_DIGITS) - 1
    return (SearchSection("".join(DEPTH_DIGITS[min(depth, last)] for depth in outline.depths)),)
