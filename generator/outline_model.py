"""The outline tree as frozen values: `Node` and `Outline` (built by `generator.outline`).

Outlines can be 10,000 levels deep, so nothing here recurses per level: equality, hashing,
repr, pickling and deep copies of a `Node` walk the tree with an explicit stack.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from generator.outline_links import Annotation, Link

__all__ = ["Annotation", "Link", "Node", "Outline", "gc_paused", "new_node"]


@dataclass(frozen=True, slots=True)
class Node:
    """One outline node: an item (`label` as written) or a text-only line (`label == ""`).

    `text` is the line after marker and separator, nothing stripped but the line ending.
    `continuation` holds the following non-item lines, indented relative to the item's
    text column, or to the leftmost of them when one sits left of it ("" for a blank line
    inside the run). `links` covers `text` (line_index 0) and `continuation[k - 1]`
    (line_index k). `line` is 1-based in the outline text; `column` is the marker's
    column (tabs expanded to the next multiple of 4). `anchor` is the node's HTML id.
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

    def _fields(self) -> tuple[object, ...]:
        """Everything but the children, for equality and hashing."""
        return (
            self.label,
            self.text,
            self.continuation,
            self.annotation,
            self.links,
            self.line,
            self.anchor,
            self.column,
            len(self.children),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        pairs: list[tuple[Node, Node]] = [(self, other)]
        while pairs:
            left, right = pairs.pop()
            if left is right:
                continue
            if left._fields() != right._fields():
                return False
            pairs.extend(zip(left.children, right.children))
        return True

    def __hash__(self) -> int:
        total = 0
        pending: list[Node] = [self]
        while pending:
            node = pending.pop()
            total = hash((total, node._fields()))
            pending.extend(node.children)
        return total

    def __reduce__(self) -> tuple[Callable[[tuple[tuple[object, ...], ...]], Node], tuple[object, ...]]:
        """Pickle and deep-copy a subtree as a flat pre-order list (the default recurses)."""
        flat: list[tuple[object, ...]] = []
        pending: list[Node] = [self]
        while pending:
            node = pending.pop()
            flat.append(node._fields())  # every field but the children, then their count
            pending.extend(reversed(node.children))
        return _rebuild_tree, (tuple(flat),)

    def __repr__(self) -> str:
        return (
            f"Node(label={self.label!r}, text={self.text!r}, line={self.line}, "
            f"column={self.column}, anchor={self.anchor!r}, "
            f"continuation=<{len(self.continuation)} lines>, children=<{len(self.children)} nodes>)"
        )


@dataclass(frozen=True, slots=True)
class Outline:
    """A parsed outline block.

    `item_count` counts item nodes (text-only nodes excluded); `max_depth` is the number of
    levels (1 for a flat list, 0 when empty); `anchors` holds the ids of all nodes.
    """

    nodes: tuple[Node, ...]
    item_count: int
    max_depth: int
    anchors: frozenset[str]

    def walk(self) -> list[tuple[Node, int]]:
        """Every node with its depth (0 = top level), in document order."""
        found: list[tuple[Node, int]] = []
        pending: list[tuple[Node, int]] = [(node, 0) for node in reversed(self.nodes)]
        while pending:
            node, depth = pending.pop()
            found.append((node, depth))
            if node.children:
                pending.extend((child, depth + 1) for child in reversed(node.children))
        return found


_NODE_SLOTS = tuple(
    getattr(Node, name).__set__
    for name in (
        "label",
        "text",
        "continuation",
        "annotation",
        "links",
        "children",
        "line",
        "anchor",
        "column",
    )
)
_new_object = object.__new__


def new_node(
    label: str,
    text: str,
    continuation: tuple[str, ...],
    annotation: Annotation | None,
    links: tuple[Link, ...],
    children: tuple[Node, ...],
    line: int,
    anchor: str,
    column: int,
) -> Node:
    """Same as `Node(...)`, twice as fast: the parser builds 100,000s of them.

    A frozen dataclass's __init__ pays a generic `object.__setattr__` per field; here the
    slot descriptors are called directly. Only for the parser's own use.
    """
    node = _new_object(Node)
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = _NODE_SLOTS
    s0(node, label)
    s1(node, text)
    s2(node, continuation)
    s3(node, annotation)
    s4(node, links)
    s5(node, children)
    s6(node, line)
    s7(node, anchor)
    s8(node, column)
    return node


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
            label, text, continuation, annotation, links, line, anchor, column, _ = done
            node = new_node(
                label, text, continuation, annotation, links, tuple(children), line, anchor, column
            )
            if open_nodes:
                open_nodes[-1][1].append(node)
            else:
                root = node
    if root is None:
        raise ValueError("not a flattened outline tree")
    return root
