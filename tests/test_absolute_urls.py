"""`--url` (or `url:`) gives the sitemap, robots.txt, the feed and canonical links absolute URLs, as
sitemaps and Atom require; a build without one says so once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import feedparser

from generator.cli import NO_ORIGIN_WARNING
from tests.conftest import write_files

SITE = {
    "_config.yml": "title: T\nurl: ''\n",
    "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nHello\n",
    "about.md": "---\ntitle: About\n---\nMe\n",
}


def _paperfold(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, arguments)], capture_output=True, text=True,
                          check=False)


def test_the_workflows_origin_and_base_path_make_every_published_url_absolute(tmp_path: Path) -> None:
    site, out = write_files(tmp_path / "site", SITE), tmp_path / "out"
    completed = _paperfold("build", "-s", site, "-d", out, "--url", "https://you.github.io/", "--baseurl", "/notes")
    assert completed.returncode == 0, completed.stderr
    assert NO_ORIGIN_WARNING not in completed.stderr
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text or "" for loc in ElementTree.parse(out / "sitemap.xml").findall(".//s:loc", namespace)]
    assert locations and all(loc.startswith("https://you.github.io/notes/") for loc in locations), locations
    assert "Sitemap: https://you.github.io/notes/sitemap.xml" in (out / "robots.txt").read_text().splitlines()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.id == "https://you.github.io/notes/"
    assert [entry.id for entry in feed.entries] == ["https://you.github.io/notes/2024/01/01/a.html"]
    page = (out / "2024/01/01/a.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://you.github.io/notes/2024/01/01/a.html">' in page
    assert re.search(r'<meta property="og:url" content="https://you\.github\.io/notes/2024/01/01/a\.html">', page)


def test_without_an_origin_build_warns_once(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    completed = _paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 0
    assert completed.stderr.splitlines().count(NO_ORIGIN_WARNING) == 1


def test_url_in_the_config_is_enough(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {**SITE, "_config.yml": "title: T\nurl: https://notes.example.org\n"})
    completed = _paperfold("build", "-s", site, "-d", tmp_path / "out")
    assert completed.returncode == 0 and NO_ORIGIN_WARNING not in completed.stderr
    assert "<loc>https://notes.example.org/</loc>" in (tmp_path / "out/sitemap.xml").read_text()


def test_a_url_that_is_not_an_origin_is_refused(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    completed = _paperfold("build", "-s", site, "-d", tmp_path / "out", "--url", "you.github.io/notes")
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert "--url: 'you.github.io/notes' is not an origin such as https://you.github.io " \
           "(a path such as /blog goes in --baseurl)" in completed.stderr
    assert not (tmp_path / "out").exists()
