"""What a page makes the browser fetch before it can show anything: the outline's styles only where
there is an outline, the code colours only where there is code, and the head's theme script placed
where it does not hold the parser up."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_files, files_of

POSTS = {
    "_config.yml": "title: Assets\n",
    "_posts/2024-01-01-prose.md": "---\ntitle: Prose\n---\n- a point\n  - a detail\n",
    "_posts/2024-01-02-code.md": "---\ntitle: Code\n---\n```python\nprint(1)\n```\n",
    "_posts/2024-01-03-plain.md": "---\ntitle: Plain\n---\n```\nno language\n```\n",
    "about.md": "---\ntitle: About\n---\nNo code here.\n",
}


def _stylesheets(html: bytes) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="[^"]*/([^/"]+)"', html.decode())


def test_code_colours_are_fetched_only_by_posts_with_a_pre(tmp_path: Path) -> None:
    result = build_files(tmp_path, POSTS)
    assert result.ok, [str(error) for error in result.errors]
    built = files_of(tmp_path / "_site")
    assert _stylesheets(built["2024/01/01/prose.html"]) == ["site.css"]
    assert _stylesheets(built["2024/01/02/code.html"]) == ["pygments.css", "site.css"]
    # pygments.css also sets the line height of every <pre>, a plain fence's too.
    assert _stylesheets(built["2024/01/03/plain.html"]) == ["pygments.css", "site.css"]
    assert _stylesheets(built["about.html"]) == ["site.css"]


OUTLINE = "```outline\n- a point\n  - a detail\n```\n"


def test_the_outline_styles_are_fetched_only_by_pages_with_an_outline(tmp_path: Path) -> None:
    files = {**POSTS, "_posts/2024-01-04-outline.md": f"---\ntitle: Outline\ntags: [t]\n---\n{OUTLINE}",
             "notes.md": f"---\ntitle: Notes\n---\n{OUTLINE}"}
    result = build_files(tmp_path, files)
    assert result.ok, [str(error) for error in result.errors]
    built = files_of(tmp_path / "_site")
    assert _stylesheets(built["2024/01/04/outline.html"]) == ["outline.css", "site.css"]
    assert _stylesheets(built["notes.html"]) == ["outline.css", "site.css"]
    assert _stylesheets(built["2024/01/01/prose.html"]) == ["site.css"]


def test_lists_fetch_the_theme_alone(tmp_path: Path) -> None:
    # Their excerpts are text: no outline and no code to style, whatever the posts hold.
    files = {**POSTS, "_posts/2024-01-04-outline.md": f"---\ntitle: Outline\ntags: [t]\ncategories: [c]\n---\n{OUTLINE}"}
    result = build_files(tmp_path, files)
    assert result.ok, [str(error) for error in result.errors]
    built = files_of(tmp_path / "_site")
    for page in ("index.html", "archive/index.html", "tags/index.html", "tags/t/index.html",
                 "categories/index.html", "categories/c/index.html", "404.html"):
        assert _stylesheets(built[page]) == ["site.css"], page


def test_a_site_template_that_says_nothing_keeps_every_stylesheet(tmp_path: Path) -> None:
    # A site's own tag page may show anything: without no_body_styles it gets what every page had.
    files = {**POSTS, "_posts/2024-01-04-outline.md": f"---\ntitle: Outline\ntags: [t]\n---\n{OUTLINE}",
             "templates/tag.html": '{% extends "base.html" %}{% block main %}<h1>{{ taxon.ref.name }}</h1>{% endblock %}\n'}
    result = build_files(tmp_path, files)
    assert result.ok, [str(error) for error in result.errors]
    built = files_of(tmp_path / "_site")
    assert _stylesheets(built["tags/t/index.html"]) == ["outline.css", "pygments.css", "site.css"]


def test_the_theme_script_comes_before_the_stylesheets(tmp_path: Path) -> None:
    # A script after a stylesheet waits for it, and stops the parser meanwhile.
    result = build_files(tmp_path, POSTS)
    assert result.ok
    for path, html in files_of(tmp_path / "_site").items():
        if path.endswith(".html") and b"<head>" in html:
            head = html.split(b"</head>")[0]
            assert head.index(b"<script>") < head.index(b'<link rel="stylesheet"'), path


def _scripts(html: bytes) -> list[str]:
    return re.findall(r'<script src="[^"]*/([^/"]+)"', html.decode())


def test_the_search_landing_script_is_not_fetched_by_every_page(tmp_path: Path) -> None:
    # An inline loader in base.html fetches it for a visit from a search result (?highlight=), the one
    # that needs it, whatever site.js a site brings.
    for search in (True, False):
        files = {**POSTS, "_config.yml": f"title: Assets\npaperfold:\n  search: {str(search).lower()}\n"}
        result = build_files(tmp_path / str(search), files)
        assert result.ok, [str(error) for error in result.errors]
        built = files_of(tmp_path / str(search) / "_site")
        assert _scripts(built["2024/01/01/prose.html"]) == _scripts(built["about.html"]) == ["site.js"]
        loader = 'src: "/static/js/search-landing.js"}' in built["about.html"].decode()
        assert loader is search


def test_a_site_with_its_own_site_js_keeps_search_landing(tmp_path: Path) -> None:
    files = {**POSTS, "static/js/site.js": "// the site's own\n"}
    result = build_files(tmp_path, files)
    assert result.ok, [str(error) for error in result.errors]
    built = files_of(tmp_path / "_site")
    assert built["static/js/site.js"] == b"// the site's own\n"
    assert 'src: "/static/js/search-landing.js"}' in built["2024/01/01/prose.html"].decode()
