"""What /papers/ is made of: venue names merged under one spelling, placeholders that are not
venues, and years read from arXiv ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.outline.links import parse_annotation
from generator.papers.index import index_papers
from generator.papers.notes import PaperNote
from generator.papers.venues import arxiv_year, normalize_venue, venue_in_annotation
from tests.conftest import build_files


@pytest.mark.parametrize(("identifier", "year"), [
    ("2404.14294", 2024), ("0704.0001", 2007), ("1910.02054", 2019),
    ("cs/0112017", 2001), ("hep-th/9901001", 1999), ("math/9108001", 1991),
])
def test_an_arxiv_id_gives_the_year_it_was_posted(identifier: str, year: int) -> None:
    assert arxiv_year(identifier) == year


@given(st.integers(7, 99), st.integers(1, 12), st.integers(1, 99999))
def test_every_new_style_id_gives_a_year_of_this_century(year: int, month: int, number: int) -> None:
    assert arxiv_year(f"{year:02d}{month:02d}.{number:05d}") == 2000 + year


@pytest.mark.parametrize("written", ["SIGMOD Conference", "ACM SIGMOD", "sigmod", "Proc. SIGMOD", "SIGMOD '19"])
def test_spellings_of_one_venue_are_one_venue(written: str) -> None:
    assert normalize_venue(written)[0] == "SIGMOD"


@pytest.mark.parametrize("annotation", ["[2019, year, 10 refs]", "[2019, Year, 10 refs]", "[2020, TBD, 3 refs]"])
def test_a_placeholder_word_is_not_a_venue(annotation: str) -> None:
    parsed = parse_annotation(annotation)
    assert parsed is not None and venue_in_annotation(parsed) is None


def _note(title: str, year: int | None, venue: str | None, url: str) -> PaperNote:
    return PaperNote(title, year, None, venue, (), (url,) if url else (), "", 1)


def test_a_paper_without_a_year_takes_its_arxiv_ids_and_keeps_the_venue_as_written() -> None:
    posts = [
        ("A", "/a/", (_note("Llama serving", None, None, "https://arxiv.org/abs/2404.14294v2"),
                      _note("Old theory", None, None, "https://arxiv.org/abs/cs/0112017"),
                      _note("Spanner", 2012, "Usenix osdi", "https://example.org/spanner.pdf"))),
        ("B", "/b/", (_note("Spanner", 2012, "OSDI '12", "https://example.org/spanner.pdf"),
                      _note("Dated already", 2025, None, "https://arxiv.org/abs/2404.00001"))),
    ]
    papers = {paper.title: paper for paper in index_papers(posts)}
    assert papers["Llama serving"].year == 2024
    assert papers["Old theory"].year == 2001
    assert papers["Dated already"].year == 2025  # a note's own year wins over the id's
    assert papers["Spanner"].venue == "OSDI"
    assert papers["Spanner"].venue_as_written == ("Usenix osdi", "OSDI '12")


POST = """---
title: Reading
---
```
1. Spanner    [2012, Usenix osdi, 900 refs]
2. Some Survey    [2019, year, 10 refs]
3. Mixtral https://arxiv.org/abs/2401.04088
```
"""


def test_papers_json_keeps_the_venue_as_written_and_the_page_lists_no_placeholder(tmp_path: Path) -> None:
    result = build_files(tmp_path, {"_config.yml": "title: T\n", "_posts/2024-01-05-reading.md": POST})
    assert result.ok, result.errors
    records = {record["title"]: record for record in json.loads((tmp_path / "_site/papers.json").read_text("utf-8"))}
    assert (records["Spanner"]["venue"], records["Spanner"]["venue_as_written"]) == ("OSDI", ["Usenix osdi"])
    assert records["Some Survey"]["venue"] is None
    assert records["Mixtral"]["year"] == 2024
    assert not (tmp_path / "_site/papers/venues/year").exists()
    assert (tmp_path / "_site/papers/years/2024/index.html").is_file()
