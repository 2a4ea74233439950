"""The bundled blog builds, its feed parses with a real feed parser, and the seed post builds."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.site.templates import template_environment
from tests.conftest import NOW, REPO, SEEDS, write_files


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = build(load_config(BuildOptions(source=REPO, destination=out)), now=NOW)
    assert result.ok, [str(e) for e in result.errors]
    assert result.posts >= 5 and result.pages >= 1
    return out


def test_feed_is_valid_atom(bundled: Path) -> None:
    feed = feedparser.parse((bundled / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Folded Papers"
    assert len(feed.entries) >= 5
    for entry in feed.entries:
        assert entry.title and entry.link and entry.published_parsed and entry.content[0].value


def test_feed_content_is_the_posts_html_as_character_data(bundled: Path, tmp_path: Path) -> None:
    feed = feedparser.parse((bundled / "feed.xml").read_bytes())
    assert all("<" in entry.content[0].value for entry in feed.entries)  # HTML, not escaped text
    environment = template_environment(load_config(BuildOptions(source=write_files(tmp_path, {"_config.yml": "title: t\n"}))))
    markup = environment.from_string("<c>{{ text | cdata }}</c>").render(text="a ]]> b <i>&amp;</i>")
    assert ElementTree.fromstring(markup).text == "a ]]> b <i>&amp;</i>"


def test_feed_entries_summarise_and_categorise_as_the_post_says(tmp_path: Path) -> None:
    source = write_files(tmp_path / "site", {
        "_config.yml": "title: t\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\ncategory: raft\ntags: [raft, Paxos]\nexcerpt: The gist.\n---\n# Heading\n",
    })
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out")), now=NOW).ok
    [entry] = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes()).entries
    assert entry.summary == "The gist."
    assert [term.term for term in entry.tags] == ["raft", "Paxos"]


def test_every_post_has_an_outline_or_prose(bundled: Path) -> None:
    pages = list(bundled.rglob("*.html"))
    outlines = [p for p in pages if 'class="outline"' in p.read_text(encoding="utf-8")]
    assert len(outlines) >= 5


def test_sitemap_lists_posts(bundled: Path) -> None:
    sitemap = (bundled / "sitemap.xml").read_text()
    assert sitemap.count("<url>") >= 10


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not present")
def test_seed_post_builds(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.iterdir()):
        write_files(tmp_path, {"_config.yml": "title: seeds\n"})
        posts = tmp_path / "_posts"
        posts.mkdir(exist_ok=True)
        shutil.copyfile(seed, posts / "2024-01-01-seed.md")
    result = build(load_config(BuildOptions(source=tmp_path)), now=NOW)
    assert result.ok, [str(e) for e in result.errors]
    [page] = [p for p in (tmp_path / "_site").rglob("seed.html")]
    html = page.read_text(encoding="utf-8")
    assert 'class="outline"' in html and "Recent Articles Reading" in html
    repaired = [str(w) for w in result.warnings if "mis-decoded" in str(w)]
    assert repaired and repaired[0].startswith("_posts/2024-01-01-seed.md: repaired mis-decoded text (")
    assert "多样性角度" in html and "ä¸" not in html
