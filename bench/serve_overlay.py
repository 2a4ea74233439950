#!/usr/bin/env python3
"""Save-to-overlay time of `paperfold serve` in Chromium: how long a save that breaks the build takes
to show its errors in a page that is already open, and a save that fixes it to show the fixed page.

    python bench/serve_overlay.py              # 5 broken and 5 fixed saves on a one-post site
    python bench/serve_overlay.py --edits 20

Each figure is taken in the browser, from the save (a temporary file renamed over the post, as
editors save) to the overlay in the page, or to the fixed text with the overlay gone; the script
also says whether the overlay came without a reload (a marker set on the window before the save
survives), the size of serve's page script, and this process's peak memory (the server runs in it;
Chromium does not). Needs Debian's Chromium and the playwright package.
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright

from generator.config.settings import BuildOptions
from generator.serve.run import SiteServer

POST = "content/_posts/2024-01-02-a.md"
POST_URL = "/2024/01/02/a.html"
BROKEN = "---\ntitle: [unclosed\n---\nbroken version\n"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def post(body: str) -> str:
    return f"---\ntitle: A\n---\n{body}\n"


def save(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp{time.monotonic_ns()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def milliseconds(figures: list[float]) -> str:
    return f"median {statistics.median(figures) * 1000:.0f} ms, max {max(figures) * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="broken and fixed saves, each (default 5)")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="serve-overlay-"))
    source = folder / "site"
    (source / POST).parent.mkdir(parents=True)
    (source / "_config.yml").write_text("title: Overlay\ntimezone: UTC\n", encoding="utf-8")
    (source / POST).write_text(post("first version"), encoding="utf-8")
    server = SiteServer(BuildOptions(source=source, destination=folder / "out"), "127.0.0.1", 0,
                        out=io.StringIO(), err=io.StringIO()).start()
    url = f"http://127.0.0.1:{server.port}{POST_URL}"
    broken, fixed, kept = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            for number in range(arguments.edits):
                deadline = time.monotonic() + 20
                while not server.browsers:  # after a reload, the new page's connection
                    assert time.monotonic() < deadline, "the page never connected"
                    time.sleep(0.01)
                server.wait_idle()
                page.evaluate("window.beforeTheSave = true")
                started = time.perf_counter()
                save(source / POST, BROKEN)
                page.wait_for_selector("#paperfold-errors", timeout=20_000)
                broken.append(time.perf_counter() - started)
                kept.append(bool(page.evaluate("window.beforeTheSave === true")))
                server.wait_idle()
                started = time.perf_counter()
                save(source / POST, post(f"fixed {number}"))
                page.wait_for_function(f"document.body && document.body.innerText.includes('fixed {number}')"
                                       " && !document.getElementById('paperfold-errors')", timeout=20_000)
                fixed.append(time.perf_counter() - started)
            browser.close()
        html = urllib.request.urlopen(url, timeout=10).read().decode()
        script = re.findall(r'<script src="(/[^"?]*)[^"]*"[^>]*></script>\s*</body>', html)[-1]
        size = len(urllib.request.urlopen(f"http://127.0.0.1:{server.port}{script}", timeout=10).read())
    finally:
        server.stop()
    print(f"save that breaks the build -> overlay in the open page: {milliseconds(broken)}")
    print(f"save that fixes it -> fixed page, no overlay: {milliseconds(fixed)}")
    print(f"overlay shown without a reload: {sum(kept)} of {len(kept)}")
    print(f"serve's page script: {script}, {size} bytes")
    print(f"peak memory of this process (server included): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
