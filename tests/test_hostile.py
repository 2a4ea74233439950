"""Hostile and awkward input: raw HTML, javascript: links, symlink loops, unreadable files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import build_files

POST = "content/_posts/2024-01-01-a.md"


def test_raw_html_is_kept_unless_switched_off(site_dir: Path, tmp_path: Path) -> None:
    body = "---\ntitle: a\n---\nBefore <span class=\"mine\">raw</span> after.\n"
    assert build_files(site_dir, {POST: body}).ok
    assert '<span class="mine">raw</span>' in (site_dir / "_site/2024/01/01/a.html").read_text()
    off = tmp_path / "off"
    assert build_files(off, {"_config.yml": "paperfold:\n  raw_html: false\n", POST: body}).ok
    page = (off / "_site/2024/01/01/a.html").read_text()
    # Shown as text, whose quotes typography curls as it does all prose (kramdown's smart quotes).
    assert '<span class="mine">' not in page and "<p>Before &lt;span class=”mine”&gt;raw&lt;/span&gt; after.</p>" in page


def test_javascript_urls_never_become_links(site_dir: Path) -> None:
    body = "---\ntitle: a\n---\n[click](javascript:alert(1))\n\n```\n1. see javascript:alert(2) and https://ok.example/x\n```\n"
    assert build_files(site_dir, {POST: body}).ok
    page = (site_dir / "_site/2024/01/01/a.html").read_text()
    assert 'href="javascript:' not in page and 'href="https://ok.example/x"' in page


def test_symlink_loops_are_reported_not_followed(site_dir: Path) -> None:
    (site_dir / "content/_posts").mkdir(parents=True)
    os.symlink("2024-01-02-loop.md", site_dir / "content/_posts/2024-01-02-loop.md")
    os.symlink("..", site_dir / "content/_posts/folder-loop")
    result = build_files(site_dir, {POST: "---\ntitle: a\n---\nfine\n"})
    assert [str(e) for e in result.errors] == [
        "content/_posts/2024-01-02-loop.md: cannot read file: Too many levels of symbolic links"]


def test_unreadable_file_is_named(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "2024-01-02-secret.md":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = build_files(site_dir, {POST: "---\ntitle: a\n---\nx\n", "content/_posts/2024-01-02-secret.md": "x"})
    assert [str(e) for e in result.errors] == ["content/_posts/2024-01-02-secret.md: cannot read file: Permission denied"]
