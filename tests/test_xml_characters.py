"""Characters XML 1.0 forbids, wherever a site holds them, never make its feed or sitemap invalid."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import feedparser
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.xml_characters import FORBIDDEN, replace_in_text, replaced_message
from tests.conftest import build_files

CONFIG = "title: Blog\nurl: https://x.org\npaperfold:\n  search: false\n"
NUL_AFTER_THE_BINARY_CHECK = "x " * 5_000 + "\x00 end\n"  # a NUL in the first 8 KB is a binary file


def _valid_xml(site: Path) -> feedparser.FeedParserDict:
    """The site's feed as a feed reader reads it, once it and the sitemap have parsed as XML."""
    for name in ("feed.xml", "sitemap.xml"):
        ElementTree.fromstring((site / name).read_bytes())
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_control_characters_in_a_post_are_replaced_with_a_warning(site_dir: Path) -> None:
    result = build_files(site_dir, {
        "_config.yml": 'title: "Blog \\e"\n' + CONFIG.split("\n", 1)[1],
        "_posts/2024-01-01-colours.md": (
            '---\ntitle: Raw \x01 title\ntags: ["\\x1b[31m", ok]\nexcerpt: "x\\0y"\n---\n'
            "Pasted \x1b[31mred\x1b[0m and \ufffe.\n\nA form \x0c feed.\n" + NUL_AFTER_THE_BINARY_CHECK),
        "papers\x01/_posts/2024-01-02-a\x02b.md": "ok\n",
    })
    assert result.ok, result.errors
    assert [str(warning) for warning in result.warnings] == [
        ("_config.yml:1: a character XML cannot hold (U+001B) in a value is replaced by U+FFFD, so that feeds and "
         "sitemaps stay valid"),
        ("_posts/2024-01-01-colours.md:2: 6 characters XML cannot hold (U+0001, U+001B, U+FFFE, U+000C, U+0000) are "
         "replaced by U+FFFD, so that feeds and sitemaps stay valid (lines 2, 6, 8, 9)"),
        ("_posts/2024-01-01-colours.md:3: 2 characters XML cannot hold (U+001B, U+0000) in a front matter value are "
         "replaced by U+FFFD, so that feeds and sitemaps stay valid (lines 3, 4)"),
        ("papers\x01/_posts/2024-01-02-a\x02b.md: 2 characters XML cannot hold (U+0001, U+0002) in the file's path "
         "are replaced by U+FFFD, so that feeds and sitemaps stay valid"),
    ]
    feed = _valid_xml(site_dir / "_site")
    assert feed.feed.title == "Blog \ufffd"
    second, first = feed.entries
    assert (first.title, [tag.term for tag in first.tags], first.summary) == (
        "Raw \ufffd title", ["\ufffd[31m", "ok"], "x\ufffdy")
    assert "Pasted \ufffd[31mred\ufffd[0m and \ufffd." in first.content[0].value
    assert (second.title, [tag.term for tag in second.tags]) == ("A\ufffdb", ["papers\ufffd"])
    page = (site_dir / "_site" / "2024" / "01" / "01" / "colours.html").read_text(encoding="utf-8")
    assert FORBIDDEN.search(page) is None and "\ufffd end" in page  # the pages get the same text


def test_the_message_counts_and_places_what_it_replaced() -> None:
    text, found = replace_in_text("a\x01\n\nb\x1b\x1b" + "\n\x01" * 12)
    assert text == "a\ufffd\n\nb\ufffd\ufffd" + "\n\ufffd" * 12
    assert replaced_message(found) == (
        "15 characters XML cannot hold (U+0001, U+001B) are replaced by U+FFFD, so that feeds and sitemaps stay "
        "valid (lines 1, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4 more)")
    assert replace_in_text("tab\t, newline\n, é, 中, \U0001f600 and U+FFFD \ufffd") == (
        "tab\t, newline\n, é, 中, \U0001f600 and U+FFFD \ufffd", ())


# Any character a file can hold as UTF-8, and the C0 controls and U+FFFE/U+FFFF more often.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"),
               max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, body=TEXT, tag=TEXT)
@example(title="\x00", body="]]>\x01", tag="\uffff")
def test_any_text_in_a_title_tag_or_body_gives_a_valid_feed_and_sitemap(
        tmp_path_factory: object, title: str, body: str, tag: str) -> None:
    site = tmp_path_factory.mktemp("site")  # type: ignore[attr-defined]
    # Front matter as PyYAML writes it: what YAML cannot hold raw (controls, U+FFFE) as escapes.
    front = yaml.safe_dump({"title": title, "tags": [tag]}, allow_unicode=True, width=10**9)
    post = f"---\n{front}---\n{NUL_AFTER_THE_BINARY_CHECK}{body}\n"
    result = build_files(site, {"_config.yml": CONFIG, "_posts/2024-01-01-any.md": post})
    assert result.ok, result.errors
    assert len(_valid_xml(site / "_site").entries) == 1
