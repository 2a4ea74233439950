#!/usr/bin/env python3
"""Time, peak memory and output size of a build whose one post has thousands of tags.

    bench/many_tags.py                            # 1,000, 5,000 and 10,000 tags
    bench/many_tags.py --tags 500,1000 --json tags.json
    bench/many_tags.py --categories               # the same number of categories too

Every tag gets a page listing the post, so the output must grow linearly with the number of
tags: a tag page that repeated all of the post's tags made 10,000 tags 6.7 GB. Each size is a
one-post site written into --out (default bench/out/many-tags/, gitignored) and built once with
`python -m generator build --fresh` in a fresh process (bench/measure.py), search off. The table
gives wall and CPU seconds, peak RSS, the output's size and file count, and the output bytes per
tag, which stays flat when growth is linear. Peak RSS is the largest process's; `tree MiB` samples
the PSS summed over the build's process group every 0.1 s (a lower bound: it can miss a short peak).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from measure import log_tail, measured_run

MIB = 2**20
SAMPLE_EVERY = 0.1  # seconds between samples of the build's process group (its page workers too)


def write_site(root: Path, tags: int, categories: bool) -> None:
    """A one-post site whose post carries `tags` tags (and as many categories with --categories)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Many tags\ntimezone: UTC\npermalink: /:title/\n"
                                      "paperfold:\n  search: false\n", encoding="utf-8")
    names = ", ".join(f"tag{number}" for number in range(tags))
    front = f"---\ntitle: Tagged\ntags: [{names}]\n"
    if categories:
        front += "categories: [" + ", ".join(f"category{number}" for number in range(tags)) + "]\n"
    (root / "_posts" / "2024-01-02-tagged.md").write_text(front + "---\nA post with many tags.\n", encoding="utf-8")


def folder_size(root: Path) -> tuple[int, int]:
    """(bytes, files) under root."""
    total = files = 0
    for folder, _, names in os.walk(root):
        for name in names:
            total += os.lstat(os.path.join(folder, name)).st_size
            files += 1
    return total, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tags", default="1000,5000,10000", help="comma-separated tag counts")
    parser.add_argument("--categories", action="store_true", help="as many categories as tags on the post")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "many-tags")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--keep", action="store_true", help="keep the outputs (deleted after measuring)")
    parser.add_argument("--json", type=Path, help="write the raw numbers here")
    arguments = parser.parse_args()
    rows = []
    print(f"{'tags':>7} {'status':>8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'tree MiB':>9} {'output MB':>10} {'files':>7} {'bytes/tag':>10}")
    for tags in (int(size) for size in arguments.tags.split(",")):
        case = arguments.out / f"tags-{tags}"
        site, destination, log = case / "site", case / "_site", case / "build.log"
        write_site(site, tags, arguments.categories)
        if destination.exists():
            shutil.rmtree(destination)
        log.unlink(missing_ok=True)
        data = measured_run([sys.executable, "-m", "generator", "build", "--fresh", "-s", str(site), "-d", str(destination)],
                            REPO, log, arguments.timeout, sample_every=SAMPLE_EVERY)
        size, files = folder_size(destination) if destination.exists() else (0, 0)
        row = {"tags": tags, **data, "output_bytes": size, "files": files}
        rows.append(row)
        if data["status"] != "ok":
            print(f"{tags:>7} {data['status']:>8}")
            print("\n".join("    " + line for line in log_tail(log)))
        else:
            print(f"{tags:>7} {'ok':>8} {data['wall']:>8.1f} {data['cpu']:>8.1f} {data['max_rss'] / MIB:>9.0f} "
                  f"{data['tree_pss'] / MIB:>9.0f} "
                  f"{size / 1e6:>10.1f} {files:>7} {size / tags:>10.0f}", flush=True)
        if not arguments.keep:
            shutil.rmtree(destination, ignore_errors=True)
            shutil.rmtree(site / ".paperfold-cache", ignore_errors=True)
        if arguments.json:
            arguments.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0 if all(row["status"] == "ok" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
