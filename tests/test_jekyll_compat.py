"""A Jekyll blog builds with paperfold to the same post files, titles and dates as with Jekyll itself.

The blog is written here, in Jekyll's own layout, with the awkward cases real Jekyll blogs have:
one-digit days, a dateless file in `_posts`, a space in a file name, CRLF and BOM files, categories
with spaces and a slash, tags as a list and as a string, posts in a category folder. Jekyll builds it
(skipped when `jekyll` is not installed) once per permalink style, all four runs at once.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from generator.commands.check import check_site
from generator.config.settings import BuildOptions, load_config
from tests.conftest import NOW, write_files

JEKYLL = shutil.which("jekyll")
pytestmark = pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")

PERMALINKS = {"categories-title": "/:categories/:title", "date": "date", "pretty": "pretty",
              "dated-folders": "/:year/:month/:day/:title/"}
# Built with no `timezone:`, as most GitHub Pages blogs are: Jekyll then files and shows dates in
# the build machine's zone, which on GitHub is UTC (so Jekyll runs with TZ=UTC here too).
NO_TIMEZONE = {"date-no-timezone": "date"}
# Front matter defaults: every post, a folder (the longer path wins), and a glob over file names.
FRONT_MATTER_DEFAULTS = """defaults:
  - scope: {path: "", type: posts}
    values: {permalink: "/articles/:title/", tags: [defaulted]}
  - scope: {path: "papers"}
    values: {permalink: "/papers/:categories/:title/"}
  - scope: {path: "_posts/2024-0*"}
    values: {category: Globbed}
  - scope: {path: "", type: pages}
    values: {permalink: "/never-a-post/:title/"}
"""
WITH_DEFAULTS = {"defaults": "date"}
VARIANTS = {**PERMALINKS, **NO_TIMEZONE, **WITH_DEFAULTS}

# Only for Jekyll: paperfold reads no Jekyll layouts, it uses its own theme.
POST_LAYOUT = (
    "<title>{{ page.title | xml_escape }}</title><time>{{ page.date | date_to_xmlschema }}</time>"
    "<categories>{{ page.categories | join: '|' | xml_escape }}</categories>"
    "<tags>{{ page.tags | join: '|' | xml_escape }}</tags>\n{{ content }}"
)
# Code as Jekyll's highlight tag shows it: Markdown inside is the code's own text. (Jekyll also runs
# Liquid inside it, paperfold keeps it as written, as everywhere.)
HIGHLIGHTED_CODE = "def f(*args, **kw):\n    # a_b_c * 2 <b>\n\n    return `x` + '<y>'"
JB = """JB:
  version: 0.3.0
  archive_path: /archive.html
  categories_path: /categories.html
  tags_path: /tags.html
  atom_path: /atom.xml
  rss_path: /rss.xml
