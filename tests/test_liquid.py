"""Liquid in post bodies: tags removed outside fences, link outputs filled in."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.liquid import _strip_by_lines, strip_liquid

VARIABLES = {"site.baseurl": "/blog", "BASE_PATH": "/blog", "site.url": "https://x.org"}
# Pieces of lines: fence marks at various indents, white space of every kind, Liquid.
PIECE = st.sampled_from([
    "```", "````", "~~~", "~~~~", "`", "~", " ", "   ", "    ", "\t", "\u3000", "\xa0", "\x1f", "\n", "\n",
    "{% include JB/setup %}", "{% raw %}", "{% endraw %}", "{{ site.baseurl }}", "{{ x }}", "{%", "%}", "text", "中",
])


def test_removes_tags_outside_fences_and_keeps_lines() -> None:
    body = "{% include JB/setup %}\nText {% assign x = 1 %}here\n```\n{% include kept %}\n```\n"
    result = strip_liquid(body)
    assert result.text == "\nText here\n```\n{% include kept %}\n```\n"
    assert result.removed == ("assign",)


def test_only_jekyll_bootstraps_setup_is_removed_unreported() -> None:
    body = "{%- include  JB/setup -%}\n{% include JB/setup.html %}\n{% include footer.html %}\n"
    result = strip_liquid(body)
    assert result.text == "\n\n\n"
    assert result.removed == ("include",)
    assert strip_liquid("{% include JB/setup %}\n").removed == ()


def test_raw_keeps_content_literally() -> None:
    result = strip_liquid("{% raw %}{{ not liquid }} {% tag %}{% endraw %}\n")
    assert result.text == "{{ not liquid }} {% tag %}\n"


def test_four_backtick_fence_closed_by_three_runs_to_the_end() -> None:
    body = "````\n1. a\n```\n{% include inside %}\n"
    assert strip_liquid(body).text == body


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join), st.booleans())
@example("```\n{% a %}\n  \t```  \n{% b %}\n", True)
@example("~~~~\n~~~\n    ~~~~\n{% a %}", True)
def test_fences_found_by_expressions_are_those_found_line_by_line(body: str, with_variables: bool) -> None:
    variables = VARIABLES if with_variables else None
    assert strip_liquid(body, variables) == _strip_by_lines(body, [], variables)


def test_text_with_other_line_breaks_is_read_line_by_line() -> None:
    # str.splitlines breaks at U+2028 too: the fence closes on the line after it
    body = "```\n{% kept %}\u2028```\n{% dropped %}\n"
    assert strip_liquid(body).text == "```\n{% kept %}\u2028```\n\n"
