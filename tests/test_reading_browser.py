"""Reading a long outline in Chromium: the tree as one Tab stop, place while scrolling, arrival,
touch targets, the Levels menu and the code face, at 360 and 1280 px in both colour schemes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests import test_theme_browser as theme
from tests.test_theme_browser import AXE, DESKTOP, PHONE, BuiltBlog, _serious_violations

# The theme tests' fixtures: the bundled blog built once, served, and a page opener.
blog = theme.blog
served = theme.served
browser = theme.browser
open_page = theme.open_page

try:
    from playwright.sync_api import Page
except ImportError:  # pragma: no cover - depends on the machine
    pass

pytestmark = pytest.mark.usefixtures("blog")

VIEWS = [pytest.param(viewport, scheme, id=f"{viewport['width']}-{scheme}")
         for viewport in (PHONE, DESKTOP) for scheme in ("light", "dark")]

_FOCUSED = "(() => { const e = document.activeElement; return [e.tagName, e.id, e.getAttribute('role')]; })()"


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_the_outline_is_one_tab_stop_with_the_tree_keys(open_page: Callable[..., Page], viewport: dict[str, int],
                                                       scheme: str) -> None:
    page = open_page("deepest", viewport=viewport, scheme=scheme)
    trees = page.locator('[role="tree"]').count()
    assert trees >= 1
    assert page.locator('li.ol-node[tabindex="0"]').count() == trees
    assert page.locator('.outline summary:not([tabindex="-1"]), .outline a:not([tabindex="-1"])').count() <= 4
    page.locator("[data-ol-action=level]").focus()
    page.keyboard.press("Tab")
    first = page.evaluate(_FOCUSED)
    assert first[0] == "LI" and first[2] == "treeitem"
    page.keyboard.press("ArrowDown")
    second = page.evaluate(_FOCUSED)
    assert second[0] == "LI" and second[1] != first[1]
    page.keyboard.press("Home")
    assert page.evaluate(_FOCUSED) == first
    page.keyboard.press("End")
    last = page.evaluate(_FOCUSED)
    assert last[1] != first[1]
    page.keyboard.press("Home")
    item = page.locator(f"#{first[1]}")
    assert item.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert item.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    assert item.get_attribute("aria-expanded") == "true"
    # Type-ahead: the first letters of a shown item's text move the focus to it.
    target = page.evaluate("""(() => { const items = [...document.querySelectorAll('li.ol-node')].slice(1, 30);
        const item = items.find(li => li.offsetParent && li.querySelector(':scope > .ol-label, :scope > .ol-row > .ol-label'));
        const row = item.classList.contains('ol-parent') ? item.firstElementChild : item;
        const text = [...row.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
        return [item.id, text.slice(0, 4)]; })()""")
    page.keyboard.type(target[1], delay=30)
    assert page.evaluate(_FOCUSED)[1] == target[0]


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_place_while_scrolling_and_back_to_top(open_page: Callable[..., Page], viewport: dict[str, int],
                                               scheme: str) -> None:
    page = open_page("deepest", viewport=viewport, scheme=scheme)
    assert page.locator(".to-top").is_hidden()
    page.mouse.wheel(0, 2500)
    # The breadcrumb follows the scroll on the next frames; on a loaded machine that takes a while.
    page.wait_for_function("""(() => {
        const last = [...document.querySelectorAll('.ol-crumbs a')].pop();
        const item = last && document.getElementById(decodeURIComponent(last.hash.slice(1)));
        if (!item) return false;
        const bar = document.querySelector('.ol-toolbar').getBoundingClientRect().bottom + 8;
        const box = item.getBoundingClientRect();
        return box.top <= bar && bar <= box.bottom + 16; })()""", timeout=10_000)
    crumbs = page.locator(".ol-crumbs a")
    assert crumbs.count() >= 1
    current = crumbs.last
    assert current.get_attribute("aria-current") == "location"
    # The last step of the breadcrumb is the item at the top of the window, just under the sticky bar.
    bar_bottom = page.evaluate("document.querySelector('.ol-toolbar').getBoundingClientRect().bottom")
    item = page.locator((current.get_attribute("href") or "#").replace("#", "#", 1))
    box = item.bounding_box()
    # The item at the line under the bar, or just above it: the line may fall in the gap after a leaf.
    assert box and box["y"] <= bar_bottom + 8 <= box["y"] + box["height"] + 16
    if viewport == DESKTOP:  # the side outline: open, beside the post, its current entry marked
        marked = page.locator(".outline-map a[aria-current]")
        assert marked.count() == 1 and marked.is_visible()
        assert crumbs.first.get_attribute("href") == marked.get_attribute("href")
        map_box = page.locator(".outline-map").bounding_box()
        post_box = page.locator(".post-body").bounding_box()
        assert map_box and post_box and map_box["x"] + map_box["width"] <= post_box["x"]
    top = page.locator(".to-top")
    assert top.is_visible()
    top.click()
    page.wait_for_function("scrollY === 0")


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_arrival_shows_the_target_below_the_bar_with_its_ancestors(open_page: Callable[..., Page], served: str,
                                                                  blog: BuiltBlog, viewport: dict[str, int],
                                                                  scheme: str) -> None:
    page = open_page("deepest", viewport=viewport, scheme=scheme)
    target = page.evaluate(f"document.querySelector('.ol-node[data-depth=\"{blog.deepest_level - 1}\"]').id")
    page.goto(f"{served}{blog.urls['deepest']}#{target}")
    page.wait_for_timeout(400)
    node = page.locator(f"#{target}")
    assert "ol-target" in (node.get_attribute("class") or "")
    bar_bottom = page.evaluate("document.querySelector('.ol-toolbar').getBoundingClientRect().bottom")
    box = node.bounding_box()
    assert box and bar_bottom <= box["y"] < viewport["height"]
    assert page.evaluate(f"[...document.getElementById('{target}').parentElement.closest('.outline')"
                         ".querySelectorAll('details')].filter(d => d.contains(document.getElementById('{target}'))"
                         " && !d.open).length") == 0
    # The breadcrumb names every ancestor, down to the target.
    hrefs = page.locator(".ol-crumbs a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == blog.deepest_level and hrefs[-1] == f"#{target}"
    assert page.evaluate(f"window.paperfoldOutline.reveal('{target}', {{scroll: false}}).id") == target


def test_the_search_landing_script_comes_only_with_a_search_result(open_page: Callable[..., Page],
                                                                 blog: BuiltBlog) -> None:
    fetched = "performance.getEntriesByType('resource').map(r => r.name.split('/').pop())"
    page = open_page("deepest")
    assert "site.js" in page.evaluate(fetched) and "search-landing.js" not in page.evaluate(fetched)
    word = page.evaluate("document.querySelector('.ol-row').textContent.match(/[A-Za-z]{5,}/)[0]")
    # From a result: the script comes before the load event and marks the words.
    page = open_page(f"{blog.urls['deepest']}?highlight={word.lower()}")
    assert "search-landing.js" in page.evaluate(fetched)
    assert page.locator("mark.search-hit").count() >= 1


def test_a_tall_top_level_item_is_laid_out_only_near_the_window(open_page: Callable[..., Page]) -> None:
    # A short window: the first top-level item is drawn, and its children two windows further down are not
    # until scrolled to (they are content-visibility: auto, like the top-level items).
    page = open_page("deepest", viewport={"width": 1280, "height": 400})
    far, drawn = page.evaluate("""(() => {
        const shown = e => e.checkVisibility({contentVisibilityAuto: true});
        const far = [...document.querySelectorAll('.outline > .ol-list > li > details > .ol-list > li')]
            .filter(li => li.getBoundingClientRect().top > 2 * innerHeight && shown(li.parentElement.closest('li').firstElementChild));
        return [far.length, far.filter(li => shown(li.firstElementChild)).length]; })()""")
    assert far > 0 and drawn == 0


def test_touch_targets_are_24_px_at_360(open_page: Callable[..., Page]) -> None:
    page = open_page("deepest", viewport=PHONE)
    page.locator("li.ol-node").first.focus()  # the copy button follows the item in use
    small = page.evaluate("""[...document.querySelectorAll(
            '.outline summary.ol-fold, .outline .ol-copy, .ol-toolbar button, .ol-toolbar select, .outline-map summary')]
        .filter(e => e.offsetParent)
        .map(e => { const r = e.getBoundingClientRect(); return [e.className || e.tagName, r.width, r.height]; })
        .filter(([, w, h]) => w < 24 || h < 24)""")
    assert small == []
    copy = page.locator(".outline .ol-copy")
    assert copy.count() == 1


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_levels_menu_and_the_code_face(open_page: Callable[..., Page], viewport: dict[str, int], scheme: str) -> None:
    page = open_page("deepest", viewport=viewport, scheme=scheme)
    assert page.locator("[data-ol-action=level]").input_value() == "3"  # open_depth 2: three levels shown
    page.locator("[data-ol-action=collapse]").click()
    page.wait_for_timeout(300)
    assert page.locator("[data-ol-action=level]").input_value() == "1"
    fonts = page.evaluate("""[document.querySelector('.ol-cont.ol-code'), document.querySelector('.ol-cont:not(.ol-code)')]
        .map(e => e && getComputedStyle(e).fontFamily)""")
    code, prose = fonts
    assert code is not None and code.endswith("monospace")
    assert prose is not None and not prose.endswith("monospace")


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: install npm (the test run then installs it)")
@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_axe_is_clean_on_a_scrolled_outline(open_page: Callable[..., Page], viewport: dict[str, int],
                                            scheme: str) -> None:
    page = open_page("deepest", viewport=viewport, scheme=scheme)
    page.locator('li.ol-node[tabindex="0"]').first.focus()
    page.keyboard.press("ArrowDown")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    page.add_script_tag(path=str(AXE))
    found = [v["text"] for v in _serious_violations(page)]
    assert not found, "\n".join(found)
