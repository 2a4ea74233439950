"""Tests of the outline renderer (`generator/outline/html.py`).

The expected HTML of each fixture case is the last section of the blocks in
`tests/fixtures/outline/*.txt`; regenerate with `python -m tests.test_outline --update`
(see tests/test_outline.py). Properties: the HTML loses no character of the source,
and parses back (html5lib) to the same tree shape; no <summary> holds a link (or anything).
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outline.html import outline_map, render_outline
from generator.outline.parser import Outline, parse_outline

if __package__:  # imported as tests.test_outline_html
    from .outline_fixtures import CASES, Case, actual_html, expect_equal
    from .test_outline import DEEP_LEVELS, MANY_ITEMS, deep_outline, many_items_outline, outline_text
else:  # pytest's default rootdir-relative import
    from outline_fixtures import CASES, Case, actual_html, expect_equal  # type: ignore[no-redef,import-not-found,unused-ignore]
    from test_outline import (  # type: ignore[no-redef,import-not-found,unused-ignore]
        DEEP_LEVELS,
        MANY_ITEMS,
        deep_outline,
        many_items_outline,
        outline_text,
    )  # fmt: skip

_XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_html(case: Case) -> None:
    expect_equal(case, "html", case.html, actual_html(case))


# ---------------------------------------------------------------------------------------
# Helpers


class _TextCollector(HTMLParser):
    """Collects the text content of an HTML document, as a browser shows it in the DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.chunks)


def is_subsequence(needle: list[str], haystack: str) -> bool:
    position = 0
    for char in needle:
        position = haystack.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def expected_chars(text: str) -> list[str]:
    """Non-whitespace characters of the source, as the HTML must show them."""
    text = text.removeprefix("\ufeff")  # a leading BOM is encoding metadata, not text
    return [("\ufffd" if char == "\x00" else char) for char in text if not char.isspace()]


def tree_depths(outline: Outline) -> list[int]:
    return [depth for _, depth in outline.walk()]


def html_depths(html: str) -> list[tuple[int, str, bool]]:
    """For each li.ol-node of the parsed HTML: (li ancestors, data-depth, has <details>)."""
    root: Any = html5lib.parseFragment(html, treebuilder="etree")
    found: list[tuple[int, str, bool]] = []
    pending: list[tuple[Any, int]] = [(root, 0)]
    while pending:
        element, depth = pending.pop()
        is_node = element.tag == _XHTML + "li" and "ol-node" in element.get("class", "")
        if is_node:
            has_details = any(child.tag == _XHTML + "details" for child in element)
            found.append((depth, element.get("data-depth", ""), has_details))
        pending.extend((child, depth + is_node) for child in reversed(list(element)))
    return found


def fold_toggles(html: str) -> list[tuple[list[str], str, str]]:
    """For each li.ol-node: (its child tags and classes in order, its summary's aria-label, its summary's content).

    A leaf has no summary: its label and content are "".
    """
    root: Any = html5lib.parseFragment(html, treebuilder="etree")
    found: list[tuple[list[str], str, str]] = []
    for element in root.iter(_XHTML + "li"):
        children = [child.tag.removeprefix(_XHTML) + "." + child.get("class", "") for child in element]
        label = content = ""
        for details in element.findall(_XHTML + "details"):
            summary = details[0]
            label = summary.get("aria-label", "")
            content = (summary.text or "") + "".join(
                html5lib.serialize(child, tree="etree") for child in summary
            )
        found.append((children, label, content))
    return found


# ---------------------------------------------------------------------------------------
# Properties

