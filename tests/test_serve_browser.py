"""`paperfold serve` in a real browser: serve's page client reloads the page by itself after a save."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config.settings import BuildOptions
from generator.serve.run import SiteServer

from .conftest import write_files
from .test_serve import BROKEN_FRONT_MATTER, POST, POST_URL, SITE, post_text, save

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SiteServer]:
    source = write_files(tmp_path / "site", SITE)
    running = SiteServer(BuildOptions(source=source, destination=tmp_path / "out", baseurl="/blog"), "127.0.0.1", 0,
                         out=io.StringIO(), err=io.StringIO()).start()
    yield running
    running.stop()


@pytest.fixture
def page(server: SiteServer) -> Iterator[sync_api.Page]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def wait_until_connected(server: SiteServer, before: frozenset[object] = frozenset(), timeout: float = 20.0) -> frozenset[object]:
    """The page client connects after the page loaded; a save before that would reload nothing.

    After a reload, wait for the new page's connection, not the old page's closing one."""
    deadline = time.monotonic() + timeout
    while not (connected := server.browsers) - before:
        assert time.monotonic() < deadline, "the page client never connected"
        time.sleep(0.02)
    return connected


def test_the_page_reloads_itself_after_a_save_and_shows_errors(server: SiteServer, page: sync_api.Page) -> None:
    source = server.options.source
    page.goto(f"http://127.0.0.1:{server.port}/blog{POST_URL}")
    sync_api.expect(page.locator("body")).to_contain_text("first version")
    connected = wait_until_connected(server)
    page.evaluate("window.notReloadedYet = true")  # gone once the browser really reloads the page

    save(source / POST, post_text("second version, seen without touching the browser"))
    sync_api.expect(page.locator("body")).to_contain_text("second version, seen without", timeout=20_000)
    assert page.evaluate("window.notReloadedYet === undefined")

    connected = wait_until_connected(server, connected)
    save(source / POST, BROKEN_FRONT_MATTER)
    overlay = page.locator("#paperfold-errors")
    sync_api.expect(overlay).to_contain_text(f"{POST}:2: ", timeout=20_000)
    sync_api.expect(page.locator("body")).to_contain_text("second version")
    assert server.browsers == connected  # the errors came over the page's connection, without a reload

    save(source / POST, post_text("third version"))
    sync_api.expect(page.locator("body")).to_contain_text("third version", timeout=20_000)
    sync_api.expect(overlay).to_have_count(0)
    assert os.path.isfile(server.state.root / "paper reading/2024/01/02/a.html")
