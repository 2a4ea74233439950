from generator.liquid import strip_liquid


def test_removes_tags_outside_fences_and_keeps_lines() -> None:
    body = "{% include JB/setup %}\nText {% assign x = 1 %}here\n```\n{% include kept %}\n```\n"
    result = strip_liquid(body)
    assert result.text == "\nText here\n```\n{% include kept %}\n```\n"
    assert result.removed == ("include", "assign")


def test_raw_keeps_content_literally() -> None:
    result = strip_liquid("{% raw %}{{ not liquid }} {% tag %}{% endraw %}\n")
    assert result.text == "{{ not liquid }} {% tag %}\n"


def test_four_backtick_fence_closed_by_three_runs_to_the_end() -> None:
    body = "````\n1. a\n```\n{% include inside %}\n"
    assert strip_liquid(body).text == body
