"""Mistakes in a user's site, through the real command line: a located message, exit 1, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import NO_ORIGIN_WARNING
from tests.conftest import REPO, files_of, write_files

GOOD = {"_config.yml": "title: t\n", "_posts/2023-06-01-good.md": "---\ntitle: Good\n---\nStill here.\n"}


def paperfold(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGUMENTS` in a process of its own (a crash there cannot take pytest down)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, arguments)], capture_output=True,
                          text=True, env=environment, check=False, timeout=300)


def test_front_matter_nested_past_what_the_parsers_can_take(tmp_path: Path) -> None:
    # 3,000 levels parse, then overflowed Python's recursion; 60,000 crashed libyaml itself.
    deep = {f"_posts/2023-01-0{depth}-deep.md": f"---\ntitle: deep\nx: {'[' * (1000 * depth)}{']' * (1000 * depth)}\n---\nx\n"
            for depth in (3, 6)}
    deep["_posts/2023-01-09-deep.md"] = f"---\ntitle: deep\nx: {'[' * 60_000}{']' * 60_000}\n---\nx\n"
    site = write_files(tmp_path / "site", {**GOOD, **deep})
    completed = paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    # Which parser stops first, and its words, change between PyYAML releases: the file, the line and
    # the fact of the error are what the user needs.
    lines = completed.stderr.splitlines()[:3]
    assert [line.split(": front matter is not valid YAML: ")[0] for line in lines] == [
        f"_posts/2023-01-0{day}-deep.md:3" for day in (3, 6, 9)], lines
    assert not (tmp_path / "out").exists()


def test_a_file_name_that_is_not_utf8_is_named_with_its_bytes_escaped(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", GOOD)
    assert paperfold("build", "-s", site, "-d", tmp_path / "out").returncode == 0
    # Added after a good build: the next build must not take the site for unchanged.
    with open(os.fsencode(site / "_posts") + b"/2023-01-01-caf\xe9.md", "w") as post:
        post.write("---\ntitle: cafe\n---\nx\n")
    completed = paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert completed.stderr.splitlines()[0] == "_posts/2023-01-01-caf\\xe9.md: the name is not UTF-8: rename it"


def test_a_template_that_raises_on_a_rebuild_leaves_the_last_output(tmp_path: Path) -> None:
    site, out = write_files(tmp_path / "site", GOOD), tmp_path / "out"
    assert paperfold("build", "-s", site, "-d", out).returncode == 0
    before = files_of(out)
    write_files(site, {"templates/post.html": "{% extends 'base.html' %}\n{% block main %}\n"
                                              "{{ page.document.title | join(1 / 0) }}\n{% endblock %}\n"})
    completed = paperfold("build", "-s", site, "-d", out)
    assert (completed.returncode, completed.stderr) == (1, (
        "templates/post.html:3: ZeroDivisionError: division by zero (while rendering 2023/06/01/good.html)\n"
        f"build failed: 1 error; {out} was left as it was\n"))
    assert files_of(out) == before


def test_a_source_folder_that_does_not_exist_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing, out = tmp_path / "nope", tmp_path / "out"
    for command in (["build"], ["serve", "--port", "0"]):
        completed = paperfold(*command, "-s", missing, "-d", out)
        assert (completed.returncode, completed.stderr) == (1, f"{missing}: the source folder does not exist\n")
    write_files(tmp_path, {"file": "x"})
    completed = paperfold("build", "-s", tmp_path / "file", "-d", out)
    assert (completed.returncode, completed.stderr) == (1, f"{tmp_path / 'file'}: the source is a file, not a folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.parametrize("theirs", ["index.html", "pagefind/mine.txt"])
def test_a_folder_paperfold_did_not_write_is_refused_with_what_to_do(tmp_path: Path, theirs: str) -> None:
    """A Jekyll site's _site/; a folder holding only a file in pagefind/ (where the index goes) too."""
    site = write_files(tmp_path / "site", {**GOOD, f"_site/{theirs}": "theirs"})
    completed = paperfold("build", "-s", site)
    assert (completed.returncode, completed.stderr) == (1, (
        f"error: refusing to replace {site / '_site'}: it is not empty and was not written by paperfold "
        "(if it is an old build, by Jekyll say, remove it; or build elsewhere with -d)\n"))
    assert files_of(site / "_site") == {theirs: b"theirs"}


