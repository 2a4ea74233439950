#!/usr/bin/env python3
"""Peak memory of a paperfold build against the size of its input: does it grow linearly?

    bench/memory.py --quick                       # every family at small sizes, under a minute
    bench/memory.py                               # the defaults below (takes a while)
    bench/memory.py --families notes,deep --sizes 5,10,25,50 --levels 2500,5000,10000
    bench/memory.py --families site --posts 1000,5000 --timeout 1800 --json memory.json
    bench/memory.py --families bomb,anchor         # YAML aliases, under a 4 GB limit
    bench/memory.py --families line,links --line-sizes 1,4,16,44   # one post of a single long line

Eight families of generated inputs (the first four unless --families says otherwise), each at
several sizes, written into --out (default bench/out/memory/, gitignored) and regenerated on
every run (deterministic):

  notes   a one-post site whose post is one big fenced outline shaped like real notes (the
          generator of bench/corpus.py: titles and URLs, annotations, Chinese and English,
          continuation lines, pseudo-code, up to 18 levels), --sizes in MB (default 5,10,25,50)
  deep    a one-post site whose outline nests --levels deep, each item one column right of
          the one before, as in tests/test_outline.py (default 1250,2500,5000,10000; the input
          grows as levels squared: 10,000 levels are 50 MB, nearly all indentation)
  items   a one-post site whose outline has --items short items going up and down 9 levels,
          as in tests/test_outline.py (default 12500,25000,50000,100000): per-item cost
  site    bench/corpus.py's N-post blog, --posts (default 100,500,1000; 5000 when asked)
  bomb    a post whose front matter is the "billion laughs": --bomb-levels lines of nine aliases
          to the line before (default 5,7,8,9; nine levels are 9^9 values in 332 bytes)
  anchor  a post whose front matter uses one 100 kB value --anchor-uses times through an alias
          (default 5,1000,10000; 10,000 uses are 180 kB of text for a gigabyte of values)
  line    a one-post site whose body is a single line: the notes family's items joined by
          spaces, without their URLs, --line-sizes in MB (default 1,4,16; 44 is the issue's)
  links   the same line with a link after about one item in five (bare URLs, Markdown links,
          www. hosts, e-mail addresses), --line-sizes too

plus a baseline: a one-post site of a few lines (the interpreter, imports and theme).

Each input is built once with `python -m generator build --fresh` in a fresh process (see
bench/measure.py): wall time, CPU time, and peak RSS (ru_maxrss of the largest process; a
cold build of many posts renders on a process pool, so for `site` the "tree" column adds a
sampled total PSS of the build's whole process group). Search is off (`paperfold: search:
false`) unless --search: Pagefind is a separate binary with memory of its own.

The two alias families are built under a limit on the build's address space, --alias-memory-limit
(default 4096 MB), since a build that writes every alias out would take the whole machine; a table
of their own gives each one's outcome (built, refused with the build's message, or MemoryError
at the limit), time and peak RSS.

The table shows peak RSS per input MB, and for each family the least-squares line of peak RSS
against input MB (slope = MB of memory per MB of input, base = intercept), its R^2, and the
increment between consecutive sizes (the ratio of one increment to the one before is near 1 when
growth is linear, above 1 when it is faster). --json writes the raw numbers (rewritten after
every build, so an interrupted run keeps them).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus
from measure import log_tail, measured_run

MB = 1e6  # input and output sizes are in decimal MB (as "a 50 MB post" means)
MIB = 2**20  # RSS is in MiB, as bench/run prints it
FAMILIES = ("notes", "deep", "items", "site", "bomb", "anchor", "line", "links")
ALIAS_FAMILIES = ("bomb", "anchor")
DEFAULTS = {"notes": "5,10,25,50", "deep": "1250,2500,5000,10000", "items": "12500,25000,50000,100000",
            "site": "100,500,1000", "bomb": "5,7,8,9", "anchor": "5,1000,10000",
            "line": "1,4,16", "links": "1,4,16"}
QUICK = {"notes": "0.5,1,2", "deep": "500,1000,2000", "items": "5000,10000,20000", "site": "10,20,40",
         "bomb": "5,6,7", "anchor": "100,1000", "line": "0.25,0.5,1", "links": "0.25,0.5,1"}
UNITS = {"notes": "MB", "deep": "levels", "items": "items", "site": "posts", "bomb": "levels", "anchor": "uses", "line": "MB", "links": "MB"}
SAMPLE_EVERY = 0.1  # seconds between samples of the process group's PSS

FRONT_MATTER = """\
---
layout: post
title: "{title}"
category: "Paper Reading"
tags: [paper, benchmark]
---
"""


@dataclass
class Input:
    """One generated site: what it is, and how to write it."""

    family: str
    size: float  # in the family's unit: MB, levels, items or posts
    write: Callable[[Path], dict]  # writes the site's _posts into a folder; returns facts about it

    @property
    def label(self) -> str:
        if self.family == "baseline":
            return "baseline (1 small post)"
        return f"{self.family} {self.size:,g} {UNITS[self.family]}"

    @property
    def slug(self) -> str:
        return "baseline" if self.family == "baseline" else f"{self.family}-{self.size:g}"


# ---- inputs -------------------------------------------------------------------------------------

def _write_post(site: Path, name: str, text: str) -> None:
    posts = site / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / name).write_text(text, encoding="utf-8")


def write_baseline(site: Path) -> dict:
    _write_post(site, "2020-01-01-baseline.md", FRONT_MATTER.format(title="Baseline") + "\n```\n1. one item\n```\n")
    return {"items": 1, "levels": 1}


def write_notes(megabytes: float) -> Callable[[Path], dict]:
    """One post: a prose paragraph, then one fenced outline of about `megabytes` of notes."""

    def write(site: Path) -> dict:
        rng = random.Random(f"paperfold-memory:notes:{megabytes}")
        pools = corpus._pools()  # bench/corpus.py's word pools and outline writer, not a copy
        lines = corpus._front_matter(rng, "Recent Articles Reading: everything at once")
        lines += [corpus._prose(rng, pools, 3), "", "```"]
        writer = corpus._OutlineWriter(rng, pools, lines, max_depth=18, tabs=False)
        target = megabytes * MB
        written = sum(len(line.encode()) + 1 for line in lines)
        first = True
        while written < target:
            # In chunks of 1,000 items so the post stops near the target size; each chunk starts
            # a new top-level run of numbering, which real notes do too. The first one dives to
            # the deepest level once, as the corpus's largest posts do.
            start = len(lines)
            writer.block(1000, dive_at=100 if first else -1)
            first = False
            written += sum(len(line.encode()) + 1 for line in lines[start:])
        lines += ["```", ""]
        _write_post(site, "2020-01-01-big-notes.md", "\n".join(lines))
        return {"items": writer.items, "levels": writer.deepest}

    return write


def write_deep(levels: int) -> Callable[[Path], dict]:
    """One post whose outline nests `levels` deep: item i at column i (tests/test_outline.py)."""

    def write(site: Path) -> dict:
        pools = corpus._pools()
        with _open_post(site, "2020-01-01-deep-outline.md") as out:
            out.write(FRONT_MATTER.format(title=f"{levels:,} levels") + "\n```\n")
            for level in range(levels):
                out.write(" " * level + f"1. {pools.en[level % len(pools.en)]}\n")
            out.write("```\n")
        return {"items": levels, "levels": levels}

    return write


def write_items(items: int) -> Callable[[Path], dict]:
    """One post of `items` short items going down and up 9 levels (tests/test_outline.py)."""

    def write(site: Path) -> dict:
        with _open_post(site, "2020-01-01-many-items.md") as out:
            out.write(FRONT_MATTER.format(title=f"{items:,} items") + "\n```\n")
            for index in range(items):
                out.write("    " * (index % 9) + f"{index}. item {index}\n")
            out.write("```\n")
        return {"items": items, "levels": min(items, 9)}

    return write


def write_site(posts: int, seed: int) -> Callable[[Path], dict]:
    def write(site: Path) -> dict:
        stats = corpus.generate(posts, site, seed=seed).as_dict()
        return {"items": stats["outline_items"], "levels": stats["max_depth"], "corpus": stats}

    return write


def write_bomb(levels: int) -> Callable[[Path], dict]:
    """One post whose front matter, under a key paperfold does not know, is the "billion laughs"."""

    def write(site: Path) -> dict:
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
        lines += [f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, levels)]
        lines.append(f"lol: *a{levels - 1}")
        _write_post(site, "2020-01-01-bomb.md", _front_matter_with(f"{levels} levels of aliases", lines) + "A post.\n")
        return {"items": 9 * (levels - 1) + 1, "levels": levels}

    return write


def write_long_line(megabytes: float, links: bool) -> Callable[[Path], dict]:
    """One post whose body is a single line of about `megabytes`: the notes family's outline
    items (English and Chinese, annotations in brackets, code) joined by spaces, their URLs
    taken out; with `links`, a link after about one item in five instead (bare URLs, Markdown
    links, www. hosts and e-mail addresses), as well as the items' own."""

    def write(site: Path) -> dict:
        rng = random.Random(f"paperfold-memory:line:{megabytes}:{links}")
        pools = corpus._pools()
        target, written, found = megabytes * MB, 0, 0
        with _open_post(site, "2020-01-01-one-long-line.md") as out:
            out.write(FRONT_MATTER.format(title=f"One line of {megabytes:g} MB"))
            out.write(corpus._prose(rng, pools, 1) + " ")  # a paragraph, where "1." first would make it a list item
            while written < target:
                lines: list[str] = []
                corpus._OutlineWriter(rng, pools, lines, max_depth=18, tabs=False).block(1000, dive_at=-1)
                pieces = []
                for line in lines:
                    pieces.append(line.strip() if links else _URL.sub("", line).strip())
                    if links and rng.random() < 0.2:
                        pieces.append(_link(rng, pools))
                found += sum(len(_URL.findall(piece)) for piece in pieces) if links else 0
                chunk = " ".join(piece for piece in pieces if piece) + " "
                out.write(chunk)
                written += len(chunk.encode())
            out.write("\n")
        return {"items": 0, "levels": 0, "links": found}

    return write


