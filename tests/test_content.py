from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.config.settings import BuildOptions, load_config
from generator.content.discover import SourceFile, discover
from generator.content.document import load_document, parse_post_name, read_source, split_front_matter
from generator.errors import ContentError
from tests.conftest import write_files

UTC = timezone.utc


def test_post_names_with_one_digit_month_and_day() -> None:
    name = parse_post_name("2024-3-7-raft-notes.md", UTC)
    assert name is not None and name.date == datetime(2024, 3, 7, tzinfo=UTC) and name.slug == "raft-notes"
    assert parse_post_name("raft-notes.md", UTC) is None


def test_front_matter_line_numbers() -> None:
    metadata, body, line = split_front_matter("---\ntitle: x\n---\nfirst body line\n", "a.md")
    assert metadata == {"title": "x"} and body == "first body line\n" and line == 4


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: 'unclosed\n---\n", "a.md:2: front matter is not valid YAML"),
    ("---\ntitle: a: b\n---\n", "a.md:2: front matter is not valid YAML"),
    ("---\n- a\n- b\n---\n", "a.md:2: front matter must be a mapping of keys, not a list"),
    ("---\ntitle: x\nno end\n", "a.md:1: front matter is not closed"),
])
def test_bad_front_matter_is_located(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        split_front_matter(text, "a.md")
    assert str(caught.value).startswith(expected)


def _load(tmp_path: Path, name: str, text: str | bytes):  # type: ignore[no-untyped-def]
    write_files(tmp_path, {f"_posts/{name}": text})
    config = load_config(BuildOptions(source=tmp_path))
    source = SourceFile(tmp_path / "_posts" / name, f"_posts/{name}", "post")
    return load_document(source, read_source(source)[1], config)


def test_crlf_bom_and_jekyll_values(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: \"Notes\"\r\ndate: 2024-01-02 10:30:00 +0800\r\ncategory: Paper Reading\r\n" \
           "tags: raft paxos\r\n---\r\n{% include JB/setup %}\r\nbody\r\n"
    document = _load(tmp_path, "2024-1-2-notes.md", text.encode("utf-8"))
    assert document.title == "Notes"
    # No `timezone:` in _config.yml: UTC, as Jekyll on GitHub's builders shows the same instant.
    assert document.date.isoformat() == "2024-01-02T02:30:00+00:00"
    assert document.categories == ("Paper Reading",) and document.tags == ("raft", "paxos")
    assert "\r" not in document.body and document.body_line == 7


def test_title_falls_back_to_the_slug(tmp_path: Path) -> None:
    assert _load(tmp_path, "2024-01-02-raft-and-paxos.md", "---\n---\nx\n").title == "Raft And Paxos"


@pytest.mark.parametrize("front, expected", [
    ("date: not-a-date", "_posts/2024-01-02-a.md:2: date 'not-a-date' is not a date"),
    ("tags: 12", "_posts/2024-01-02-a.md:2: 'tags' must be a list or a space-separated string, not a number"),
    ("tags: {a: 1}", "_posts/2024-01-02-a.md:2: 'tags' must be a list or a space-separated string, not a mapping"),
])
def test_bad_values_are_located(tmp_path: Path, front: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, "2024-01-02-a.md", f"---\n{front}\n---\nx\n")
    assert str(caught.value).startswith(expected)


def test_not_utf8_names_offset_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, "2024-01-02-a.md", "---\ntitle: 分布式\n---\n".encode("gbk"))
    assert str(caught.value) == ("_posts/2024-01-02-a.md:2: not UTF-8: byte 0xb7 at offset 11; it looks like GBK; "
                                 "save the file as UTF-8, e.g. with paperfold fix-encoding --from gbk --write _posts/2024-01-02-a.md")


def test_discovery_kinds_and_exclusions(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "_config.yml": "exclude: [notes.txt]\n", "_posts/2024-01-01-a.md": "x", "_drafts/b.md": "x",
        "about.md": "---\n---\n", "img/a.png": b"\x89PNG", "notes.txt": "x", ".hidden": "x",
        "_layouts/default.html": "x", "_data/x.yml": "a: 1", "Gemfile": "x",
    })
    files, warnings = discover(load_config(BuildOptions(source=tmp_path)))
    assert [(f.relative, f.kind) for f in files] == [
        ("_drafts/b.md", "draft"), ("_posts/2024-01-01-a.md", "post"), ("about.md", "page"), ("img/a.png", "asset"),
    ]
    assert [str(w) for w in warnings] == [
        "_layouts: skipped: a Jekyll theme folder; paperfold's theme provides layouts and includes"]


def test_impossible_timestamps_are_read_as_jekyll_reads_them(tmp_path: Path) -> None:
    # Ruby's YAML keeps an impossible timestamp as text, and Ruby's Time rolls days 29-31 over.
    document = _load(tmp_path, "2023-01-01-a.md", "---\ndate: 2023-02-30\nb: 2023-01-01 25:00:00\n---\nx\n")
    assert document.date == datetime(2023, 3, 2, tzinfo=UTC)
    assert document.front_matter["b"] == "2023-01-01 25:00:00"
    assert _load(tmp_path, "2023-02-30-b.md", "---\n---\nx\n").date == datetime(2023, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize("name, front, expected", [
    ("2023-01-01-a.md", "title: x\ndate: 2023-13-45", ("_posts/2023-01-01-a.md:3: date '2023-13-45' is not a date "
                                                   "(use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +0800)")),
    ("2023-01-01-a.md", "title: x\nb: !!int abc", ("_posts/2023-01-01-a.md:3: front matter is not valid YAML: "
                                                  "'abc' cannot be read as int")),
    ("2023-02-32-a.md", "title: x", "_posts/2023-02-32-a.md: the date in the file name, 2023-02-32, does not exist"),
    ("2023-01-01-a.md", "title: x\ndate: 0001-01-01 00:00:00 +10:00",
     "_posts/2023-01-01-a.md:3: date '0001-01-01 00:00:00+10:00' is out of range (years 1 to 9999, in UTC too)"),
])
def test_impossible_dates_and_values_are_located(tmp_path: Path, name: str, front: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, name, f"---\n{front}\n---\nx\n")
    assert str(caught.value) == expected
