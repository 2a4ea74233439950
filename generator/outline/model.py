"""The outline tree as frozen values: `Node` and `Outline` (built by `generator.outline`).

Outlines can be 10,000 levels deep, so nothing here recurses per level: equality, hashing,
repr, pickling and deep copies of a `Node` walk the tree with an explicit stack.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from generator.outline.links import Annotation, Link

__all__ = ["Annotation", "Link", "Node", "Outline", "gc_paused", "node_from_fields"]


class Node(NamedTuple):
    """One outline node: an item (`label` as written) or a text-only line (`label == ""`).

    `text` is the line after marker and separator, nothing stripped but the line ending.
    `continuation` holds the following non-item lines, indented relative to the item's
    text column, or to the leftmost of them when one sits left of it ("" for a blank line
    inside the run). `links` covers `text` (line_index 0) and `continuation[k - 1]`
    (line_index k). `line` is 1-based in the outline text; `column` is the marker's
    column (tabs expanded to the next multiple of 4). `anchor` is the node's HTML id.

    A named tuple, like PaperNote: a parse makes 100,000s of nodes, and a tuple is made in C
    (see `node_from_fields`) where a frozen dataclass sets each field through a descriptor.
    Equality, hashing, repr and pickling are the tree's own, never the tuple's recursive ones.
    """

    label: str
    text: str
    continuation: tuple[str, ...]
    annotation: Annotation | None
    links: tuple[Link, ...]
    children: tuple[Node, ...]
    line: int
    anchor: str
    column: int

    @property
    def is_item(self) -> bool:
        """False for a text-only node (a `[Flow]` header, a preamble line)."""
        return self.label != ""

    def _own_fields(self) -> tuple[object, ...]:
        """Everything but the children, for equality and hashing."""
        return (*self[:5], *self[6:], len(self.children))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        pairs: list[tuple[Node, Node]] = [(self, other)]
        while pairs:
            left, right = pairs.pop()
            if left is right:
                continue
            if left._own_fields() != right._own_fields():
                return False
            pairs.extend(zip(left.children, right.children))
        return True

    def __ne__(self, other: object) -> bool:  # a tuple's own != would recurse into the children
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        total = 0
        pending: list[Node] = [self]
        while pending:
            node = pending.pop()
            total = hash((total, node._own_fields()))
            pending.extend(node.children)
        return total

    def __reduce__(self) -> tuple[Callable[[tuple[tuple[object, ...], ...]], Node], tuple[object, ...]]:
        """Pickle and deep-copy a subtree as a flat pre-order list (the default recurses)."""
        flat: list[tuple[object, ...]] = []
        pending: list[Node] = [self]
        while pending:
            node = pending.pop()
            flat.append(node._own_fields())  # every field but the children, then their count
            pending.extend(reversed(node.children))
        return _rebuild_tree, (tuple(flat),)

    def __repr__(self) -> str:
        return (
            f"Node(label={self.label!r}, text={self.text!r}, line={self.line}, "
            f"column={self.column}, anchor={self.anchor!r}, "
            f"continuation=<{len(self.continuation)} lines>, children=<{len(self.children)} nodes>)"
        )


# `Node(...)` runs a Python-level __new__; this makes a node from its fields, in Node's order,
# all in C. For the parser, which makes 100,000s of them.
node_from_fields: Callable[[tuple[Any, ...]], Node] = partial(tuple.__new__, Node)


@dataclass(frozen=True, slots=True)
class Outline:
    """A parsed outline block.

    `item_count` counts item nodes (text-only nodes excluded); `max_depth` is the number of
    levels (1 for a flat list, 0 when empty); `anchors` holds the ids of all nodes.
    `in_order` is every node in document order and `depths` their depths (0 = top level):
    the parser knows both as it reads, and the renderer, papers and search all read the tree
    in that order, so they are kept (or made here once, when not given) instead of walked
    for each reader. Flat tuples: an outline is read without recursion or a stack.
    """

    nodes: tuple[Node, ...]
    item_count: int
    max_depth: int
    anchors: frozenset[str]
    in_order: tuple[Node, ...] = field(default=(), compare=False, repr=False)
    depths: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.nodes and not self.in_order:
            in_order, depths = _in_order(self.nodes)
            object.__setattr__(self, "in_order", in_order)
            object.__setattr__(self, "depths", depths)

    def __reduce__(self) -> tuple[type[Outline], tuple[object, ...]]:
        """Pickle each tree once (nodes pickle flat); the document order is made again on loading."""
        return Outline, (self.nodes, self.item_count, self.max_depth, self.anchors)

    def walk(self) -> list[tuple[Node, int]]:
        """Every node with its depth (0 = top level), in document order."""
        return list(zip(self.in_order, self.depths))


def _in_order(roots: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[int, ...]]:
    """Every node under `roots` and its depth, in document order, without recursion."""
    nodes: list[Node] = []
    depths: list[int] = []
    pending: list[tuple[Node, int]] = [(node, 0) for node in reversed(roots)]
    while pending:
        node, depth = pending.pop()
        nodes.append(node)
        depths.append(depth)
        if node.children:
            pending.extend([(child, depth + 1) for child in reversed(node.children)])
    return tuple(nodes), tuple(depths)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a big tree.

    Building allocates 100,000s of containers and none of them form cycles, yet each
    allocation burst triggers collections that walk the whole growing tree (about 40% of
    the parse time on a large outline). Reference counting still frees everything.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _rebuild_tree(flat: tuple[tuple[Any, ...], ...]) -> Node:
    """Inverse of `Node.__reduce__`: rebuild the subtree bottom-up, without recursion."""
    open_nodes: list[tuple[tuple[Any, ...], list[Node]]] = []
    root: Node | None = None
    for fields in flat:
        open_nodes.append((fields, []))
        # Close every node whose children are all built (its last field is their count).
        while open_nodes and len(open_nodes[-1][1]) == open_nodes[-1][0][-1]:
            done, children = open_nodes.pop()
            node = node_from_fields((*done[:5], tuple(children), *done[5:8]))
            if open_nodes:
                open_nodes[-1][1].append(node)
            else:
                root = node
    if root is None:
        raise ValueError("not a flattened outline tree")
    return root