_URL = re.compile(r"\S*(?:https?://|www\.|@)\S*")


def _link(rng: random.Random, pools: corpus._Pools) -> str:
    kind, number = rng.random(), rng.randrange(100000)
    if kind < 0.5:
        return rng.choice(pools.urls)
    if kind < 0.8:
        return f"[{rng.choice(pools.en)}]({rng.choice(pools.urls)})"
    if kind < 0.9:
        return f"www.lab{number}.example.org/notes"
    return f"author{number}@cs.example.edu"


def write_anchor(uses: int) -> Callable[[Path], dict]:
    """One post whose front matter lists one 100 kB value `uses` times, by an alias."""

    def write(site: Path) -> dict:
        lines = [f"big: &big {'x' * 100_000}", f"many: [{', '.join(['*big'] * uses)}]"]
        _write_post(site, "2020-01-01-anchor.md", _front_matter_with(f"{uses:,} uses of an anchor", lines) + "A post.\n")
        return {"items": uses, "levels": 2}

    return write


def _front_matter_with(title: str, lines: list[str]) -> str:
    """FRONT_MATTER with these lines added at its end."""
    return FRONT_MATTER.format(title=title).removesuffix("---\n") + "\n".join(lines) + "\n---\n"


def _open_post(site: Path, name: str):
    posts = site / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    return (posts / name).open("w", encoding="utf-8", newline="\n")


