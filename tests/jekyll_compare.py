"""Build a Jekyll site with Jekyll itself and with paperfold, and say where the two differ.

The sites are folders of tests/fixtures/jekyll_themes/, each in the shape of a popular theme or
blog. Their layouts put a marker around `{{ content }}` (CONTENT_START ... CONTENT_END), so the
post or page body Jekyll writes can be cut out exactly; paperfold's body is its theme's
`<div class="post-body">` (or, on a page of its own such as its home page, its `<main>`).

Four aspects are compared, each a function returning the differences as lines of text (empty
when the two agree): the output paths, each page's text, the element ids in each body, and
Liquid or kramdown markup that paperfold shows as text where Jekyll does not.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import NOW, REPO

JEKYLL = shutil.which("jekyll")
THEMES = REPO / "tests" / "fixtures" / "jekyll_themes"
SITES = tuple(sorted(path.name for path in THEMES.iterdir() if (path / "_config.yml").is_file()))

CONTENT_START = "<!-- jekyll-compare:content -->"
CONTENT_END = "<!-- /jekyll-compare:content -->"

# What paperfold writes on top of the site's own pages, as its theme promises: left out of the
# path comparison unless Jekyll writes the same path (then it must be the site's page).
PAPERFOLD_EXTRA_FILES = frozenset({
    ".nojekyll",  # GitHub Pages must publish the output as it is, not run Jekyll on it again
    ".paperfold-output",  # the marker that lets a later build clear this folder (site/write.py)
    "index.html",  # paperfold's home page (its list of posts), for a site that has none
    "404.html",  # paperfold's own not-found page, for a site that has none
    "feed.xml",  # paperfold's Atom feed of every site
    "sitemap.xml",
    "robots.txt",  # names the sitemap
    "papers.json", "papers.bib",  # the papers noted in outlines, as data
})
PAPERFOLD_EXTRA_FOLDERS = (
    "static/",  # the theme's CSS, scripts and icon
    "pagefind/",  # the search index
    "search/",  # the search page that queries it
    "papers/",  # the papers index and a page per paper
    "tags/", "categories/",  # a page per tag and category, and their indexes
    "archive/",  # the list of every post by year
)
# Where a block starts or ends, words end: kramdown and markdown-it put different white space
# between blocks (or none), which a reader does not see.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_NOT_SHOWN = frozenset({"script", "style", "template"})
SHOWN_MARKUP = re.compile(r"\{[:%{][^{}]{0,40}\}?")


@dataclass(frozen=True)
class SiteBuilds:
    """One site built both ways: the output folders, and paperfold's errors (empty when it built)."""

    name: str
    jekyll: Path
    paperfold: Path
    paperfold_errors: tuple[str, ...]
    jekyll_failure: str = ""  # what Jekyll said when it could not build the site


def missing_plugin(jekyll_output: str) -> str | None:
    """The Jekyll plugin (gem) that Jekyll's output says is not installed, if that is why it failed."""
    found = re.search(r"you don't have (\S+) or one of its dependencies installed", jekyll_output)
    return found.group(1) if found else None


def build_sites(names: Collection[str], root: Path, jobs: int = 2) -> dict[str, SiteBuilds]:
    """Build each named site with Jekyll (`jobs` at a time, TZ=UTC) and with paperfold, under root.

    A site Jekyll fails to build is returned with what Jekyll said (a test skips it when a plugin
    is missing, and fails otherwise).

    Each builder gets its own copy of the site: paperfold keeps its cache beside _config.yml.
    paperfold builds in this process, without its search index, while Jekyll runs.
    """
    from generator.build import build
    from generator.config.settings import BuildOptions, load_config

    waiting = list(names)
    running: dict[str, subprocess.Popen[str]] = {}
    failures: dict[str, str] = {}

    def tend_jekyll() -> None:
        for name, process in list(running.items()):
            if process.poll() is not None:
                output, _ = process.communicate()
                failures[name] = output if process.returncode else ""
                del running[name]
        while waiting and len(running) < jobs:
            name = waiting.pop(0)
            source = root / name / "jekyll-source"
            shutil.copytree(THEMES / name, source)
            running[name] = subprocess.Popen(
                [str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(root / name / "jekyll")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "TZ": "UTC"})

    built: dict[str, SiteBuilds] = {}
    try:
        for name in names:
            tend_jekyll()
            source = root / name / "paperfold-source"
            shutil.copytree(THEMES / name, source)
            result = build(load_config(BuildOptions(source=source, destination=root / name / "paperfold")),
                           now=NOW, index_search=False)
            built[name] = SiteBuilds(name, root / name / "jekyll", root / name / "paperfold",
                                     tuple(str(error) for error in result.errors))
        deadline = time.monotonic() + 300
        while running or waiting:
            assert time.monotonic() < deadline, f"jekyll still building {sorted(running)} after 5 minutes"
            time.sleep(0.05)  # a slot is given to the next site as soon as either build ends
            tend_jekyll()
    finally:
        for process in running.values():  # a failed build or the deadline leaves none behind
            process.kill()
            process.wait()
    return {name: replace(site, jekyll_failure=failures[name]) for name, site in built.items()}


