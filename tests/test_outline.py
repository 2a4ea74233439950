"""Tests of the outline parser (`generator/outline/parser.py`) against `outline-spec.md`.

Fixture cases live in `tests/fixtures/outline/*.txt` (format: that folder's README.md):
a title, the input outline, the expected tree (`dump_tree`) and the expected HTML. Each
case is one test named `<file>:<line> <title>`; a failure prints a unified diff.

Regenerate the expected sections after an intended change, then review the git diff:

    python -m tests.test_outline --update
    PAPERFOLD_UPDATE_FIXTURES=1 python -m pytest tests/test_outline.py   (same thing)

The seed-post test reads real posts from `../shared/seeds` beside the repository, or
from the folder named by the environment variable PAPERFOLD_SEEDS; it skips without one.
"""

from __future__ import annotations

import copy
import functools
import os
import pickle
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outline.html import render_outline
from generator.outline.parser import (
    Outline,
    dump_tree,
    find_links,
    looks_like_outline,
    parse_annotation,
    parse_outline,
)

if __package__:  # imported as tests.test_outline (python -m, or tests/ is a package)
    from .outline_fixtures import CASES, Case, actual_tree, expect_equal, update_fixtures
else:  # pytest's default rootdir-relative import
    from outline_fixtures import CASES, Case, actual_tree, expect_equal, update_fixtures  # type: ignore[no-redef,import-not-found,unused-ignore]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_tree(case: Case) -> None:
    expect_equal(case, "tree", case.tree, actual_tree(case))


# ---------------------------------------------------------------------------------------
# Links and annotations


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("见：https://zhuanlan.zhihu.com/p/1，然后", ["https://zhuanlan.zhihu.com/p/1"]),
        ("(https://en.wikipedia.org/wiki/Foo_(bar)).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("(see https://example.com/a)", ["https://example.com/a"]),
        (
            "https://a.com,https://b.com;https://c.com/x%20y.",
            ["https://a.com", "https://b.com", "https://c.com/x%20y"],
        ),
        (
            "https://web.archive.org/web/2020/https://x.com",
            ["https://web.archive.org/web/2020/https://x.com"],
        ),
        ("mailto:a@b.c. and ftp://f.org/p!", ["mailto:a@b.c", "ftp://f.org/p"]),
        ("[t](https://x.y/a_(b)) [j](javascript:x) javascript:alert(1)", ["https://x.y/a_(b)"]),
        ("http:// xhttp://a.b mailto: 1https://c.d", []),
        ("<https://example.com/a>", ["https://example.com/a"]),
    ],
)
def test_find_links(line: str, expected: list[str]) -> None:
    links = find_links(line)
    assert [link.url for link in links] == expected
    for link in links:
        written = line[link.start : link.end]
        assert written == (f"[{link.text}]({link.url})" if link.written_as_markdown else link.url)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("T [2019, 187 refs]", (2019, 187, None, ())),
        ("T [2016]", (2016, None, None, ())),
        ("T [2022, 11 refs, FAST22, Alibaba]", (2022, 11, "FAST22", ("Alibaba",))),
        ("T [2010 OSDI VMWare, 155 refs]", (2010, 155, "OSDI", ("VMWare",))),
        ("T [803 refs, 2016, Google]", (2016, 803, None, ("Google",))),
        ("T [2018, 0 refs, FAST18 best paper]", (2018, 0, "FAST18", ("best paper",))),
        ("T [2019， 781 refs]", (2019, 781, None, ())),
        ("T \\[1994, 63 refs\\]", (1994, 63, None, ())),
        ("T [2020, , HotStorage20]", (2020, None, "HotStorage20", ())),
        ("T [2021, 257 refs, NVIDIA]\u3000 ", (2021, 257, None, ("NVIDIA",))),
    ],
)
def test_parse_annotation(text: str, fields: tuple[object, ...]) -> None:
    annotation = parse_annotation(text)
    assert annotation is not None
    assert (annotation.year, annotation.refs, annotation.venue, annotation.notes) == fields
    assert text[annotation.start : annotation.end] == annotation.raw
    assert annotation.raw == text[2:].rstrip(" \u3000")


