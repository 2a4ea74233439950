"""The compiled fast path (markdown/fast.py) writes what the reference path writes, wherever it is taken."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.config.kramdown import KRAMDOWN_DEFAULTS
from generator.markdown import fast
from generator.markdown.fast import compiled_engine, fast_markup
from generator.markdown.render import MarkdownSettings, _render_env, markdown_engine, render_body

needs_wheel = pytest.mark.skipif(compiled_engine() is None, reason="no markdown-it-pyrs wheel for this machine")

REPOSITORY = Path(__file__).resolve().parent.parent

# Inline pieces: what plain prose holds, and what each of paperfold's rules reads.
WORDS = st.sampled_from([
    "word", "two words", "Raft", "中文", "注意力机制", "日本語", "x", "1", "2019", "a_b", "snake_case",
    " ", "  ", "\t", "\u00a0", "\u3000", "。", "，", "“", "”", "£", "€", "©", "→", "(", ")", "!", "?", ":", ";", ",",
    ".", "/", "%", "+", "=", "@", "#", "##", "C#", "~", "-", "_", "*", "**", "`", "[", "]", "!", "é", "ß", "İ",
    "*em*", "_em_", "**strong**", "__strong__", "*a **b** c*", "~~gone~~", "~one~", "`code`", "`` a`b ``",
    "` x `", "[link](http://example.com/a?b=c#d)", "[rel](/posts/x.html)", "[mail](mailto:a@b.c)",
    "[bad](javascript:alert(1))", "[irc](irc://host)", "[spaced](a b)", "[uni](http://例え.jp)",
    "![alt *x*](/i.png)", "[ref][a]", "[a]", "<b>bold</b>", "<http://a.b>", "&amp;", "&copy;", "&#123;",
    "\\[", "\\*", "\\_", "\\#", "\\\\", "\\'", "\\\"", "\\-", "\\.", "\\>", "'", '"', "it's", '"quoted"', "--",
    "---", "...", "<<", ">>", "$x$", "$$y$$", "{: .c}", "{#id}", "{::comment}x{:/comment}", "a | b", "[^1]",
    "www.example.com", "http://bare.example.org", "中*强调*文", "*中*文", "a*b*c", "_中_",
])
INLINE = st.lists(WORDS, min_size=1, max_size=8).map("".join)
PREFIX = st.sampled_from(["", "", "", "# ", "## ", "###### ", "> ", "> > ", "- ", "* ", "+ ", "1. ", "2) ",
                          "  - ", "    - ", "   ", "    ", "\t", "#", "- # ", "> ## "])
LINE = st.one_of(
    st.tuples(PREFIX, INLINE).map("".join),
    st.sampled_from(["", "", "===", "---", "***", "- - -", "  ", "[a]: http://example.com", "[^1]: note",
                     "| a | b |", "|---|---|", "<div>", "</div>", "$$", "{:toc}", "* TOC"]),
)
FENCE = st.sampled_from([
    "```\n1. first item\n   http://example.com\n    1. child [2019, OSDI, 57 refs]\n2. second\n```",
    "```\n1. Paper A\n   https://a.example/x\n    n. related materials\n        1. B\n```",
    "```outline\n1. 中文 item\n2. another\n```",
    "```bash\necho 'hi' && ls | wc -l\n```",
    "```python linenos\nprint(\"x\")\n```",
    "```\nplain <code> & 'text'\n```",
    "~~~\n1. tilde\n~~~",
    "````\n1. four\n```\n",
    "  ```\n  1. indented\n  ```",
    "```c {: .x}\nint a;\n```",
])
BODY = st.lists(st.one_of(LINE, LINE, LINE, FENCE), max_size=14).map("\n".join)
OPTIONS = st.sampled_from([
    MarkdownSettings(),
    MarkdownSettings(typography=False),
    MarkdownSettings(kramdown=replace(KRAMDOWN_DEFAULTS, auto_id_prefix="h-")),
    MarkdownSettings(kramdown=replace(KRAMDOWN_DEFAULTS, auto_ids=False)),
    MarkdownSettings(baseurl="/blog"),
])


def _both(text: str, options: MarkdownSettings) -> tuple[str | None, dict[str, Any], str, dict[str, Any]]:
    engine = markdown_engine(options)
    ids = options.kramdown.auto_id_prefix if options.kramdown.auto_ids else None
    fast_env, reference_env = _render_env(None, 2, None), _render_env(None, 2, None)
    fast = fast_markup(text, engine, fast_env, typography=options.typography, baseurl=options.baseurl,
                       linkify=options.linkify, id_prefix=ids)
    return fast, fast_env, engine.render(text, reference_env), reference_env


def _same_notes(fast_env: dict[str, Any], reference_env: dict[str, Any]) -> None:
    assert fast_env["papers"] == reference_env["papers"]
    assert fast_env["search"] == reference_env["search"]
    assert [each.item_count for each in fast_env["outlines"]] == [each.item_count for each in reference_env["outlines"]]
    assert fast_env["has_math"] == reference_env["has_math"]


@needs_wheel
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODY, OPTIONS)
@example("## Raft *log*\n\ntext\n\n## Raft log\n\n# ![x](/a.png) `c d` [e](/f)", MarkdownSettings())
@example("```\n1. item\n```\nprose\n```\n2. item\n```\n# 中文", MarkdownSettings())
@example("````\n1. four\n```\n\nword\n  ", MarkdownSettings())  # open to the end, a blank last line
@example("* TOC\n  ```\n  1. indented\n  ```", MarkdownSettings())  # a fence in a list item
@example("£_em_ ~~a~~~~b~~ # \\_", MarkdownSettings(typography=False))
@example("[`\n\n[a ``b`]", MarkdownSettings())  # what markdown-it-pyrs 0.4.0 panics on
@example(">  \n\n- >", MarkdownSettings())  # empty quotes
def test_wherever_the_fast_path_is_taken_it_writes_the_reference_bytes(text: str, options: MarkdownSettings) -> None:
    fast, fast_env, reference, reference_env = _both(text, options)
    if fast is not None:
        assert fast == reference
        _same_notes(fast_env, reference_env)


@needs_wheel
@pytest.mark.parametrize("text", [
    "Plain prose with *emphasis*, `code` and [a link](https://example.com/x).\n\n## A heading\n\n- a\n- b\n",
    "Notes.\n\n```\n1. Paper\n   https://example.com/p\n    1. point\n```\n\n### Next\n\n```\n1. Other\n```\n",
    "中文的段落，没有引号。\n\n1. one\n2. two\n",
])
def test_plain_bodies_take_the_fast_path(text: str) -> None:
    fast, _, reference, _ = _both(text, MarkdownSettings())
    assert fast == reference


@pytest.mark.parametrize("text", [
    "It's typography.", 'A "quote".', "a -- b", "wait...", "<div>html</div>", "para\n{: .class}",
    "## Title {#own}", "$x^2$", "| a | b |\n|---|---|\n| 1 | 2 |", "note[^1]\n\n[^1]: the note", "[a]\n\n[a]: /x",
    "&copy;", "[x](a b)", "[x](irc://host)", "[x](http://例え.jp)", "a\r\nb", "a\u00a0b", "~~gone~~", "£_em_",
    "[a `b", "- item\n\n  ```\n  1. outline\n  ```", "lone \ud800 surrogate",
])
def test_what_a_rule_reads_takes_the_reference_path(text: str) -> None:
    assert _both(text, MarkdownSettings())[0] is None


@needs_wheel
def test_quotes_and_dashes_are_plain_without_typography() -> None:
    text = "It's \"quoted\" -- and..."
    fast, _, reference, _ = _both(text, MarkdownSettings(typography=False))
    assert fast == reference


def test_linkify_and_base_urls_keep_links_on_the_reference_path() -> None:
    assert _both("[x](/posts/a.html)", MarkdownSettings(baseurl="/blog"))[0] is None
    assert _both("plain words", MarkdownSettings(linkify=True))[0] is None


def _bodies(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8").split("---", 2)[-1] for path in sorted(folder.glob("*.md"))]


def _rendered(bodies: list[str], monkeypatch: pytest.MonkeyPatch, *, reference: bool) -> list[object]:
    monkeypatch.setattr(fast, "compiled_engine", (lambda: None) if reference else compiled_engine)
    rendered = [render_body(body, MarkdownSettings()) for body in bodies]
    return [(each.html, each.outline_map, each.papers, each.search_sections, each.excerpt, each.has_math)
            for each in rendered]


@needs_wheel
@pytest.mark.parametrize("folder", ["bundled", "generated"])
def test_whole_corpora_give_the_same_bytes_on_both_paths(folder: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    if folder == "bundled":
        posts = REPOSITORY / "content" / "_posts"
    else:
        monkeypatch.syspath_prepend(str(REPOSITORY / "bench"))
        from corpus import generate
        generate(40, tmp_path)
        posts = tmp_path / "_posts"
    bodies = _bodies(posts)
    assert _rendered(bodies, monkeypatch, reference=False) == _rendered(bodies, monkeypatch, reference=True)


def test_without_the_wheel_every_body_takes_the_reference_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "markdown_it_pyrs", None)  # what an import finds with no wheel installed
    compiled_engine.cache_clear()
    try:
        assert compiled_engine() is None
        assert _both("Plain prose.", MarkdownSettings())[0] is None
        body = render_body("# Notes\n\n```\n1. Paper\n   https://example.com/p\n```\n", MarkdownSettings())
        assert body.html.startswith('<h1 id="notes">Notes</h1>\n<div class="outline" data-items="1">')
    finally:
        compiled_engine.cache_clear()
