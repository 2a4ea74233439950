"""serve's error overlay in a real browser, on a phone and a desktop, light and dark: it appears over
the last good page when a save breaks the build, stays inside the screen, passes axe-core, and
goes when the next save builds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.serve.run import SiteServer

from .browser_support import CHROMIUM_ARGS
from .conftest import REPO
from .test_serve import BROKEN_FRONT_MATTER, POST, POST_URL, post_text, save
from .test_serve_browser import CHROMIUM, server, wait_until_connected  # noqa: F401 - the server fixture

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _serious(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(
        """async () => (await axe.run(document.querySelector('#paperfold-errors'), {resultTypes: ["violations"]}))
            .violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""))


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: install npm (the test run then installs it)")
def test_the_overlay_shows_at_every_size_and_scheme_and_clears(server: SiteServer, browser: Any) -> None:  # noqa: F811
    source = server.options.source
    pages = {}
    connected: frozenset[object] = frozenset()
    for width, scheme in ((360, "light"), (360, "dark"), (1280, "light"), (1280, "dark")):
        page = browser.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme).new_page()
        page.goto(f"http://127.0.0.1:{server.port}/blog{POST_URL}")
        connected = wait_until_connected(server, connected)
        pages[(width, scheme)] = page
    save(source / POST, BROKEN_FRONT_MATTER)
    problems = []
    for (width, scheme), page in pages.items():
        overlay = page.locator("#paperfold-errors")
        sync_api.expect(overlay).to_contain_text(f"{POST}:2: ", timeout=20_000)
        box = overlay.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        problems += [f"{width} {scheme}: {problem}" for problem in _serious(page)]
    assert not problems, "\n".join(problems)
    save(source / POST, post_text("fixed"))
    for page in pages.values():
        sync_api.expect(page.locator("body")).to_contain_text("fixed", timeout=20_000)
        sync_api.expect(page.locator("#paperfold-errors")).to_have_count(0)