def test_checking_a_folder_with_no_pages_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    completed = paperfold("check", "-s", tmp_path, "-d", tmp_path / "empty")
    assert (completed.returncode, completed.stdout) == (1, "")
    assert completed.stderr == (f"error: no pages to check in {tmp_path / 'empty'}: it has no .html file "
                                "(run `paperfold build` first?)\n")


def test_a_permalink_no_file_name_can_hold_is_an_error_at_its_line(tmp_path: Path) -> None:
    # Each gave a ValueError traceback (a NUL) or a write error naming no source (a long name).
    long = "a" * 300
    site = write_files(tmp_path / "site", {**GOOD,
        "_posts/2023-01-01-nul.md": '---\ntitle: NUL\npermalink: "/a\\0b/"\n---\nx\n',
        "_posts/2023-01-02-escaped.md": '---\ntitle: escaped\n\npermalink: "/c\\u0000d/"\n---\nx\n',
        "_posts/2023-01-03-encoded.md": "---\ntitle: encoded\npermalink: /a%00b/\n---\nx\n",
        "_posts/2023-01-04-long.md": f"---\ntitle: long\npermalink: /{long}/\n---\nx\n",
        "about.md": f"---\ntitle: About\npermalink: /about/{'é' * 128}.html\n---\nx\n",
    })
    completed = paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    # A NUL that YAML's escapes make is replaced where the file is read, as any character XML
    # forbids (see test_xml_characters.py); one written %00 reaches the URL, and is refused there.
    replaced = ("a character XML cannot hold (U+0000) in a front matter value is replaced by U+FFFD, "
                "so that feeds and sitemaps stay valid")
    assert completed.stderr.splitlines() == [
        f"_posts/2023-01-01-nul.md:3: {replaced}",
        f"_posts/2023-01-02-escaped.md:4: {replaced}",
        "_posts/2023-01-03-encoded.md:3: permalink holds a NUL character, which no file name can",
        "_posts/2023-01-04-long.md:3: permalink has a part of 300 bytes, more than the 255 a file name can hold",
        "about.md:3: permalink has a part of 261 bytes, more than the 255 a file name can hold",
        f"build failed: 3 errors; {tmp_path / 'out'} was left as it was",
    ]
    assert not (tmp_path / "out").exists()


def test_a_url_made_from_a_slug_or_category_no_file_name_can_hold_is_an_error(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {**GOOD,
        "_posts/2023-01-01-slug.md": f"---\ntitle: slug\nslug: {'b' * 300}\n---\nx\n",
        "_posts/2023-01-02-category.md": '---\ntitle: category\ncategories: ["a\\0b"]\n---\nx\n',
    })
    completed = paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert completed.stderr.splitlines() == [
        ("_posts/2023-01-02-category.md:3: a character XML cannot hold (U+0000) in a front matter value is "
         "replaced by U+FFFD, so that feeds and sitemaps stay valid"),
        (f"_posts/2023-01-01-slug.md: its URL (/2023/01/01/{'b' * 45}...) has a part of 305 bytes, "
         "more than the 255 a file name can hold"),
        f"build failed: 1 error; {tmp_path / 'out'} was left as it was",
    ]
    assert not (tmp_path / "out").exists()


def test_a_tag_too_long_for_a_folder_name_gets_a_shorter_page(tmp_path: Path) -> None:
    names = ["t" * 300, "t" * 299, "標" * 100]  # 300 bytes each but the middle one
    tags = ", ".join(names)
    site = write_files(tmp_path / "site", {**GOOD, "_posts/2023-01-01-tagged.md": f"---\ntitle: t\ntags: [{tags}]\n---\nx\n"})
    completed = paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert (completed.returncode, completed.stderr.replace(NO_ORIGIN_WARNING + "\n", "")) == (0, "")
    folders = sorted(path.name for path in (tmp_path / "out" / "tags").iterdir() if path.is_dir())
    assert len(folders) == 3 and all(len(name.encode()) <= 200 for name in folders)