_safe_text = st.text(st.characters(codec="utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_safe_text, outline_text))
def test_html_loses_no_character(text: str) -> None:
    html = render_outline(parse_outline(text))
    assert is_subsequence(expected_chars(text), visible_text(html))


@settings(max_examples=200, deadline=None)
@given(st.one_of(_safe_text, outline_text))
def test_html_parses_back_to_the_same_tree(text: str) -> None:
    outline = parse_outline(text)
    found = html_depths(render_outline(outline))
    assert [depth for depth, _, _ in found] == tree_depths(outline)
    assert [data for _, data, _ in found] == [str(depth) for depth in tree_depths(outline)]
    assert [details for _, _, details in found] == [bool(node.children) for node, _ in outline.walk()]


@settings(max_examples=200, deadline=None)
@given(st.one_of(_safe_text, outline_text))
def test_no_link_inside_a_summary(text: str) -> None:
    """A <summary> is a button: it holds nothing (axe nested-interactive), its name is its row's label and text."""
    outline = parse_outline(text)
    found = fold_toggles(render_outline(outline))
    for (node, _), (children, label, content) in zip(outline.walk(), found, strict=True):
        if node.children:
            assert children[:2] == ["span.ol-row", "details."], children
            assert content == "" and label.strip(), (label, content)
        else:  # a leaf is its own row: no wrapper, no toggle
            assert "details." not in children and "span.ol-row" not in children


# ---------------------------------------------------------------------------------------
# Examples


def test_open_depth() -> None:
    outline = parse_outline("1. a\n    1. b\n        1. c\n            1. d\n")
    assert render_outline(outline, open_depth=0).count("<details open>") == 0
    assert render_outline(outline, open_depth=2).count("<details open>") == 2
    assert render_outline(outline, open_depth=99).count("<details open>") == 3
    assert render_outline(outline).count("<details>") == 1


def test_fold_toggle_is_named_after_its_row_without_the_badge() -> None:
    html = render_outline(parse_outline("1. Paxos <Made> https://x.y/p [2001, 9 refs]\n    1. child\n"))
    assert '<summary class="ol-fold" aria-label="1. Paxos &lt;Made&gt; https://x.y/p"></summary>' in html
    assert html.index('class="ol-url"') < html.index("<details")  # the links come before the toggle


def test_attributes_and_text_are_escaped() -> None:
    html = render_outline(
        parse_outline("1. it's <b>&</b> https://x.y/it's?a=1&b=\"2\" [2019, 1 refs, V'20]\n")
    )
    assert "<b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert 'href="https://x.y/it&#x27;s?a=1&amp;b="' in html
    assert 'data-venue="V&#x27;20"' in html


def test_no_dangerous_links() -> None:
    html = render_outline(parse_outline("1. javascript:alert(1) [x](javascript:alert(1)) data:text/html,x\n"))
    assert "<a href" not in html


def test_leaf_and_parent_elements() -> None:
    """A leaf is an li with its label; a parent adds its row, fold and list: no per-node link or text span."""
    html = render_outline(parse_outline("1. parent\n    1. leaf\n"))
    root: Any = html5lib.parseFragment(html, treebuilder="etree")
    parent, leaf = root.iter(_XHTML + "li")
    assert [element.tag.removeprefix(_XHTML) for element in leaf.iter()] == ["li", "span"]
    assert [element.tag.removeprefix(_XHTML) for element in parent.iter() if element not in set(leaf.iter())] == [
        "li", "span", "span", "details", "summary", "ul"]


def test_indented_continuation_lines_are_code() -> None:
    """Continuation lines go in the code face when one is indented past the leftmost, else in the text face."""
    code = render_outline(parse_outline("1. Algorithm\n   for each shard:\n       send(shard)\n   done\n"))
    assert '<div class="ol-cont ol-code">for each shard:\n    send(shard)\ndone</div>' in code
    prose = render_outline(parse_outline("1. Title\n   https://x.y/p\n   wrapped text\n"))
    assert '<div class="ol-cont">' in prose and "ol-code" not in prose


def test_a_text_holding_a_line_end_is_escaped_whole() -> None:
    # The parser never makes one (a text is one line), but a tree made by hand may.
    made = parse_outline("1. a&b\n2. c\n")
    first, second = made.in_order
    tree = Outline((first._replace(text="x<\ny"), second), 2, 1, made.anchors)
    html = render_outline(tree)
    assert f'<li class="ol-node" id="{first.anchor}" data-depth="0"><span class="ol-label">1.</span> x&lt;\ny</li>' in html
    assert f'<li class="ol-node" id="{second.anchor}" data-depth="0"><span class="ol-label">2.</span> c</li>' in html


def test_continuation_lines_indented_after_a_blank_one_are_code() -> None:
    html = render_outline(parse_outline("1. Title\n   text\n\n     indented\n"))
    assert '<div class="ol-cont ol-code">text\n\n  indented</div>' in html


def test_nul_becomes_replacement_character() -> None:
    html = render_outline(parse_outline("1. a\x00b\n"))
    assert "\x00" not in html and "a\ufffdb" in html


def test_outline_map_lists_top_level_items() -> None:
    outline = parse_outline("[Flow]\n8. ChatGPT notes\n    1. child\nn. related materials\n")
    assert outline_map(outline) == (
        (outline.nodes[1].anchor, "8. ChatGPT notes"),
        (outline.nodes[2].anchor, "n. related materials"),
    )


def test_ten_thousand_levels_render() -> None:
    html = render_outline(deep_outline())
    assert html.count("<li ") == html.count("</li>") == DEEP_LEVELS
    assert html.count("<details") == html.count("</details>") == DEEP_LEVELS - 1
    assert f'data-depth="{DEEP_LEVELS - 1}"' in html


def test_hundred_thousand_items_render() -> None:
    html = render_outline(many_items_outline())
    assert html.count('<li class="ol-node') == MANY_ITEMS
    assert f'data-items="{MANY_ITEMS}"' in html
