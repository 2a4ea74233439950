from pathlib import Path

import pytest

from generator.config.settings import BuildOptions, load_config
from generator.errors import ConfigError
from tests.conftest import write_files


def _problems(source: Path) -> tuple[str, ...]:
    """What load_config reports for the site at `source`, which must have some problem."""
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=source))
    return caught.value.problems


def test_jekyll_keys_and_unknown_keys(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "title: T\nbaseurl: blog/\npermalink: pretty\nfavourite: 7\n"
                                          "paperfold:\n  outline:\n    open_depth: 3\n"})
    config = load_config(BuildOptions(source=tmp_path))
    assert config.title == "T" and config.baseurl == "/blog"
    assert config.permalink == "/:categories/:year/:month/:day/:title/"
    assert config.site_values()["favourite"] == 7
    assert config.open_depth == 3


def test_all_problems_are_collected(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "paginate: ten\npermalink: /:year/:nonsense/\ntimezone: Mars/Base\n"})
    assert _problems(tmp_path) == (
        "_config.yml: permalink '/:year/:nonsense/' has an unknown placeholder ':nonsense'",
        "_config.yml: unknown timezone 'Mars/Base'",
        "_config.yml: 'paginate' must be a whole number, not 'ten'",
    )


def test_feed_posts_limit_is_jekyll_feeds(tmp_path: Path) -> None:
    assert load_config(BuildOptions(source=write_files(tmp_path / "a", {"_config.yml": "title: t\n"}))).feed_posts == 10
    config = load_config(BuildOptions(source=write_files(tmp_path / "b", {"_config.yml": "feed:\n  posts_limit: 3\n"})))
    assert config.feed_posts == 3 and config.site_values()["feed"] == {"posts_limit": 3}
    write_files(tmp_path / "c", {"_config.yml": "feed:\n  posts_limit: all\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=tmp_path / "c"))
    assert caught.value.problems == ("_config.yml: 'feed.posts_limit' must be a whole number, not 'all'",)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "title: ok\nbad: [unclosed\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=tmp_path))
    assert caught.value.problems[0].startswith("_config.yml:3: invalid YAML")


def test_command_line_baseurl_wins(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "baseurl: /x\n"})
    assert load_config(BuildOptions(source=tmp_path, baseurl="/blog/")).baseurl == "/blog"


def test_badly_shaped_defaults_are_named_with_their_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": (
        "title: t\n"
        "defaults:\n"
        "  - scope: {path: '', type: posts}\n"
        "    values: {layout: post}\n"
        "  - just a string\n"
        "  - scope: {path: ''}\n"
        "    values: [layout, post]\n"
        "  - scope:\n"
        "      path: [a, b]\n"
        "    values: {layout: post}\n"
        "  - scope: {type: 3}\n"
        "    values: {}\n"
        "  - scope: posts\n"
        "    values: {}\n"
        "  - scope: {path: x}\n")})
    assert _problems(tmp_path) == (
        "_config.yml:5: defaults[1] must be a mapping with 'scope' and 'values'",
        "_config.yml:7: defaults[2].values must be a mapping of front matter keys",
        "_config.yml:9: defaults[3].scope.path must be text (a folder, a file or a glob)",
        "_config.yml:11: defaults[4].scope.type must be posts, pages or drafts",
        "_config.yml:13: defaults[5].scope must be a mapping with 'path' and/or 'type'",
        "_config.yml:15: defaults[6].values must be a mapping of front matter keys",
    )
    write_files(tmp_path, {"_config.yml": "defaults: {scope: {path: ''}}\n"})
    assert _problems(tmp_path) == ("_config.yml:1: 'defaults' must be a list of {scope: ..., values: ...} entries",)


def test_defaults_as_jekyll_ranks_them() -> None:
    from generator.config.defaults import FrontMatterDefault, front_matter_with_defaults

    defaults = (
        FrontMatterDefault("_posts", "posts", {"layout": "folder-and-type", "author": {"name": "A", "site": "a.org"}}),
        FrontMatterDefault("", "posts", {"layout": "every-post", "comments": True}),
        FrontMatterDefault("_posts", None, {"layout": "folder", "author": {"name": "B"}}),
        FrontMatterDefault("_posts/*/notes-*.md", None, {"layout": "glob"}),
        FrontMatterDefault("", "pages", {"layout": "page"}),
        FrontMatterDefault("", "drafts", {"layout": "draft"}),
    )

    def merged(path: str, kind: str, own: dict[str, object] | None = None) -> dict[str, object]:
        return front_matter_with_defaults(defaults, path, kind, own or {})

    # The longer path outranks, and at one length a scope with a type outranks one without.
    assert merged("_posts/x.md", "post") == {
        "layout": "folder-and-type", "comments": True, "author": {"name": "A", "site": "a.org"}}
    # The file's own keys win; mappings merge key by key.
    assert merged("_posts/x.md", "post", {"layout": None, "author": {"name": "C"}})["author"] == {"name": "C", "site": "a.org"}
    assert merged("_posts/x.md", "post", {"layout": None})["layout"] is None
    assert merged("_posts/2024/notes-a.md", "post")["layout"] == "glob"
    assert merged("_posts/2024/other.md", "post")["layout"] == "folder-and-type"
    assert merged("about.md", "page") == {"layout": "page"}
    assert merged("_drafts/x.md", "draft")["layout"] == "draft"  # later than the posts scope, same length
    # Jekyll compares the path as text: `_posts` is a prefix of `_postsmore/`, and longer than ''.
    assert merged("_postsmore/x.md", "page")["layout"] == "folder"


def test_paginate_path_needs_the_page_number(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "paginate_path: blog/page/\n"})
    assert _problems(tmp_path) == ("_config.yml: 'paginate_path' must contain ':num' (where the page number goes), not '/blog/page/'",)
    write_files(tmp_path, {"_config.yml": "paginate_path: blog/p:num\n"})
    assert load_config(BuildOptions(source=tmp_path)).paginate_path == "/blog/p:num"


def test_config_values_that_cannot_be_made_are_located(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "title: t\nstarted: 2023-02-30\nyears: !!int many\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=tmp_path))
    assert caught.value.problems == ("_config.yml:3: invalid YAML: 'many' cannot be read as int",)
