from pathlib import Path

import pytest

from generator.config import BuildOptions, load_config
from generator.errors import ConfigError
from tests.conftest import write_files


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
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=tmp_path))
    assert caught.value.problems == (
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


def test_config_values_that_cannot_be_made_are_located(tmp_path: Path) -> None:
    write_files(tmp_path, {"_config.yml": "title: t\nstarted: 2023-02-30\nyears: !!int many\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(BuildOptions(source=tmp_path))
    assert caught.value.problems == ("_config.yml:3: invalid YAML: 'many' cannot be read as int",)
