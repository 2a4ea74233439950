from datetime import datetime, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.content.urls import (
    document_output_path,
    expand_permalink,
    jekyll_slugify,
    name_slug,
    output_path_for,
    paginated_url,
    post_placeholders,
    safe_relative_path,
    unwritable_reason,
    with_baseurl,
)

WHEN = datetime(2024, 3, 7, 9, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, pretty, cased, expected", [
    ("Hello World", False, False, "hello-world"),
    ("file with space", True, True, "file-with-space"),
    ("Raft & Paxos: notes!", True, True, "Raft-&-Paxos-notes!"),
    ("分布式 系统", False, False, "分布式-系统"),
    ("--trailing--", False, False, "trailing"),
])
def test_jekyll_slugify(text: str, pretty: bool, cased: bool, expected: str) -> None:
    assert jekyll_slugify(text, pretty=pretty, cased=cased) == expected


def test_name_slugs_are_distinct_and_safe() -> None:
    slugs = {name: name_slug(name) for name in ["C++", "C#", "C", "AI/ML", "Paper Reading", "机器学习", "../etc", "/"]}
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert "/" not in slug and ".." not in slug and slug


@given(st.text(min_size=1, max_size=400))
@example("t" * 300)
@example("標" * 100)
def test_a_name_slug_is_always_one_folder_name(name: str) -> None:
    slug = name_slug(name)
    assert "/" not in slug and slug not in (".", "..") and slug
    assert len(slug.encode()) <= 200 and unwritable_reason(slug + "-99") is None


def test_permalink_with_categories_keeps_spaces_escaped() -> None:
    values = post_placeholders(WHEN, "raft notes", ("Paper Reading", "AI/ML"), ".html")
    url = expand_permalink("/:categories/:year/:month/:day/:title:output_ext", values)
    assert url == "/paper%20reading/ai/ml/2024/03/07/raft-notes.html"
    assert output_path_for(url) == "paper reading/ai/ml/2024/03/07/raft-notes.html"


@pytest.mark.parametrize("pattern, expected", [
    ("/:year/:i_month/:i_day/:slug/", "/2024/3/7/raft-notes/"),
    ("/:categories/:title", "/raft-notes"),
    ("/blog/:year/:y_day/:title:output_ext", "/blog/2024/067/raft-notes.html"),
])
def test_permalink_patterns(pattern: str, expected: str) -> None:
    assert expand_permalink(pattern, post_placeholders(WHEN, "raft-notes", (), ".html")) == expected


def test_output_paths_never_escape() -> None:
    assert output_path_for("/../../etc/passwd") == "etc/passwd.html"
    assert output_path_for("/a/b/") == "a/b/index.html"
    assert output_path_for("/%2e%2e/%2e%2e/x/") == "x/index.html"
    assert safe_relative_path("/") == "index.html"


def test_baseurl_helper() -> None:
    assert with_baseurl("/blog", "/tags/") == "/blog/tags/"
    assert with_baseurl("", "/tags/") == "/tags/"
    assert with_baseurl("/blog", "https://example.org/") == "https://example.org/"


@pytest.mark.parametrize("url, extension, expected", [
    ("/blog/dots.in.name", ".html", "blog/dots.in.name.html"),  # Jekyll: dots in a title are no extension
    ("/blog/notes.html", ".html", "blog/notes.html"),
    ("/blog/notes/", ".html", "blog/notes/index.html"),
    ("/feed/", ".xml", "feed/index.xml"),
    ("/atom.xml", ".xml", "atom.xml"),
])
def test_document_output_path_appends_the_extension_as_jekyll(url: str, extension: str, expected: str) -> None:
    assert document_output_path(url, extension) == expected


@pytest.mark.parametrize("paginate_path, number, expected", [
    ("/page:num/", 1, "/"), ("/page:num/", 2, "/page2/"),
    ("/blog/p:num/", 1, "/blog/"), ("/blog/p:num/", 3, "/blog/p3/"),
    ("/blog/page:num", 1, "/blog/"), ("/blog/page:num", 2, "/blog/page2/"),  # jekyll-paginate's page is a folder's index
    ("/blog/:num/", 1, "/blog/"), ("/blog/:num/", 12, "/blog/12/"),
])
def test_paginated_urls_are_jekyll_paginates(paginate_path: str, number: int, expected: str) -> None:
    assert paginated_url(paginate_path, number) == expected