def make_inputs(sizes: dict[str, list[float]], seed: int) -> list[Input]:
    inputs = [Input("baseline", 0, write_baseline)]
    makers = {"notes": write_notes, "deep": lambda n: write_deep(int(n)), "items": lambda n: write_items(int(n)),
              "site": lambda n: write_site(int(n), seed), "bomb": lambda n: write_bomb(int(n)),
              "anchor": lambda n: write_anchor(int(n)), "line": lambda n: write_long_line(n, False),
              "links": lambda n: write_long_line(n, True)}
    for family, values in sizes.items():
        inputs += [Input(family, value, makers[family](value)) for value in sorted(values)]
    return inputs


def prepare(item: Input, root: Path, search: bool) -> dict:
    """Write the input's site into root/site (replacing what was there); facts about it."""
    if root.exists():
        shutil.rmtree(root)
    site = root / "site"
    site.mkdir(parents=True)
    facts = item.write(site)
    config = site / "_config.yml"
    if not config.exists():  # corpus.generate writes its own
        config.write_text(corpus.CONFIG_YML, encoding="utf-8")
    if not search:
        with config.open("a", encoding="utf-8") as stream:
            stream.write("paperfold:\n  search: false\n")
    facts["input_bytes"] = _tree_bytes(site / "_posts")
    return facts


