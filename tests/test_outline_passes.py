"""The outline parser's one-pass routines give what reading the block line by line and node by
node gives: the lines' split (`LINE_RE`) and the nodes' ids (`PageAnchors.give_all`)."""

from __future__ import annotations

import re
from zlib import crc32

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outline.detect import ITEM_RE, LINE_RE
from generator.outline.parser import Outline, parse_outline

_TOKENS = [
    " ", "  ", "    ", "\t", "\n", "\n", "\n", "\r\n", "\r", "1.", "12.", "0.", "n.", "n+1.", "m.", "3)", "(3)",
    "a.", "(a)", "-", "*", "•", ".", "x", "Same", "same", "[2019, 10 refs]", "中文", "\u00a0", "\u3000", "\ufeff",
    "\x0b", "\x85", "\u2028", "\x00", "A-very-long-first-word-of-thirty-letters",
]  # fmt: skip
TEXT = st.one_of(st.text(), st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join))


def _lines_one_by_one(text: str) -> list[tuple[str, str, str, str]]:
    """Each line's indentation, marker, separator and rest, as a loop over the lines finds them."""
    found = []
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        match = ITEM_RE.match(body)
        found.append((indent, *match.groups(), body[match.end() :]) if match else (indent, "", "", body))
    return found


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_one_pattern_splits_the_lines_as_a_loop_over_them_does(text: str) -> None:
    assert LINE_RE.findall(text) == _lines_one_by_one(text)


def _anchors_node_by_node(outline: Outline, taken: frozenset[str]) -> list[str]:
    """The ids anchors.py's docstring describes, made for one node at a time in document order."""
    given: set[str] = set()
    hashes: list[int] = []  # the hash of the open node at each depth
    anchors = []
    for node, depth in outline.walk():
        own = (node.text[: node.annotation.start] if node.annotation else node.text).strip()
        data = own.encode("utf-8", "surrogatepass")
        del hashes[depth:]
        node_hash = crc32(data, ((hashes[-1] if hashes else 0) + len(data)) % 2**32)
        hashes.append(node_hash)
        # ASCII letters and digits of the first 48 bytes; any other byte parts words
        slug = "-".join(word.decode() for word in re.findall(rb"[A-Za-z0-9]+", data[:48])).lower()
        if len(slug) > 24:  # whole words within 24 characters, else the first 24
            words = re.match(r"[a-z0-9-]{1,24}(?=-|$)", slug)
            slug = words[0] if words else slug[:24]
        anchor = f"ol-{slug}-{node_hash:08x}" if slug else f"ol-{node_hash:08x}"
        if anchor in given or anchor in taken:
            anchor = next(f"{anchor}-{k}" for k in range(2, 10**6) if f"{anchor}-{k}" not in given | taken)
        given.add(anchor)
        anchors.append(anchor)
    return anchors


@settings(max_examples=500, deadline=None)
@given(TEXT, TEXT)
def test_ids_made_in_one_pass_are_those_made_node_by_node(earlier: str, text: str) -> None:
    # The earlier block's ids are taken: the same text read again has every id numbered.
    for taken in (frozenset(), parse_outline(earlier).anchors, parse_outline(text).anchors):
        outline = parse_outline(text, taken_anchors=taken)
        assert [node.anchor for node in outline.in_order] == _anchors_node_by_node(outline, taken)
        assert outline.anchors == frozenset(node.anchor for node in outline.in_order)