@pytest.mark.parametrize(
    "text", ["[Flow]", "PPO?[理论篇] - x", "[2019] at the start", "x [a] b]", "x [2019", ""]
)
def test_not_an_annotation(text: str) -> None:
    assert parse_annotation(text) is None


def test_annotation_with_a_huge_number_does_not_raise() -> None:
    # int() refuses strings of more than 4300 digits; a citation count is never that long.
    annotation = parse_annotation("T [2019, " + "9" * 5000 + " refs]")
    assert annotation is not None and (annotation.year, annotation.refs) == (2019, None)
    assert parse_outline("1. T [" + "1" * 5000 + " refs]\n").item_count == 1


# ---------------------------------------------------------------------------------------
# Where outlines live


@pytest.mark.parametrize(
    "body",
    [
        "1. first\n2. second\n",
        "\n\n8. starts at eight\n    1. child\n",
        "Reading notes\n1. first\n    1. child\n",
        "Reading notes\nsecond preamble line\n1. first\n",
        "        3. resumed at depth\n        4. next\n",
        "- one\n- two\n    - nested\n",
        "1. tools\n    1. `ls -la` lists files\n    2. -p ARP is a flag we discussed\n    3. notes\n",
    ],
)
def test_looks_like_outline(body: str) -> None:
    assert looks_like_outline(body)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n  \n",
        '1) "messages"\n2) "counter"\n3) "user:1"\n',
        "1. -p ARP --arp-opcode 1\n2. -p IPv4 --ip-src 10.0.0.1\n",
        "#!/bin/sh\nset -e\nmake all\n1. not at the start\n",
        "a\nb\nc\n1. an item after three lines of preamble\n",
        "- name: web\n  image: nginx\n- name: db\n  image: postgres\n",
        "1. $ make\n2. $ make install\n",
        "1. one line of a numbered log\n" + "log line\n" * 20,
    ],
)
def test_looks_like_code(body: str) -> None:
    assert not looks_like_outline(body)


# ---------------------------------------------------------------------------------------
# Anchors

_ANCHOR_RE = re.compile(r"[a-z][a-z0-9-]*")


def _anchors_by_path(outline: Outline) -> dict[tuple[str, ...], str]:
    """Map each node's path of texts (annotation left out) to its anchor."""
    found: dict[tuple[str, ...], str] = {}
    path: list[str] = []
    for node, depth in outline.walk():
        del path[depth:]
        text = node.text[: node.annotation.start] if node.annotation else node.text
        path.append(text.strip())
        found[tuple(path)] = node.anchor
    return found


def test_anchors_are_stable_under_edits_elsewhere() -> None:
    before = parse_outline("1. Paper A [2019, 10 refs]\n    1. highlights\n2. Paper B\n    1. highlights\n")
    after = parse_outline(
        "0. A new paper first\n    1. highlights\n"
        "1. Paper A [2019, 99 refs]\n   https://example.com/new-url\n    1. highlights\n"
        "7. Paper B\n    1. highlights\n"
    )
    old, new = _anchors_by_path(before), _anchors_by_path(after)
    assert all(new[path] == anchor for path, anchor in old.items())
    assert len(set(old.values())) == 4  # the two "highlights" differ by their parent


def test_anchors_are_valid_short_ids_and_duplicates_are_numbered() -> None:
    outline = parse_outline("1. same\n1. same\n1. same\n2. 中文标题\n3.\n4.\n")
    anchors = [node.anchor for node in outline.nodes]
    assert anchors[1] == anchors[0] + "-2" and anchors[2] == anchors[0] + "-3"
    assert anchors[4] != anchors[5]
    assert len(set(anchors)) == len(anchors) == len(outline.anchors)
    assert all(_ANCHOR_RE.fullmatch(anchor) and len(anchor) <= 40 for anchor in anchors)