# ---- measuring ----------------------------------------------------------------------------------

# `python -m generator ARGUMENTS` with its address space limited to argv[1] bytes.
_LIMITED = ("import resource, runpy, sys; limit = int(sys.argv.pop(1)); "
            "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); "
            "runpy.run_module('generator', run_name='__main__', alter_sys=True)")


def build(root: Path, timeout: float, memory_limit: int | None = None) -> dict:
    site, dest, log = root / "site", root / "dest", root / "build.log"
    program = [sys.executable, "-m", "generator"] if memory_limit is None else [sys.executable, "-c", _LIMITED,
                                                                                 str(memory_limit)]
    command = [*program, "build", "--fresh", "-s", str(site), "-d", str(dest)]
    result = measured_run(command, REPO, log, timeout, sample_every=SAMPLE_EVERY)
    result["log"] = str(log)
    if result["status"] == "ok":
        result["output_bytes"] = _tree_bytes(dest)
    if memory_limit is not None:
        result["outcome"] = _outcome(result, log)
    elif result["status"] != "ok":
        print(f"  build {result['status']}: {' '.join(command)}\n  last lines of {log}:", file=sys.stderr)
        for line in log_tail(log, 25):
            print(f"    {line}", file=sys.stderr)
    return result


def _outcome(result: dict, log: Path) -> str:
    """What became of a build of an alias family: built, refused (the build's first message) or out of memory."""
    if result["status"] == "ok":
        return "built"
    lines = log_tail(log, 200)
    if any("MemoryError" in line for line in lines):
        return "MemoryError at the limit"
    message = next((line for line in lines if line.startswith("_posts/")), None)
    return f"refused: {message}" if message else result["status"]


def _tree_bytes(folder: Path) -> int:
    total = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(directory, name)).st_size
            except OSError:
                pass
    return total


# ---- linearity ----------------------------------------------------------------------------------

def fit(points: list[tuple[float, float]]) -> dict | None:
    """Least squares y = base + slope * x over (input MB, peak RSS MiB), with R^2 and increments."""
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if not sxx:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    base = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for _, y in points)
    residual = sum((y - base - slope * x) ** 2 for x, y in points)
    increments = [(y1 - y0) / (x1 - x0) for (x0, y0), (x1, y1) in itertools.pairwise(points) if x1 != x0]
    return {"slope": slope, "base": base, "r2": 1 - residual / total if total else 1.0, "increments": increments,
            "increment_ratios": [b / a if a else None for a, b in itertools.pairwise(increments)]}


def linearity_lines(results: list[dict]) -> list[str]:
    lines = []
    for family in (f for f in FAMILIES if f not in ALIAS_FAMILIES):
        rows = [r for r in results if r["family"] == family and r["status"] == "ok"]
        line = fit([(r["input_bytes"] / MB, r["max_rss"] / MIB) for r in rows])
        if line is None:
            continue
        sizes = [f"{r['size']:g}" for r in rows]
        steps = ", ".join(
            f"{a}->{b}: {inc:.2f}" + (f" (x{ratio:.2f})" if i and ratio is not None else "")
            for i, (a, b, inc, ratio) in enumerate(zip(sizes, sizes[1:], line["increments"],
                                                       [None] + line["increment_ratios"])))
        text = (f"  {family:<6} peak RSS = {line['base']:.0f} MiB + {line['slope']:.2f} MiB per input MB "
                f"(R^2 {line['r2']:.4f}); per-MB increments {steps}")
        if family == "items":  # sized by count: say it per item too
            per_item = fit([(r["items"], r["max_rss"] / MIB) for r in rows])
            if per_item:
                text += f"; {per_item['slope'] * MIB / 1e3:.2f} KB per item"
        lines.append(text)
    return lines


