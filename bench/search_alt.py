#!/usr/bin/env python3
"""A search index of paperfold's own (generator/search/terms.py, postings.py, shards.py), built
outside the build and measured against Pagefind on the same input.

    python bench/search_alt.py build SITE OUT [--workers 2] [--layout range|hash] [--shard-kb 64] [--level 1]
    python bench/search_alt.py pagefind SITE OUT
    python bench/search_alt.py queries SITE OUT [--query Q ...]
    python bench/search_alt.py fetched SITE OUT [--query Q ...]

SITE is a paperfold build's destination (say of `bench/corpus.py 1000`); every post page in it
(a path with /YYYY/MM/DD/) is turned back into the lean page Pagefind is fed today
(search_cost.py's `_lean`, generator/search/lean.py), so both engines read the same text.

`build` writes the index into OUT/alt/ and prints its CPU and wall time, the peak memory of its
processes (VmHWM of the main one plus each worker's) and its bytes and files. The index is not
wired into the build: this simulates what the build would do, a pool of WORKERS processes (the
ones that render) each reading its posts back from their pages (timed apart: a build has the
text in memory), counting their terms and writing their fragment files, then the main process
merging the terms into postings and writing the shards (the modules' docstrings say what each
holds). `pagefind` indexes the same lean pages as paperfold does (generator/search/index.py's
batches of BATCH_BYTES of published pages, two Pagefind services at once) into OUT/pagefind/ and
prints the same figures. `queries` answers each query from both indexes, ours in Python as its
client would, Pagefind in headless Chromium through pagefind.js, and prints the bytes each
fetches for it (a fresh browser context each query) and how far their top 10 posts, and the node
each would open (search.js's rule: the deepest node holding the most query words), agree.
`fetched` prints what our index's client fetches alone, each query whole and with its last word
half typed (a prefix, which range shards answer).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import os
import re
import resource
import shutil
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool
from pathlib import Path
from typing import Any, NamedTuple

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from search_cost import POST, _lean  # bench/ is not a package: its path is put first above
from search_cost import batches as published_batches

from generator.outline.sections import DEPTH_DIGITS
from generator.search.postings import IndexedNode, PostTerms, PostText, merge_postings, post_terms
from generator.search.shards import (
    FRAGMENTS,
    LEVEL,
    MANIFEST,
    Layout,
    fragment,
    fragment_path,
    posting_pairs,
    read_shard,
    shard_of,
    shards_of_prefix,
    write_index,
)
from generator.search.terms import query_terms

WORKERS = 2

# From the generated blog's words (bench/corpus.py): common and rare, English, Chinese and mixed.
QUERIES = ("erasure coding", "纠删码", "模型训练", "梯度 compression", "显存 megaspeed", "nanodb",
           "megatronzookeeper", "hotos20 paxos", "leveldb compaction", "linearizable snapshot quorum")


# ---- text: what a post holds ------------------------------------------------------------------

NODE = re.compile(r'<p id="(ol-[^"]*)">(.*?)</p>', re.DOTALL)
TITLE = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)
DEPTHS = re.compile(r'data-pagefind-meta="outline_depths:([^"]*)"')
BODY = re.compile(r"<h1>.*?</h1>(.*)</article>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def post_text(url: str, lean: str) -> PostText:
    """The post's title, outline nodes and other text, read from its lean page."""
    found = DEPTHS.search(lean)
    depths = found.group(1) if found else ""
    title = TITLE.search(lean)
    body = BODY.search(lean)
    rest = body.group(1) if body else ""
    nodes = tuple(IndexedNode(anchor, DEPTH_DIGITS.find(depths[number]) if number < len(depths) else 0, plain(text))
                  for number, (anchor, text) in enumerate(NODE.findall(rest)))
    return PostText(url, plain(title.group(1)) if title else "", nodes, plain(NODE.sub(" ", rest)))


# ---- the index's build, as the build would run it ----------------------------------------------

def _peak_bytes() -> int:
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Indexed(NamedTuple):
    """A worker's work on one post."""

    number: int
    terms: PostTerms
    fragment_bytes: int
    pid: int
    peak: int
    reading: float  # CPU seconds reading the post back from its page, which a build would not do
    indexing: float  # CPU seconds from the post's text in memory to its terms and its fragment's file