"""
BLOG = {
    "_layouts/post.html": POST_LAYOUT,
    "_includes/JB/setup": "",
    "_posts/2024-3-7-one-digit-day.md":
        '---\nlayout: post\ntitle: "One-digit month and day"\ncategory: "Paper Reading"\ntags: [raft, consensus]\n---\n'
        "{% include JB/setup %}\nBody.\n",
    "_posts/2024-01-05-AI notes.md":
        '---\nlayout: post\ntitle: "AI notes & a space in the file name"\ncategories: [AI/ML, Systems]\n'
        "tags: ml systems\n---\nBody.\n",
    "_posts/2024-01-01-crlf-post.md":
        "---\r\nlayout: post\r\ntitle: CRLF post\r\ndate: 2024-01-01 01:30:00 +0800\r\ncategories: Storage\r\n"
        "tags: [ssd]\r\n---\r\nBody.\r\n",
    "_posts/2024-02-10-bom_post-x.md":
        "\ufeff---\nlayout: post\ndate: 2024-02-11\ntags: single\n---\nNo title: both make one from the slug.\n",
    "_posts/2024-04-01-论文笔记.md": "---\nlayout: post\ntitle: 论文笔记\ncategory: 论文\n---\n中文。\n",
    # 23:30 on Feb 1st at -0800 is Feb 2nd in UTC.
    "_posts/2023-02-01-tz.md": "---\nlayout: post\ntitle: Late at night\ndate: 2023-02-01 23:30:00 -0800\n---\nBody.\n",
    # Dots in the name are not an extension: Jekyll still appends .html to an extensionless permalink.
    "_posts/2023-10-09-dots.in.name.md": "---\nlayout: post\ntitle: Dots in the name\n---\nBody.\n",
    "_posts/2024-05-01-highlighted.md":
        "---\nlayout: post\ntitle: Highlighted\n---\nBefore.\n\n{% highlight python %}\n"
        f"{HIGHLIGHTED_CODE}\n{{% endhighlight %}}\n\nAfter.\n",
    "_posts/2024-05-02-linking.md":
        "---\nlayout: post\ntitle: Linking\n---\n[a]({% post_url 2024-3-7-one-digit-day %}) "
        "[b]({% post_url 2024-01-05-AI notes %}) [c]({% link _posts/2024-05-01-highlighted.md %}) "
        "[d]({% post_url 2023-11-20-in-a-folder %}) [e](/tags.html#raft-ref)\n",
    "_posts/2024-05-03-kramdown.md":
        "---\nlayout: post\ntitle: kramdown\n---\n* TOC\n{:toc}\n\n## Contents\n{:.no_toc}\n\n# Setup {#install}\n\n"
        "Read [the docs](https://example.org){:target=\"_blank\"}.\n{: .note}\n\n## Two words\n\n### Deeper `code`\n\n"
        "# Last\n{: #last .wide}\n\n## Not an attribute list {: #x .y}\n\nNoted[^1], twice[^1], named[^gfs].\n\n"
        "[^1]: One.\n[^gfs]: The Google File System.\n\n<div class=\"note\" markdown=\"1\">\n**Note:** a *kramdown* block.\n</div>\n",
    "_posts/notes-without-a-date.md": "---\nlayout: post\ntitle: Not a post\n---\nJekyll skips it.\n",
    # Jekyll: the folder's category first, then `categories`, then `category`.
    "papers/_posts/2023-11-20-in-a-folder.md":
        "---\nlayout: post\ntitle: In a category folder\ncategory: Notes\ncategories: [Systems]\n---\nBody.\n",
}


@dataclass(frozen=True)
class Shown:
    """What one post page says about its post."""

    title: str
    date: str  # as xmlschema / ISO 8601
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Builds:
    jekyll: dict[str, Shown]  # output file path -> what Jekyll's page shows
    paperfold: dict[str, Shown]
    jekyll_output: Path
    paperfold_output: Path
    result: BuildResult


def _config(variant: str) -> str:
    timezone = "" if variant in NO_TIMEZONE else "timezone: UTC\n"
    defaults = FRONT_MATTER_DEFAULTS if variant in WITH_DEFAULTS else ""
    return f"title: Compat\n{timezone}permalink: {VARIANTS[variant]}\n{JB}{defaults}"


def _jekyll_pages(destination: Path) -> dict[str, Shown]:
    pages = {}
    for path in destination.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"<title>(.*?)</title><time>(.*?)</time><categories>(.*?)</categories><tags>(.*?)</tags>", text)
        assert found, f"{path}: not made by the test's post layout"
        title, date, categories, tags = (html.unescape(group) for group in found.groups())
        pages[path.relative_to(destination).as_posix()] = Shown(
            title, date, tuple(filter(None, categories.split("|"))), tuple(filter(None, tags.split("|"))))
    return pages


def _paperfold_pages(result: BuildResult, destination: Path) -> dict[str, Shown]:
    assert result.site is not None
    pages = {}
    for post in result.site.posts:
        page = (destination / post.output_path).read_text(encoding="utf-8")
        shown_date = re.search(r'<time datetime="([^"]+)"', page)
        assert shown_date, f"{post.output_path}: no <time datetime> in paperfold's page"
        pages[post.output_path] = Shown(post.document.title, shown_date.group(1),
                                        post.document.categories, post.document.tags)
    return pages


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Builds]:
    root = tmp_path_factory.mktemp("jekyll-compat")
    running = {}
    for name in VARIANTS:
        source = write_files(root / name / "src", {**BLOG, "_config.yml": _config(name)})
        running[name] = subprocess.Popen(
            [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(root / name / "jekyll")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "TZ": "UTC"})
    found = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"jekyll failed for variant {name}:\n{output}"
        source, paperfold = root / name / "src", root / name / "paperfold"
        result = build(load_config(BuildOptions(source=source, destination=paperfold)), now=NOW)
        assert result.ok, [str(error) for error in result.errors]
        jekyll = root / name / "jekyll"
        found[name] = Builds(_jekyll_pages(jekyll), _paperfold_pages(result, paperfold), jekyll, paperfold, result)
    return found


@pytest.mark.parametrize("variant", VARIANTS)
def test_post_files_are_where_jekyll_writes_them(builds: dict[str, Builds], variant: str) -> None:
    built = builds[variant]
    assert sorted(built.paperfold) == sorted(built.jekyll)
    for path in built.paperfold:
        assert (built.paperfold_output / path).is_file()


@pytest.mark.parametrize("variant", VARIANTS)
def test_titles_dates_and_taxonomies_match_jekyll(builds: dict[str, Builds], variant: str) -> None:
    built = builds[variant]
    for path in sorted(set(built.jekyll) & set(built.paperfold)):
        jekyll, paperfold = built.jekyll[path], built.paperfold[path]
        assert paperfold.title == jekyll.title, path
        assert datetime.fromisoformat(paperfold.date) == datetime.fromisoformat(jekyll.date), path  # same instant
        assert paperfold.date == jekyll.date, f"{path}: shown in another time zone than the site's"
        assert (paperfold.categories, paperfold.tags) == (jekyll.categories, jekyll.tags), path


def test_the_site_has_the_awkward_cases(builds: dict[str, Builds]) -> None:
    """Guards the fixture: each case really reached Jekyll's output."""
    jekyll = builds["date"].jekyll
    assert set(jekyll) >= {
        "paper reading/2024/03/07/one-digit-day.html",  # a space in the URL is a space in the path
        "ai/ml/systems/2024/01/05/AI-notes.html",  # a slash in a category is a folder
        "storage/2023/12/31/crlf-post.html",  # +0800 on Jan 1st is Dec 31st in UTC
        "2024/02/11/bom_post-x.html",
        "2023/02/02/tz.html",
        "2023/10/09/dots.in.name.html",
        "论文/2024/04/01/论文笔记.html",
        "papers/systems/notes/2023/11/20/in-a-folder.html",
    }
    assert not any("without-a-date" in path for path in jekyll)
    assert any("post-x" in path and shown.title == "Bom_post X" for path, shown in jekyll.items())


