#!/usr/bin/env python3
"""Edit-to-reload latency of `paperfold serve`: from a saved file to the server's reload signal.

    python bench/serve_latency.py                      # the bundled blog (copied to a temp folder)
    python bench/serve_latency.py --posts 1000 5000    # generated corpora (bench/corpus.py)
    python bench/serve_latency.py --edits 30 --quiet 0.05
    python bench/serve_latency.py --posts 1000 --search   # Pagefind indexing on, as in real use

Each site's oldest and newest posts are edited in turn (the newest one's page and the feed are
rewritten). Each edit is saved the way editors save (a temporary file renamed over the post); the server's
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

import yaml
from corpus import generate

from generator.config.settings import BuildOptions
from generator.serve.run import Reload, SiteServer

REPO = Path(__file__).resolve().parent.parent


Measured = dict[str, tuple[list[float], list[float]]]


def measure(source: Path, edits: int, quiet: float | None) -> Measured:
    """(latencies, build times) in seconds, per kind of edit, `edits` saves each, in turn: a
    paragraph added to the oldest post, the same to the newest (whose edit also rewrites the
    feed: it carries the full text of the latest 10 posts), and a word added inside the biggest
    outline of the newest post that has one (that fence is parsed again, its other fences not)."""
    posts = sorted((source / ("content/_posts" if (source / "content").is_dir() else "_posts")).glob("*.md"))
    edited = {"oldest post": (posts[0], add_paragraph), "newest post": (posts[-1], add_paragraph),
              "newest outline, a word": (next(post for post in reversed(posts) if has_outline(post)),
                                         add_word_in_outline)}
    reloaded = threading.Event()
    seen: list[Reload] = []

    def on_reload(reload: Reload) -> None:
        seen.append(reload)
        reloaded.set()

    extra = {"quiet": quiet} if quiet is not None else {}
    server = SiteServer(BuildOptions(source=source, destination=source.parent / "out"), "127.0.0.1", 0,
                        out=io.StringIO(), err=io.StringIO(), on_reload=on_reload, **extra)  # type: ignore[arg-type]
    server.start(timeout=1800)
    measured: Measured = {name: ([], []) for name in edited}
    originals = {name: post.read_text(encoding="utf-8") for name, (post, _) in edited.items()}
    try:
        server.wait_idle(timeout=1800)
        for number in range(edits):
            for name, (post, edit) in edited.items():
                reloaded.clear()
                temporary = post.with_name(f".{post.name}.tmp")
                temporary.write_text(edit(originals[name], number), encoding="utf-8")
                written = time.time()
                os.replace(temporary, post)
                if not reloaded.wait(timeout=600):
                    raise SystemExit("no reload within 600 s")
                measured[name][0].append(time.time() - written)
                measured[name][1].append(seen[-1].build_seconds)
                server.wait_idle(timeout=1800)
                time.sleep(0.2)
    finally:
        server.stop()
    return measured


def add_paragraph(text: str, number: int) -> str:
    return text + f"\n\nEdit number {number}.\n"


def add_word_in_outline(text: str, number: int) -> str:
    """The middle note of the biggest outline gets a word: a line that is no paper's title or
    link, so the edit leaves the post's papers as they were (as most edits to notes do)."""
    lines = text.split("\n")
    start, end = max(outline_fences(lines), key=lambda fence: fence[1] - fence[0])
    notes = [index for index in range(start + 1, end - 1)
             if "[" not in lines[index] and "http" not in lines[index] + lines[index + 1] and lines[index].strip()]
    lines[notes[len(notes) // 2]] += f" edited{number}"
    return "\n".join(lines)


def has_outline(post: Path) -> bool:
    return bool(outline_fences(post.read_text(encoding="utf-8").split("\n")))


def outline_fences(lines: list[str]) -> list[tuple[int, int]]:
    """(opening line, closing line) of each fence with no language: the outlines, in these posts."""
    fences, opened, marker, bare = [], 0, "", False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not marker and stripped.startswith("```"):
            opened, marker = index, stripped[: len(stripped) - len(stripped.lstrip("`"))]
            bare = stripped == marker
        elif marker and stripped.startswith(marker) and not stripped.strip("`"):
            if bare:
                fences.append((opened, index))
            marker = ""
    return fences


def report(site: str, measured: Measured) -> None:
    for name, (latencies, builds) in measured.items():
        ordered = sorted(latencies)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        print(f"{site + ', ' + name:<36} edits {len(ordered):>3}   edit-to-reload median "
              f"{statistics.median(ordered) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms   min {ordered[0] * 1000:7.1f} ms"
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
