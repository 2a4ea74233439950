"""kramdown's blocks in post bodies, as Jekyll renders them: raw HTML blocks, tables without a
delimiter row (or with separators and footers), and `{::comment}`, `{::nomarkdown}`, `{::options}`.

Each body is also built by Jekyll itself (skipped when it is not installed), and both pages are
compared as their elements and text, attributes and white space aside.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown.render import MarkdownSettings, render_body
from generator.markdown.tables import split_cells
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
# Case 6.
NO_DELIMITER_ROW = "| Model | Goal |\n| R-CNN | det |\n"
DELIMITER_FIRST = "|---|---|\n| Model | Goal |\n| R-CNN | det |\n"
SEPARATORS_AND_FOOTER = "| a | b |\n| c | d |\n|---|---|\n| e | f |\n|---|---|\n| g | h |\n|===|===|\n| f1 | f2 |\n"
CELLS = "| a | `x|y` | b \\| c |\n| 1 |\n"
NOT_TABLES = "para before\n| a | b |\n| c | d |\n\n# Head\n| a | b |\n|-|-|\n| c | d |\n\n| e | f |\nafter\n"
TABLES_IN_BLOCKS = "- a | b\n- c | d\n\n> | e | f |\n> | g | h |\n"
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


def test_a_table_without_a_delimiter_row_has_a_body_only() -> None:
    expected = ("<table>\n<tbody>\n<tr>\n<td>Model</td>\n<td>Goal</td>\n</tr>\n<tr>\n<td>R-CNN</td>\n<td>det</td>\n"
                "</tr>\n</tbody>\n</table>\n")
    assert _html(NO_DELIMITER_ROW) == expected
    assert _html(DELIMITER_FIRST) == expected


def test_separator_lines_make_a_head_and_bodies_and_equals_signs_a_footer() -> None:
    assert _html(SEPARATORS_AND_FOOTER).replace("\n", "") == (
        "<table><thead><tr><th>a</th><th>b</th></tr><tr><th>c</th><th>d</th></tr></thead>"
        "<tbody><tr><td>e</td><td>f</td></tr></tbody><tbody><tr><td>g</td><td>h</td></tr></tbody>"
        "<tfoot><tr><td>f1</td><td>f2</td></tr></tfoot></table>")


def test_cells_split_at_pipes_outside_code_and_short_rows_are_filled() -> None:
    assert _html(CELLS).replace("\n", "") == (
        "<table><tbody><tr><td>a</td><td><code>x|y</code></td><td>b | c</td></tr>"
        "<tr><td>1</td><td></td><td></td></tr></tbody></table>")


def test_a_delimiter_row_aligns_its_columns() -> None:
    assert _html("| a | b | c |\n|:--|--:|:-:|\n| d | e | f |\n").replace("\n", "") == (
        '<table><thead><tr><th style="text-align:left">a</th><th style="text-align:right">b</th>'
        '<th style="text-align:center">c</th></tr></thead><tbody><tr><td style="text-align:left">d</td>'
        '<td style="text-align:right">e</td><td style="text-align:center">f</td></tr></tbody></table>')


def test_lines_next_to_a_paragraph_or_a_heading_are_no_table() -> None:
    assert _html(NOT_TABLES) == (
        '<p>para before\n| a | b |\n| c | d |</p>\n<h1 id="head">Head</h1>\n<p>| a | b |\n|-|-|\n| c | d |</p>\n'
        "<p>| e | f |\nafter</p>\n")


def test_tables_in_list_items_and_quotes() -> None:
    assert _html(TABLES_IN_BLOCKS).replace("\n", "") == (
        "<ul><li><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table></li>"
        "<li><table><tbody><tr><td>c</td><td>d</td></tr></tbody></table></li></ul>"
        "<blockquote><table><tbody><tr><td>e</td><td>f</td></tr><tr><td>g</td><td>h</td></tr></tbody></table>"
        "</blockquote>")


def test_a_table_may_follow_its_attribute_list_which_is_the_tables() -> None:
    assert '<table class="wide">' in _html("{: .wide}\n| a | b |\n")


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
    "|", "---", "===", ":", "`", "\\|", "{::comment}", "{:/comment}", "{:/}", "{::nomarkdown}", "{::options /}",
    '{::options parse_block_html="true" /}', '<div markdown="1">', "{: .c}", "\n", "\n\n", "    ", "> ", "- ",
    "*x*", "text",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join))
@example("<div>\n| a |\n</div> x\n| b |\n")
@example('{::options parse_block_html="true" /}\n- <div>\n  x\n  </div>\n')
def test_any_mix_of_blocks_renders(body: str) -> None:
    assert isinstance(_html(body), str)


def _cells_by_hand(text: str) -> list[str] | None:
    """kramdown's cells found character by character: a code span looked for from each backtick run."""
    cells: list[str] = []
    current, position = "", 0
    while position < len(text):
        if text.startswith("\\|", position):
            current, position = current + "|", position + 2
        elif text[position] == "|":
            cells.append(current)
            current, position = "", position + 1
        elif text[position] == "`":
            run = len(text[position:]) - len(text[position:].lstrip("`"))
            after = position + run
            closing = next((found.end() for found in re.finditer("`+", text[after:])
                            if len(found.group(0)) == run), None)
            end = after + closing if closing is not None else after
            current, position = current + text[position:end], end
        else:
            current, position = current + text[position], position + 1
    return cells + [current] if cells else None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["|", "\\|", "`", "``", "a", " ", "\\"]), max_size=30).map("".join))
@example("a `|` b | c")
def test_cells_are_split_as_kramdown_splits_them(line: str) -> None:
    assert split_cells(line) == _cells_by_hand(line)


@pytest.mark.parametrize("body", [
    "<div>a</div>\n" * 20_000,  # many blocks: looking for the container's end from each took 20,000² steps
    "- <div>\n  x\n" * 5_000,  # elements never closed, in list items
    "<div>\n" * 20_000,  # nested, never closed
    '<div><p a="' * 20_000 + "\n",  # quoted values never closed
    "<div" + " " * 60_000 + "x>\n",
    "{::comment}\n" * 20_000,  # extensions never ended
    "{::nomarkdown}" * 20_000 + "\n",
    "| a `" * 20_000 + "\n",  # backticks that close no code span
    "| a |\n" * 20_000,
    "|---|\n" * 20_000 + "x\n",
    "| a |\nx\n" * 20_000,
])
def test_the_block_rules_take_time_linear_in_the_text(body: str) -> None:
    started = time.process_time()
    _html(body)
    assert time.process_time() - started < 6