def output_paths(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()} if root.is_dir() else set()


def paperfold_extra(path: str) -> bool:
    return path in PAPERFOLD_EXTRA_FILES or path.startswith(PAPERFOLD_EXTRA_FOLDERS)


def _build_failed(site: SiteBuilds) -> list[str]:
    return [f"paperfold's build failed: {error}" for error in site.paperfold_errors]


def path_differences(site: SiteBuilds) -> list[str]:
    """Paths Jekyll writes that paperfold does not, and paperfold's that Jekyll does not (its extras aside)."""
    jekyll, paperfold = output_paths(site.jekyll), output_paths(site.paperfold)
    missing = sorted(jekyll - paperfold)
    extra = sorted(path for path in paperfold - jekyll if not paperfold_extra(path))
    return _build_failed(site) + [f"only Jekyll writes {path}" for path in missing] + [
        f"only paperfold writes {path}" for path in extra]


class _Text(HTMLParser):
    """The text a reader sees, and the element ids, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ids: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)
        if tag in _NOT_SHOWN:
            self._hidden += 1
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _NOT_SHOWN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def read_fragment(fragment: str) -> _Text:
    reader = _Text()
    reader.feed(fragment)
    reader.close()
    return reader


# kramdown trims the space inside $$ ... $$ (`\\( E \\)` becomes `\\(E\\)`); MathJax shows both alike.
_MATH_SPACE = re.compile(r"(\\[(\[])\s+|\s+(\\[)\]])")


def shown_text(fragment: str) -> str:
    """The fragment's visible text with white space collapsed (and none inside math delimiters)."""
    return _MATH_SPACE.sub(r"\1\2", " ".join("".join(read_fragment(fragment).parts).split()))


def jekyll_body(page: str) -> str | None:
    """The innermost `{{ content }}` the layouts marked, or None on a page without a marked layout."""
    end = page.find(CONTENT_END)
    start = page.rfind(CONTENT_START, 0, end)
    return None if end < 0 or start < 0 else page[start + len(CONTENT_START):end]


