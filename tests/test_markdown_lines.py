"""markdown_lines gives markdown-it the same table of lines its own StateBlock makes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from generator.markdown.lines import line_table, use_line_table

TEXT = st.text(alphabet=st.sampled_from([" ", "\t", "\n", "a", "-", "1", ".", "`", "中"]), max_size=200)
# What markdown-it's normalize rule changes: CR and CRLF line ends, NUL characters.
RAW_TEXT = st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\0", "a", "-", "1", "`", "中"]),
                   max_size=200)


@settings(max_examples=500)
@given(TEXT)
def test_the_line_table_is_markdown_its_own(text: str) -> None:
    upstream = StateBlock(text, MarkdownIt(), {}, [])
    assert line_table(text) == (upstream.bMarks, upstream.eMarks, upstream.tShift, upstream.sCount)


@settings(max_examples=300)
@given(RAW_TEXT)
def test_an_engine_using_it_renders_the_same_html(text: str) -> None:
    assert use_line_table(MarkdownIt("commonmark")).render(text) == MarkdownIt("commonmark").render(text)
