#!/usr/bin/env python3
"""Edit-to-reload latency of `paperfold serve`: from a saved file to the server's reload signal.

    python bench/serve_latency.py                      # the bundled blog (copied to a temp folder)
    python bench/serve_latency.py --posts 1000 5000    # generated corpora (bench/corpus.py)
    python bench/serve_latency.py --edits 30 --quiet 0.05
    python bench/serve_latency.py --posts 1000 --search   # Pagefind indexing on, as in real use

Each edit is saved the way editors save (a temporary file renamed over the post); the server's
own clock says when the first change was seen and when it signalled reload, and the file's
write time is taken here. Between edits the script waits for the server (and its search index) to
be idle, so each figure is one edit on a settled server. Search is off unless --search: the
server indexes after the reload signal, in the background, so it adds nothing to the figure but
minutes of waiting between edits on a big corpus.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from corpus import generate  # noqa: E402

from generator.config import BuildOptions  # noqa: E402
from generator.serve import Reload, SiteServer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def measure(source: Path, edits: int, quiet: float | None) -> tuple[list[float], list[float]]:
    """(latencies, build times) in seconds, one per edit of the site's first post."""
    post = sorted((source / ("content/_posts" if (source / "content").is_dir() else "_posts")).glob("*.md"))[0]
    reloaded = threading.Event()
    seen: list[Reload] = []

    def on_reload(reload: Reload) -> None:
        seen.append(reload)
        reloaded.set()

    extra = {"quiet": quiet} if quiet is not None else {}
    server = SiteServer(BuildOptions(source=source, destination=source.parent / "out"), "127.0.0.1", 0,
                        out=io.StringIO(), err=io.StringIO(), on_reload=on_reload, **extra)  # type: ignore[arg-type]
    server.start(timeout=1800)
    latencies: list[float] = []
    builds: list[float] = []
    try:
        server.wait_idle(timeout=1800)
        original = post.read_text(encoding="utf-8")
        for number in range(edits):
            reloaded.clear()
            temporary = post.with_name(f".{post.name}.tmp")
            temporary.write_text(original + f"\n\nEdit number {number}.\n", encoding="utf-8")
            written = time.time()
            os.replace(temporary, post)
            if not reloaded.wait(timeout=600):
                raise SystemExit("no reload within 600 s")
            latencies.append(time.time() - written)
            builds.append(seen[-1].build_seconds)
            server.wait_idle(timeout=1800)
            time.sleep(0.2)
    finally:
        server.stop()
    return latencies, builds


def report(name: str, measured: tuple[list[float], list[float]]) -> None:
    latencies, builds = measured
    ordered = sorted(latencies)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    print(f"{name:<24} edits {len(ordered):>3}   edit-to-reload median {statistics.median(ordered) * 1000:7.1f} ms"
          f"   p90 {p90 * 1000:7.1f} ms   min {ordered[0] * 1000:7.1f} ms"
          f"   (build() median {statistics.median(builds) * 1000:6.1f} ms)")


def without_search(site: Path) -> None:
    """`paperfold: search: false` in the site's _config.yml, whatever else its paperfold: section says."""
    config_file = site / "_config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    config.setdefault("paperfold", {})["search"] = False
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="*", default=[], help="generated corpus sizes")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--quiet", type=float, default=None, help="the server's debounce (default: its own)")
    parser.add_argument("--search", action="store_true", help="keep the Pagefind search index on")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperfold-latency-") as folder:
        bundled = Path(folder) / "bundled" / "site"
        bundled.mkdir(parents=True)
        shutil.copytree(REPO / "content", bundled / "content")
        shutil.copy(REPO / "_config.yml", bundled / "_config.yml")
        if not arguments.search:
            without_search(bundled)
        report("bundled blog", measure(bundled, arguments.edits, arguments.quiet))
        for size in arguments.posts:
            site = Path(folder) / f"corpus-{size}" / "site"
            generate(size, site)
            if not arguments.search:
                without_search(site)
            report(f"corpus of {size} posts", measure(site, arguments.edits, arguments.quiet))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