def paperfold_body(page: str) -> str:
    """The post or page body of paperfold's theme; on a page of its own (home, archive), its <main>."""
    start = page.find('<div class="post-body">')
    if start >= 0:  # to the div's own end tag: the body may hold divs and articles of its own
        depth = 0
        for tag in re.finditer(r"<(/?)div\b", page[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return page[start + len('<div class="post-body">'):start + tag.start()]
        return page[start + len('<div class="post-body">'):]
    main = re.search(r"<main\b[^>]*>(.*)</main>", page, re.DOTALL)
    return main.group(1) if main else page


def compared_pages(site: SiteBuilds) -> list[str]:
    """Jekyll's pages that show a body through a marked layout, but for a home page whose posts
    its layout or jekyll-paginate lists: paperfold's own list of posts stands there by design (README)."""
    skipped = {"index.html"} if _home_listed_by_theme(THEMES / site.name) else set()
    return sorted(path for path in output_paths(site.jekyll)
                  if path.endswith(".html") and path not in skipped and jekyll_body(_read(site.jekyll / path)) is not None)


def _home_listed_by_theme(source: Path) -> bool:
    """Whether the site's home page has no text of its own (its layout lists the posts) or reads
    jekyll-paginate's paginator."""
    for name in ("index.html", "index.md", "index.markdown"):
        if (source / name).is_file():
            body = _read(source / name).split("---", 2)[-1]
            return not body.strip() or "paginator" in body
    return False


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _paperfold_page(site: SiteBuilds, path: str) -> Path | None:
    """paperfold's page for Jekyll's path: the same, or the other of `x.html` and `x/index.html`
    (a page at the other form is a path difference, reported there; its text is still compared)."""
    other = path.removesuffix("index.html").rstrip("/") + ".html" if path.endswith("/index.html") else (
        path.removesuffix(".html") + "/index.html")
    for candidate in (path, other):
        if (site.paperfold / candidate).is_file():
            return site.paperfold / candidate
    return None


def _each_body(site: SiteBuilds, compare: Callable[[str, str, str], list[str]]) -> list[str]:
    if site.paperfold_errors:
        return _build_failed(site)
    differences = []
    for path in compared_pages(site):
        found = _paperfold_page(site, path)
        if found is None:
            differences.append(f"{path}: paperfold writes no such page")
            continue
        jekyll = jekyll_body(_read(site.jekyll / path)) or ""
        differences.extend(compare(path, jekyll, paperfold_body(_read(found))))
    return differences


def word_differences(jekyll: list[str], paperfold: list[str], context: int = 6) -> list[str]:
    """Where two word lists part, in order: the words before, then each side's words from there."""
    matcher = difflib.SequenceMatcher(None, jekyll, paperfold, autojunk=False)
    return [f"after {' '.join(jekyll[max(0, j_start - context):j_start])!r}: "
            f"Jekyll {' '.join(jekyll[j_start:j_end + context])!r}, paperfold {' '.join(paperfold[p_start:p_end + context])!r}"
            for tag, j_start, j_end, p_start, p_end in matcher.get_opcodes() if tag != "equal"]


def text_differences(site: SiteBuilds, most: int = 3) -> list[str]:
    """For each page Jekyll writes with a body: where paperfold's text differs from Jekyll's (the first `most`)."""
    def compare(path: str, jekyll: str, paperfold: str) -> list[str]:
        found = word_differences(shown_text(jekyll).split(), shown_text(paperfold).split())
        more = f" (and {len(found) - most} more)" if len(found) > most else ""
        return [f"{path}: {difference}" for difference in found[:most]] + ([f"{path}:{more}"] if more else [])
    return _each_body(site, compare)


def id_differences(site: SiteBuilds) -> list[str]:
    """For each page Jekyll writes with a body: the element ids in it, in order, when paperfold's differ."""
    def compare(path: str, jekyll: str, paperfold: str) -> list[str]:
        jekyll_ids, paperfold_ids = read_fragment(jekyll).ids, read_fragment(paperfold).ids
        if jekyll_ids == paperfold_ids:
            return []
        return [(f"{path}: only Jekyll has {sorted(set(jekyll_ids) - set(paperfold_ids))}, "
                 f"only paperfold has {sorted(set(paperfold_ids) - set(jekyll_ids))}, in order: "
                 f"Jekyll {jekyll_ids}, paperfold {paperfold_ids}")]
    return _each_body(site, compare)


def _shown_markup(root: Path) -> dict[str, list[str]]:
    """Each HTML and XML file's `{:`, `{%` and `{{` shown as text (what follows, to the next brace)."""
    shown = {}
    for path in sorted(output_paths(root)):
        if path.endswith((".html", ".xml")):
            text = " ".join("".join(read_fragment(_read(root / path)).parts).split())
            if found := SHOWN_MARKUP.findall(text):
                shown[path] = found
    return shown


def markup_differences(site: SiteBuilds) -> list[str]:
    """Markup paperfold shows as text that Jekyll shows nowhere (a post about Liquid shows some)."""
    if site.paperfold_errors:
        return _build_failed(site)
    jekyll_shows = {markup for found in _shown_markup(site.jekyll).values() for markup in found}
    return [f"{path} shows {[markup for markup in found if markup not in jekyll_shows]}"
            for path, found in _shown_markup(site.paperfold).items()
            if any(markup not in jekyll_shows for markup in found)]


ASPECTS: Mapping[str, Callable[[SiteBuilds], list[str]]] = {
    "paths": path_differences,
    "text": text_differences,
    "ids": id_differences,
    "markup": markup_differences,
}