def test_taken_anchors_are_avoided_across_blocks() -> None:
    text = "1. Same paper\n    1. notes\n"
    first = parse_outline(text)
    second = parse_outline(text, taken_anchors=first.anchors | {"introduction"})
    assert not first.anchors & second.anchors
    third = parse_outline(text, taken_anchors=first.anchors | second.anchors)
    assert not third.anchors & (first.anchors | second.anchors)
    assert parse_outline(text, taken_anchors=first.anchors) == second  # deterministic


# ---------------------------------------------------------------------------------------
# Lines, sizes, depth


def test_crlf_bom_and_lone_cr_parse_like_lf() -> None:
    lf = "1. a\n   https://x.y/z\n\n    1. b  \n2. c [2019, 1 refs]\n"
    assert dump_tree(parse_outline("\ufeff" + lf.replace("\n", "\r\n"))) == dump_tree(parse_outline(lf))
    assert dump_tree(parse_outline(lf.replace("\n", "\r"))) == dump_tree(parse_outline(lf))


DEEP_LEVELS = 10_000
MANY_ITEMS = 100_000


def deep_text() -> str:
    """A 10,000-level outline: each item one column right of the one before."""
    return "".join(" " * level + f"1. level {level}\n" for level in range(DEEP_LEVELS))


@functools.cache
def deep_outline() -> Outline:
    return parse_outline(deep_text())


@functools.cache
def many_items_outline() -> Outline:
    """100,000 items going up and down 9 levels."""
    return parse_outline(
        "".join("    " * (index % 9) + f"{index}. item {index}\n" for index in range(MANY_ITEMS))
    )


def test_ten_thousand_levels() -> None:
    outline = deep_outline()
    assert (outline.item_count, outline.max_depth) == (DEEP_LEVELS, DEEP_LEVELS)
    assert [d for _, d in outline.walk()] == list(range(DEEP_LEVELS))
    again = parse_outline(deep_text())
    assert again == outline and hash(again) == hash(outline)  # iterative __eq__/__hash__
    assert "children=<1 nodes>" in repr(outline.nodes[0])
    assert pickle.loads(pickle.dumps(outline)) == outline  # flat __reduce__, no recursion
    assert copy.deepcopy(outline) == outline


def test_hundred_thousand_items() -> None:
    outline = many_items_outline()
    assert (outline.item_count, outline.max_depth, len(outline.anchors)) == (MANY_ITEMS, 9, MANY_ITEMS)


# ---------------------------------------------------------------------------------------
# Properties

_OUTLINE_TOKENS = [
    " ", "  ", "    ", "\t", "\n", "\n", "\n", "\r\n", "\r", "1.", "12.", "0.", "n.", "n+1.", "m.",
    "3)", "(3)", "a.", "(a)", "-", "*", "•", ".", "[", "]", "\\[", "2019", "refs", ",", "，", "：",
    "中文", "标题", "\u00a0", "\u3000", "\ufeff", "https://x.y/(a)", "[t](https://z.w)", "```", "x", "`",
    "<b>", "&", '"', "javascript:", "\x00", "\x0b",
]  # fmt: skip
outline_text = st.lists(st.sampled_from(_OUTLINE_TOKENS), max_size=80).map("".join)
any_text = st.one_of(st.text(), outline_text)


def _source_chars(text: str) -> list[str]:
    """The characters that must survive: all but whitespace and a leading BOM."""
    text = text.removeprefix("\ufeff")
    return [char for char in text if not char.isspace()]