# ---- reporting ----------------------------------------------------------------------------------

def table(results: list[dict]) -> str:
    baseline = next((r["max_rss"] for r in results if r["family"] == "baseline" and r["status"] == "ok"), None)
    header = (f"{'input':<24} {'input MB':>9} {'items':>9} {'levels':>6} {'peak RSS MB':>11} {'RSS/in MB':>9} "
              f"{'above base':>10} {'tree MB':>8} {'wall s':>7} {'CPU s':>7} {'out MB':>7}")
    lines = [header, "-" * len(header)]
    family = None
    for r in (r for r in results if r["family"] not in ALIAS_FAMILIES):
        if family is not None and r["family"] != family:
            lines.append("")
        family = r["family"]
        facts = f"{r['label']:<24} {r['input_bytes'] / MB:9.2f} {r['items']:9,d} {r['levels']:6,d}"
        if r["status"] != "ok":
            lines.append(f"{facts} {r['status']:>11}")
            continue
        rss = r["max_rss"] / MIB
        per_mb = f"{rss / (r['input_bytes'] / MB):9.1f}" if r["family"] != "baseline" else f"{'':>9}"
        above = (f"{(r['max_rss'] - baseline) / MIB / (r['input_bytes'] / MB):10.1f}"
                 if baseline is not None and r["family"] != "baseline" else f"{'':>10}")
        tree = f"{r['tree_pss'] / MIB:8.0f}" if r.get("tree_pss") else f"{'?':>8}"
        lines.append(f"{facts} {rss:11.0f} {per_mb} {above} {tree} {r['wall']:7.1f} {r['cpu']:7.1f} "
                     f"{r['output_bytes'] / MB:7.1f}")
    lines.append("")
    lines.append("Input MB: bytes of the posts (decimal MB). Peak RSS: ru_maxrss of the largest process (MiB); RSS/in MB:")
    lines.append("peak RSS per input MB; above base: (peak RSS - baseline's) per input MB. Tree MB: sampled peak of")
    lines.append("the PSS summed over the build's process group (pool workers included). CPU: user+sys, all processes.")
    aliases = [r for r in results if r["family"] in ALIAS_FAMILIES]
    if aliases:
        lines += ["", f"{'YAML aliases':<24} {'input kB':>9} {'peak RSS MB':>11} {'wall s':>7} {'CPU s':>7}  outcome"]
        for r in aliases:
            measured = (f"{r['max_rss'] / MIB:11.0f} {r['wall']:7.1f} {r['cpu']:7.1f}" if r["max_rss"] is not None
                        else f"{'?':>11} {'?':>7} {'?':>7}")
            lines.append(f"{r['label']:<24} {r['input_bytes'] / 1e3:9.1f} {measured}  {r['outcome']}")
    fits = linearity_lines(results)
    if fits:
        lines.append("")
        lines.append("Linearity: least squares of peak RSS (MiB) against input MB, per family; increments are")
        lines.append("(RSS difference) / (input difference) between consecutive sizes, (xR) = this increment / the last one.")
        lines += fits
    return "\n".join(lines)


def _version(command: list[str]) -> str | None:
    try:
        output = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return output.splitlines()[0] if output else None


def _checkout() -> str | None:
    """The commit measured, with "+dirty" when the builder's code differs from it (numbers then
    describe uncommitted work)."""
    commit = _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    changes = _version(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "templates", "static"])
    return f"{commit}+dirty" if commit and changes else commit