def index_post(job: tuple[int, str, str, str, int]) -> Indexed:
    """In a worker: one post read back from its page, then what a render worker would do with
    its text: the post's terms counted and its fragment written."""
    number, path, site, folder, level = job
    started = time.process_time()
    url = "/" + Path(path).relative_to(site).as_posix()
    text = post_text(url, _lean(Path(path).read_text(encoding="utf-8")))
    read = time.process_time()
    data = fragment(text, level)
    fragment_path(Path(folder), number, level).write_bytes(data)
    terms = post_terms(text)
    return Indexed(number, terms, len(data), os.getpid(), _peak_bytes(), read - started, time.process_time() - read)


def post_paths(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if POST.search(path.as_posix()))


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def build(site: Path, out: Path, workers: int, layout: Layout) -> dict[str, Any]:
    """The index's whole stage: a pool of workers (as the render workers) counting each post's
    terms and writing its fragment, the main process merging and writing the shards; its figures."""
    target = out / "alt"
    shutil.rmtree(target, ignore_errors=True)
    (target / FRAGMENTS).mkdir(parents=True)
    paths = post_paths(site)
    cpu, own, started = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF), time.perf_counter()
    peaks: dict[int, int] = {}
    figures: Counter[str] = Counter()

    def arrivals(results: Iterator[Indexed]) -> Iterator[tuple[int, PostTerms]]:
        for each in results:
            figures.update(reading=each.reading, indexing=each.indexing, fragment_bytes=each.fragment_bytes)
            peaks[each.pid] = max(peaks.get(each.pid, 0), each.peak)
            yield each.number, each.terms

    with Pool(workers) as pool:
        jobs = ((number, str(path), str(site), str(target), layout.level) for number, path in enumerate(paths))
        # in order, so that the posts arrive numbered in order and the merge sorts nothing
        postings = merge_postings(arrivals(pool.imap(index_post, jobs, chunksize=4)))
    merged = _cpu(resource.RUSAGE_SELF)
    written = write_index(target, postings, layout)
    main = _cpu(resource.RUSAGE_SELF)
    # The URLs are for this script's comparison only; a reader reads them from the fragments.
    (target / "urls.json").write_text(json.dumps(["/" + path.relative_to(site).as_posix() for path in paths]),
                                      encoding="utf-8")
    return {
        "posts": len(paths), "cpu": _cpu(resource.RUSAGE_CHILDREN) - cpu + main - own,
        "wall": time.perf_counter() - started, "reading_cpu": figures["reading"],
        "indexing_cpu": figures["indexing"], "merge_cpu": merged - own, "write_cpu": main - merged,
        "terms": len(postings.places), "postings": sum(map(len, postings.places.values())),
        "main_peak": _peak_bytes(), "worker_peaks": sorted(peaks.values()),
        "index_bytes": written.shard_bytes, "index_files": written.shards,
        "fragment_bytes": figures["fragment_bytes"], "fragment_files": len(paths),
    }


# ---- Pagefind on the same lean pages -----------------------------------------------------------

