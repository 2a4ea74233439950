"""A body's excerpt takes time linear in its length, however its raw HTML is made."""

from __future__ import annotations

import html
import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown.render import MarkdownSettings, _cut, _excerpt, render_body

# Paragraph and other tags, whole or cut, and text.
HTML_PIECE = st.sampled_from(["<p>", "</p>", "<", ">", "<b>", "</b>", "<br/>", "a", " ", "\n", "&amp;", "text"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(HTML_PIECE, max_size=20).map("".join))
@example("<p>a <b c</p>")
@example("<p><p>x</p>")
def test_the_excerpt_is_the_first_paragraph_as_text(markup: str) -> None:
    # What the excerpt was while it was found by expressions that read to the end from every `<`.
    first = re.search(r"<p>(.*?)</p>", markup, re.DOTALL)
    expected = _cut(html.unescape(re.sub(r"<[^>]+>", "", first.group(1))).strip(), 280) if first else ""
    assert _excerpt(markup) == expected


@pytest.mark.parametrize("body", [
    "<p>a " * 20_000,  # raw HTML: paragraphs never closed (23 s before)
    "<p>" + "<b " * 60_000 + "</p>\n",  # tags never closed in the first paragraph (10 s)
])
def test_an_excerpt_of_raw_html_takes_time_linear_in_its_length(body: str) -> None:
    started = time.process_time()
    render_body(body, MarkdownSettings())
    assert time.process_time() - started < 2