def test_front_matter_defaults_reached_jekyll(builds: dict[str, Builds]) -> None:
    """Guards the defaults variant: each scope changed what Jekyll wrote."""
    jekyll = builds["defaults"].jekyll
    assert jekyll["articles/论文笔记/index.html"].categories == ("论文",)  # its own category wins over the glob's
    assert jekyll["articles/AI-notes/index.html"].tags == ("ml", "systems")  # its own tags win
    assert jekyll["articles/highlighted/index.html"].categories == ("Globbed",)
    assert jekyll["articles/tz/index.html"].tags == ("defaulted",)
    assert "papers/papers/systems/notes/in-a-folder/index.html" in jekyll


def test_paperfold_skips_the_dateless_post_with_a_warning(builds: dict[str, Builds]) -> None:
    warnings = [str(warning) for warning in builds["date"].result.warnings]
    assert any(w.startswith("_posts/notes-without-a-date.md") and "date" in w for w in warnings), warnings


@pytest.mark.parametrize("variant", PERMALINKS)
def test_jekyll_bootstrap_pages_are_written_where_jb_says(builds: dict[str, Builds], variant: str) -> None:
    output = builds[variant].paperfold_output
    for path in ("archive.html", "tags.html", "categories.html", "atom.xml", "rss.xml"):
        assert (output / path).is_file(), path
    assert "CRLF post" in (output / "archive.html").read_text(encoding="utf-8")
    assert _same_feed(output, "atom.xml")


def test_paperfolds_own_links_resolve_on_this_site(builds: dict[str, Builds]) -> None:
    for variant, built in builds.items():
        report = check_site(built.paperfold_output, "")
        assert [str(problem) for problem in report.broken] == [], variant


def _code_shown(page: Path) -> str:
    found = re.search(r"<code[^>]*>(.*?)</code>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"{page}: no code"
    # Jekyll ends the code without its last line break; in a <pre> the two look the same.
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).removesuffix("\n")


