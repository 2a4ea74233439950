"""Liquid in post bodies: tags removed outside fences, link outputs filled in."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.content.liquid import (
    BLOCK,
    LIQUID_OUTPUT,
    _blocks,
    _outputs,
    _strip_by_lines,
    _Stripping,
    highlight_as_fences,
    strip_liquid,
)
from generator.markdown.render import MarkdownSettings, render_body

VARIABLES = {"site.baseurl": "/blog", "BASE_PATH": "/blog", "site.url": "https://x.org"}
# Pieces of lines: fence marks at various indents, white space of every kind, Liquid.
PIECE = st.sampled_from([
    "```", "````", "~~~", "~~~~", "`", "~", " ", "   ", "    ", "\t", "\u3000", "\xa0", "\x1f", "\n", "\n",
    "{% include JB/setup %}", "{% raw %}", "{% endraw %}", "{{ site.baseurl }}", "{{ x }}", "{%", "%}", "text", "中",
    "{% highlight c %}", "{% highlight py linenos %}", "{% endhighlight %}", "{% comment %}", "{% endcomment %}",
])


@pytest.mark.parametrize("body, text, removed", [
    # tags go outside fences, lines stay
    ("{% include JB/setup %}\nText {% assign x = 1 %}here\n```\n{% include kept %}\n```\n",
     "\nText here\n```\n{% include kept %}\n```\n", ("assign",)),
    # comments are never published, captures are reported
    ("Text.{% comment %} private {% include x %}\nnote {% endcomment %}\n{%- capture aside -%}draft{% endcapture %}More.\n",
     "Text.\nMore.\n", ("capture",)),
])
def test_removes_tags_and_blocks_outside_fences(body: str, text: str, removed: tuple[str, ...]) -> None:
    result = strip_liquid(body)
    assert (result.text, result.removed) == (text, removed)


def test_only_jekyll_bootstraps_setup_is_removed_unreported() -> None:
    body = "{%- include  JB/setup -%}\n{% include JB/setup.html %}\n{% include footer.html %}\n"
    result = strip_liquid(body)
    assert result.text == "\n\n\n"
    assert result.removed == ("include",)
    assert strip_liquid("{% include JB/setup %}\n").removed == ()


def test_raw_keeps_content_literally() -> None:
    result = strip_liquid("{% raw %}{{ not liquid }} {% tag %}{% endraw %}\n")
    assert result.text == "{{ not liquid }} {% tag %}\n"


def test_link_tags_become_the_urls_they_name_or_nothing() -> None:
    body = "[a]({% post_url 2024-01-01-a %}) [b]({%- link /about.md -%})\n```\n{% post_url x %}\n```\n"
    links = {"post_url 2024-01-01-a": "/2024/01/01/a.html", "link about.md": "/about/"}
    found = strip_liquid(body, links=links)
    assert found.text == "[a](/2024/01/01/a.html) [b](/about/)\n```\n{% post_url x %}\n```\n"
    assert found.targets == ("post_url 2024-01-01-a", "link about.md") and found.removed == ()
    assert strip_liquid(body).text == "[a]() [b]()\n```\n{% post_url x %}\n```\n"


def test_four_backtick_fence_closed_by_three_runs_to_the_end() -> None:
    body = "````\n1. a\n```\n{% include inside %}\n"
    assert strip_liquid(body).text == body


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join), st.booleans())
@example("```\n{% a %}\n  \t```  \n{% b %}\n", True)
@example("~~~~\n~~~\n    ~~~~\n{% a %}", True)
@example("{% highlight c %}\n```\n{% endhighlight %}\n{% a %}", False)
def test_fences_found_by_expressions_are_those_found_line_by_line(body: str, with_variables: bool) -> None:
    variables = VARIABLES if with_variables else None
    assert strip_liquid(body, variables) == _strip_by_lines(highlight_as_fences(body), _Stripping(variables, None))


def test_text_with_other_line_breaks_is_read_line_by_line() -> None:
    # str.splitlines breaks at U+2028 too: the fence closes on the line after it
    body = "```\n{% kept %}\u2028```\n{% dropped %}\n"
    assert strip_liquid(body).text == "```\n{% kept %}\u2028```\n\n"


def test_highlight_blocks_become_fenced_code_kept_exactly() -> None:
    body = "Before.\n{% highlight ruby linenos %}\nputs `ls`\n{% include x %} **not bold**\n{%- endhighlight -%}\nAfter.\n"
    assert highlight_as_fences(body) == "Before.\n```ruby linenos\nputs `ls`\n{% include x %} **not bold**\n```\nAfter.\n"
    assert strip_liquid(body).removed == ()


def test_a_highlight_fence_outlasts_the_backticks_in_its_code() -> None:
    body = "{% highlight markdown %}\n````\ncode\n````\n{% endhighlight %}"
    assert highlight_as_fences(body) == "`````markdown\n````\ncode\n````\n`````\n"


def test_an_indented_highlight_keeps_its_code_at_its_indent() -> None:
    body = "- item\n\n  {% highlight c %}\n  int x;\n\n   y;\n  {% endhighlight %}\n"
    html = render_body(body, MarkdownSettings()).html
    assert "<li>" in html and html.count("<pre") == 1
    text = re.sub(r"<[^>]+>", "", html[html.index("<pre") : html.index("</pre>")])
    assert text == "  int x;\n\n   y;\n"


def test_highlight_inside_a_fence_or_never_closed_stays_as_written() -> None:
    fenced = "```\n{% highlight c %}\nx\n{% endhighlight %}\n```\n"
    assert highlight_as_fences(fenced) == fenced
    unclosed = "{% highlight c %}\nint x;\n"
    assert highlight_as_fences(unclosed) == unclosed
    assert strip_liquid(unclosed).removed == ("highlight",)


def test_linenos_numbers_every_line_of_the_highlighted_code() -> None:
    body = "{% highlight python linenos %}\n" + "".join(f"x{n} = {n}\n" for n in range(1, 11)) + "{% endhighlight %}\n"
    html = render_body(body, MarkdownSettings()).html
    numbers = re.search(r'<pre class="lineno">([^<]*)</pre>', html)
    assert numbers is not None and numbers.group(1) == "".join(f"{n}\n" for n in range(1, 11))
    plain = render_body(body.replace(" linenos", ""), MarkdownSettings()).html
    assert "lineno" not in plain and '<span class="n">x1</span>' in plain


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join))
def test_highlight_blocks_lose_no_line_of_code(body: str) -> None:
    converted = highlight_as_fences(body)
    kept = [line.strip() for line in converted.splitlines()]
    for line in body.splitlines():
        if not re.fullmatch(r"\{%-?\s*(end)?highlight\b.*", line.strip()):
            assert line.strip() in kept


# Pieces of outputs and blocks: their marks, dashes, white space of every kind, the kinds of block.
LIQUID_PIECE = st.sampled_from([
    "{{", "}}", "{%", "%}", "-", "}", "{", "%", " ", "\n", "\t", "\u3000", "\x1c", "a", "x y", "raw", "endraw",
    "comment", "endcomment", "capture", "{% raw %}", "{% endraw %}", "{%- endcomment -%}", "{% comment %}",
    "site.baseurl",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(LIQUID_PIECE, max_size=16).map("".join))
@example("{{ a {{\nb }}")
@example("{{{-\n b}}")
@example("{% raw {% endraw %}{% endraw %}")
def test_outputs_and_blocks_are_those_the_expressions_find(text: str) -> None:
    assert list(_outputs(text)) == [(m.start(), m.end(), m.group(1)) for m in LIQUID_OUTPUT.finditer(text)]
    assert [m.span() for m in _blocks(text)] == [m.span() for m in BLOCK.finditer(text)]


@pytest.mark.parametrize("body, text", [
    ("{% a " * 10_000, "{% a " * 10_000),  # no tag ever closes (18 s before)
    ("{{ a " * 10_000 + "\nx }}", "{{ a " * 10_000 + "\nx }}"),  # nor output on its line (38 s)
    ("{{" + " " * 2_000 + "x", "{{" + " " * 2_000 + "x"),  # white space after `{{` (36 s)
    ("{% raw %}" * 10_000, ""),  # blocks never ended (13 s)
])
def test_liquid_is_removed_in_time_linear_in_the_text(body: str, text: str) -> None:
    started = time.process_time()
    assert strip_liquid(body, VARIABLES).text == text
    assert time.process_time() - started < 1
