"""kramdown's attribute lists and table of contents in post bodies, as Jekyll renders them."""

from __future__ import annotations

import re
import time
from xml.etree import ElementTree

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.kramdown import HEADING_ID, IAL, _heading_id
from generator.markdown.render import MarkdownSettings, render_body

SETTINGS = MarkdownSettings()


def _html(body: str) -> str:
    return render_body(body, SETTINGS).html


def test_a_heading_keeps_the_id_it_was_given() -> None:
    assert _html("## Setup {#install}\n\n# Other\n{: #other .wide}\n\n# Text {: .x}\n") == (
        '<h2 id="install">Setup</h2>\n<h1 id="other" class="wide">Other</h1>\n<h1 id="text--x">Text {: .x}</h1>\n')


def test_an_attribute_list_after_a_paragraph_a_link_or_an_image_is_theirs() -> None:
    body = ('See [docs](https://x.org){:target="_blank" onclick="steal()"} and ![plot](p.png){: width="50%"}.\n'
            "{: .note #first}\n")
    assert _html(body) == ('<p class="note" id="first">See <a href="https://x.org" target="_blank">docs</a> and '
                           '<img src="p.png" alt="plot" width="50%" />.</p>\n')


def test_an_attribute_list_alone_goes_to_the_block_after_it_unless_it_follows_one_directly() -> None:
    # kramdown's rule, checked with Jekyll: an IAL after a blank line is the next block's.
    assert _html("Lead paragraph.\n\n{: .lead}\n\nNext.\n") == '<p>Lead paragraph.</p>\n<p class="lead">Next.</p>\n'
    assert _html("Para.\n\n{: class=\"info\"}\n| a | b |\n|---|---|\n| 1 | 2 |\n").startswith(
        '<p>Para.</p>\n<table class="info">')
    assert _html("- a\n- b\n\n{: .next}\n\n> quoted\n").startswith('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n'
                                                                   '<blockquote class="next">')
    assert _html("{: .h}\n# Heading\n\n{: .q}\n> quoted\n") == (
        '<h1 class="h" id="heading">Heading</h1>\n<blockquote class="q">\n<p>quoted</p>\n</blockquote>\n')
    assert _html("    code\n{: .ind}\n") == '<pre class="ind"><code>code\n</code></pre>\n'


def test_an_attribute_list_on_a_paragraphs_first_line_or_after_an_image_is_the_paragraphs() -> None:
    assert _html("{:.before}\nPara two.\n") == '<p class="before">Para two.</p>\n'
    assert _html('![C](/a.png)\n{: style="width: 500px;" class="center"}\n') == (
        '<p style="width: 500px;" class="center"><img src="/a.png" alt="C" /></p>\n')


def test_toc_lists_the_headings_as_kramdown_does() -> None:
    body = ("* TOC\n{:toc}\n\n# One\n\n## Contents\n{: .no_toc}\n\n## Two `x`\n\n### Three\n\n## Four\n\n"
            "# Five {#five}\n")
    assert _html(body).split("<h1")[0] == (
        '<ul id="markdown-toc">\n'
        '<li><a href="#one" id="markdown-toc-one">One</a>\n'
        "<ul>\n"
        '<li><a href="#two-x" id="markdown-toc-two-x">Two <code>x</code></a>\n'
        "<ul>\n"
        '<li><a href="#three" id="markdown-toc-three">Three</a></li>\n'
        "</ul>\n"
        "</li>\n"
        '<li><a href="#four" id="markdown-toc-four">Four</a></li>\n'
        "</ul>\n"
        "</li>\n"
        '<li><a href="#five" id="markdown-toc-five">Five</a></li>\n'
        "</ul>\n"
    )


def test_braces_that_are_no_attribute_list_stay_text() -> None:
    body = "## Sets {a, b}\n\nUse {toc} and {: not valid!} here.\n"
    assert _html(body) == '<h2 id="sets-a-b">Sets {a, b}</h2>\n<p>Use {toc} and {: not valid!} here.</p>\n'


PIECE = st.sampled_from([
    "# H", "## H2", " {#id}", " {: .c}", "{:toc}", "* TOC", "1. TOC", "{: .lead}", "[l](u)", "{:target=\"_blank\"}",
    "![i](p)", "{: width=\"5\"}", "text", "`code`", "\n", "\n", "\n\n", "- item", "> quote", "{", "}", ":",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECE, max_size=25).map("".join))
