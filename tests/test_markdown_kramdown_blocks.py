"""kramdown's blocks in post bodies, as Jekyll renders them: raw HTML blocks, and `{::comment}`,
`{::nomarkdown}`, `{::options}`.

Each body is also built by Jekyll itself (skipped when it is not installed), and both pages are
compared as their elements and text, attributes and white space aside.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown.render import MarkdownSettings, render_body
from tests.conftest import write_files

SETTINGS = MarkdownSettings()
JEKYLL = shutil.which("jekyll")


def _html(body: str) -> str:
    return render_body(body, SETTINGS).html


# Case 4 (a): a list of raw HTML whose items are indented after a blank line.
INDENTED_ITEMS = "<ul>\n\n    <li>one *x*</li>\n    <li>two</li>\n</ul>\nafter *x*\n"
# Case 4 (b): span elements alone on a line are a paragraph's text; the Markdown after them is Markdown.
SPAN_ALONE = '<a name="qa" />\n**bold**\n\n- list\n\n<br />\n**bold**\n- item\n![img](a.png)\n'
NESTED = "<div>\n<div>\nnested\n\n    indented\n</div>\n*still*\n</div>\nafter\n"
TEXT_AFTER_END_TAG = "<div>x</div> trailing *t*\nnext\n"
SCRIPT = '<script>\nif (a < b) { x = "</div>"; }\n\n</script>\n*after*\n'
BLOCK_INTERRUPTS = "text\n<div>inside *a*</div>\nmore\n"
UNCLOSED = "<div>unclosed\n\n*md*\n"
# Case 7.
EXTENSIONS = ("{::comment}\nThis is a *comment*.\n{:/comment}\nafter\n\n"
              "text {::comment}inline{:/comment} more {::nomarkdown}<b>*x*</b>{:/nomarkdown} end\n\n"
              "{::nomarkdown}\n<div>*raw*</div>\n{:/nomarkdown}\n")
PARSE_BLOCK_HTML = '{::options parse_block_html="true" /}\n<div>\n*md*\n</div>\n<section>\n<p>para</p>\n<ul>\n<li>*li*</li>\n</ul>\n</section>\n'
NOT_EXTENSIONS = "{::comment}\nunclosed\n\n{::foo}bar{:/foo}\n"

BODIES = {name: body for name, body in globals().items() if name.isupper() and isinstance(body, str)
          and name not in ("JEKYLL",)}


def test_a_raw_html_list_keeps_its_indented_items() -> None:
    assert _html(INDENTED_ITEMS) == (
        "<ul>\n\n    <li>one *x*</li>\n    <li>two</li>\n</ul>\n<p>after <em>x</em></p>\n")


def test_a_span_element_alone_on_a_line_starts_a_paragraph_whose_markdown_is_parsed() -> None:
    assert _html(SPAN_ALONE) == (
        '<p><a name="qa" />\n<strong>bold</strong></p>\n<ul>\n<li>list</li>\n</ul>\n'
        '<p><br />\n<strong>bold</strong></p>\n<ul>\n<li>item\n<img src="a.png" alt="img" /></li>\n</ul>\n')


def test_an_html_block_ends_at_its_own_end_tag() -> None:
    assert _html(NESTED) == "<div>\n<div>\nnested\n\n    indented\n</div>\n*still*\n</div>\n<p>after</p>\n"
    assert _html(SCRIPT) == '<script>\nif (a < b) { x = "</div>"; }\n\n</script>\n<p><em>after</em></p>\n'
    assert _html(UNCLOSED) == "<div>unclosed\n\n*md*\n</div>\n"


def test_text_after_an_end_tag_is_markdown() -> None:
    assert _html(TEXT_AFTER_END_TAG) == "<div>x</div>\n<p>trailing <em>t</em>\nnext</p>\n"
    assert _html("<div>a</div><p>b</p>\n") == "<div>a</div><p>b</p>\n"


def test_an_html_block_interrupts_a_paragraph() -> None:
    assert _html(BLOCK_INTERRUPTS) == "<p>text</p>\n<div>inside *a*</div>\n<p>more</p>\n"


def test_comments_code_and_fences_stay_as_they_were() -> None:
    assert _html("<!-- c -->\n*x*\n\n    <div>code</div>\n\n```\n<div>\n```\n") == (
        "<!-- c -->\n<p><em>x</em></p>\n<pre><code>&lt;div&gt;code&lt;/div&gt;\n</code></pre>\n"
        "<pre><code>&lt;div&gt;\n</code></pre>\n")


def test_markdown_inside_an_html_block_that_asks_for_it() -> None:
    assert _html('<div class="n" markdown="1">\n*md*\n\n<div>\n*raw*\n</div>\n</div>\n') == (
        '<div class="n">\n<p><em>md</em></p>\n<div>\n*raw*\n</div>\n</div>\n')
    assert _html(PARSE_BLOCK_HTML) == (
        "<div>\n<p><em>md</em></p>\n</div>\n<section>\n<p>para</p>\n<ul>\n<li>*li*</li>\n</ul>\n</section>\n")


def test_raw_html_off_keeps_blocks_as_text() -> None:
    body = "<div>\n\n    x\n</div>\n"
    assert render_body(body, MarkdownSettings(raw_html=False)).html == (
        "<p>&lt;div&gt;</p>\n<pre><code>x\n</code></pre>\n<p>&lt;/div&gt;</p>\n")


def test_comments_are_dropped_and_nomarkdown_kept_as_it_is() -> None:
    assert _html(EXTENSIONS) == "<p>after</p>\n<p>text  more <b>*x*</b> end</p>\n<div>*raw*</div>\n"


def test_extensions_kramdown_does_not_take_stay_text() -> None:
    assert _html(NOT_EXTENSIONS) == "<p>{::comment}\nunclosed</p>\n<p>{::foo}bar{:/foo}</p>\n"


def test_options_are_consumed_and_last_only_for_their_body() -> None:
    assert _html('{::options auto_ids="false" /}\ntext {::options parse_block_html="1" /}\n') == "<p>text </p>\n"
    assert _html("<div>\n*md*\n</div>\n") == "<div>\n*md*\n</div>\n"


class _Skeleton(HTMLParser):
    """A page as its elements and text: attributes, comments and white space aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.items.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.items and not self.items[-1].startswith("<"):
            self.items[-1] += " " + text
        elif text:
            self.items.append(text)


