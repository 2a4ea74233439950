"""Destinations a build refuses: folders whose files a build reads, where the output would be read
back by the next build (as templates even: `{{ 7*6 }}` in a post became 42)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import write_files

CONTENT_SITE = {"_config.yml": "title: t\n", "content/_posts/2024-01-01-a.md": "---\ntitle: A\n---\n{{ 7*6 }}\n"}
JEKYLL_SITE = {"_config.yml": "title: t\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n{{ 7*6 }}\n"}


@pytest.mark.parametrize("layout, destination, folder, message", [
    ("content", "templates", "templates", "whose files a build reads"),
    ("content", "static/out", "static", "whose files a build reads"),
    ("content", "content/_out", "content", "and would be read back as content"),
    ("content", "content/.out", "content", "and would be read back as content"),
    ("jekyll", "templates", "templates", "whose files a build reads"),
    ("jekyll", "_posts/out", "_posts", "whose files a build reads"),
    ("jekyll", "_drafts", "_drafts", "whose files a build reads"),
    ("jekyll", "_layouts/out", "_layouts", "whose files a build reads"),
    ("jekyll", "_includes", "_includes", "whose files a build reads"),
    ("jekyll", "_data/out", "_data", "whose files a build reads"),
])
def test_a_destination_in_a_folder_a_build_reads_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            layout: str, destination: str, folder: str,
                                                            message: str) -> None:
    site = write_files(tmp_path / "site", {**(CONTENT_SITE if layout == "content" else JEKYLL_SITE),
                                           "templates/404.html": "mine", "static/x.css": "x"})
    before = sorted(path.relative_to(site).as_posix() for path in site.rglob("*"))
    assert main(["build", "-s", str(site), "-d", str(site / destination)]) == 1
    out = site / destination
    reason = f"it is in {site / folder}, {message}" if message.startswith("whose") else (
        f"it is inside the content folder {message}")
    assert capsys.readouterr().err == f"error: refusing to write the site to {out}: {reason}\n"
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*")) == before


def test_a_jekyll_sites_own_output_folders_are_still_accepted(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", JEKYLL_SITE)
    for destination in ("_site", "_preview", ".out"):
        assert main(["build", "-s", str(site), "-d", str(site / destination)]) == 0


def test_a_destination_in_paperfolds_own_theme_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.config.settings import default_theme_dir

    site = write_files(tmp_path / "site", CONTENT_SITE)
    theme = default_theme_dir() / "templates"
    assert main(["build", "-s", str(site), "-d", str(theme / "out")]) == 1
    assert capsys.readouterr().err == (
        f"error: refusing to write the site to {theme / 'out'}: it is in {theme}, whose files a build reads\n")
    assert not (theme / "out").exists()
