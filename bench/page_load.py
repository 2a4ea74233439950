#!/usr/bin/env python3
"""How fast the biggest outline page loads: Chromium's load event, median of N loads.

    python bench/page_load.py [--runs 15] [--repo PATH]... [--width 1280] [--json FILE]

Builds two sites with the paperfold of each --repo (default: this checkout; give another
worktree, e.g. the main branch's, to compare before and after a change): the bundled blog
(the repo's own _config.yml and content/) and bench/corpus.py's first 43 posts, whose post 42
is a 1-in-100 giant of about 3,000 items and 18 levels. In each it takes the largest page
holding an outline and opens it N times in Debian's headless Chromium (/usr/bin/chromium,
through Playwright), each time in a fresh browser context (no cache, no stored folds), over a
loopback HTTP server (HTTP/1.1 keep-alive, each response sent at once, in a process of its own). With several repos the
loads take turns (A, B, A, B, ...), so a machine whose load changes during the run slows them
alike. It reports the median, min and max of the navigation's loadEventStart in milliseconds,
and the page's size in bytes and elements (document.querySelectorAll("*").length after load).
With two repos it also gives the second's median over the first's for each page, with a 95%
bootstrap interval: on this 2-core machine one load's time spreads by a third around its
median, so only a change whose interval stays clear of the other figures is a change. Other
work on the machine, even niced, widens the spread: measure on a quiet machine.

Two floors are loaded in the same turns, so the figures can be read against what no page can go
below: a blank page (one paragraph, no stylesheet or script), the harness's own cost of a fresh
context, and each checkout's smallest page of the bundled blog, the theme's cost (its stylesheets,
scripts and header) with next to no content. What a change does to a page is its load less the
theme's floor.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
GIANT_CORPUS_POSTS = 43  # corpus.py makes post i a giant when i % 100 == 42
BLANK_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body><p>Blank.</p></body></html>\n'


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as static hosts serve: one connection carries a page's stylesheets and scripts.
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # The handler writes a response's headers and its body in two sends. With Nagle's algorithm on,
        # the body of every response after a connection's first waited for the browser's delayed ACK
        # of the headers, about 40 ms a file; static hosts (nginx's tcp_nodelay, CDNs) send at once.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A context closed before its favicon came: the browser's doing, not the page's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _serve(root: Path) -> None:
    """Serve `root` on a free loopback port, whose number goes to stdout first."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    print(server.server_address[1], flush=True)
    server.serve_forever()


@contextlib.contextmanager
def _served(root: Path) -> Iterator[str]:
    # In a process of its own: served from this one, a file waited for the GIL while Playwright's
    # client handled the browser's events for the same load, 40-70 ms a stylesheet.
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(root)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{int(server.stdout.readline())}"
    finally:
        server.terminate()
        server.wait()


def _build(repo: Path, source: Path, destination: Path) -> None:
    # Run from the repo so `-m generator` is that checkout's code, templates and static files.
    command = [sys.executable, "-m", "generator", "build", "-s", str(source), "-d", str(destination), "--fresh"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"build of {source} with {repo} failed:\n{done.stdout}{done.stderr}")


def _largest_outline_page(site: Path) -> Path:
    pages = [path for path in site.rglob("*.html") if b'class="outline' in path.read_bytes()]
    return max(pages, key=lambda path: path.stat().st_size)