def skeleton(markup: str) -> list[str]:
    parser = _Skeleton()
    parser.feed(markup)
    parser.close()
    return parser.items


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")
def test_jekyll_renders_these_bodies_to_the_same_elements_and_text(tmp_path: Path) -> None:
    # Pages with no layout: Jekyll writes each body's HTML alone.
    source = write_files(tmp_path / "site", {f"{name}.md": f"---\n---\n{body}" for name, body in BODIES.items()})
    process = subprocess.run(
        [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(tmp_path / "out")],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LANG": "C.UTF-8"}, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    for name, body in BODIES.items():
        jekyll = (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")
        assert skeleton(_html(body)) == skeleton(jekyll), name


# Pieces the new rules read: tags, pipes, separators, extensions, indentation and text.
PIECE = st.sampled_from([
    "<div>", "</div>", "<ul>", "<li>", "</li>", "<br />", "<script>", "</script>", "<!--", "-->", '<p a="', "<",
    "{::comment}", "{:/comment}", "{:/}", "{::nomarkdown}", "{::options /}",
    '{::options parse_block_html="true" /}', '<div markdown="1">', "{: .c}", "\n", "\n\n", "    ", "> ", "- ",
    "*x*", "text",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join))
@example("<div>\n| a |\n</div> x\n| b |\n")
@example('{::options parse_block_html="true" /}\n- <div>\n  x\n  </div>\n')
def test_any_mix_of_blocks_renders(body: str) -> None:
    assert isinstance(_html(body), str)


@pytest.mark.parametrize("body", [
    "<div>a</div>\n" * 20_000,  # many blocks: looking for the container's end from each took 20,000² steps
    "- <div>\n  x\n" * 5_000,  # elements never closed, in list items
    "<div>\n" * 20_000,  # nested, never closed
    '<div><p a="' * 20_000 + "\n",  # quoted values never closed
    "<div" + " " * 60_000 + "x>\n",
    "{::comment}\n" * 20_000,  # extensions never ended
    "{::nomarkdown}" * 20_000 + "\n",
])
def test_the_block_rules_take_time_linear_in_the_text(body: str) -> None:
    started = time.process_time()
    _html(body)
    assert time.process_time() - started < 6
