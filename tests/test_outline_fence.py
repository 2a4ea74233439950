"""A body rendered with the fences of an earlier render is the body rendered from scratch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown import MarkdownSettings, render_body
from generator.outline_fence import FenceMemo

ITEM = st.sampled_from([
    "1. Attention Is All You Need    [2017, NeurIPS, 100000 refs]\n   https://arxiv.org/abs/1706.03762\n",
    "    1. 注意力 notes\n", "2. Same title\n", "2. Same title\n", "        1. deep <b>&amp;</b>\n", "3. x\n",
])
FENCE = st.lists(ITEM, min_size=1, max_size=6).map(lambda items: "```\n" + "".join(items) + "```\n")
PROSE = st.sampled_from(["", "A paragraph.\n", "Two\nlines.\n", "\n\n", "* a list\n"])
BODY = st.lists(st.tuples(PROSE, FENCE), min_size=1, max_size=4).map(
    lambda parts: "\n".join(prose + "\n" + fence for prose, fence in parts))
SETTINGS = MarkdownSettings()


@settings(max_examples=300, deadline=None)
@given(BODY, BODY, st.integers(min_value=1, max_value=4))
def test_borrowed_fences_give_the_same_body(before: str, after: str, open_depth: int) -> None:
    memo = FenceMemo()
    render_body(before, SETTINGS, open_depth=open_depth, fences=memo)
    borrowed = render_body(after, SETTINGS, open_depth=open_depth, fences=FenceMemo(memo.used))
    assert borrowed == render_body(after, SETTINGS, open_depth=open_depth)


def test_an_edit_outside_the_fences_renders_none_again() -> None:
    body = "Intro.\n\n```\n1. a\n    1. b\n```\n\nMiddle.\n\n```\n1. a\n```\n"
    first = FenceMemo()
    render_body(body, SETTINGS, fences=first)
    second = FenceMemo(first.used)
    edited = render_body("New first line.\n\n" + body, SETTINGS, fences=second)
    assert edited == render_body("New first line.\n\n" + body, SETTINGS)
    # both fences came from the memo: the same objects, moved two lines down
    assert [fence.outline for fence in second.used.values()] == [fence.outline for fence in first.used.values()]
    assert all(a.outline is b.outline for a, b in zip(second.used.values(), first.used.values()))