def _measure(pages: dict[str, tuple[Path, Path]], runs: int, width: int) -> dict[str, dict[str, Any]]:
    """Load each (site, page) of `pages` in turns, `runs` times each, after one load not counted."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {key: [] for key in pages}
    elements: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        bases = {key: stack.enter_context(_served(site)) for key, (site, _) in pages.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for run in range(runs + 1):  # the first round warms the browser and the servers: not counted
            for key, (site, page) in pages.items():
                context = browser.new_context(viewport={"width": width, "height": 900})
                tab = context.new_page()
                tab.goto(bases[key] + _path(site, page), wait_until="load")
                load = tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
                elements[key] = tab.evaluate("document.querySelectorAll('*').length")
                context.close()
                if run:
                    times[key].append(load)
    return {key: {"page": _path(site, page), "bytes": page.stat().st_size, "elements": elements[key],
                  "median_ms": statistics.median(times[key]), "min_ms": min(times[key]), "max_ms": max(times[key]),
                  "runs": runs, "loads_ms": times[key]} for key, (site, page) in pages.items()}


def median_ratio(before: list[float], after: list[float], *, resamples: int = 2000,
                 seed: int = 0) -> tuple[float, float, float]:
    """after's median over before's, with a 95% bootstrap interval: (low, ratio, high).

    A load's time here spreads by a third around its median, and the medians of 15 loads moved
    by 10-20% from run to run on one idle machine: a change of a few percent is only told from
    that spread by the interval, not by one pair of medians.
    """
    draw = random.Random(seed).choices
    ratios = sorted(statistics.median(draw(after, k=len(after))) / statistics.median(draw(before, k=len(before)))
                    for _ in range(resamples))
    return (ratios[int(0.025 * resamples)], statistics.median(after) / statistics.median(before),
            ratios[int(0.975 * resamples) - 1])


def _smallest_page(site: Path) -> Path:
    return min((path for path in site.rglob("*.html") if path.parent != site / "pagefind"), key=lambda path: path.stat().st_size)


def _path(site: Path, page: Path) -> str:
    return "/" + "/".join(page.relative_to(site).parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Median load event of the largest outline pages in Chromium.")
    parser.add_argument("--runs", type=int, default=15, help="timed loads per page (default 15)")
    parser.add_argument("--repo", type=Path, action="append",
                        help="a paperfold checkout to build with (repeat to compare; default: this one)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS px (default 1280)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the HTTP server's own process
    args = parser.parse_args(argv)
    if args.serve:
        _serve(args.serve)
        return 0
    repos = [repo.resolve() for repo in args.repo or [BENCH.parent]]
    with tempfile.TemporaryDirectory(prefix="page-load-") as work:
        corpus.generate(GIANT_CORPUS_POSTS, Path(work, "corpus-src"))
        blank = Path(work, "blank")
        blank.mkdir()
        (blank / "index.html").write_text(BLANK_PAGE, encoding="utf-8")
        pages: dict[str, tuple[Path, Path]] = {"-\tblank page": (blank, blank / "index.html")}
        for number, repo in enumerate(repos):
            bundled, generated = Path(work, f"bundled-{number}"), Path(work, f"corpus-{number}")
            _build(repo, repo, bundled)
            _build(repo, Path(work, "corpus-src"), generated)
            for name, site in (("bundled blog", bundled), ("corpus giant", generated)):
                pages[f"{repo}\t{name}"] = (site, _largest_outline_page(site))
            pages[f"{repo}\ttheme floor"] = (bundled, _smallest_page(bundled))
        results = _measure(pages, args.runs, args.width)
    print(f"{args.width} px wide, median of {args.runs} loads each, in turns")
    print(f"{'page':<14} {'load ms':>8} {'min':>7} {'max':>7} {'KB':>7} {'elements':>9}  repo")
    for key, figures in sorted(results.items(), key=lambda item: item[0].split("\t")[::-1]):
        repo, name = key.split("\t")
        print(f"{name:<14} {figures['median_ms']:8.0f} {figures['min_ms']:7.0f} {figures['max_ms']:7.0f} "
              f"{figures['bytes'] / 1024:7.0f} {figures['elements']:9d}  {repo}")
    if len(repos) == 2:
        print(f"\nthe second repo's median over the first's, with a 95% bootstrap interval ({args.runs} loads each):")
        for name in ("bundled blog", "corpus giant", "theme floor"):
            before, after = (results[f"{repo}\t{name}"]["loads_ms"] for repo in repos)
            low, ratio, high = median_ratio(before, after)
            print(f"{name:<14} {ratio:.3f} ({low:.3f}-{high:.3f}), a change of {ratio - 1:+.0%} ({low - 1:+.0%} to {high - 1:+.0%})")
    if args.json:
        document = {"width": args.width, "runs": args.runs,
                    "results": [{"repo": key.split("\t")[0], "site": key.split("\t")[1], **figures}
                                for key, figures in results.items()]}
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
