"""The outline parser: the one place that knows the outline grammar (`outline-spec.md`).

Pure: text in, frozen tree out; no I/O, no Markdown. `parse_outline` never raises on any
str and never recurses per level: the tree is built with an explicit stack of open items
and frozen bottom-up in one reverse pass, so 10,000 levels or 100,000 items are fine.
"""

from __future__ import annotations

from typing import Any, TypeAlias
from zlib import crc32

from generator.outline_detect import ITEM_RE, indent_column, looks_like_outline
from generator.outline_links import Annotation, Link, find_links, parse_annotation
from generator.outline_model import Node, Outline, gc_paused, new_node

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
]


# A node being read is a plain list (far cheaper to create than an object); these name
# its slots. It is frozen into a `Node` once the whole block has been read.
_Draft: TypeAlias = "list[Any]"
_LABEL, _TEXT, _COLUMN, _TEXT_COLUMN, _LINE, _ANCHOR, _HASH, _ANNOTATION, _LINES, _CHILDREN = range(10)

# Slugs keep ASCII letters (lowercased) and digits; every other byte, including each byte
# of a non-ASCII character in UTF-8, separates words.
_SLUG_BYTES = bytes(
    c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)
_SLUG_LIMIT = 24
_ANNOTATION_TAIL = frozenset("] \t\u00a0\u3000")


def _anchor_base(key: str, parent_hash: int) -> tuple[str, int]:
    """`ol-<slug>-<hash>` for a node whose own text (annotation left out) is `key`.

    The slug is the first latin words of the text, for readable URLs; the hash chains the
    ancestors' texts and the whole own text, so "highlights" under two papers differ while
    edits elsewhere (other items, numbering, citation counts) change nothing.
    """
    data = key.encode("utf-8", "surrogatepass")
    # Seeding with the length keeps ("ab", "c") and ("a", "bc") paths apart.
    node_hash = crc32(data, (parent_hash + len(data)) & 0xFFFFFFFF)
    slug = b"-".join(data[:48].translate(_SLUG_BYTES).split()).decode("ascii")
    if len(slug) > _SLUG_LIMIT:
        cut = slug.rfind("-", 0, _SLUG_LIMIT + 1)
        slug = slug[:cut] if cut > 0 else slug[:_SLUG_LIMIT]
    # 8 hex digits with leading zeros; hex() is several times cheaper than format(…, "08x").
    digits = hex(node_hash | 0x100000000)[3:]
    return ("ol-" + slug + "-" + digits if slug else "ol-" + digits), node_hash


def parse_outline(text: str, *, taken_anchors: frozenset[str] = frozenset()) -> Outline:
    """Parse an outline block into a tree. Never raises; every character lands in a node.

    `taken_anchors` are ids already used on the page (earlier outline blocks, headings);
    the new ids avoid them. Pass `taken | outline.anchors` on to the next block.
    """
    with gc_paused():
        return _parse(text, taken_anchors)


def _parse(text: str, taken_anchors: frozenset[str]) -> Outline:
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    drafts: list[_Draft] = []  # every node, in document order
    roots: list[_Draft] = []
    stack: list[_Draft] = []  # open items, outermost first: the tree's rightmost path
    collecting: _Draft | None = None  # a text-only node taking the lines under it
    last_target: _Draft | None = None  # who took the previous non-blank line
    blanks = 0
    item_count = 0
    max_depth = 0
    used = set(taken_anchors)  # grows with every id given out
    next_suffix: dict[str, int] = {}
    match_item = ITEM_RE.match

    for number, line in enumerate(text.split("\n"), 1):
        body = line.lstrip(" \t")
        if not body:
            blanks += 1  # blank lines never end anything
            continue
        indent = len(line) - len(body)
        column = indent_column(line[:indent]) if indent and "\t" in line[:indent] else indent
        match = match_item(body)
        if match is not None:
            while stack and stack[-1][_COLUMN] >= column:
                stack.pop()
            parent: _Draft | None = stack[-1] if stack else None
            label, separator = match.groups()
            if "\t" in separator:
                text_column = _separator_end(column + len(label), separator)
            else:  # spaces, or nothing at the end of the line ("4.")
                text_column = column + len(label) + (len(separator) or 1)
            draft: _Draft = [label, body[match.end() :], column, text_column, number, "", 0, None, None, None]
            stack.append(draft)
            item_count += 1
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
            draft = ["", body, column, column, number, "", 0, None, None, None]
            collecting, last_target = draft, None
        blanks = 0
        if parent is None:
            roots.append(draft)
            depth = 1
            parent_hash = 0
        else:
            siblings = parent[_CHILDREN]
            if siblings is None:
                parent[_CHILDREN] = [draft]
            else:
                siblings.append(draft)
            depth = len(stack) if draft[_LABEL] else len(stack) + 1
            parent_hash = parent[_HASH]
        if depth > max_depth:  # noqa: PLR1730 - a call to max() costs more in this loop
            max_depth = depth
        node_text = draft[_TEXT]
        # Only a line ending in "]" (maybe followed by spaces) can carry an annotation.
        if node_text[-1:] in _ANNOTATION_TAIL and node_text:
            annotation = draft[_ANNOTATION] = parse_annotation(node_text)
            key = (node_text[: annotation.start] if annotation else node_text).strip()
        else:
            key = node_text.strip()
        anchor, draft[_HASH] = _anchor_base(key, parent_hash)
        if anchor in used:
            # Equal ids get -2, -3 in document order; remembering where counting stopped
            # keeps 100,000 identical items linear.
            base = anchor
            suffix = next_suffix.get(base, 2)
            while f"{base}-{suffix}" in used:
                suffix += 1
            anchor = f"{base}-{suffix}"
            next_suffix[base] = suffix + 1
        used.add(anchor)
        draft[_ANCHOR] = anchor
        drafts.append(draft)

    return Outline(_freeze(drafts, roots), item_count, max_depth, frozenset(used.difference(taken_anchors)))


def _separator_end(column: int, separator: str) -> int:
    """The column where an item's text starts, given the separator's spaces and tabs."""
    for char in separator:
        column = (column // 4 + 1) * 4 if char == "\t" else column + 1
    return column


def _freeze(drafts: list[_Draft], roots: list[_Draft]) -> tuple[Node, ...]:
    """Turn drafts into Nodes bottom-up: children always come later in document order."""
    for draft in reversed(drafts):
        label, text, column, text_column, line, anchor, _, annotation, lines, children = draft
        # Most lines hold no link; this test (find_links' own fast path) saves a call.
        links = find_links(text) if "://" in text or "ailto:" in text or "AILTO:" in text else ()
        continuation: tuple[str, ...] = ()
        if lines:
            if len(lines) == 1:  # the common case: the title's URL on the next line
                col, body = lines[0]
                continuation = (" " * (col - min(text_column, col)) + body,)
            else:
                # Relative to the text column; a line left of it lowers the base for
                # all, so pseudo-code keeps its alignment and no indent is negative.
                base = min(text_column, min([col for col, _ in lines if col >= 0]))
                continuation = tuple([" " * (col - base) + body if col >= 0 else "" for col, body in lines])
            for index, cont in enumerate(continuation, 1):
                if "://" in cont or "ailto:" in cont or "AILTO:" in cont:
                    links += find_links(cont, line_index=index)
        # Replace the draft by its node in place: the parent's child list then holds nodes.
        draft[0] = new_node(
            label, text, continuation, annotation, links,
            tuple([child[0] for child in children]) if children else (), line, anchor, column,
        )  # fmt: skip
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
