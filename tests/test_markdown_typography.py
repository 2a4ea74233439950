"""kramdown's smart typography, heading ids and links, as Jekyll 4.3 writes them (each expected
string below is what Debian's jekyll made of the same body)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.config.kramdown import KramdownOptions, kramdown_options
from generator.markdown.render import MarkdownSettings, render_body
from generator.markdown.typography import smarten
from tests.conftest import build_files

SETTINGS = MarkdownSettings()


def _html(body: str, markdown: MarkdownSettings = SETTINGS) -> str:
    return render_body(body, markdown).html


@pytest.mark.parametrize(("body", "shown"), [
    ('It\'s "quoted" -- and --- and... done.', "It’s “quoted” – and — and… done."),
    ("<< and >> here. 'single' and \"double\".", "«\u00a0and\u00a0» here. ‘single’ and “double”."),
    ("The '90s and rock 'n' roll, don't, the dog's bone, 'tis.", "The ’90s and rock ‘n’ roll, don’t, the dog’s bone, ‘tis."),
    ('"Hello," she said. "Hi!" (he said "no") and *"em"* and "*em2*".',
     "“Hello,” she said. “Hi!” (he said “no”) and <em>“em”</em> and “<em>em2</em>”."),
    ("5'11\" tall, 1--2, a---b, x...y, ....", "5’11” tall, 1–2, a—b, x…y, …."),
    ("'single at start' mid'dle end'", "‘single at start’ mid’dle end’"),
    ("He said, \"'Nested' quote.\"", "He said, “‘Nested’ quote.”"),
    ("Apostrophe at end: the students' books.", "Apostrophe at end: the students’ books."),
    ("Copyright (c) and (tm) and +- and 1/2.", "Copyright (c) and (tm) and +- and 1/2."),
    ('(c) "foo"--"bar"', "(c) “foo”–“bar”"),
    ('Line one "\nline two"', "Line one “\nline two”"),
    ('他说"你好"。 \'x\'', "他说”你好”。 ‘x’"),
    ('"[x](/z)" and "`c`"', '“<a href="/z">x</a>” and “<code>c</code>”'),
])
def test_prose_gets_kramdowns_quotes_and_dashes(body: str, shown: str) -> None:
    assert _html(body) == f"<p>{shown}</p>\n"


def test_code_math_html_attributes_escapes_and_urls_stay_as_typed() -> None:
    body = ("`It's \"code\" -- x` and $$It's$$ <span title=\"It's -- q\">It's</span>\n\n"
            "Escaped \\\"quotes\\\" and \\-- dashes and it\\'s, see https://x.org/a--b...c's and <https://y.org/it's>\n\n"
            "```\nIt's \"fence\" -- x...\n```\n\n[It's \"link\"](/a--b \"Title's -- t\") ![It's -- alt](/y.png){: .x--y}\n")
    shown = _html(body)
    for typed in ("It's &quot;code&quot; -- x", "\\(It&#x27;s\\)", 'title="It\'s -- q"', "&quot;quotes&quot; and -- dashes",
                  "it's,", "https://x.org/a--b...c's", "https://y.org/it's", "It's &quot;fence&quot; -- x...",
                  'title="Title\'s -- t"', 'alt="It\'s -- alt"', 'class="x--y"'):
        assert typed in shown
    assert "It’s</span>" in shown and "It’s “link”" in shown


def test_an_outline_shows_every_character_as_typed() -> None:
    html = _html("```outline\n- It's \"typed\" -- as is...\n```\n")
    assert "–" not in html and "’" not in html and "…" not in html and "as is..." in html


def test_typography_can_be_turned_off(tmp_path: Path) -> None:
    assert _html("It's -- \"x\"", MarkdownSettings(typography=False)) == "<p>It's -- &quot;x&quot;</p>\n"
    result = build_files(tmp_path, {"_config.yml": "title: t\npaperfold:\n  typography: false\n",
                                    "_posts/2020-01-01-a.md": "---\ntitle: A\n---\nIt's -- done.\n"})
    assert not result.errors
    [page] = [path for path in (tmp_path / "_site").rglob("a*.html")]
    assert "It's -- done." in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(("heading", "anchor"), [
    ("### Parameterization of $$\\beta_t$$", "parameterization-of-beta_t"),
    ("### 中文标题", "中文标题"),
    ("### 中文 title here", "中文-title-here"),
    ("### Hello, World! (yes) & more", "hello-world-yes--more"),
    ("### Code `x_y` here", "code-x_y-here"),
    ("### A [link](http://x.org) in heading", "a-link-in-heading"),
    ("### Img ![alt text](/x.png) here", "img--here"),
    ("### Span <span class=\"k\">inner</span> &amp; ent", "span-inner--ent"),
    ("### Sup² Ⅻ é", "sup-ⅻ-é"),
    ("### dash -- and --- em", "dash--and--em"),
    ("### It's \"quoted\"", "its-quoted"),
    ("### under_score and  two  spaces", "under_score-and--two--spaces"),
    ("### $$x$$", "x"),
])
def test_heading_ids_are_kramdowns(heading: str, anchor: str) -> None:
    assert f'id="{anchor}"' in _html(heading + "\n")


def test_repeated_headings_count_up_and_given_ids_are_not_counted() -> None:
    body = "# A {#a}\n# A\n# !!!\n# !!!\n# Same\n# Same\n# Same\n"
    assert _html(body) == ('<h1 id="a">A</h1>\n<h1 id="a">A</h1>\n<h1>!!!</h1>\n<h1 id="-1">!!!</h1>\n'
                           '<h1 id="same">Same</h1>\n<h1 id="same-1">Same</h1>\n<h1 id="same-2">Same</h1>\n')


def test_the_table_of_contents_links_to_the_ids_kramdown_makes() -> None:
    html = _html("* TOC\n{:toc}\n\n## Parameterization of $$\\beta_t$$\n\n## It's -- here\n")
    assert '<a href="#parameterization-of-beta_t"' in html and '<a href="#its--here"' in html


def test_links_are_kramdowns() -> None:
    assert _html("[You and Your Research](You and Your Research)") == (
        '<p><a href="You%20and%20Your%20Research">You and Your Research</a></p>\n')
    assert _html('[S](/path with spaces/x.html "A title") ![I](my image.png)') == (
        '<p><a href="/path%20with%20spaces/x.html" title="A title">S</a> <img src="my%20image.png" alt="I" /></p>\n')
    assert _html("A bare twitter.com and www.example.com and https://example.com/x.\n\n<https://auto.org>") == (
        "<p>A bare twitter.com and www.example.com and https://example.com/x.</p>\n"
        '<p><a href="https://auto.org">https://auto.org</a></p>\n')
    assert 'href="http://twitter.com"' in _html("twitter.com", MarkdownSettings(linkify=True))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["'", '"', "--", "---", "...", "<<", ">>", " ", "\n", "a", "9", "s", "*", "_", "`", "\\",
                                 "(", "[", "]", "{:", "}", "http://", "-", ".", "中", "$"]) | st.text(max_size=3),
                max_size=30).map("".join))
@example("'\"")
@example("a'")
def test_smarten_changes_only_quotes_and_symbols(text: str) -> None:
    smart = smarten(text)
    undone = (smart.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "---")
              .replace("–", "--").replace("…", "...").replace("«\u00a0", "<< ").replace("\u00a0»", " >>")
              .replace("«", "<<").replace("»", ">>"))
    typed = (text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "---")
             .replace("–", "--").replace("…", "...").replace("«\u00a0", "<< ").replace("\u00a0»", " >>")
             .replace("«", "<<").replace("»", ">>"))
    assert undone == typed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["'", '"', "--", "...", "<<", " ", "\n", "a", "*", "`", "\\", "[", "](", ")",
                                 "{: .x}", "# ", "$$", "<b>", "http://x"]), max_size=25).map("".join))
def test_rendering_any_text_with_quotes_and_links_never_fails(text: str) -> None:
    render_body(text, SETTINGS)


@pytest.mark.parametrize("body", [
    "'a\" " * 25_000, "-- ... << >> " * 20_000, "{#" * 50_000, "http://x--" * 20_000,
    "[a](b c " * 20_000, "![a](b c \"t " * 20_000,
])
def test_typography_and_links_take_time_linear_in_the_text(body: str) -> None:
    started = time.process_time()
    render_body(body, SETTINGS)
    assert time.process_time() - started < 4


JEKYLL = shutil.which("jekyll")
COMPARED = (
    "It's \"quoted\" -- and --- and... done.\n\n<< and >> here. 'single' and \"double\".\n\n"
    "The '90s and rock 'n' roll, don't, the dog's bone, 'tis.\n\n\"Hello,\" she said. (he said \"no\") and *\"em\"*.\n\n"
    "5'11\" tall, 1--2, a---b, x...y.\n\nHe said, \"'Nested' quote.\"\n\n`It's \"code\" -- x` and <span title=\"a--b\">x</span>\n\n"
    "[You and Your Research](You and Your Research) and a bare twitter.com.\n\n"
    "### Parameterization of $$\\beta_t$$\n\n### 中文 title here\n\n### Hello, World! (yes) & more\n\n"
    "### Hello, World! (yes) & more\n\n### Code `x_y` here\n\n### dash -- and --- em\n\n### With id {#my-id}\n\n"
    "Lead.\n\n{: .lead}\n\nNext.\n\n![C](/a.png)\n{: style=\"width: 500px;\" class=\"center\"}\n"
)


def _shown(markup: str) -> tuple[list[str], list[str]]:
    """Each paragraph's and heading's text, and the ids and classes, of a page's HTML."""
    texts = [" ".join(html.unescape(re.sub(r"<[^>]+>|\\\(|\\\)", "", found)).split())
             for found in re.findall(r"<(?:p|h\d)\b[^>]*>(.*?)</(?:p|h\d)>", markup, re.DOTALL)]
    return texts, re.findall(r'\b(?:id|class|href)="([^"]*)"', markup.replace("%20", " "))


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")
def test_the_same_text_ids_and_links_as_jekyll(tmp_path: Path) -> None:
    (tmp_path / "src" / "_posts").mkdir(parents=True)
    (tmp_path / "src" / "_config.yml").write_text("title: t\ntimezone: UTC\n", encoding="utf-8")
    (tmp_path / "src" / "_posts" / "2020-01-01-a.md").write_text("---\nlayout: null\n---\n" + COMPARED, encoding="utf-8")
    subprocess.run([str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(tmp_path / "src"), "-d",
                    str(tmp_path / "out")], check=True, env={**os.environ, "TZ": "UTC"}, capture_output=True)
    jekyll = (tmp_path / "out" / "2020" / "01" / "01" / "a.html").read_text(encoding="utf-8")
    jekyll = re.sub(r'(class="[^"]*)\s*language-plaintext highlighter-rouge', r"\1", jekyll).replace(' class=""', "")
    assert _shown(_html(COMPARED).replace('class="math inline"', "")) == _shown(jekyll)


