"""/papers/'s charts and titles, the tags page's cloud, tag pages as compact lists, and list
excerpts that never repeat a post's title."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.papers.charts import top_venues, venue_chart, year_chart, years_counted
from generator.papers.notes import Paper
from generator.papers.venues import shown_title
from tests.conftest import build_files

SVG = "{http://www.w3.org/2000/svg}"


def _paper(title: str, year: int | None, venue: str | None) -> Paper:
    return Paper(title, year, venue, None, (), None, None, ())


PAPERS = [_paper("A", 2019, "OSDI"), _paper("B", 2019, "OSDI"), _paper("C", 2021, "SOSP <&>"), _paper("D", None, None)]


def test_years_are_counted_with_empty_years_between() -> None:
    assert years_counted(PAPERS) == [(2019, 2), (2020, 0), (2021, 1)]
    assert top_venues(PAPERS) == [("OSDI", 2), ("SOSP <&>", 1)]
    assert years_counted([]) == [] and year_chart([]) == "" and venue_chart([]) == ""


def test_charts_are_svg_that_names_itself_and_draws_in_the_themes_colours() -> None:
    for chart, title, desc in (
        (year_chart(years_counted(PAPERS)), "Papers per year", "3 papers from 2019 to 2021; the most, 2, in 2019."),
        (venue_chart(top_venues(PAPERS)), "Top 2 venues", "OSDI: 2; SOSP <&>: 1."),
    ):
        svg = ET.fromstring(chart)
        assert svg.get("role") == "img"
        labelled = (svg.get("aria-labelledby") or "").split()
        found = {element.get("id"): element.text for element in svg.iter() if element.get("id") in labelled}
        assert list(found.values()) == [title, desc]
        assert len(svg.findall(f"{SVG}rect")) >= 2
        assert "fill=" not in chart and "stroke=" not in chart  # colours come from the page's CSS


def test_a_bare_url_title_shows_as_host_and_path_shortened() -> None:
    assert shown_title("https://www.usenix.org/conference/osdi22/presentation/yu") == "usenix.org/conference/osdi22/presentation/yu"
    long = "https://www.example.com/" + "a" * 60 + "/" + "b" * 40 + ".pdf"
    assert len(long) == 129
    assert shown_title(long) == "example.com/" + "a" * 28 + "…" + "b" * 15 + ".pdf"
    assert shown_title("Spanner: https://example.org/x") == "Spanner: https://example.org/x"
    assert shown_title("Raft") == "Raft"


def _post(number: int, **front: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{lines}---\nThe first paragraph of post {number}.\n"


def test_a_summary_that_repeats_the_title_is_not_shown(tmp_path: Path) -> None:
    files = {
        "_config.yml": "title: T\n",
        "_posts/2024-01-01-a.md": _post(1, title="Same Title", description="Same Title"),
        "_posts/2024-01-02-b.md": _post(2, title="Opening", excerpt="'opening words, and more'"),
        "_posts/2024-01-03-c.md": _post(3, title="Kept", description="Something else"),
    }
    assert build_files(tmp_path, files).ok
    page = (tmp_path / "_site/index.html").read_text("utf-8")
    excerpts = re.findall(r'<p class="post-excerpt">(.*?)</p>', page)
    assert excerpts == ["Something else", "The first paragraph of post 2.", "The first paragraph of post 1."]


def test_a_tag_page_is_one_line_a_post_under_counted_years_and_the_tags_page_a_cloud(tmp_path: Path) -> None:
    files = {"_config.yml": "title: T\n"}
    for number in range(6):
        files[f"_posts/20{20 + number % 2}-01-0{number + 1}-p{number}.md"] = _post(number, title=f"P{number}", tags="[big]")
    files["_posts/2022-01-01-small.md"] = _post(9, title="Small", tags="[small, big]")
    assert build_files(tmp_path, files).ok
    page = (tmp_path / "_site/tags/big/index.html").read_text("utf-8")
    years = re.findall(r'<h2 id="y(\d+)">\d+ <span class="count">(\d+) posts?</span>', page)
    assert years == [("2022", "1"), ("2021", "3"), ("2020", "3")]
    assert page.count('<ul class="archive-list">') == 3 and "post-excerpt" not in page
    cloud = (tmp_path / "_site/tags/index.html").read_text("utf-8")
    assert re.findall(r'<li class="weight-(\d)" id="(\w+)-ref"', cloud) == [("4", "big"), ("1", "small")]
