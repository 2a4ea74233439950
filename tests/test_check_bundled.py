"""The bundled blog, built for the root and for a project page, has no broken internal link."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.commands.check import check_site
from generator.config.settings import BuildOptions, load_config
from tests.conftest import NOW, REPO


@pytest.mark.parametrize("baseurl", ["", "/blog"])
def test_bundled_blog_has_no_broken_links(tmp_path: Path, baseurl: str) -> None:
    destination = tmp_path / "site"
    result = build(load_config(BuildOptions(source=REPO, destination=destination, baseurl=baseurl)), now=NOW)
    assert result.ok, [str(error) for error in result.errors]
    report = check_site(destination, baseurl)
    assert not report.broken, "\n".join([report.summary(), *map(str, report.broken)])
    assert report.pages >= result.posts + result.pages + 3  # posts, pages, index, archive, 404 at least