def test_jekylls_kramdown_settings_choose_the_marks_and_the_ids(tmp_path: Path) -> None:
    config = ("title: t\nkramdown:\n  smart_quotes: apos,apos,quot,quot\n  typographic_symbols: {hellip: '...', ndash: '-'}\n"
              "  auto_id_prefix: 'h-'\n")
    result = build_files(tmp_path, {"_config.yml": config, "_posts/2020-01-01-a.md":
                                    "---\ntitle: A\n---\n## It's \"x\"\n\nIt's \"x\" -- y... --- z\n"})
    assert not result.errors
    [page] = (tmp_path / "_site").rglob("a*.html")
    shown = page.read_text(encoding="utf-8")
    assert '<h2 id="h-its-x">' in shown and "<p>It's &quot;x&quot; - y... — z</p>" in shown
    assert _html("# A\n", MarkdownSettings(kramdown=KramdownOptions(auto_ids=False))) == "<h1>A</h1>\n"


def test_wrong_kramdown_settings_are_named(tmp_path: Path) -> None:
    problems: list[str] = []
    kramdown_options({"smart_quotes": "lsquo,rsquo", "typographic_symbols": {"bullet": "*"}, "auto_ids": "no",
                      "auto_id_prefix": 3}, problems)
    assert problems == [
        ("_config.yml: 'kramdown.smart_quotes' must be four entity names or numbers, as lsquo,rsquo,ldquo,rdquo, "
         "not 'lsquo,rsquo'"),
        ("_config.yml: 'kramdown.typographic_symbols' must map names among hellip, mdash, ndash, laquo, raquo, "
         "laquo_space, raquo_space to text, not {'bullet': '*'}"),
        "_config.yml: 'kramdown.auto_ids' must be true or false, not 'no'",
        "_config.yml: 'kramdown.auto_id_prefix' must be text, not 3",
    ]
    assert kramdown_options(["x"], problems) == KramdownOptions()
    assert problems[-1] == "_config.yml: 'kramdown' must be a mapping of kramdown's options"
    assert dict(kramdown_options({"smart_quotes": ["8216", "rsquo", "laquo", "raquo"]}, []).marks)["ldquo"] == "«"
