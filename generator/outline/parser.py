"""The outline parser: the one place that knows the outline grammar (`outline-spec.md`).

Pure: text in, frozen tree out; no I/O, no Markdown. `parse_outline` never raises on any
str and never recurses per level: the tree is built with an explicit stack of open items
and frozen bottom-up in one reverse pass, so 10,000 levels or 100,000 items are fine.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias

from generator.outline.anchors import PageAnchors
from generator.outline.detect import ITEM_RE, LINE_RE, indent_column, looks_like_outline
from generator.outline.links import Annotation, Link, find_links, parse_annotation
from generator.outline.model import Node, Outline, gc_paused, node_from_fields

__all__ = [
    "Annotation",
    "Link",
    "Node",
    "Outline",
    "dump_tree",
    "find_links",
    "looks_like_outline",
    "parse_annotation",
    "parse_outline",
    "top_level_pieces",
]


# A node being read is a plain list (far cheaper to create than an object); these name
# its slots. It is frozen into a `Node` once the whole block has been read.
_Draft: TypeAlias = "list[Any]"
# _INDEX is the node's place in document order, where its anchor and its parent's are.
# _SEPARATOR is what follows an item's marker: only the nodes that have continuation lines need
# the column their text starts at, so it is worked out from it for them alone (see _freeze).
# Final, so the mypyc-compiled module (setup.py) indexes with constants, not with globals looked up
# at each use: the outline path over 384 fences took 0.57 and 0.55 s of CPU against 0.68 and 0.61.
_LABEL: Final = 0
_TEXT: Final = 1
_COLUMN: Final = 2
_SEPARATOR: Final = 3
_LINE: Final = 4
_INDEX: Final = 5
_ANNOTATION: Final = 6
_LINES: Final = 7
_CHILDREN: Final = 8
_DEPTH: Final = 9

_ANNOTATION_TAIL = frozenset("] \t\u00a0\u3000")


def parse_outline(text: str, *, taken_anchors: frozenset[str] = frozenset(), first_line: int = 1) -> Outline:
    """Parse an outline block into a tree. Never raises; every character lands in a node.

    `taken_anchors` are ids already used on the page (earlier outline blocks, headings);
    the new ids avoid them. Pass `taken | outline.anchors` on to the next block.
    `first_line` numbers the first line (a piece of a block, see `top_level_pieces`).
    """
    with gc_paused():
        return _parse(_normalized(text), taken_anchors, first_line)


def top_level_pieces(text: str) -> list[tuple[int, str]]:
    """The block cut before every item that starts at or left of each line above it, as
    (first line number, text) pieces: at such an item no open item or run of text goes on, so
    parsing the pieces in turn, each with the anchors of those before it taken, gives the
    nodes that parsing the whole block gives (tests/test_outline_fence.py checks it)."""
    lines = _normalized(text).split("\n")
    starts = [0]
    leftmost = -1  # the smallest column of the lines above; -1 before the first one
    match_item = ITEM_RE.match
    for index, line in enumerate(lines):
        body = line.lstrip(" \t")
        if not body:
            continue
        indent = len(line) - len(body)
        column = indent_column(line[:indent]) if "\t" in line[:indent] else indent
        if leftmost >= 0 and column <= leftmost and match_item(body) is not None:
            starts.append(index)
        if leftmost < 0 or column < leftmost:
            leftmost = column
    ends = [*starts[1:], len(lines)]
    return [(start + 1, "\n".join(lines[start:end])) for start, end in zip(starts, ends)]


def _normalized(text: str) -> str:
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _parse(text: str, taken_anchors: frozenset[str], first_line: int) -> Outline:
    drafts: list[_Draft] = []  # every node, in document order
    roots: list[_Draft] = []
    stack: list[_Draft] = []  # open items, outermost first: the tree's rightmost path
    collecting: _Draft | None = None  # a text-only node taking the lines under it
    last_target: _Draft | None = None  # who took the previous non-blank line
    blanks = 0
    text_only = 0  # the nodes that are not items, which are few
    max_depth = 0
    keys: list[str] = []  # each node's own text, annotation left out: what its anchor is made of
    parents: list[int] = []  # each node's parent's index, -1 at the top level

    # One regular expression cuts every line into indentation, marker, separator and the rest,
    # in C: the loop below only decides where each line goes.
    for number, (indent, label, separator, body) in enumerate(LINE_RE.findall(text), first_line):
        if not body and not label:
            blanks += 1  # blank lines never end anything
            continue
        column = indent_column(indent) if "\t" in indent else len(indent)
        if label:
            while stack and stack[-1][_COLUMN] >= column:
                stack.pop()
            parent: _Draft | None = stack[-1] if stack else None
            depth = len(stack)
            draft: _Draft = [label, body, column, separator, number, len(drafts), None, None, None, depth]
            stack.append(draft)
            collecting = last_target = None
        else:
            # A non-item line is text under the item (or text-only node) it belongs to.
            target: _Draft | None
            if collecting is not None and column >= collecting[_COLUMN]:
                target = collecting
            else:
                while stack and stack[-1][_COLUMN] > column:
                    stack.pop()  # what follows this line can no longer go inside them
                target = stack[-1] if stack else None
            if target is not None and (target is collecting or not target[_CHILDREN]):
                lines = target[_LINES]
                if lines is None:
                    target[_LINES] = [(column, body)]
                else:
                    if blanks and last_target is target:
                        lines.extend([(-1, "")] * blanks)  # keep blank lines inside a run
                    lines.append((column, body))
                last_target, blanks = target, 0
                continue
            # The item already has children, so this text can only follow them, as a
            # text-only node: a child, or a sibling when at the item's own column.
            if target is not None and column == target[_COLUMN]:
                stack.pop()
                target = stack[-1] if stack else None
            parent = target  # None: less indented than every open item, text at top level
            depth = len(stack)
            draft = ["", body, column, "", number, len(drafts), None, None, None, depth]
            text_only += 1
            collecting, last_target = draft, None
        blanks = 0
        if parent is None:
            roots.append(draft)
            parents.append(-1)
        else:
            siblings = parent[_CHILDREN]
            if siblings is None:
                parent[_CHILDREN] = [draft]
            else:
                siblings.append(draft)
            parents.append(parent[_INDEX])
        if depth >= max_depth:  # max() would cost more in this loop
            max_depth = depth + 1
        # Only a line ending in "]" (maybe followed by spaces) can carry an annotation.
        if body[-1:] in _ANNOTATION_TAIL and body:
            annotation = draft[_ANNOTATION] = parse_annotation(body)
            keys.append((body[: annotation.start] if annotation else body).strip())
        else:
            keys.append(body.strip())
        drafts.append(draft)

    # The ids in one pass over the whole block, once every node's text and parent are known.
    anchors = PageAnchors(taken_anchors)
    nodes = _freeze(drafts, roots, anchors.give_all(keys, parents), "ailto:" in text or "AILTO:" in text)
    return Outline(
        nodes, len(drafts) - text_only, max_depth, anchors.given(),
        tuple([draft[0] for draft in drafts]), tuple([draft[_DEPTH] for draft in drafts]),
    )  # fmt: skip


def _text_column(label: str, column: int, separator: str) -> int:
    """The column where an item's text starts (a text-only node's is its own column)."""
    if not label:
        return column
    column += len(label)
    if "\t" not in separator:  # spaces, or nothing at the end of the line ("4.")
        return column + (len(separator) or 1)
    for char in separator:
        column = (column // 4 + 1) * 4 if char == "\t" else column + 1
    return column


def _freeze(drafts: list[_Draft], roots: list[_Draft], anchors: list[str], mail: bool) -> tuple[Node, ...]:
    """Turn drafts into Nodes bottom-up: children always come later in document order.
    `mail` says whether the block holds a mailto: anywhere (it seldom does)."""
    for draft, anchor in zip(reversed(drafts), reversed(anchors)):
        label, text, column, separator, line, _, annotation, lines, children, _ = draft
        # Most lines hold no link; this test (find_links' own fast path) saves a call.
        links = find_links(text) if "://" in text or mail and ("ailto:" in text or "AILTO:" in text) else ()
        continuation: tuple[str, ...] = ()
        if lines:
            text_column = _text_column(label, column, separator)
            if len(lines) == 1:  # the common case: the title's URL on the next line
                col, body = lines[0]
                continuation = (" " * (col - min(text_column, col)) + body,)
            else:
                # Relative to the text column; a line left of it lowers the base for
                # all, so pseudo-code keeps its alignment and no indent is negative.
                base = min(text_column, min([col for col, _ in lines if col >= 0]))
                continuation = tuple([" " * (col - base) + body if col >= 0 else "" for col, body in lines])
            for index, cont in enumerate(continuation, 1):
                if "://" in cont or mail and ("ailto:" in cont or "AILTO:" in cont):
                    links += find_links(cont, line_index=index)
        # Replace the draft by its node in place: the parent's child list then holds nodes.
        draft[0] = node_from_fields((
            label, text, continuation, annotation, links,
            tuple([child[0] for child in children]) if children else (), line, anchor, column,
        ))  # fmt: skip
    return tuple([root[0] for root in roots])


def _show(text: str) -> str:
    """Quote `text` so trailing spaces, tabs, NBSP and U+3000 are visible in a dump."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return f'"{text}"'


def dump_tree(outline: Outline) -> str:
    """The tree as indented text, one node per line with its details below it (for tests).

    `¶` stands for the label of a text-only node; `|` lines are continuation lines.
    """
    out: list[str] = [f"items={outline.item_count} depth={outline.max_depth}"]
    for node, depth in outline.walk():
        pad = "    " * depth
        out.append(f"{pad}{node.label or '¶'} {_show(node.text)} L{node.line}:{node.column} #{node.anchor}")
        for cont in node.continuation:
            out.append(f"{pad}  | {_show(cont)}")
        ann = node.annotation
        if ann is not None:
            notes = "; ".join(ann.notes)
            out.append(
                f"{pad}  ann {_show(ann.raw)} year={ann.year} refs={ann.refs} venue={ann.venue} notes=[{notes}]"
            )
        for link in node.links:
            shown = f" text={_show(link.text)}" if link.written_as_markdown else ""
            out.append(f"{pad}  link {link.line_index}:{link.start}-{link.end} {link.url}{shown}")
    return "\n".join(out) + "\n"
