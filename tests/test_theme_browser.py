"""The default theme in a real browser: the bundled blog built, served over HTTP and opened in Chromium.

Screenshots land in test-artifacts/theme/ at the repository root (gitignored) for a human to look at.
Needs the `playwright` package and Debian's /usr/bin/chromium; the accessibility check also needs
axe-core, which the test run installs with npm (tests/npm_packages.py). Each is skipped, saying why, when missing.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.browser_support import chromium, needs_browser, serve_folder
from tests.conftest import NOW, REPO

try:
    from playwright.sync_api import Browser, Page
except ImportError:  # pragma: no cover - depends on the machine
    pass

AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "theme"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = needs_browser


@dataclass(frozen=True, slots=True)
class BuiltBlog:
    """The bundled blog's output folder, the URLs the tests visit, and its deepest outline's levels."""

    root: Path
    urls: dict[str, str]
    deepest_level: int


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> BuiltBlog:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # this run's screenshots only
    out = tmp_path_factory.mktemp("theme") / "site"
    result = build(load_config(BuildOptions(source=REPO, destination=out)), now=NOW)
    assert result.ok and result.site is not None, [str(e) for e in result.errors]
    depths = {}
    for post in result.site.posts:
        found = re.findall(r'data-depth="(\d+)"', (out / post.output_path).read_text(encoding="utf-8"))
        depths[post.url] = max(map(int, found), default=-1)
    deepest = max(depths, key=depths.__getitem__)
    [chinese] = [p.url for p in result.site.posts if p.document.lang == "zh-CN"]
    with_code = [p.url for p in result.site.posts if '<pre class="highlight"' in p.body.html]
    tag = result.site.tags[0].ref.url
    [footnoted] = [p.url for p in result.site.posts if "reversefootnote" in p.body.html and p.body.outline_items]
    urls = {"home": "/", "deepest": deepest, "chinese": chinese, "code": with_code[0], "tag": tag, "footnoted": footnoted,
            "tags": "/tags/", "archive": "/archive/", "about": "/about/", "missing": "/404.html"}
    return BuiltBlog(out, urls, depths[deepest] + 1)


@pytest.fixture(scope="module")
def served(blog: BuiltBlog) -> Iterator[str]:
    with serve_folder(blog.root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def open_page(browser: Browser, served: str, blog: BuiltBlog) -> Iterator[Callable[..., Page]]:
    """open_page(name, viewport=DESKTOP, scheme="light"): a fresh context; only the test server is reachable."""
    contexts = []

    def open_(name: str, viewport: dict[str, int] = DESKTOP, scheme: str = "light") -> Page:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
        contexts.append(context)
        # KaTeX comes from a CDN: blocked, so the tests neither wait for nor depend on the network.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
        page = context.new_page()
        response = page.goto(served + blog.urls.get(name, name))
        assert response is not None and (response.ok or name == "missing"), name
        return page

    yield open_
    for context in contexts:
        context.close()


def _shot(page: Page, name: str, *, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 5_000, f"{path} looks blank"


def _expand_all(page: Page) -> None:
    page.evaluate("document.querySelectorAll('.post-body details').forEach(d => { d.open = true; })")


def _no_horizontal_scroll(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_screenshots_of_each_kind_of_page(open_page: Callable[..., Page], blog: BuiltBlog) -> None:
    home = open_page("home")
    assert home.locator(".post-list .post-item").count() >= 5
    assert "outline items" in home.locator(".post-item .post-meta").first.inner_text()
    assert home.locator(".post-item .tag-list a").count() >= 5
    _shot(home, "home", full_page=True)

    post = open_page("deepest")
    assert post.locator(".post-header time").count() == 1 and post.locator(".post-header .category").count() == 1
    assert post.locator(".outline-map li").count() >= 5 and post.locator(".ol-toolbar button").count() == 2
    assert post.locator(".post-nav a").count() >= 1 and post.locator(".related li").count() >= 1
    _shot(post, "post-folded")
    _expand_all(post)
    post.locator(f'.ol-node[data-depth="{blog.deepest_level - 1}"]').first.scroll_into_view_if_needed()
    _shot(post, "post-expanded-deepest")

    _shot(open_page("tag"), "tag", full_page=True)
    _shot(open_page("code"), "post-with-code-and-table", full_page=True)
    _shot(open_page("home", scheme="dark"), "home-dark", full_page=True)
    _shot(open_page("chinese", scheme="dark"), "post-chinese-dark")


def test_a_phone_never_scrolls_sideways(open_page: Callable[..., Page], blog: BuiltBlog) -> None:
    assert blog.deepest_level >= 18, "the bundled blog should keep its 18-level post"
    for name in ("deepest", "code", "chinese", "home", "tag", "archive", "about"):
        page = open_page(name, viewport=PHONE)
        if name in ("deepest", "home"):
            _shot(page, f"phone-{name}")
        _expand_all(page)
        scroll_width, inner_width = _no_horizontal_scroll(page)
        assert scroll_width <= inner_width, f"{name}: page is {scroll_width}px wide on a {inner_width}px phone"
        if name == "deepest":
            deepest = page.locator(f'.ol-node[data-depth="{blog.deepest_level - 1}"]').first
            deepest.scroll_into_view_if_needed()
            _shot(page, "phone-deepest-expanded")
            box = deepest.bounding_box()
            assert box is not None and box["x"] + box["width"] <= inner_width
            assert box["width"] >= 120, f"level {blog.deepest_level} leaves only {box['width']}px of text"


def test_theme_toggle_is_remembered_and_follows_the_system(open_page: Callable[..., Page]) -> None:
    dark = open_page("home", scheme="dark")
    assert dark.evaluate("document.documentElement.dataset.theme") == "dark"  # no choice yet: the system's

    page = open_page("home", scheme="light")
    light_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.locator("[data-theme-toggle]")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    dark_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark_background != light_background
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark_background
    assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    page.locator(".post-item-title a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator("[data-theme-toggle]").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"


def test_language_and_head(open_page: Callable[..., Page], served: str, blog: BuiltBlog) -> None:
    chinese = open_page("chinese")
    assert chinese.evaluate("document.documentElement.lang") == "zh-CN"
    assert chinese.locator('meta[property="og:locale"]').get_attribute("content") == "zh_CN"
    article = json.loads(chinese.locator('script[type="application/ld+json"]').inner_text())
    assert article["@type"] == "BlogPosting" and article["inLanguage"] == "zh-CN" and article["headline"]
    for selector in ('link[rel="canonical"]', 'meta[property="og:title"]', 'meta[property="og:description"]',
                     'meta[name="twitter:card"]', 'meta[name="description"]'):
        assert chinese.locator(selector).count() == 1, selector

    home = open_page("home")
    assert home.evaluate("document.documentElement.lang") == "en"
    assert home.locator('.post-item-title[lang="zh-CN"]').count() == 1
    for rel in ("alternate", "icon"):
        href = home.locator(f'link[rel="{rel}"]').get_attribute("href")
        assert href and home.request.get(served + href).ok, rel
    search = home.locator('form[role="search"]')
    assert search.get_attribute("action") == "/search/" and search.locator('input[name="q"]').count() == 1
    assert home.locator("header, nav, main, footer").count() >= 4

    # KaTeX only where there is math (the Raft post), nowhere else.
    with_math = [path for path in blog.root.rglob("*.html") if "katex" in path.read_text(encoding="utf-8")]
    assert [path.name for path in with_math] == ["raft-by-example.html"]


def test_print_shows_every_node_and_no_chrome(open_page: Callable[..., Page], blog: BuiltBlog) -> None:
    page = open_page("deepest")
    deepest = page.locator(f'.ol-node[data-depth="{blog.deepest_level - 1}"]').first
    assert not deepest.is_visible()  # folded on screen
    page.emulate_media(media="print")
    assert deepest.is_visible()
    for chrome in (".site-header", ".site-footer", ".ol-toolbar", ".post-nav", ".related"):
        assert not page.locator(chrome).first.is_visible(), chrome


# Links inside <summary> (a button whose content screen readers flatten) once hid outline links;
# the rule gets a test of its own so that a regression names the cause.
NESTED_LINKS = "nested-interactive"


def _serious_violations(page: Page, only: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now (axe must be loaded)."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if only:
        options["runOnly"] = {"type": "rule", "values": only}
    return list(page.evaluate(
        """async (options) => (await axe.run(document, options)).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, text: `${v.impact} ${v.id}: ${v.help} at `
                + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")
                + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : "")}))""",
        options,
    ))


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: install npm (the test run then installs it)")
def test_axe_finds_no_serious_problem_in_either_theme(open_page: Callable[..., Page]) -> None:
    problems = []
    for name in ("home", "deepest", "code"):
        page = open_page(name, scheme="light")
        page.add_script_tag(path=str(AXE))
        for theme in ("light", "dark"):
            if page.evaluate("document.documentElement.dataset.theme") != theme:
                page.locator("[data-theme-toggle]").click()
            problems += [f"{name}, {theme}: {v['text']}" for v in _serious_violations(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: install npm (the test run then installs it)")
def test_outline_rows_nest_no_links_in_summary(open_page: Callable[..., Page]) -> None:
    page = open_page("code")
    page.add_script_tag(path=str(AXE))
    found = [v["text"] for v in _serious_violations(page, only=[NESTED_LINKS])]
    assert not found, "\n".join(found)


_UNDER_TOOLBAR = """(element) => {
    const bar = document.querySelector('.ol-toolbar').getBoundingClientRect();
    return element.getBoundingClientRect().top < bar.bottom - 1;
}"""


def test_nothing_brought_into_view_hides_under_the_sticky_toolbar(open_page: Callable[..., Page], served: str,
                                                                  blog: BuiltBlog) -> None:
    page = open_page("footnoted")
    headings = page.locator(".post-body h2[id], .post-body h3[id]")
    last = headings.nth(headings.count() - 1)
    page.goto(f"{served}{blog.urls['footnoted']}#{last.get_attribute('id')}")
    page.wait_for_timeout(200)
    assert page.evaluate("scrollY") > 0 and not last.evaluate(_UNDER_TOOLBAR)
    page.locator("a.footnote").first.click()
    page.locator("a.reversefootnote").first.click()
    page.wait_for_timeout(200)
    assert page.url.endswith("#fnref:1") and not page.locator('[id="fnref:1"]').evaluate(_UNDER_TOOLBAR)

    page = open_page("deepest")
    _expand_all(page)
    page.locator('.outline li.ol-node[tabindex="0"]').first.focus()  # the tree's one Tab stop
    page.keyboard.press("End")
    hidden = 0
    for _ in range(40):
        page.keyboard.press("ArrowUp")
        hidden += page.evaluate(f"({_UNDER_TOOLBAR})(document.activeElement)")
    assert hidden == 0


def test_a_deep_linked_row_on_a_phone_keeps_its_text_clear_of_its_anchor(open_page: Callable[..., Page], served: str,
                                                                          blog: BuiltBlog) -> None:
    page = open_page("deepest", viewport=PHONE)
    target = page.evaluate("""[...document.querySelectorAll('.outline .ol-node:not(.ol-parent)')]
        .find(node => node.textContent.length > 60).id""")
    page.goto(f"{served}{blog.urls['deepest']}#{target}")
    page.wait_for_timeout(300)
    row = page.locator(f"#{target}")
    copy = row.locator(".ol-copy")
    anchor = copy.bounding_box()
    assert anchor and copy.evaluate("a => getComputedStyle(a).opacity") == "1"
    # where the row's text may reach: its lines wrap before the copy-link button
    text_end = row.evaluate("r => r.getBoundingClientRect().right - parseFloat(getComputedStyle(r).paddingRight)")
    assert text_end <= anchor["x"] + 0.5


def test_the_papers_filter_matches_words_from_their_start(open_page: Callable[..., Page]) -> None:
    page = open_page("/papers/")
    rows = page.locator("table[data-papers] tbody tr")
    texts = [text.lower() for text in rows.all_text_contents()]
    # "store" and "log" also stand inside words of some rows, where they must not match.
    for query, matches in [("store", lambda text: re.search(r"(?<![^\W_])store", text)),
                           ("log", lambda text: re.search(r"(?<![^\W_])log", text)),
                           ("训练", lambda text: "训练" in text)]:
        page.fill("form[data-papers-filter] input[name=q]", query)
        shown = [not hidden for hidden in rows.evaluate_all("rows => rows.map(row => row.hidden)")]
        assert shown == [bool(matches(text)) for text in texts], query
        assert 0 < sum(shown) < len(texts), query


def test_the_toolbar_folds_the_outline_and_the_page_remembers(open_page: Callable[..., Page]) -> None:
    page = open_page("deepest")
    menu = page.locator('.ol-toolbar select[data-ol-action="level"]')
    opened = """() => [...document.querySelectorAll('.outline details')].map(details => [
        parseInt(details.parentElement.dataset.depth, 10), details.open])"""
    for level in ("1", "2", "3"):
        menu.select_option(level)
        assert all(is_open == (depth < int(level) - 1) for depth, is_open in page.evaluate(opened)), level
    page.get_by_role("button", name="Expand all").click()
    assert all(is_open for _, is_open in page.evaluate(opened)) and menu.input_value() == "all"
    page.get_by_role("button", name="Collapse all").click()
    assert not any(is_open for _, is_open in page.evaluate(opened)) and menu.input_value() == "1"
    first = page.locator(".outline .ol-node:has(> details) > .ol-row").first
    first.click()  # a row folds its node, and the page keeps it so
    page.wait_for_timeout(400)
    page.reload()
    assert [is_open for _, is_open in page.evaluate(opened)].count(True) == 1


def test_annotation_chips_move_to_the_next_line_whole(browser: Browser, served: str, blog: BuiltBlog) -> None:
    posts = sorted("/" + path.relative_to(blog.root).as_posix() for path in blog.root.rglob("*.html")
                   if re.match(r"(.+/)?\d{4}/\d{2}/\d{2}/", path.relative_to(blog.root).as_posix()))
    chips = split = 0
    for width in (1280, 600):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
        page = context.new_page()
        for post in posts:
            page.goto(served + quote(post))
            _expand_all(page)
            # A chip shorter than a line is drawn as one box, never broken between two lines.
            found = page.evaluate("""[[...document.querySelectorAll('.outline .ol-ann')]
                .filter(chip => chip.textContent.length < 40 && chip.getClientRects().length > 1).length,
                document.querySelectorAll('.outline .ol-ann').length]""")
            split, chips = split + found[0], chips + found[1]
        context.close()
    assert chips > 100 and split == 0