def _tree_chars(outline: Outline) -> list[str]:
    chars: list[str] = []
    for node, _ in outline.walk():
        for piece in (node.label, node.text, *node.continuation):
            chars.extend(char for char in piece if not char.isspace())
    return chars


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_parse_never_raises_and_loses_nothing(text: str) -> None:
    outline = parse_outline(text)
    assert _tree_chars(outline) == _source_chars(text)
    nodes = outline.walk()
    assert outline.item_count == sum(1 for node, _ in nodes if node.label)
    assert outline.max_depth == (max(depth for _, depth in nodes) + 1 if nodes else 0)
    assert len({node.anchor for node, _ in nodes}) == len(nodes) == len(outline.anchors)
    lines = [node.line for node, _ in nodes]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    pending = list(outline.nodes)
    while pending:
        node = pending.pop()
        assert "\r" not in node.text and all("\r" not in line for line in node.continuation)
        for child in node.children:
            assert child.column > node.column
        pending.extend(node.children)


@settings(max_examples=100, deadline=None)
@given(outline_text)
def test_looks_like_outline_never_raises(text: str) -> None:
    assert looks_like_outline(text) in (True, False)


# ---------------------------------------------------------------------------------------
# The real post(s)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,})(.*)$")
_ITEM_LINE_RE = re.compile(
    r"^[ \t]*(?:\d+[.)]|[nm](?:\+\d+)?\.|\((?:\d+|[a-z])\)|[a-z][.)]|[-*•])(?:[ \t]|$)"
)


def _seed_dir() -> Path | None:
    configured = os.environ.get("PAPERFOLD_SEEDS")
    folder = Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    return folder if folder.is_dir() else None


def _bare_fences(text: str) -> list[str]:
    """Bodies of fences without an info string; a fence runs to a closing fence at least as
    long as the opening one, or to the end of the file."""
    lines = text.replace("\r\n", "\n").split("\n")
    bodies: list[str] = []
    index = 0
    while index < len(lines):
        opening = _FENCE_RE.match(lines[index])
        index += 1
        if opening is None:
            continue
        ticks, info = opening.groups()
        body: list[str] = []
        while index < len(lines):
            closing = _FENCE_RE.match(lines[index])
            index += 1
            if closing and len(closing.group(1)) >= len(ticks) and not closing.group(2).strip():
                break
            body.append(lines[index - 1])
        if not info.strip():
            bodies.append("\n".join(body))
    return bodies


def test_seed_posts() -> None:
    folder = _seed_dir()
    if folder is None:
        pytest.skip("no seed posts (set PAPERFOLD_SEEDS)")
    blocks = [
        body
        for path in sorted(folder.glob("*.txt"))
        for body in _bare_fences(path.read_text(encoding="utf-8"))
    ]
    assert blocks
    for body in blocks:
        assert looks_like_outline(body)
        outline = parse_outline(body)
        expected_items = sum(1 for line in body.split("\n") if _ITEM_LINE_RE.match(line))
        assert outline.item_count == expected_items
        assert _tree_chars(outline) == _source_chars(body)
        html = render_outline(outline)  # items: every li but a text-only line's
        assert html.count('<li class="ol-node"') + html.count('<li class="ol-node ol-parent"') == outline.item_count


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.test_outline --update")
    for changed in update_fixtures():
        print(f"updated {changed}")


def test_search_sections_give_every_node_its_depth_in_document_order() -> None:
    from generator.outline.sections import DEPTH_DIGITS, search_sections

    lines = []
    for top in range(3):
        lines.append(f"{top + 1}. Topic {top}")
        lines.extend(f"    {child + 1}. detail {top}.{child}" for child in range(2))
    lines.extend("    " * depth + f"{depth + 1}. deep" for depth in range(1, len(DEPTH_DIGITS) + 3))
    outline = parse_outline("\n".join(lines) + "\n")
    (section,) = search_sections(outline)
    assert len(section.depths) == sum(1 for _ in outline.walk())
    # Deeper than the digits go, a node keeps the last one: only its breadcrumb is shorter.
    assert section.depths == "011" * 3 + DEPTH_DIGITS[1:] + DEPTH_DIGITS[-1] * 3
