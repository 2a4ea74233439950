"""A site's own templates render in Jinja's sandbox unless the site trusts them (issue 22, case 2b)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_files

POST = {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\nText.\n"}
NOT_TRUSTED = "paperfold:\n  search: false\n"
TRUSTED = "paperfold:\n  search: false\n  trusted_templates: true\n"
HINT = "(a site that trusts its templates says 'paperfold: trusted_templates: true' in _config.yml)"


@pytest.mark.parametrize(("template", "message"), [
    ('{{ cycler.__init__.__globals__.os.mkdir(marker) }}', "'Cycler.__init__' is not allowed in a site's templates"),
    ("{{ page.document.source.path.unlink() }}", "'PosixPath.unlink' is not allowed in a site's templates"),
    ('{{ config.source.joinpath(marker).mkdir() }}', "'PosixPath.joinpath' is not allowed in a site's templates"),
    ('{{ "{0.__class__.__init__}".format(page) }}', "'Entry.__class__' is not allowed in a site's templates"),
])
def test_a_site_template_runs_no_python(site_dir: Path, tmp_path: Path, template: str, message: str) -> None:
    marker = tmp_path / "pwned"
    files = {**POST, "_config.yml": NOT_TRUSTED,
             "templates/post.html": "<p>above</p>\n{% set marker = '" + str(marker) + "' %}" + template + "\n"}
    result = build_files(site_dir, files)
    assert [str(error) for error in result.errors] == [f"templates/post.html:2: {message} {HINT}"]
    assert not marker.exists() and (site_dir / "_posts/2024-01-01-a.md").exists()
    assert not (site_dir / "_site").exists()


def test_a_trusted_site_template_runs_as_written(site_dir: Path) -> None:
    files = {**POST, "_config.yml": TRUSTED,
             "templates/post.html": "{{ cycler.__init__.__globals__.os.path.basename(config.source.joinpath('x.md')) }}\n"}
    assert build_files(site_dir, files).ok
    assert (site_dir / "_site/2024/01/01/a.html").read_text() == "x.md\n"


def test_the_sandbox_still_shows_what_templates_read(site_dir: Path) -> None:
    """Values, paths' names, string formatting and the bundled filters all work in the sandbox."""
    template = ("{{ page.document.title }} {{ page.document.source.path.name }} {{ '{:,}'.format(1234) }} "
                "{{ page.body | body_html }} {{ page.document.date | day }} {{ url_for(page.url) }}\n")
    assert build_files(site_dir, {**POST, "_config.yml": NOT_TRUSTED, "templates/post.html": template}).ok
    assert (site_dir / "_site/2024/01/01/a.html").read_text() == (
        "A 2024-01-01-a.md 1,234 <p>Text.</p>\n 2024-01-01 /2024/01/01/a.html\n")


def test_trusting_templates_again_renders_every_page_again(site_dir: Path) -> None:
    """The setting joins every page's key: a page the sandbox would refuse is not kept from a trusted build."""
    files = {**POST, "_config.yml": TRUSTED, "templates/post.html": "{{ config.source.joinpath('x').name }}\n"}
    assert build_files(site_dir, files).ok
    result = build_files(site_dir, {"_config.yml": NOT_TRUSTED})
    assert [str(error) for error in result.errors] == [
        f"templates/post.html:1: 'PosixPath.joinpath' is not allowed in a site's templates {HINT}"]