def test_highlight_blocks_show_the_same_code_as_jekyll(builds: dict[str, Builds]) -> None:
    built = builds["date"]
    path = "2024/05/01/highlighted.html"
    assert _code_shown(built.jekyll_output / path) == _code_shown(built.paperfold_output / path) == HIGHLIGHTED_CODE
    assert '<span class="k">def</span>' in (built.paperfold_output / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", PERMALINKS)
def test_link_tags_give_the_urls_jekyll_gives(builds: dict[str, Builds], variant: str) -> None:
    built = builds[variant]
    [path] = [path for path in built.jekyll if "linking" in path]

    def hrefs(root: Path) -> list[str]:
        return re.findall(r'<a href="([^"]*)">[abcd]</a>', (root / path).read_text(encoding="utf-8"))

    assert len(hrefs(built.jekyll_output)) == 4
    assert hrefs(built.paperfold_output) == hrefs(built.jekyll_output)


def test_kramdown_ids_attributes_and_toc_as_jekyll_gives_them(builds: dict[str, Builds]) -> None:
    built = builds["date"]
    path = "2024/05/03/kramdown.html"

    def shown(root: Path) -> dict[str, list[str]]:
        text = (root / path).read_text(encoding="utf-8")
        return {
            "headings": re.findall(r"<h\d[^>]*\bid=\"([^\"]+)\"", text),
            "toc": re.findall(r'<a href="(#[^"]+)" id="markdown-toc-', text),
            "classes": sorted(re.findall(r'class="(note|wide|no_toc)"', text)),
            "targets": re.findall(r'<a href="https://example.org" target="(_blank)"', text),
            "footnote ids": sorted(re.findall(r'\bid="(fn(?:ref)?:[^"]+)"', text)),
            "note": re.findall(r'<div class="note">\s*(.*?)\s*</div>', text, re.DOTALL),
        }

    jekyll = shown(built.jekyll_output)
    assert jekyll["toc"] == ["#install", "#two-words", "#deeper-code", "#last", "#not-an-attribute-list--x-y"]
    assert shown(built.paperfold_output) == jekyll


# jekyll-paginate's pages for a paginate_path in a folder, and pages whose front matter says they
# have no layout, in a second small blog (Jekyll needs the plugin: Debian's ruby-jekyll-paginate).
POSTS_TO_PAGINATE = {f"_posts/2024-06-0{day}-p{day}.md": f"---\nlayout: post\ntitle: Post {day}\n---\nBody {day}.\n"
                     for day in range(1, 6)}
NO_LAYOUT_PAGES = {
    "nil.html": "---\nlayout: nil\n---\n<p>nil: as it is</p>\n",
    "none.html": "---\nlayout: none\n---\n<p>none: as it is</p>\n",
    "null.xml": "---\nlayout: null\n---\n<x>null: as it is</x>\n",
    "notes.md": "---\nlayout: none\n---\n*Markdown*, no layout.\n",
}
SECOND_BLOG = {
    "_config.yml": f"title: Second\ntimezone: UTC\npaginate: 2\npaginate_path: /blog/p:num/\nplugins: [jekyll-paginate]\n{JB}",
    "_layouts/post.html": "{{ content }}",
    "_layouts/default.html": "{{ content }}",
    "_includes/JB/setup": "",
    # jekyll-paginate paginates the index.html of the folder paginate_path is in.
    "blog/index.html": "---\nlayout: default\n---\n<ul>{% for post in paginator.posts %}<li>{{ post.title }}</li>{% endfor %}</ul>\n",
    # Jekyll Bootstrap's feed: a Liquid template at the path of paperfold's own.
    "atom.xml": "---\nlayout: nil\ntitle: Atom Feed\n---\n<feed>{% for post in site.posts %}<entry>{{ post.title }}</entry>{% endfor %}</feed>\n",
    # Jekyll Bootstrap's own pages, Liquid templates at the paths its config names.
    "archive.html": "---\nlayout: default\ntitle: Archive\n---\n{% for post in site.posts %}{{ post.title }}{% endfor %}\n",
    "tags.html": "---\nlayout: default\ntitle: Tags\n---\n{% for tag in site.tags %}{{ tag[0] }}{% endfor %}\n",
    "categories.html": "---\nlayout: default\n---\n{% include JB/setup %}{% assign list = site.categories %}\n",
    # A Liquid template at no path paperfold writes: rendered, as Jekyll renders it.
    "titles.xml": "---\nlayout: none\n---\n{% for post in site.posts %}{{ post.title }}\n{% endfor %}",
    **POSTS_TO_PAGINATE,
    **NO_LAYOUT_PAGES,
}


@pytest.fixture(scope="module")
def second_blog(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("jekyll-second")
    source = write_files(root / "src", SECOND_BLOG)
    jekyll = subprocess.run(
        [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(root / "jekyll")],
        check=False, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}, timeout=300)
    if jekyll.returncode != 0 and "jekyll-paginate" in jekyll.stdout + jekyll.stderr:
        pytest.skip("jekyll-paginate is not installed (Debian: apt-get install ruby-jekyll-paginate)")
    assert jekyll.returncode == 0, jekyll.stdout + jekyll.stderr
    result = build(load_config(BuildOptions(source=source, destination=root / "paperfold")), now=NOW)
    assert result.ok, [str(error) for error in result.errors]
    return Builds({}, {}, root / "jekyll", root / "paperfold", result)


def _same_feed(output: Path, path: str) -> bool:
    """The feed at `path` is feed.xml's, but for naming itself as the feed (its rel="self" link)."""
    text = (output / path).read_text(encoding="utf-8")
    assert f'<link href="/{path}" rel="self"' in text
    return text.replace(f'href="/{path}" rel="self"', 'href="/feed.xml" rel="self"') == (
        output / "feed.xml").read_text(encoding="utf-8")


def _titles_listed(page: Path) -> list[str]:
    return re.findall(r"Post \d", page.read_text(encoding="utf-8"))


def test_paginate_path_pages_are_where_jekyll_paginate_writes_them(second_blog: Builds) -> None:
    jekyll_pages = sorted(p.relative_to(second_blog.jekyll_output).as_posix()
                          for p in second_blog.jekyll_output.glob("blog/**/index.html"))
    assert jekyll_pages == ["blog/index.html", "blog/p2/index.html", "blog/p3/index.html"]
    for path in jekyll_pages:
        listed = _titles_listed(second_blog.paperfold_output / path)
        assert listed == _titles_listed(second_blog.jekyll_output / path), path
    assert not (second_blog.paperfold_output / "page2").exists()
    # Pages link on with paginate_path's URLs; the home page is the first page too.
    assert 'href="/blog/p3/"' in (second_blog.paperfold_output / "blog/p2/index.html").read_text(encoding="utf-8")
    assert _titles_listed(second_blog.paperfold_output / "index.html") == ["Post 5", "Post 4"]
    warnings = [str(warning) for warning in second_blog.result.warnings]
    assert ("blog/index.html: not written: paperfold writes its own list of posts (jekyll-paginate's first page) "
            "at blog/index.html in its place, instead of running this Liquid template") in warnings


@pytest.mark.parametrize("path", ["nil.html", "none.html", "null.xml", "notes.html"])
def test_pages_without_a_layout_are_written_as_jekyll_writes_them(second_blog: Builds, path: str) -> None:
    jekyll = (second_blog.jekyll_output / path).read_text(encoding="utf-8")
    paperfold = (second_blog.paperfold_output / path).read_text(encoding="utf-8")
    if path == "notes.html":  # Markdown converters differ in small ways: the same HTML, no page around it
        jekyll, paperfold = (re.sub(r"\s+", " ", text).strip() for text in (jekyll, paperfold))
    assert paperfold == jekyll


def test_jekyll_bootstraps_own_pages_give_way_to_paperfolds(second_blog: Builds) -> None:
    warnings = [str(warning) for warning in second_blog.result.warnings]
    for path, what in (("archive.html", "archive"), ("tags.html", "tags page"), ("categories.html", "categories page")):
        assert f"{path}: not written: paperfold writes its own {what} at {path} in its place, " \
            "instead of running this Liquid template" in warnings
        assert "{%" not in (second_blog.paperfold_output / path).read_text(encoding="utf-8")
    assert "Post 3" in (second_blog.paperfold_output / "archive.html").read_text(encoding="utf-8")


def test_a_liquid_feed_template_is_rendered_as_jekyll_renders_it(second_blog: Builds) -> None:
    written = (second_blog.paperfold_output / "atom.xml").read_text(encoding="utf-8")
    assert written == (second_blog.jekyll_output / "atom.xml").read_text(encoding="utf-8")
    assert "<entry>Post 5</entry>" in written


def test_a_liquid_template_without_a_layout_is_rendered_as_jekyll_renders_it(second_blog: Builds) -> None:
    written = (second_blog.paperfold_output / "titles.xml").read_text()
    assert written == (second_blog.jekyll_output / "titles.xml").read_text()
    assert "{%" not in written and written.count("\n") > 1