def pagefind(site: Path, out: Path) -> dict[str, Any]:
    """Index the lean pages as generator/search/index.py does; its figures."""
    from pagefind.service import get_executable

    from generator.search.index import PARTS_FILE, PARTS_FOLDER, _index_batch, _write_files
    from generator.search.index import WORKERS as PAGEFIND_WORKERS

    executable = get_executable()
    assert executable is not None
    target = out / "pagefind"
    shutil.rmtree(target, ignore_errors=True)
    paths = post_paths(site)
    cpu, started = _cpu(resource.RUSAGE_CHILDREN) + _cpu(resource.RUSAGE_SELF), time.perf_counter()
    pages = [("/" + path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")) for path in paths]
    runs = published_batches(pages)  # by the published pages' bytes, as the build cuts them
    keys = [f"b{number}" for number in range(len(runs))]
    target.mkdir(parents=True)
    (target / PARTS_FOLDER).mkdir()

    def index(number: int) -> int:
        fed = [(pages[each][0], _lean(pages[each][1])) for each in runs[number]]
        files, peak = _index_batch(executable, "zh", [(url, page.encode()) for url, page in fed], None)
        _write_files(target if number == 0 else target / PARTS_FOLDER / keys[number], files, first=number == 0)
        return peak

    with ThreadPoolExecutor(PAGEFIND_WORKERS) as pool:
        peaks = list(pool.map(index, range(len(runs))))
    parts = [f"{PARTS_FOLDER}/{key}/" for key in keys[1:]]
    (target / PARTS_FILE).write_text(json.dumps({"keys": keys, "parts": parts}), encoding="utf-8")
    sizes = [path.stat().st_size for path in target.rglob("*") if path.is_file()]
    return {"posts": len(paths), "cpu": _cpu(resource.RUSAGE_CHILDREN) + _cpu(resource.RUSAGE_SELF) - cpu, "wall": time.perf_counter() - started,
            "batches": len(runs), "main_peak": _peak_bytes(), "pagefind_peak": max(peaks, default=0),
            "index_bytes": sum(sizes), "index_files": len(sizes)}


# ---- answering queries -------------------------------------------------------------------------

class Answer(NamedTuple):
    posts: list[str]  # the top posts' URLs, best first
    nodes: list[str]  # the node each would open ("" for the post itself)
    found: set[str]  # every post found
    fetched: dict[str, int]  # bytes by kind: "start" (what any query needs first), "index", "fragment"
    files: int


def _kind(name: str) -> str:
    if name.endswith(".pf_fragment") or "fragment/" in name:
        return "fragment"
    return "index" if name.endswith((".pf_index", ".json.gz")) else "start"


def landing(nodes: list[tuple[str, int]], scores: list[int]) -> str:
    """search.js's rule: of the nodes holding the most query words, the deepest; "" when none does."""
    best = max(scores, default=0)
    if best == 0:
        return ""
    hits = [index for index, score in enumerate(scores) if score == best]
    for position, hit in enumerate(hits):
        following = hits[position + 1] if position + 1 < len(hits) else None
        if following is None or any(nodes[at][1] <= nodes[hit][1] for at in range(hit + 1, following + 1)):
            return nodes[hit][0]
    return nodes[hits[-1]][0]


def answer_alt(out: Path, query: str, top: int = 10, prefix: bool = False) -> Answer:
    """The index's answer as its client would make it: the terms' shards, then the fragments of
    the top posts, whose node texts say where each opens (search.js's rule). With `prefix`, the
    query's last term is taken as the start of a word being typed (range shards only): the posts
    of every term it begins count, each with its best value."""
    root = out / "alt"
    manifest = json.loads((root / MANIFEST).read_bytes())
    urls_of = json.loads((root / "urls.json").read_text(encoding="utf-8"))
    fetched: Counter[str] = Counter()
    fetched["start"] += (root / MANIFEST).stat().st_size
    shards: dict[int, dict[str, list[int]]] = {}

    def shard(number: int) -> dict[str, list[int]]:
        if number not in shards:
            shards[number] = read_shard(root, manifest, number)
            path = root / "index" / f"{number}.json{'.gz' if manifest['compressed'] else ''}"
            fetched["index"] += path.stat().st_size if path.exists() else 0
        return shards[number]

    terms = query_terms(query)
    if prefix and query.split():
        # the word being typed is the query's last (query_terms puts words before CJK runs)
        typed = query_terms(query.split()[-1])[-1:]
        terms = [term for term in terms if term not in typed] + typed
    postings: list[dict[int, int]] = []
    for position, term in enumerate(terms):
        if prefix and position == len(terms) - 1:
            begun: dict[int, int] = {}
            for number in shards_of_prefix(manifest["first_terms"], term):
                for other, flat in shard(number).items():
                    if other.startswith(term):
                        for post, value in posting_pairs(flat):
                            begun[post] = max(begun.get(post, 0), value)
            postings.append(begun)
        else:
            postings.append(dict(posting_pairs(shard(shard_of(manifest, term)).get(term, []))))
    found = set(postings[0]).intersection(*postings[1:]) if postings else set()
    scored = []
    for post in found:
        titled = all(each[post] % 2 for each in postings)
        score = sum(math.log(1 + (manifest["posts"] - len(each) + 0.5) / (len(each) + 0.5)) * (each[post] // 2)
                    for each in postings)
        scored.append((not titled, -score, post))
    words = [_bare(word) for word in query.split() if _bare(word)]
    urls, landed = [], []
    for _, _, post in sorted(scored)[:top]:
        path = fragment_path(root, post, 1 if manifest["compressed"] else 0)
        data = path.read_bytes()
        fetched["fragment"] += len(data)
        read = json.loads(gzip.decompress(data) if manifest["compressed"] else data)
        urls.append(read["url"])
        landed.append(landing([(anchor, depth) for anchor, depth, _ in read["nodes"]],
                              [_holds(text, words) for _, _, text in read["nodes"]]))
    return Answer(urls, landed, {urls_of[post] for post in found}, dict(fetched), 1 + len(shards) + len(urls))


def _bare(text: str) -> str:
    """Letters and digits alone, lowercased (search.js's `bare`)."""
    return re.sub(r"[\W_]+", "", text.lower())


def _holds(text: str, words: list[str]) -> int:
    """How many of the query's words a node's text holds (search.js's `holds`)."""
    plain_text = _bare(re.sub(r"\s*#\s*$", "", text))
    return sum(word in plain_text for word in words)


PAGEFIND_QUERY = """async ([query, top]) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  const parts = await (await fetch("/pagefind/parts.json")).json();
  for (const part of parts.parts) await pagefind.mergeIndex("/pagefind/" + part);
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, top).map((result) => result.data()));
  return { ids: search.results.map((result) => result.id), top: data.map((each) => ({
    url: each.url, depths: (each.meta || {}).outline_depths || "",
    anchors: (each.anchors || []).filter((a) => /^ol-/.test(a.id)).map((a) => [a.id, a.text || "", a.location]) })) };
}"""


def _pagefind_urls(root: Path) -> dict[str, str]:
    """Every bundle's fragment id (what a result is named by until its data is loaded) -> its URL."""
    urls = {}
    for path in root.rglob("*.pf_fragment"):
        urls[path.stem] = _page_of(json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"])
    return urls


def _page_of(url: str) -> str:
    """The page's path as a file path: the build gives Pagefind its URLs escaped ("machine%20learning")."""
    return urllib.parse.unquote(url.split("?")[0].split("#")[0])


def answers_pagefind(out: Path, queries: list[str], top: int = 10) -> list[Answer]:
    """Pagefind's answers in Chromium, through pagefind.js over every bundle as search.js merges them."""
    sys.path.insert(0, str(BENCH.parent / "tests"))
    from browser_support import chromium, serve_folder

    (out / "blank.html").write_text("<!DOCTYPE html><title>queries</title>", encoding="utf-8")
    urls_of = _pagefind_urls(out / "pagefind")
    answers = []
    with serve_folder(out) as base, chromium() as browser:
        for query in queries:
            context = browser.new_context()  # nothing cached from the query before
            page = context.new_page()
            requested: list[str] = []
            # The context's requests, its workers' too; their bytes are the files' as served.
            context.on("request", lambda request, requested=requested: requested.append(request.url))
            page.goto(base + "/blank.html")
            found = page.evaluate(PAGEFIND_QUERY, [query, top])
            context.close()
            fetched: Counter[str] = Counter()
            paths = {urllib.parse.urlsplit(url).path for url in requested if "/pagefind/" in url}
            for path in paths:
                fetched[_kind(path)] += (out / urllib.parse.unquote(path).lstrip("/")).stat().st_size
            words = [_bare(word) for word in query.split() if _bare(word)]
            urls, landed = [], []
            for each in found["top"]:
                anchors = sorted(each["anchors"], key=lambda anchor: anchor[2])
                depths = each["depths"] if len(each["depths"]) == len(anchors) else "0" * len(anchors)
                nodes = [(anchor[0], DEPTH_DIGITS.find(depth)) for anchor, depth in zip(anchors, depths)]
                urls.append(_page_of(each["url"]))
                landed.append(landing(nodes, [_holds(anchor[1], words) for anchor in anchors]))
            answers.append(Answer(urls, landed, {urls_of.get(each, each) for each in found["ids"]},
                                  dict(fetched), len(paths)))
    return answers


# ---- the command line --------------------------------------------------------------------------

def _mb(value: int) -> str:
    return f"{value / 2**20:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("build", "pagefind", "queries", "fetched"))
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--shard-kb", type=float, default=64.0,
                        help="a shard's JSON before compression, about (gzip makes it 3-4 times less)")
    parser.add_argument("--layout", choices=("range", "hash"), default="range",
                        help="sorted range shards (prefix lookups) or the prototype's crc32 hash shards")
    parser.add_argument("--level", type=int, default=LEVEL, help="gzip level of shards and fragments; 0: plain JSON")
    parser.add_argument("--query", action="append", help="a query (repeat it); default: ten from the corpus")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    if args.command == "build":
        layout = Layout(ranges=args.layout == "range", shard_bytes=int(args.shard_kb * 1024), level=args.level)
        figures = build(args.site, args.out, args.workers, layout)
        peak = figures["main_peak"] + sum(figures["worker_peaks"])
        print(f"own index ({args.layout} shards, gzip {args.level}), {figures['posts']} posts: {figures['cpu']:.1f} s CPU "
              f"of all processes, {figures['wall']:.1f} s wall; of the CPU, reading the posts back from their pages "
              f"{figures['reading_cpu']:.1f} s, what a build would pay {figures['cpu'] - figures['reading_cpu']:.1f} s "
              f"(workers' terms and fragments {figures['indexing_cpu']:.1f} s, main process: merge "
              f"{figures['merge_cpu']:.1f} s, shards {figures['write_cpu']:.1f} s, the rest the pool's); "
              f"peak {_mb(peak)} (main {_mb(figures['main_peak'])}"
              f" + workers {', '.join(_mb(each) for each in figures['worker_peaks'])}); "
              f"{figures['terms']:,} terms, {figures['postings']:,} postings; shards {figures['index_files']:,} files "
              f"{_mb(figures['index_bytes'])}; fragments {figures['fragment_files']:,} files "
              f"{_mb(figures['fragment_bytes'])}")
    elif args.command == "pagefind":
        figures = pagefind(args.site, args.out)
        print(f"Pagefind, {figures['posts']} posts: {figures['cpu']:.1f} s CPU, {figures['wall']:.1f} s wall, "
              f"{figures['batches']} batches; peak main {_mb(figures['main_peak'])}, one Pagefind "
              f"{_mb(figures['pagefind_peak'])}; {figures['index_files']:,} files {_mb(figures['index_bytes'])}")
    elif args.command == "fetched":
        queries = args.query or list(QUERIES)
        print("query: bytes our index's client fetches (start + shards + fragments, files), the whole query; "
              "then with its last word half typed (a prefix: range shards only)")
        totals: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
        for query in queries:
            *words, last = query.split()
            typed = " ".join([*words, last[:max(1, len(last) // 2)]])
            for prefix, asked in ((False, query), (True, typed)):
                if prefix and json.loads((args.out / "alt" / MANIFEST).read_bytes())["layout"] != "range":
                    continue
                answer = answer_alt(args.out, asked, prefix=prefix)
                totals[prefix].update(answer.fetched)
                kinds = " + ".join(f"{answer.fetched.get(kind, 0):,}" for kind in ("start", "index", "fragment"))
                print(f"    {asked}: {kinds} ({answer.files} files), found {len(answer.found)}")
        for prefix, total in totals.items():
            print(f"mean, {'typed' if prefix else 'whole'}: " + ", ".join(
                f"{kind} {total[kind] / len(queries):,.0f}" for kind in ("start", "index", "fragment")))
    else:
        queries = args.query or list(QUERIES)
        theirs = answers_pagefind(args.out, queries)
        print("query: found by the prototype / Pagefind / both; bytes fetched by each (start + index + "
              "fragments = total, files); of the top 10 posts, how many are in both, and of those how many "
              "open the same node")
        totals: dict[str, Counter[str]] = {"prototype": Counter(), "Pagefind": Counter()}
        for query, other in zip(queries, theirs):
            ours = answer_alt(args.out, query)
            common = set(ours.posts) & set(other.posts)
            same = sum(1 for url in common
                       if ours.nodes[ours.posts.index(url)] == other.nodes[other.posts.index(url)])
            print(f"{query}: found {len(ours.found)} / {len(other.found)} / {len(ours.found & other.found)}; "
                  f"top 10 in both {len(common)}, same node {same}")
            for name, answer in (("prototype", ours), ("Pagefind", other)):
                kinds = " + ".join(f"{answer.fetched.get(kind, 0):,}" for kind in ("start", "index", "fragment"))
                print(f"    {name:9} {kinds} = {sum(answer.fetched.values()):,} bytes, {answer.files} files")
                totals[name].update(answer.fetched)
        for name, total in totals.items():
            print(f"mean {name}: " + ", ".join(f"{kind} {total[kind] / len(queries):,.0f}"
                                                for kind in ("start", "index", "fragment")))
    print(f"load average before: {load[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
