"""An outline read in top-level pieces, with pieces of an earlier render, is the outline read whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.fence import FenceMemo, render_fence
from generator.markdown.render import MarkdownSettings, render_body
from generator.outline.parser import parse_outline, top_level_pieces

LINE = st.tuples(
    st.sampled_from(["", " ", "  ", "    ", "\t", "        ", "  \t", "\u3000"]),
    st.sampled_from([
        "1. Attention Is All You Need    [2017, NeurIPS, 100000 refs]", "https://arxiv.org/abs/1706.03762",
        "1. 注意力 notes", "2. Same title", "n. related materials", "- a dash item", "plain text",
        "3.", "x. <b>&amp;</b>", "", "\ufeff1. bom", "10) Spanner  [OSDI12]",
    ]),
).map("".join)
OUTLINE = st.lists(LINE, max_size=14).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines)))
# ids of top-level items above, as an earlier outline on the page may have taken them
TAKEN = st.frozensets(st.sampled_from(["ol-same-title-954b0c7b", "ol-same-title-954b0c7b-2", "ol-notes-58550b9c",
                                       "ol-plain-text-53299f71", "ol-00000000"]))


@settings(max_examples=600, deadline=None)
@given(OUTLINE, OUTLINE, TAKEN, st.integers(0, 40), st.integers(0, 3))
def test_pieces_give_the_fence_read_whole(before: str, after: str, taken: frozenset[str], offset: int,
                                          open_depth: int) -> None:
    whole = render_fence(after, taken_anchors=taken, open_depth=open_depth, line_offset=offset)
    memo = FenceMemo()
    render_fence(before, taken_anchors=taken, open_depth=open_depth, line_offset=offset + 1, memo=memo)
    pieces = render_fence(after, taken_anchors=taken, open_depth=open_depth, line_offset=offset,
                          memo=FenceMemo(memo.used))
    assert pieces == whole
    assert pieces.outline.in_order == whole.outline.in_order and pieces.outline.depths == whole.outline.depths


@settings(max_examples=300, deadline=None)
@given(OUTLINE)
def test_pieces_hold_every_line_in_order(text: str) -> None:
    pieces = top_level_pieces(text)
    normalized = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert "\n".join(piece for _, piece in pieces) == normalized
    assert [first for first, _ in pieces] == sorted({first for first, _ in pieces})
    assert parse_outline(text).item_count == sum(parse_outline(piece).item_count for _, piece in pieces)


ITEM = st.sampled_from([
    "1. Attention Is All You Need    [2017, NeurIPS, 100000 refs]\n   https://arxiv.org/abs/1706.03762\n",
    "    1. 注意力 notes\n", "2. Same title\n", "2. Same title\n", "        1. deep <b>&amp;</b>\n", "3. x\n",
])
FENCE = st.lists(ITEM, min_size=1, max_size=6).map(lambda items: "```\n" + "".join(items) + "```\n")
PROSE = st.sampled_from(["", "A paragraph.\n", "Two\nlines.\n", "\n\n", "* a list\n"])
BODY = st.lists(st.tuples(PROSE, FENCE), min_size=1, max_size=4).map(
    lambda parts: "\n".join(prose + "\n" + fence for prose, fence in parts))
SETTINGS = MarkdownSettings()


@settings(max_examples=200, deadline=None)
@given(BODY, BODY, st.integers(min_value=1, max_value=4))
def test_a_body_with_borrowed_pieces_is_the_body_rendered_anew(before: str, after: str, open_depth: int) -> None:
    memo = FenceMemo()
    render_body(before, SETTINGS, open_depth=open_depth, fences=memo)
    borrowed = render_body(after, SETTINGS, open_depth=open_depth, fences=FenceMemo(memo.used))
    anew = render_body(after, SETTINGS, open_depth=open_depth)
    assert borrowed == anew
    assert (borrowed.html_utf8, borrowed.search_sections) == (anew.html_utf8, anew.search_sections)


def test_an_edit_reads_again_only_the_piece_it_touched() -> None:
    fence = "1. a\n    1. b\n2. c\n    1. d\n3. e\n"
    first = FenceMemo()
    render_fence(fence, taken_anchors=frozenset(), open_depth=2, line_offset=3, memo=first)
    assert len(first.used) == 3
    second = FenceMemo(first.used)
    edited = fence.replace("d", "d, edited")
    got = render_fence(edited, taken_anchors=frozenset(), open_depth=2, line_offset=10, memo=second)
    assert got == render_fence(edited, taken_anchors=frozenset(), open_depth=2, line_offset=10)
    kept = [key for key, piece in second.used.items() if first.used.get(key) is piece]
    assert [key[0] for key in kept] == ["1. a\n    1. b", "3. e\n"]
