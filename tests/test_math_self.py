"""`paperfold: math: self`: KaTeX from the site's own copy, so math renders without a network."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config.settings import BuildOptions, load_config
from generator.errors import ConfigError
from tests.conftest import REPO, build_files

VENDORED = REPO / "static" / "vendor" / "katex"
NPM_KATEX = REPO / "tests" / "axe" / "node_modules" / "katex"
# The delimiters auto-render is given in the onload attribute: a doubled backslash in the page,
# which JavaScript reads as one.
DELIMITERS = "{delimiters: [{left: '\\\\[', right: '\\\\]', display: true}, {left: '\\\\(', right: '\\\\)', display: false}]"
POST = {"_posts/2024-01-01-m.md": "---\ntitle: M\n---\nEuler: $$e^{i\\pi} + 1 = 0$$\n"}


def test_math_self_links_the_sites_own_katex_and_copies_it(tmp_path: Path) -> None:
    assert build_files(tmp_path, {"_config.yml": "title: T\npaperfold:\n  math: self\n", **POST}).ok
    page = (tmp_path / "_site/2024/01/01/m.html").read_text("utf-8")
    assert "cdn.jsdelivr.net" not in page and 'src="/static/vendor/katex/katex.min.js"' in page
    assert DELIMITERS in page
    copied = tmp_path / "_site/static/vendor/katex"
    assert {path.name for path in copied.iterdir()} == {"LICENSE", "contrib", "fonts", "katex.min.css", "katex.min.js"}
    assert {path.suffix for path in (copied / "fonts").iterdir()} == {".woff2"}


def test_by_default_math_comes_from_the_cdn_and_the_copy_stays_out(tmp_path: Path) -> None:
    assert build_files(tmp_path, {"_config.yml": "title: T\n", **POST}).ok
    page = (tmp_path / "_site/2024/01/01/m.html").read_text("utf-8")
    assert "cdn.jsdelivr.net/npm/katex@" in page and DELIMITERS in page
    assert not (tmp_path / "_site/static/vendor").exists()


def test_another_math_source_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("paperfold:\n  math: local\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(BuildOptions(source=tmp_path))
    assert raised.value.problems == ("_config.yml: 'paperfold.math' must be cdn or self, not 'local'",)


@pytest.mark.skipif(not NPM_KATEX.is_dir(), reason="KaTeX from npm is missing (the test run installs it when npm is there)")
def test_the_copy_is_the_release_the_cdn_links_with_woff2_fonts_only() -> None:
    for relative in ("katex.min.js", "contrib/auto-render.min.js", *(f"fonts/{f.name}" for f in (NPM_KATEX / "dist/fonts").glob("*.woff2"))):
        assert (VENDORED / relative).read_bytes() == (NPM_KATEX / "dist" / relative).read_bytes(), relative
    assert (VENDORED / "LICENSE").read_bytes() == (NPM_KATEX / "LICENSE").read_bytes()
    css = (VENDORED / "katex.min.css").read_text("utf-8")
    assert ".woff)" not in css and ".ttf)" not in css and css.count(".woff2)") == 20
    assert 'katex@0.16.11' in (REPO / "templates" / "_math.html").read_text("utf-8")