def test_any_mix_renders_to_well_formed_html_and_loses_no_text(body: str) -> None:
    out = _html(body)
    root = html5lib.parseFragment(f"<div>{out}</div>", treebuilder="etree", namespaceHTMLElements=False)
    assert root is not None
    shown = "".join(ElementTree.tostring(root, encoding="unicode", method="text").split())
    if "{:toc}" not in body:  # the list a {:toc} ends is replaced whole, its words too
        for word in re.findall(r"\btext\b|\bH2?\b", body):
            assert word in shown


@pytest.mark.parametrize("body, html", [
    ("The GPU costs $5 an hour and the TPU $8.", "<p>The GPU costs $5 an hour and the TPU $8.</p>\n"),
    ("Set $HOME and $PATH first.", "<p>Set $HOME and $PATH first.</p>\n"),
    ("Inline $$a^2 + b^2$$ as kramdown has it.", '<p>Inline <span class="math inline">\\(a^2 + b^2\\)</span> as kramdown has it.</p>\n'),
    ("The largest $n$ such that", '<p>The largest <span class="math inline">\\(n\\)</span> such that</p>\n'),
    ("$$\nx = 1\n$$\n", '<div class="math display">\\[\nx = 1\n\\]</div>\n'),
])
def test_dollars_are_math_only_where_they_cannot_be_money(body: str, html: str) -> None:
    assert _html(body) == html


def test_markdown_inside_html_that_asks_for_it() -> None:
    assert _html('<div class="note" markdown="1">\n**Note:** see [this](/x).\n</div>\n') == (
        '<div class="note">\n<p><strong>Note:</strong> see <a href="/x">this</a>.</p>\n</div>\n')
    assert _html("<div markdown='block'>\nOne *a*.\n\nTwo.\n</div>\n\nAfter.\n") == (
        "<div>\n<p>One <em>a</em>.</p>\n<p>Two.</p>\n</div>\n<p>After.</p>\n")
    assert _html('<div class="raw">\n**as written**\n</div>\n') == '<div class="raw">\n**as written**\n</div>\n'


def test_only_the_first_list_marked_toc_becomes_the_table_of_contents() -> None:
    # kramdown 2.4's HTML for this text, but for white space
    body = "# One\n\n* TOC\n{:toc}\n\n## Two\n\n1. second\n{:toc}\n\n* third\n{:toc}\n"
    assert _html(body) == (
        '<h1 id="one">One</h1>\n<ul id="markdown-toc">\n<li><a href="#one" id="markdown-toc-one">One</a>\n<ul>\n'
        '<li><a href="#two" id="markdown-toc-two">Two</a></li>\n</ul>\n</li>\n</ul>\n<h2 id="two">Two</h2>\n'
        "<ol>\n<li>second</li>\n</ol>\n<ul>\n<li>third</li>\n</ul>\n")


# Attribute lists, heading ids and what comes near them.
KRAMDOWN_PIECE = st.sampled_from([
    "{", "}", "{#", "{:", "#a", ".b", "x=1", 'y="q r"', "toc", " ", "\t", "\n", "a", "-", "=", "'", '"', "{#id}",
    "{: .x}", "\u3000",
])
# The attribute list's expression as it was, whose white space before `}` two \s* shared.
SHARED_SPACE_IAL = re.compile(r"""\{:\s*((?:[#.][\w-]+|[A-Za-z][\w-]*=(?:"[^"]*"|'[^']*'|[^\s"'}]+)|toc)"""
                              r"""(?:\s+(?:[#.][\w-]+|[A-Za-z][\w-]*=(?:"[^"]*"|'[^']*'|[^\s"'}]+)|toc))*)?\s*\}""")


@settings(max_examples=2000, deadline=None)
@given(st.lists(KRAMDOWN_PIECE, max_size=12).map("".join))
def test_attribute_lists_and_heading_ids_are_found_as_before(text: str) -> None:
    for found, expected in ((IAL.match(text), SHARED_SPACE_IAL.match(text)),
                            (IAL.fullmatch(text), SHARED_SPACE_IAL.fullmatch(text))):
        assert (found and (found.span(), found.group(1))) == (expected and (expected.span(), expected.group(1)))
    heading = HEADING_ID.search(text)
    assert _heading_id(text) == (heading and (heading.start(), heading.group(1)))


