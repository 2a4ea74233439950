"""Jekyll's file rules as paperfold applies them: dates under `timezone:`, pages' permalinks, files
without front matter, Jekyll's default excludes, layout names the theme lacks, a site's own 404 page.

The unit tests pin each rule; the last test builds one site with the real Jekyll (skipped when
`jekyll` is not installed) and with paperfold, and compares the paths each writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.conftest import NOW, build_files, files_of, write_files

JEKYLL = shutil.which("jekyll")

TORONTO = "title: Dates\ntimezone: America/Toronto\npermalink: /:year/:month/:day/:title/\n"


def _post(front: str) -> str:
    return f"---\ntitle: T\n{front}---\nBody.\n"


@pytest.mark.parametrize("front, folder, shown", [
    # A YAML timestamp without an offset is UTC (Ruby's YAML), shown in the site's zone.
    ("date: 2015-06-23 01:39:00\n", "2015/06/22", "2015-06-22T21:39:00-04:00"),
    # The same written as text is read in the site's zone.
    ('date: "2015-06-23 01:39:00"\n', "2015/06/23", "2015-06-23T01:39:00-04:00"),
    ("date: 2015-06-23 01:39:00 +0200\n", "2015/06/22", "2015-06-22T19:39:00-04:00"),
    ("date: 2015-06-23T01:39:00Z\n", "2015/06/22", "2015-06-22T21:39:00-04:00"),
    ("date: 2015-06-23\n", "2015/06/23", "2015-06-23T00:00:00-04:00"),
    ("", "2015/06/23", "2015-06-23T00:00:00-04:00"),  # the file name's date
])
def test_dates_are_read_as_jekyll_reads_them_under_timezone(site_dir: Path, front: str, folder: str,
                                                             shown: str) -> None:
    result = build_files(site_dir, {"_config.yml": TORONTO, "_posts/2015-06-23-c.md": _post(front)})
    assert result.ok
    built = files_of(site_dir / "_site")
    page = built[f"{folder}/c/index.html"].decode()
    assert f'content="{shown}"' in page
    # The feed gives the same instant, in UTC.
    instant = datetime.fromisoformat(shown).astimezone(timezone.utc)
    assert f"<published>{instant:%Y-%m-%dT%H:%M:%SZ}</published>" in built["feed.xml"].decode()


PAGES = {
    "about.md": "---\ntitle: About\n---\nabout\n", "contact.html": "---\n---\n<p>html</p>\n",
    "index.md": "---\n---\nhome\n", "sub/index.html": "---\n---\n<p>sub</p>\n", "sub/page.md": "---\n---\nsub page\n",
    "feed.xml": "---\n---\n<feed/>\n", "own.md": "---\npermalink: /own.html\n---\nown\n",
    "sub/ph.md": "---\npermalink: /x/:path/:basename:output_ext\n---\nph\n",
    "sub/ph2.md": "---\npermalink: /y/:basename/\n---\nph\n", "dots..md": "---\n---\ndots\n",
    "a b.md": "---\n---\nspace\n",
}
# The paths Jekyll 4.3 writes these pages to, under each permalink style (seen with Debian's jekyll).
AS_FILES = ("a b.html", "about.html", "contact.html", "dots.html", "sub/page.html")
AS_FOLDERS = ("a b/index.html", "about/index.html", "contact/index.html", "dots/index.html", "sub/page/index.html")
ALWAYS = ("feed.xml", "index.html", "own.html", "sub/index.html", "x/sub/ph.html", "y/ph2/index.html")


@pytest.mark.parametrize("style, paths", [
    ("pretty", AS_FOLDERS), ("/:year/:title/", AS_FOLDERS),
    ("date", AS_FILES), ("none", AS_FILES), ("ordinal", AS_FILES), ("weekdate", AS_FILES),
    ("/:categories/:title", AS_FILES), ("/:title:output_ext", AS_FILES),
])
def test_pages_follow_the_permalink_style_as_in_jekyll(site_dir: Path, style: str, paths: tuple[str, ...]) -> None:
    result = build_files(site_dir, {"_config.yml": f"permalink: {style}\n", **PAGES})
    assert result.ok
    built = set(files_of(site_dir / "_site"))
    assert {*paths, *ALWAYS} <= built
    assert not {*AS_FILES, *AS_FOLDERS} - set(paths) & built


def test_a_pages_url_under_a_style_without_extension_has_none(site_dir: Path) -> None:
    # Jekyll's /about for /:categories/:title, written to about.html as a server serves it.
    result = build_files(site_dir, {"_config.yml": "permalink: /:categories/:title\n", **PAGES})
    assert result.site is not None
    urls = {entry.source: entry.url for entry in result.site.pages}
    assert urls["about.md"] == "/about" and urls["sub/index.html"] == "/sub/" and urls["sub/ph.md"] == "/x/sub/ph.html"


# Each seen with Debian's Jekyll 4.3: what it copies, renders and leaves out.
FILE_RULES = {
    "_config.yml": "exclude: [Notes.md, '*.txt']\ninclude: [_inc.md]\n",
    "_posts/2024-01-01-a.md": "---\ntitle: A\n---\na\n",
    "Notes.md": "# no front matter\n", "sub/Notes.md": "# no front matter\n", "LICENSE.md": "MIT\n",
    "README.md": "# readme\n", "LICENSE": "MIT\n", "CNAME.bak": "old\n", "raw.html": "<p>{{ as is }}</p>\n",
    "bom.md": "\ufeff---\ntitle: BOM\n---\nJekyll reads no front matter after a BOM\n", "empty.md": "",
    "spaced.md": "---  \n---\nfront matter\n", "vendor/assets/v.js": "x", "vendor/bundle/b.rb": "x",
    "node_modules/n.js": "x", "Gemfile.lock": "x", "gemfiles/g": "x", "a.txt": "x", "sub/b.txt": "x",
    "_inc.md": "---\n---\nincluded\n", "sub/_inc.md": "---\n---\nincluded\n", "~tilde": "x", "#hash": "x",
}
COPIED = ("sub/Notes.md", "LICENSE.md", "README.md", "LICENSE", "CNAME.bak", "raw.html", "bom.md",
          "empty.md", "vendor/assets/v.js")
RENDERED = ("spaced.html", "_inc.html", "sub/_inc.html")
LEFT_OUT = ("vendor/bundle/b.rb", "node_modules/n.js", "Gemfile.lock", "gemfiles/g", "a.txt", "sub/b.txt", "~tilde",
            "#hash", "Notes.md", "Notes.html", "README.html", "LICENSE.html")


def test_files_without_front_matter_are_copied_and_only_jekylls_excludes_apply(site_dir: Path) -> None:
    result = build_files(site_dir, FILE_RULES)
    assert result.ok
    built = files_of(site_dir / "_site")
    assert {path: built.get(path) for path in COPIED} == {
        path: (site_dir / path).read_bytes() for path in COPIED}
    assert set(RENDERED) <= set(built) and not set(LEFT_OUT) & set(built)


def test_paperfolds_own_folders_stay_out_of_a_jekyll_shaped_site(site_dir: Path) -> None:
    # A Jekyll-shaped site's templates/ and static/ are paperfold's theme, not pages or files to copy.
    result = build_files(site_dir, {"_posts/2024-01-01-a.md": "---\n---\na\n",
                                    "templates/talk.html": "{{ page.document.title }}", "static/own.css": "a{}",
                                    "notes/static/kept.txt": "x"})
    assert result.ok
    built = files_of(site_dir / "_site")
    assert "templates/talk.html" not in built and "notes/static/kept.txt" in built


POST_TEMPLATE = b"article:published_time"  # only paperfold's post template has it
PAGE_TEMPLATE = b'<article class="page">'


def _layout_site(**files: str) -> dict[str, str]:
    return {"_config.yml": "permalink: /:title/\n", **files}


def test_a_layout_the_theme_lacks_renders_with_the_post_or_page_template_and_one_warning(site_dir: Path) -> None:
    unknown = "---\nlayout: prediction_post\n---\n"
    result = build_files(site_dir, _layout_site(**{"_posts/2024-01-01-a.md": unknown + "a\n",
                                                   "_posts/2024-01-02-b.md": unknown + "b\n", "home.md": unknown + "home\n",
                                                   "about.md": "---\nlayout: page\n---\nabout\n"}))
    assert result.ok, [str(e) for e in result.errors]
    assert [str(w) for w in result.warnings] == [
        ("_posts/2024-01-01-a.md: layout 'prediction_post' is not a template of paperfold's theme: rendered with the "
        "post and page templates (3 files use it; put a Jinja template at templates/prediction_post.html to "
        "render it)")]
    built = files_of(site_dir / "_site")
    assert POST_TEMPLATE in built["a/index.html"] and POST_TEMPLATE in built["b/index.html"]
    assert PAGE_TEMPLATE in built["home/index.html"] and PAGE_TEMPLATE in built["about/index.html"]


def test_a_sites_jekyll_layouts_map_to_what_they_inherit_from(site_dir: Path) -> None:
    result = build_files(site_dir, _layout_site(**{
        "_layouts/prediction_post.html": "---\nlayout: wide\n---\n<div>{{ content }}</div>",
        "_layouts/wide.html": "---\nlayout: post\n---\n{{ content }}",
        "_layouts/loop.html": "---\nlayout: loop2\n---\n{{ content }}", "_layouts/loop2.html": "---\nlayout: loop\n---\n",
        "_posts/2024-01-01-a.md": "---\nlayout: prediction_post\n---\na\n",
        "notes.md": "---\nlayout: wide\n---\nnotes\n",
        "_posts/2024-01-02-b.md": "---\nlayout: loop\n---\nb\n",
    }))
    assert result.ok
    # The loop leads nowhere; the site's own layout is named in the warning.
    assert [str(w) for w in result.warnings if "layout '" in str(w)] == [
        ("_posts/2024-01-02-b.md: layout 'loop' (a Jekyll layout in _layouts/) is not a template of paperfold's "
        "theme: rendered with the post template (1 file uses it; put a Jinja template at templates/loop.html to "
        "render it)")]
    built = files_of(site_dir / "_site")
    assert POST_TEMPLATE in built["a/index.html"] and PAGE_TEMPLATE in built["notes/index.html"]


def test_a_sites_own_jinja_template_renders_its_layout_also_by_defaults(site_dir: Path) -> None:
    result = build_files(site_dir, _layout_site(**{
        "_config.yml": "permalink: /:title/\ndefaults:\n  - scope: {path: '', type: posts}\n"
                       "    values: {layout: talk}\n",
        "templates/talk.html": "<talk>{{ page.document.title }}</talk>",
        "_layouts/slides.html": "---\nlayout: talk\n---\n{{ content }}",
        "_posts/2024-01-01-a.md": "---\ntitle: A talk\n---\na\n",
        "deck.md": "---\ntitle: Deck\nlayout: slides\n---\ndeck\n",
    }))
    assert result.ok and not [str(w) for w in result.warnings if "layout '" in str(w)]
    built = files_of(site_dir / "_site")
    assert built["a/index.html"] == b"<talk>A talk</talk>" and built["deck/index.html"] == b"<talk>Deck</talk>"


def test_a_rebuild_follows_an_edit_to_a_sites_layout(site_dir: Path) -> None:
    files = _layout_site(**{"templates/talk.html": "<talk>{{ page.document.title }}</talk>",
                            "_layouts/x.html": "---\nlayout: post\n---\n{{ content }}",
                            "_posts/2024-01-01-a.md": "---\ntitle: A\nlayout: x\n---\na\n"})
    assert build_files(site_dir, files).ok
    assert POST_TEMPLATE in files_of(site_dir / "_site")["a/index.html"]
    assert build_files(site_dir, {"_layouts/x.html": "---\nlayout: talk\n---\n{{ content }}"}).ok
    assert files_of(site_dir / "_site")["a/index.html"] == b"<talk>A</talk>"


@pytest.mark.parametrize("name, front, path", [
    ("404.md", "layout: default\npermalink: /404.html\n", "404.html"),
    ("404.md", "title: Lost\n", "404.html"),
    ("404.html", "layout: page\npermalink: /404.html\n", "404.html"),
    # Jekyll writes it as any page under pretty: paperfold's own 404.html stays beside it.
    ("404.md", "title: Lost\n", "404/index.html"),
])
def test_a_sites_own_404_page_is_published_with_the_page_template(site_dir: Path, name: str, front: str,
                                                                  path: str) -> None:
    style = "pretty" if path.endswith("/index.html") else "date"
    body = "Gone *fishing*.\n" if name.endswith(".md") else "<p>Gone <em>fishing</em>.</p>\n"
    result = build_files(site_dir, {"_config.yml": f"permalink: {style}\n", "_posts/2024-01-01-a.md": "---\n---\na\n",
                                    name: f"---\n{front}---\n{body}"})
    assert result.ok and not result.warnings
    built = files_of(site_dir / "_site")
    assert b"Gone <em>fishing</em>." in built[path] and PAGE_TEMPLATE in built[path]
    assert (b"Gone" in built["404.html"]) == (path == "404.html")


# One site with every rule above, for Jekyll itself (its layouts only for it: paperfold renders its
# theme, and maps their names).
JEKYLL_SITE = {
    **{path: text for path, text in FILE_RULES.items() if path != "_config.yml"}, **PAGES,
    "_layouts/default.html": "---\n---\n{{ content }}", "_layouts/post.html": "---\nlayout: default\n---\n{{ content }}",
    "_layouts/prediction_post.html": "---\nlayout: post\n---\n{{ content }}",
    "_posts/2015-06-23-c.md": _post("date: 2015-06-23 01:39:00\nlayout: prediction_post\n"),
    "_posts/2015-06-23-d.md": _post('date: "2015-06-23 01:39:00"\nlayout: missing_one\n'),
    "_posts/2015-06-23-e.md": _post("date: 2015-06-23 01:39:00 +0200\n"),
    "_posts/2015-06-24-f.md": _post(""),
    "404.md": "---\nlayout: page\npermalink: /404.html\n---\nGone.\n",
    "lost.md": "---\nlayout: page\n---\nnot the 404 page\n",
}
JEKYLL_CONFIGS = {
    "pretty-toronto": "timezone: America/Toronto\npermalink: pretty\n",
    "dated-toronto": "timezone: America/Toronto\npermalink: /:year/:month/:day/:title/\n",
    "date": "permalink: date\n",
    "no-extension": "permalink: /:categories/:title\n",
}


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")
def test_every_path_jekyll_writes_paperfold_writes(tmp_path: Path) -> None:
    running = {}
    for name, config in JEKYLL_CONFIGS.items():
        files = {**JEKYLL_SITE, "_config.yml": config + FILE_RULES["_config.yml"]}
        source = write_files(tmp_path / name / "src", files)
        running[name] = subprocess.Popen(
            [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(tmp_path / name / "jekyll")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "TZ": "UTC"})
    for name, process in running.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"jekyll failed for {name}:\n{output}"
        result = build(load_config(BuildOptions(source=tmp_path / name / "src", destination=tmp_path / name / "out")),
                       now=NOW)
        assert result.ok, [str(error) for error in result.errors]
        jekyll, paperfold = files_of(tmp_path / name / "jekyll"), files_of(tmp_path / name / "out")
        assert sorted(set(jekyll) - set(paperfold)) == [], name
        copied = {path for path in jekyll if not JEKYLL_SITE.get(path, "---").startswith("---")}
        assert {path: paperfold[path] for path in copied} == {path: jekyll[path] for path in copied}, name


# Seen with Debian's Jekyll 4.3: an underscore folder that `include:` names holds pages and files
# as any folder does (at their own permalink, else under _pages/); .htm pages stay .htm, and
# .htaccess is published unless the site's own `include:` replaces Jekyll's.
INCLUDED_PAGES = {
    "_config.yml": "include: [_pages]\npermalink: pretty\n",
    "_posts/2024-01-01-a.md": "---\n---\na\n",
    "_pages/about.md": "---\npermalink: /about/\n---\nabout\n", "_pages/plain.md": "---\n---\nplain\n",
    "_pages/sub/deep.html": "---\n---\n<p>deep</p>\n", "_pages/raw.txt": "raw\n",
    "_other/hidden.md": "---\n---\nhidden\n", "page.htm": "---\n---\n<p>htm</p>\n",
    "sub/index.htm": "---\n---\n<p>htm index</p>\n", ".htaccess": "RewriteEngine on\n",
}
INCLUDED_WRITTEN = ("about/index.html", "_pages/plain/index.html", "_pages/sub/deep/index.html", "_pages/raw.txt",
                    "page/index.htm", "sub/index.htm")


def test_underscore_folders_named_in_include_hold_pages(site_dir: Path) -> None:
    result = build_files(site_dir, INCLUDED_PAGES)
    assert result.ok and not result.warnings, [str(w) for w in result.warnings]
    built = files_of(site_dir / "_site")
    assert set(INCLUDED_WRITTEN) <= set(built)
    assert b"about" in built["about/index.html"] and built["_pages/raw.txt"] == b"raw\n"
    # Jekyll's default include: is replaced by the site's, as in Jekyll.
    assert not {path for path in built if path.startswith("_other/")} and ".htaccess" not in built


@pytest.mark.parametrize("style, path", [("date", "page.htm"), ("pretty", "page/index.htm")])
def test_htm_pages_stay_htm_and_htaccess_is_published(site_dir: Path, style: str, path: str) -> None:
    result = build_files(site_dir, {**{name: INCLUDED_PAGES[name] for name in ("page.htm", "sub/index.htm", ".htaccess")},
                                    "_config.yml": f"permalink: {style}\n", "_posts/2024-01-01-a.md": "---\n---\na\n"})
    assert result.ok
    built = files_of(site_dir / "_site")
    assert b"<p>htm</p>" in built[path] and b"htm index" in built["sub/index.htm"]
    assert built[".htaccess"] == b"RewriteEngine on\n"
    assert result.site is not None and {entry.url for entry in result.site.pages} >= {"/sub/", "/" + path.removesuffix(
        "index.htm")}


# Seen with Debian's Jekyll 4.3: a collection with output: true is published at /:collection/:path
# with the style's ending, or at its own permalink; one without output: true is not.
COLLECTIONS = {
    "_config.yml": "permalink: pretty\ncollections:\n  projects:\n    output: true\n  talks:\n    output: false\n"
                   "  notes:\n    output: true\n    permalink: /n/:collection/:path/:name/:title:output_ext\n",
    "_posts/2024-01-01-a.md": "---\n---\na\n", "_projects/p1.md": "---\ntitle: P One\n---\np\n",
    "_projects/sub/Deep Page.md": "---\n---\ndeep\n", "_projects/sub/img.txt": "x",
    "_projects/own.md": "---\npermalink: /own/\n---\nown\n", "_projects/index.md": "---\n---\ni\n",
    "_notes/My Note.md": "---\n---\nn\n", "_talks/t.md": "---\n---\nt\n",
}
COLLECTIONS_WRITTEN = ("n/notes/My Note/my-note/My-Note.html", "own/index.html", "projects/index/index.html",
                       "projects/p1/index.html", "projects/sub/Deep Page/index.html", "projects/sub/img.txt")


def test_collections_jekyll_publishes_are_published_at_their_permalinks(site_dir: Path) -> None:
    result = build_files(site_dir, COLLECTIONS)
    assert result.ok and not result.warnings, [str(w) for w in result.warnings]
    built = files_of(site_dir / "_site")
    assert set(COLLECTIONS_WRITTEN) <= set(built) and built["projects/sub/img.txt"] == b"x"
    assert b"P One" in built["projects/p1/index.html"] and PAGE_TEMPLATE in built["projects/p1/index.html"]
    assert not {path for path in built if "talks" in path or path.startswith("_")}


@pytest.mark.parametrize("style, paths", [
    ("date", ("projects/p1.html", "projects/index.html")), ("/:title", ("projects/p1.html", "projects/index.html")),
    ("/:year/:title/", ("projects/p1/index.html", "projects/index/index.html")),
])
def test_a_collections_urls_end_as_the_sites_permalink_style(site_dir: Path, style: str, paths: tuple[str, ...]) -> None:
    result = build_files(site_dir, {**COLLECTIONS, "_config.yml": f"permalink: {style}\ncollections: {{projects: "
                                                                  "{output: true}}\n"})
    assert result.ok
    assert set(paths) <= set(files_of(site_dir / "_site"))


@pytest.mark.parametrize("layout", ["archive", "tags", "index", "search", "category", "feed", "base"])
def test_a_layout_named_like_paperfolds_own_page_renders_with_the_page_template(site_dir: Path, layout: str) -> None:
    # The site restyles paperfold's own page under that name: still no layout may choose it.
    own = "templates/feed.xml" if layout == "feed" else f"templates/{layout}.html"
    result = build_files(site_dir, _layout_site(**{
        own: (Path(__file__).parents[1] / own).read_text(encoding="utf-8"),
        "_posts/2024-01-01-a.md": "---\n---\na\n", "p.md": f"---\nlayout: {layout}\ntitle: P\n---\nGone *fishing*.\n"}))
    assert result.ok, [str(e) for e in result.errors]
    built = files_of(site_dir / "_site")
    assert PAGE_TEMPLATE in built["p/index.html"] and b"Gone <em>fishing</em>." in built["p/index.html"]
    hint = (f"templates/{layout}.html is paperfold's own {layout} page: put a Jinja template under another name in "
            "templates/ and name that in layout: to render it") if layout != "feed" else (
            "put a Jinja template at templates/feed.html to render it")
    assert [str(w) for w in result.warnings if "layout '" in str(w)] == [
        (f"p.md: layout '{layout}' is not a template of paperfold's theme: rendered with the page template (1 file "
         f"uses it; {hint})")]


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")
@pytest.mark.parametrize("config", ["include: [_pages]\npermalink: pretty\n", "permalink: date\n",
                                    "permalink: /:year/:title\n"])
def test_included_folders_collections_htm_pages_and_htaccess_are_where_jekyll_writes_them(tmp_path: Path, config: str) -> None:
    files = {**INCLUDED_PAGES, **COLLECTIONS, "_config.yml": config + COLLECTIONS["_config.yml"].partition("\n")[2],
             "_layouts/default.html": "{{ content }}"}
    source = write_files(tmp_path / "src", files)
    jekyll = subprocess.run(
        [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(tmp_path / "jekyll")],
        capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}, timeout=300, check=False)
    assert jekyll.returncode == 0, jekyll.stdout + jekyll.stderr
    result = build(load_config(BuildOptions(source=source, destination=tmp_path / "out")), now=NOW)
    assert result.ok, [str(error) for error in result.errors]
    written, expected = set(files_of(tmp_path / "out")), set(files_of(tmp_path / "jekyll"))
    assert sorted(expected - written) == []
    assert (".htaccess" in expected) == ("include:" not in config)


def test_a_sites_own_listing_pages_stand_where_paperfolds_would(tmp_path: Path) -> None:
    # Jekyll publishes the site's /tags/ and /archive/ (their Liquid run now), and a home page with
    # text of its own that reads no paginator; an empty one (minima's `layout: home`, whose layout
    # lists the posts) or one reading jekyll-paginate's paginator leaves the listing to paperfold.
    post = "---\ntitle: First\ntags: [a]\n---\nBody.\n"
    result = build_files(tmp_path / "own", {
        "_config.yml": "title: T\nurl: https://example.org\npermalink: pretty\n",
        "_posts/2020-01-02-first.md": post,
        "tags.html": "---\nlayout: page\n---\n{% for tag in site.tags %}<p>TAG {{ tag[0] }}</p>{% endfor %}\n",
        "archive.md": "---\nlayout: page\n---\n{% for p in site.posts %}ARCHIVED {{ p.title }}{% endfor %}\n",
        "index.md": "---\nlayout: default\n---\nWelcome to my notes.\n",
    })
    assert result.ok, result.errors
    site = tmp_path / "own" / "_site"
    assert "TAG a" in (site / "tags/index.html").read_text()
    assert "ARCHIVED First" in (site / "archive/index.html").read_text()
    assert "Welcome to my notes." in (site / "index.html").read_text()
    for body in ("", "{% for post in paginator.posts %}{{ post.title }}{% endfor %}\n"):
        result = build_files(tmp_path / str(len(body)), {
            "_config.yml": "title: T\nurl: https://example.org\n", "_posts/2020-01-02-first.md": post,
            "index.html": f"---\nlayout: home\n---\n{body}"})
        assert result.ok, result.errors
        assert 'id="recent-title"' in (tmp_path / str(len(body)) / "_site/index.html").read_text()
