"""Outline path throughput against markdown-it-py on the same bytes.

    python bench/outline_bench.py [--items 100000] [--repeat 3] [--profile] [--posts DIR]

Generates a deterministic outline shaped like the real notes (titles in Chinese and
English, the URL on the next line, `[2019, 187 refs, FAST19]` annotations, 8+ levels,
wrapped continuation lines, pseudo-code), then times each step the Markdown stage runs on
an outline fence (`looks_like_outline`, `parse_outline`, `paper_notes`, `search_sections`,
`render_outline`) and `MarkdownIt("commonmark").render` on the same text, interleaved, best
of --repeat (so the paper helpers' caches are warm). `--posts DIR` times the same steps over
every bare fence of the posts in DIR (a site's _posts/, say bench/corpus.py's), summed, and
with --profile profiles them instead of the generated outline. Prints MB/s and items/s. A second, 4-level outline is timed too: on the deep one the
"commonmark" preset stops at maxNesting=20 and drops the rest of the document, so it is
also timed with maxNesting raised (rendering the same bytes).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.outline.html import render_outline
from generator.outline.model import Outline
from generator.outline.parser import looks_like_outline, parse_outline
from generator.outline.sections import search_sections
from generator.papers.notes import paper_notes

_ENGLISH = [
    "Efficient",
    "Large-Scale",
    "Language",
    "Model",
    "Training",
    "on",
    "GPU",
    "Clusters;",
    "PipeDream:",
    "Generalized",
    "Pipeline",
    "Parallelism",
    "for",
    "DNN",
    "Training;",
    "ZeRO",
    "memory",
    "optimizations",
    "toward",
    "training",
    "trillion",
    "parameter",
    "models;",
    "log-structured",
    "merge",
    "tree",
    "compaction",
    "and",
    "write",
    "amplification;",
    "disaggregated",
    "memory",
    "with",
    "RDMA",
    "and",
    "CXL;",
    "erasure",
    "coding",
    "for",
    "warm",
    "blob",
    "storage",
]
_CHINESE = "分布式训练 流水线并行 数据并行 模型压缩 量化 推理框架 存储系统 日志结构合并树 一致性 副本 纠删码 调度".split()  # noqa: SIM905
_VENUES = ("FAST22", "OSDI", "SOSP", "NSDI20", "HotStorage20", "VLDB", "SIGMOD19", "ATC21")


def generate_outline(items: int, levels: int = 11, seed: int = 20240601) -> str:
    """A deterministic outline of `items` items, about 1.5 lines per item, `levels` deep."""
    rng = random.Random(seed)
    lines: list[str] = []
    depth = 0
    number = [0] * 12
    for index in range(items):
        # Wander up and down the levels like real notes do: mostly siblings and children.
        step = rng.random()
        if step < 0.35 and depth < levels - 1:
            depth += 1
            number[depth] = 0
        elif step < 0.55 and depth > 0:
            depth -= rng.randint(1, min(depth, 3))
        number[depth] += 1
        indent = "    " * depth
        words = rng.sample(_ENGLISH, rng.randint(3, 9))
        if rng.random() < 0.4:
            words.insert(rng.randint(0, len(words)), rng.choice(_CHINESE) + "：" + rng.choice(_CHINESE))
        label = "n." if index % 97 == 0 else f"{number[depth]}."
        title = " ".join(words)
        kind = rng.random()
        if kind < 0.15:
            venue = rng.choice(_VENUES)
            title += f"    [{rng.randint(1995, 2024)}, {rng.randint(0, 900)} refs, {venue}]"
        lines.append(f"{indent}{label} {title}")
        text_indent = indent + " " * (len(label) + 1)
        if kind < 0.30:
            lines.append(
                f"{text_indent}https://arxiv.org/abs/{rng.randint(1000, 2400)}.{rng.randint(10000, 99999)}"
            )
        elif kind < 0.36:
            lines.append(
                f"{text_indent}see：https://zhuanlan.zhihu.com/p/{rng.randint(10**7, 10**9)}，以及 related work."
            )
        elif kind < 0.40:
            lines.append(f"{text_indent}for each shard in ring:")
            lines.append(f"{text_indent}    send(shard) && recv(prev)   # all-reduce step")
        if rng.random() < 0.05:
            lines.append("")
    return "\n".join(lines) + "\n"


def _time(run: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds taken by `run()` (the machine may be shared: wall time would count the others'), and what it returned."""
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def _best_of(steps: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Each step's best CPU time over `repeat` rounds, the steps interleaved in each round."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        for label, run in steps.items():
            best[label] = min(best.get(label, float("inf")), _time(run)[0])
    return best


def compare(name: str, text: str, repeat: int) -> None:
    """Time parse, render and markdown-it-py on `text`, interleaved; print the best of each.

    markdown-it-py's "commonmark" preset stops nesting at maxNesting=20 and silently drops
    everything deeper (about 9 list levels), so on deep outlines it renders a fraction of
    the input; it is also timed with maxNesting raised, which renders the same bytes.
    """
    from markdown_it import MarkdownIt

    size_mb = len(text.encode("utf-8")) / 1e6
    outline = parse_outline(text)
    items = outline.item_count
    print(
        f"\n{name}: {size_mb:.2f} MB, {text.count(chr(10))} lines, {items} items, {outline.max_depth} levels"
    )
    default = MarkdownIt("commonmark")
    unlimited = MarkdownIt("commonmark", {"maxNesting": 10_000})
    best: dict[str, float] = {}
    sizes: dict[str, int] = {}
    steps: dict[str, Callable[[], object]] = {
        "detect": lambda: looks_like_outline(text),
        "parse": lambda: parse_outline(text),
        "paper notes": lambda: paper_notes(outline),
        "search sections": lambda: search_sections(outline),
        "render": lambda: render_outline(outline),
    }
    runs: dict[str, Callable[[], object]] = {
        **steps,
        "markdown-it-py commonmark": lambda: default.render(text),
        "markdown-it-py maxNesting=10000": lambda: unlimited.render(text),
    }
    for _ in range(repeat):
        for label, run in runs.items():
            seconds, result = _time(run)
            best[label] = min(best.get(label, float("inf")), seconds)
            if isinstance(result, str):
                sizes[label] = len(result)
    best["parse+render"] = best["parse"] + best["render"]
    best["outline path"] = sum(best[label] for label in steps)
    for label in (*steps, "parse+render", "outline path"):
        seconds = best[label]
        print(f"  {label:33} {seconds:7.3f} s {size_mb / seconds:7.2f} MB/s {items / seconds:10,.0f} items/s")
    for label in ("markdown-it-py commonmark", "markdown-it-py maxNesting=10000"):
        seconds = best[label]
        print(
            f"  {label:33} {seconds:7.3f} s {size_mb / seconds:7.2f} MB/s   "
            f"{sizes[label] / 1e6:6.2f} MB of HTML; the outline path is {seconds / best['outline path']:.1f}x faster"
        )
    print(f"  (outline HTML: {sizes['render'] / 1e6:.2f} MB)")


def _seed_posts() -> list[Path]:
    """Real posts, if any: $PAPERFOLD_SEEDS or ../shared/seeds beside the repository."""
    configured = os.environ.get("PAPERFOLD_SEEDS")
    folder = Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def _bare_fences(text: str) -> list[str]:
    """Bodies of ``` fences without an info string (a fence unclosed runs to the end)."""
    bodies: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        opening = re.match(r" {0,3}(`{3,})(.*)$", lines[index])
        index += 1
        if opening is None:
            continue
        start = index
        closing = re.compile(" {0,3}" + "`" * len(opening.group(1)) + r"`*\s*")
        while index < len(lines) and not closing.fullmatch(lines[index]):
            index += 1
        if not opening.group(2).strip():
            bodies.append("\n".join(lines[start:index]))
        index += 1
    return bodies


def compare_blocks(name: str, blocks: list[str], repeat: int) -> None:
    """The steps of compare() over many blocks (a site's outlines), summed, best of `repeat`."""
    outlines = [parse_outline(block) for block in blocks]
    size_mb = sum(len(block.encode("utf-8")) for block in blocks) / 1e6
    items = sum(outline.item_count for outline in outlines)
    print(f"\n{name}: {len(blocks)} blocks, {size_mb:.2f} MB, {items} items")
    steps: dict[str, Callable[[], object]] = {
        "detect": lambda: [looks_like_outline(block) for block in blocks],
        **_path_steps(blocks, outlines),
    }
    best = _best_of(steps, repeat)
    best["outline path"] = sum(best.values())
    for label, seconds in best.items():
        print(f"  {label:33} {seconds:7.3f} s {size_mb / seconds:7.2f} MB/s {items / seconds:10,.0f} items/s")


def _path_steps(blocks: list[str], outlines: list[Outline]) -> dict[str, Callable[[], object]]:
    """The outline path's whole steps over `blocks` (and `outlines`, the blocks parsed)."""
    return {
        "parse": lambda: [parse_outline(block) for block in blocks],
        "paper notes": lambda: [paper_notes(outline) for outline in outlines],
        "search sections": lambda: [search_sections(outline) for outline in outlines],
        "render": lambda: [render_outline(outline) for outline in outlines],
    }


def _posts_blocks(folder: Path) -> list[str]:
    """The bare fences of every post under `folder`, in name order."""
    return [block for path in sorted(folder.rglob("*.md")) for block in _bare_fences(path.read_text(encoding="utf-8"))]


def split(name: str, blocks: list[str], repeat: int) -> None:
    """The outline path over `blocks` cut into the pieces it spends its time on, best of `repeat`.

    Each piece is timed on its own over the same inputs the path gives it (the lines' cut, the
    ids from every node's key and parent, links and annotations from the nodes' lines, the
    escaping of every text), so a piece's time is what it costs alone; "node objects" is the
    parse less its cut, annotations and ids (the loop that places lines and makes the nodes).
    """
    from generator.outline.anchors import PageAnchors
    from generator.outline.detect import LINE_RE
    from generator.outline.html import _escape
    from generator.outline.links import find_links, parse_annotation
    from generator.papers.index import note_keys

    outlines = [parse_outline(block) for block in blocks]
    ids_input: list[tuple[list[str], list[int]]] = []
    lines: list[str] = []
    for outline in outlines:
        keys: list[str] = []
        parents: list[int] = []
        open_at: list[int] = []  # the index of the open node at each depth
        for index, (node, depth) in enumerate(outline.walk()):
            del open_at[depth:]
            parents.append(open_at[-1] if open_at else -1)
            open_at.append(index)
            ann = node.annotation
            keys.append((node.text[: ann.start] if ann is not None and ann.start >= 0 else node.text).strip())
            lines += (node.text, *node.continuation)
        ids_input.append((keys, parents))
    annotated = [line for line in lines if line.rstrip(" \t\u00a0\u3000").endswith("]")]
    linked = [line for line in lines if "://" in line or "ailto:" in line or "AILTO:" in line]
    notes = [paper_notes(outline) for outline in outlines]
    whole = _path_steps(blocks, outlines)
    steps: dict[str, Callable[[], object]] = {
        "parse, whole": whole["parse"],
        "  lines cut (LINE_RE.findall)": lambda: [LINE_RE.findall(block) for block in blocks],
        "  annotations (parse_annotation)": lambda: [parse_annotation(line) for line in annotated],
        "  ids (PageAnchors.give_all)": lambda: [PageAnchors().give_all(k, p) for k, p in ids_input],
        "  links (find_links)": lambda: [find_links(line) for line in linked],
        "render, whole": whole["render"],
        "  escaping every line (_escape)": lambda: [_escape(line) for line in lines],
        "paper notes": whole["paper notes"],
        "note keys (papers/index.py)": lambda: [note_keys(each) for each in notes],
        "search sections": whole["search sections"],
    }
    best = _best_of(steps, repeat)
    parts = ("  lines cut (LINE_RE.findall)", "  annotations (parse_annotation)", "  ids (PageAnchors.give_all)",
             "  links (find_links)")
    best["  node objects, lines placed (the rest of the parse)"] = best["parse, whole"] - sum(best[p] for p in parts)
    best["  HTML written (the rest of the render)"] = best["render, whole"] - best["  escaping every line (_escape)"]
    print(f"\n{name}: {len(blocks)} blocks, {sum(o.item_count for o in outlines)} items, "
          f"{len(lines)} lines ({len(annotated)} annotated, {len(linked)} with a link), CPU s, best of {repeat}")
    for label, seconds in best.items():
        print(f"  {label:55} {seconds:7.3f} s")


def _profile(blocks: list[str], shown: int) -> None:
    """cProfile the outline path once over `blocks`; print the `shown` costliest functions."""
    profiler = cProfile.Profile()
    profiler.enable()
    for block in blocks:
        if looks_like_outline(block):
            outline = parse_outline(block)
            paper_notes(outline)
            search_sections(outline)
            render_outline(outline)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the outline path once")
    parser.add_argument("--posts", type=Path, help="time (or profile) the bare fences of the posts in this folder")
    parser.add_argument("--split", action="store_true",
                        help="time the pieces of the outline path (cut, ids, links, nodes, HTML, escaping, papers)")
    args = parser.parse_args(argv)
    if args.split:
        seeds = [block for path in _seed_posts() for block in _bare_fences(path.read_text(encoding="utf-8"))]
        if seeds:
            split("seed posts", seeds, max(args.repeat, 20))
        if args.posts is not None:
            split(f"posts in {args.posts}", _posts_blocks(args.posts), args.repeat)
        return 0
    if args.posts is not None:
        blocks = _posts_blocks(args.posts)
        if args.profile:
            _profile(blocks, 20)
        else:
            compare_blocks(f"posts in {args.posts}", blocks, args.repeat)
        return 0

    deep = generate_outline(args.items)
    if args.profile:
        _profile([deep], 15)
        return 0
    for path in _seed_posts():
        for index, block in enumerate(_bare_fences(path.read_text(encoding="utf-8")), 1):
            compare(f"real post {path.name}, outline block {index}", block, max(args.repeat, 20))
    compare("deep outline (11 levels, like real posts: median 8, max 18)", deep, args.repeat)
    compare("shallow outline (4 levels: markdown-it-py's default renders all of it)",
            generate_outline(args.items, levels=4), args.repeat)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
