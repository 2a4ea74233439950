"""The quick linkify pretest answers as linkify-it's own does; the linkify rules render as markdown-it's own, in linear time."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.rules_core.linkify import linkify as upstream_core_linkify
from markdown_it.rules_inline.linkify import linkify as upstream_inline_linkify

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


LINKED = MarkdownSettings(linkify=True)


def test_the_markdown_engine_uses_it_and_still_links() -> None:
    engine = markdown_engine(LINKED)
    assert isinstance(engine.linkify, QuickLinkify)
    html = engine.render("论文见 www.example.com 和 https://arxiv.org/abs/2001.00001\n\n只有中文的段落\n")
    assert 'href="http://www.example.com"' in html and 'href="https://arxiv.org/abs/2001.00001"' in html


def _upstream_engine() -> MarkdownIt:
    """paperfold's engine, but with markdown-it's own linkify rules."""
    engine = markdown_engine.__wrapped__(LINKED)
    engine.inline.ruler.at("linkify", upstream_inline_linkify)
    engine.core.ruler.at("linkify", upstream_core_linkify)
    return engine


OURS, UPSTREAM = markdown_engine(LINKED), _upstream_engine()
# What links are made of, and what stops or hides them: emphasis, brackets, HTML links, escapes.
LINK_PIECES = PIECES | st.sampled_from([
    "https://x.org/a", "ftp://f.cn", "http\\://x.org", "x://", "*", "_", "[", "](", ")", "]", "<a href='x'>", "</a>",
    "\\", "`", "httpſ", "ht", "tp", "s", "!", "abcdefgh",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINK_PIECES, max_size=25).map("".join))
@example("see https://x.org/a and www.example.com, mail a@b.co")
@example("[https://x.org/a](y) <a href='z'>www.example.com</a> http\\://x.org")
def test_linkify_rules_render_as_markdown_its_own(text: str) -> None:
    try:
        expected = UPSTREAM.render(text)
    except RuntimeError:
        return  # upstream gives up (see the next test); paperfold's rule renders such text
    assert OURS.render(text) == expected


def test_a_scheme_read_before_brackets_does_not_stop_the_build() -> None:
    # Inside `[` the rules only measure, and the text before the bracket ends in a would-be
    # scheme as long as the link after it: markdown-it's rule raised "didn't increment state.pos".
    assert OURS.render("abcdefgh[//www.aa://") == '<p>abcdefgh[<a href="//www.aa">//www.aa</a>://</p>\n'


def test_a_paragraph_of_many_schemes_takes_time_linear_in_its_length() -> None:
    # Upstream copied the rest of the paragraph and searched all the text before at every `://`:
    # 39 s of CPU for these 100 KB; here a few hundredths.
    started = time.process_time()
    html = OURS.render("http:// " * 12_500)
    assert time.process_time() - started < 3
    assert html.count("http://") == 12_500
