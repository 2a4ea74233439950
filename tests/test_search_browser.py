"""Search on the bundled blog in Chromium: English and Chinese queries land on the outline node."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.search.index import pagefind_available
from tests.browser_support import chromium, needs_browser, serve_folder
from tests.conftest import NOW, REPO

pytestmark = [*needs_browser, pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")]


@pytest.fixture(scope="module", params=["", "/blog"], ids=["root", "baseurl"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The bundled blog built (with and without a base path) and served; yields (site URL, base path)."""
    out = tmp_path_factory.mktemp("search")
    base = request.param
    result = build(load_config(BuildOptions(source=REPO, destination=out / "site", baseurl=base)), now=NOW)
    assert result.ok and result.search.records > 10, (result.errors, result.search)
    root = out / "root"
    (root / base.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    target = root / base.strip("/") if base else root
    if base:
        (out / "site").rename(target)
    else:
        root = out / "site"
    with serve_folder(root) as url:
        yield url + base, base


@pytest.mark.parametrize("query, expected", [
    ("FlashAttention", "FlashAttention"),
    ("分页", "分页"),
])
def test_query_from_the_header_opens_the_node(site: tuple[str, str], query: str, expected: str) -> None:
    url, base = site
    with chromium() as browser:
        page = browser.new_page()
        page.goto(url + "/")
        page.fill("input[name=q]", query)
        page.press("input[name=q]", "Enter")
        page.wait_for_url("**/search/?q=*")
        assert page.input_value("#site-search-q") == query
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        # The post's prose is a result of its own; the test follows the first one that is an outline node.
        link = page.locator(".pagefind-ui__result-link[href*='#ol-']").first
        link.wait_for(timeout=15_000)
        href = link.get_attribute("href") or ""
        assert "#ol-" in href, href
        assert href.startswith(base + "/"), href
        assert "highlight=" in href, href  # the terms, for outline.js to find the node in the section
        link.click()
        page.wait_for_load_state("load")
        # The record opens its section's first node; outline.js moves on to the node with the words.
        target = page.locator("li.ol-node.ol-target")
        target.wait_for(state="visible", timeout=10_000)
        # A parent's row is its span.ol-row; a leaf's li is its own row.
        row_text = target.evaluate("li => (li.classList.contains('ol-parent') ? li.firstElementChild : li).innerText")
        assert expected.casefold() in (row_text or "").casefold()
        assert page.evaluate("location.hash") == "#" + (target.get_attribute("id") or "")
        assert page.evaluate("id => { const el = document.getElementById(id); const r = el.getBoundingClientRect();"
                             " return r.top >= 0 && r.top < innerHeight; }", target.get_attribute("id"))
