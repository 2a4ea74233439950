#!/usr/bin/env python3
"""How fast the biggest outline page loads: Chromium's load event, median of N loads.

    python bench/page_load.py [--runs 15] [--repo PATH] [--width 1280] [--json FILE]

Builds two sites with the paperfold of --repo (default: this checkout; give another worktree,
e.g. the main branch's, to measure before a change): the bundled blog (the repo's own
_config.yml and content/) and bench/corpus.py's first 43 posts, whose post 42 is a 1-in-100
giant of about 3,000 items and 18 levels. In each it takes the largest page holding an outline
and opens it N times in Debian's headless Chromium (/usr/bin/chromium, through Playwright),
each time in a fresh browser context (no cache, no stored folds), over a loopback HTTP server.
It reports the median, min and max of the navigation's loadEventStart in milliseconds, and
the page's size in bytes and elements (document.querySelectorAll("*").length after load).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
GIANT_CORPUS_POSTS = 43  # corpus.py makes post i a giant when i % 100 == 42


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _served(root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _build(repo: Path, source: Path, destination: Path) -> None:
    # Run from the repo so `-m generator` is that checkout's code, templates and static files.
    command = [sys.executable, "-m", "generator", "build", "-s", str(source), "-d", str(destination), "--fresh"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"build of {source} with {repo} failed:\n{done.stdout}{done.stderr}")


def _largest_outline_page(site: Path) -> Path:
    pages = [path for path in site.rglob("*.html") if b'class="outline' in path.read_bytes()]
    return max(pages, key=lambda path: path.stat().st_size)


def _measure(site: Path, page: Path, runs: int, width: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    path = "/" + "/".join(page.relative_to(site).parts)
    times: list[float] = []
    elements = 0
    with _served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(runs + 1):  # the first load warms the browser and the server: not counted
                context = browser.new_context(viewport={"width": width, "height": 900})
                tab = context.new_page()
                tab.goto(base + path, wait_until="load")
                load = tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
                elements = tab.evaluate("document.querySelectorAll('*').length")
                context.close()
                if run:
                    times.append(load)
        finally:
            browser.close()
    return {"page": path, "bytes": page.stat().st_size, "elements": elements, "median_ms": statistics.median(times),
            "min_ms": min(times), "max_ms": max(times), "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Median load event of the largest outline pages in Chromium.")
    parser.add_argument("--runs", type=int, default=15, help="timed loads per page (default 15)")
    parser.add_argument("--repo", type=Path, default=BENCH.parent, help="the paperfold checkout to build with")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS px (default 1280)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    results = {}
    with tempfile.TemporaryDirectory(prefix="page-load-") as work:
        bundled, generated = Path(work, "bundled"), Path(work, "corpus")
        _build(repo, repo, bundled)
        corpus.generate(GIANT_CORPUS_POSTS, Path(work, "corpus-src"))
        _build(repo, Path(work, "corpus-src"), generated)
        for name, site in (("bundled blog", bundled), ("corpus giant", generated)):
            results[name] = _measure(site, _largest_outline_page(site), args.runs, args.width)
    print(f"paperfold from {repo}, {args.width} px wide, median of {args.runs} loads")
    print(f"{'page':<14} {'load ms':>8} {'min':>7} {'max':>7} {'KB':>7} {'elements':>9}  path")
    for name, figures in results.items():
        print(f"{name:<14} {figures['median_ms']:8.0f} {figures['min_ms']:7.0f} {figures['max_ms']:7.0f} "
              f"{figures['bytes'] / 1024:7.0f} {figures['elements']:9d}  {figures['page']}")
    if args.json:
        args.json.write_text(json.dumps({"repo": str(repo), "width": args.width, **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
