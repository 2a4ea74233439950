"""serve's error overlay in a real browser against a real `paperfold serve` process, on a phone and a
desktop, light and dark: a save that breaks the build shows its errors in the open page at once,
over the live-reload connection and without a reload; the overlay stays inside the screen, passes
axe-core, shows the errors as text; a page opened while the build is broken shows it too; the next
good save clears it and reloads the page to the new build."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .browser_support import CHROMIUM_ARGS
from .conftest import REPO, write_files
from .test_serve import BROKEN_FRONT_MATTER, POST, POST_URL, SITE, post_text, save
from .test_serve_browser import CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = ((360, "light"), (360, "dark"), (1280, "light"), (1280, "dark"))
# An error that quotes the author's text: as markup it would run a script in the page.
HOSTILE_INCLUDE = "{% include <img/src=x/onerror=window.pwned=1> %}"


@dataclass
class Served:
    """A `paperfold serve` process and the address of its site."""

    source: Path
    url: str
    process: subprocess.Popen[str] = field(repr=False)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    source = write_files(tmp_path / "site", SITE)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-s", str(source), "-d", str(tmp_path / "out"), "--port", "0",
         "--baseurl", "/blog"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert process.stdout is not None
        line, deadline = "", time.monotonic() + 60
        while not line.startswith("serving") and time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:"), f"serve did not start: {line!r}"
        yield Served(source, line.split()[1].rstrip("/"), process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class OpenPage:
    """A page of the served site, with what its live connection received and its navigations."""

    def __init__(self, browser: Any, url: str, width: int, scheme: str) -> None:
        self.width, self.scheme = width, scheme
        self.page = browser.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme).new_page()
        self.states = 0
        self.navigations = 0
        self.page.on("websocket", lambda socket: socket.on("framereceived", self._received))
        self.page.on("framenavigated", self._navigated)
        self.page.goto(url)

    def _received(self, payload: str | bytes) -> None:
        self.states += b"paperfold-state" in (payload if isinstance(payload, bytes) else payload.encode())

    def _navigated(self, frame: Any) -> None:
        self.navigations += frame == self.page.main_frame

    def wait_connected(self) -> None:
        """Until serve has sent the page its state: a save before that would reach no client."""
        deadline = time.monotonic() + 20
        while not self.states:
            assert time.monotonic() < deadline, f"{self}: the page client never connected"
            self.page.wait_for_timeout(20)

    def __str__(self) -> str:
        return f"{self.width} {self.scheme}"


def _serious(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(
        """async () => (await axe.run(document.querySelector('#paperfold-errors'), {resultTypes: ["violations"]}))
            .violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""))


def _check_overlay(opened: OpenPage, *texts: str) -> list[str]:
    """Wait for the overlay with these texts; return axe's serious findings on it."""
    page, overlay = opened.page, opened.page.locator("#paperfold-errors")
    for text in texts:
        sync_api.expect(overlay).to_contain_text(text, timeout=10_000)
    assert overlay.get_attribute("role") == "alert"
    box = overlay.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= opened.width, (str(opened), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= opened.width, str(opened)
    return [f"{opened}: {problem}" for problem in _serious(page)] if AXE.is_file() else []


def test_a_broken_save_shows_in_the_open_pages_without_a_reload_and_a_fix_reloads_them(
        served: Served, browser: Any) -> None:
    pages = [OpenPage(browser, f"{served.url}{POST_URL}", width, scheme) for width, scheme in SIZES]
    for opened in pages:
        opened.wait_connected()
        opened.page.evaluate("window.beforeTheEdit = true")  # gone if the page reloads
    save(served.source / POST, BROKEN_FRONT_MATTER)
    problems = []
    for opened in pages:
        problems += _check_overlay(opened, f"{POST}:2: ", "not valid YAML",
                                   "paperfold: the rebuild failed (1 error); this page is from the last good build.")
        assert opened.page.evaluate("window.beforeTheEdit === true"), f"{opened}: the page was reloaded"
        assert opened.navigations == 1, str(opened)
        sync_api.expect(opened.page.locator("body")).to_contain_text("first version")
    assert not problems, "\n".join(problems)

    opened_while_broken = OpenPage(browser, f"{served.url}{POST_URL}", 360, "dark")
    _check_overlay(opened_while_broken, f"{POST}:2: ")

    save(served.source / POST, post_text("fixed version"))
    for opened in (*pages, opened_while_broken):
        sync_api.expect(opened.page.locator("body")).to_contain_text("fixed version", timeout=20_000)
        sync_api.expect(opened.page.locator("#paperfold-errors")).to_have_count(0)
        assert opened.page.evaluate("window.beforeTheEdit === undefined"), str(opened)


def test_the_overlay_shows_an_error_as_text_and_can_be_dismissed(served: Served, browser: Any) -> None:
    opened = OpenPage(browser, f"{served.url}{POST_URL}", 1280, "light")
    opened.wait_connected()
    save(served.source / POST, post_text(HOSTILE_INCLUDE))
    overlay = opened.page.locator("#paperfold-errors")
    sync_api.expect(overlay).to_contain_text("<img/src=x/onerror=window.pwned=1>", timeout=10_000)
    assert overlay.locator("img").count() == 0 and opened.page.evaluate("window.pwned === undefined")
    opened.page.get_by_role("button", name="Dismiss the build errors").click()
    sync_api.expect(overlay).to_have_count(0)
    save(served.source / POST, BROKEN_FRONT_MATTER)  # the next failure shows again
    sync_api.expect(overlay).to_contain_text(f"{POST}:2: ", timeout=10_000)


def test_a_page_that_connects_after_a_good_rebuild_reloads_to_it(served: Served, browser: Any) -> None:
    """A good rebuild between a page's load and its connection: the reload went out before serve knew
    the page, so the build number in its script tag is what tells it that it is out of date."""
    url = f"{served.url}{POST_URL}"
    held: list[tuple[Any, str | bytes]] = []

    def route(socket: Any) -> None:
        to_server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if not held and "info" in str(message):  # the first page's registration waits
                held.append((to_server, message))
            else:
                to_server.send(message)

        socket.on_message(from_page)

    page = browser.new_page()
    page.route_web_socket(re.compile(r"/livereload$"), route)
    page.goto(url)
    deadline = time.monotonic() + 20
    while not held:
        assert time.monotonic() < deadline, "the page client never said hello"
        page.wait_for_timeout(20)
    save(served.source / POST, post_text("second version"))
    while b"second version" not in urllib.request.urlopen(url, timeout=10).read():
        assert time.monotonic() < deadline, "the edit was never served"
        time.sleep(0.05)
    sync_api.expect(page.locator("body")).to_contain_text("first version")
    to_server, info = held[0]
    to_server.send(info)
    sync_api.expect(page.locator("body")).to_contain_text("second version", timeout=10_000)
