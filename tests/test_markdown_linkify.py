"""The quick linkify pretest answers as linkify-it's own does."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt

from generator.markdown.linkify import QuickLinkify
from generator.markdown.render import MarkdownSettings, markdown_engine

# Pieces of links and of what looks like them, case variants the regex engine folds, and text.
PIECES = st.sampled_from([
    "http:", "HTTPS://", "ftp:", "mailto:", "//", "www.", "WWW.", ".com", ".COM", ".org ", ".cn", ".io>",
    ".1.", ".255.", "localhost", "LOCALHOST", "localhoſt", "ſ", "K", "@", "user@", "@example.com", "。", "：",
    "／", "＠", "．", "example", "中文", "论文", " ", "\n", "_", "<", ">", "｜", "a", "1", "-",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES | st.text(max_size=3), max_size=12).map("".join))
@example("see localhoſt:8080")
@example("笔记 www.example.com 中")
@example("mail me at a@b.co")
def test_quick_pretest_answers_as_linkify_it(text: str) -> None:
    assert QuickLinkify().pretest(text) == bool(LinkifyIt().pretest(text))


def test_the_markdown_engine_uses_it_and_still_links() -> None:
    engine = markdown_engine(MarkdownSettings())
    assert isinstance(engine.linkify, QuickLinkify)
    html = engine.render("论文见 www.example.com 和 https://arxiv.org/abs/2001.00001\n\n只有中文的段落\n")
    assert 'href="http://www.example.com"' in html and 'href="https://arxiv.org/abs/2001.00001"' in html