def _sizes(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of paperfold builds against input size.")
    parser.add_argument("--families", default="notes,deep,items,site", help="comma-separated, from " + ",".join(FAMILIES))
    parser.add_argument("--sizes", help=f"notes: post sizes in MB (default {DEFAULTS['notes']})")
    parser.add_argument("--levels", help=f"deep: outline depths (default {DEFAULTS['deep']})")
    parser.add_argument("--items", help=f"items: item counts (default {DEFAULTS['items']})")
    parser.add_argument("--posts", help=f"site: post counts (default {DEFAULTS['site']}; 5000 is the issue's)")
    parser.add_argument("--bomb-levels", help=f"bomb: lines of nine aliases each (default {DEFAULTS['bomb']})")
    parser.add_argument("--anchor-uses", help=f"anchor: uses of one 100 kB value (default {DEFAULTS['anchor']})")
    parser.add_argument("--line-sizes", help="line, links: one post of a single line of notes (links: with a link "
                                             f"after one item in five), in MB (default {DEFAULTS['line']})")
    parser.add_argument("--alias-memory-limit", type=int, default=4096,
                        help="bomb and anchor: MB of address space a build may take (default 4096)")
    parser.add_argument("--quick", action="store_true", help="small sizes for every family not given explicitly")
    parser.add_argument("--search", action="store_true", help="build the Pagefind search index too (off by default)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a build is killed (default 900)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed for the site family (default 0)")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "memory", help="work folder (default bench/out/memory)")
    parser.add_argument("--keep", action="store_true", help="keep each build's output and cache (deleted by default)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)

    families = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown family: {', '.join(unknown)}")
    given = {"notes": args.sizes, "deep": args.levels, "items": args.items, "site": args.posts,
             "bomb": args.bomb_levels, "anchor": args.anchor_uses,
             "line": args.line_sizes, "links": args.line_sizes}
    defaults = QUICK if args.quick else DEFAULTS
    sizes = {family: _sizes(given[family] or defaults[family]) for family in families}
    inputs = make_inputs(sizes, args.seed)

    document = {"families": {f: sizes[f] for f in families}, "search": args.search, "seed": args.seed,
                "timeout": args.timeout, "python": platform.python_version(), "cpus": os.cpu_count(),
                "paperfold": _checkout(),
                "load_before": os.getloadavg(), "results": []}
    results: list[dict] = document["results"]

    def save() -> None:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

    try:
        for item in inputs:
            root = args.out.resolve() / item.slug
            print(f"[{item.label}] generating in {root / 'site'} ...", file=sys.stderr, flush=True)
            facts = prepare(item, root, args.search)
            print(f"[{item.label}] {facts['input_bytes'] / MB:.2f} MB, {facts['items']:,} items, "
                  f"{facts['levels']:,} levels: building ...", file=sys.stderr, flush=True)
            limit = args.alias_memory_limit * MIB if item.family in ALIAS_FAMILIES else None
            result = {"family": item.family, "size": item.size, "label": item.label, **facts,
                      **build(root, args.timeout, limit)}
            results.append(result)
            if result["status"] == "ok" or result.get("outcome"):
                print(f"    {result.get('outcome', 'built')}: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
                      f"{result['max_rss'] / MIB:.0f} MiB peak RSS", file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(root / "dest", ignore_errors=True)
                shutil.rmtree(root / "site" / ".paperfold-cache", ignore_errors=True)
            save()
    except KeyboardInterrupt:
        print("interrupted: the table below has the builds done so far", file=sys.stderr)

    document["load_after"] = os.getloadavg()
    document["linearity"] = {
        family: fit([(r["input_bytes"] / MB, r["max_rss"] / MIB) for r in results
                     if r["family"] == family and r["status"] == "ok"]) for family in families
        if family not in ALIAS_FAMILIES}
    save()
    print(table(results))
    print(f"\nLoad average before/after: {document['load_before'][0]:.2f} / {document['load_after'][0]:.2f} "
          f"on {os.cpu_count()} CPUs; search {'on' if args.search else 'off'}; paperfold {document['paperfold']}.")
    return 0 if all(r["status"] == "ok" or r["family"] in ALIAS_FAMILIES for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