@pytest.mark.parametrize("body", [
    "# a" + " " * 60_000 + "b {\n",  # spaces before a brace in a heading (8 s before)
    "{:" + " " * 60_000 + "x\n",  # after an attribute list's start (11 s)
    "<div" + " " * 60_000 + "x>\n",  # in an HTML tag that might ask for Markdown (13 s)
    "{:toc}\n\n" * 20_000,  # attribute lists that look for a list to make a table of (55 s)
    "# h\n\n* TOC\n{:toc}\n\n" * 2_000,  # lists marked as tables: a RecursionError at 1,000
])
def test_kramdown_attributes_take_time_linear_in_the_text(body: str) -> None:
    started = time.process_time()
    _html(body)
    assert time.process_time() - started < 4


def test_an_attribute_list_at_the_margin_after_a_quote_or_list_is_theirs() -> None:
    # markdown-it reads the line into the quote's or list's last paragraph; kramdown ends them there.
    assert _html("> quote\n{: #qid}\n") == '<blockquote id="qid">\n<p>quote</p>\n</blockquote>\n'
    assert _html("1. one\n2. two\n{: .ol}\n") == '<ol class="ol">\n<li>one</li>\n<li>two</li>\n</ol>\n'
    assert _html("- a\n  - b\n{: .x}\n").startswith('<ul class="x">\n<li>a\n<ul>')
    assert _html("> quote\n> {: #pid}\n") == '<blockquote>\n<p id="pid">quote</p>\n</blockquote>\n'
    assert _html("- a\n\n  b\n  {: .y}\n") == '<ul>\n<li>\n<p>a</p>\n<p class="y">b</p>\n</li>\n</ul>\n'


def test_an_attribute_list_after_a_fence_goes_on_its_pre() -> None:
    assert _html("```python\nx\n```\n{: .code #cid}\n\n```\nplain\n```\n{: .plain}\n") == (
        '<pre class="highlight code" id="cid"><code class="language-python"><span class="n">x</span>\n</code></pre>\n'
        '<pre class="plain"><code>plain\n</code></pre>\n')


def test_attribute_list_definitions_are_named_by_later_lists() -> None:
    # As Jekyll 4.3 writes them: the definition shows nothing, a name stands for its attributes.
    body = ('{:ref: .refclass #refid}\n\n{: ref .more}\nPara ref.\n\nText\n{: ref}\n\n'
            '{:wide: .full width="50%"}\nUsed in a span: ![x](/x.png){: wide}\n\nUnknown {: nothing} stays.\n')
    assert _html(body) == ('<p class="refclass more" id="refid">Para ref.</p>\n<p class="refclass" id="refid">Text</p>\n'
                           '<p>Used in a span: <img src="/x.png" alt="x" class="full" width="50%" /></p>\n'
                           "<p>Unknown {: nothing} stays.</p>\n")


@pytest.mark.parametrize("body", ["{:a: " + " " * 60_000 + "x", "{:a: .b}\n" + "{: a" + " " * 60_000 + "x\n",
                                  "{:a: .b}\n" + "{: a " * 30_000])
def test_definitions_take_time_linear_in_the_text(body: str) -> None:
    started = time.process_time()
    render_body(body, SETTINGS)
    assert time.process_time() - started < 3


def test_an_attribute_list_line_inside_a_paragraph_ends_it_as_kramdown_does() -> None:
    # Jekyll 4.3: the figure's paragraph takes the IAL, and its caption starts a paragraph of its own.
    body = '![R-CNN](/a.png)\n{: style="width: 500px;" class="center"}\n*Fig. 1.*\n\nOne\n{: .c}\ntwo\n'
    assert render_body(body, MarkdownSettings()).html == (
        '<p style="width: 500px;" class="center"><img src="/a.png" alt="R-CNN" /></p>\n<p><em>Fig. 1.</em></p>\n'
        '<p class="c">One</p>\n<p>two</p>\n')
