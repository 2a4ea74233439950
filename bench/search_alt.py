#!/usr/bin/env python3
"""A search index of paperfold's own, prototyped and measured against Pagefind on the same input.

    python bench/search_alt.py build SITE OUT [--workers 2] [--shard-kb 32]
    python bench/search_alt.py pagefind SITE OUT
    python bench/search_alt.py queries SITE OUT [--query Q ...]

SITE is a paperfold build's destination (say of `bench/corpus.py 1000`); every post page in it
(a path with /YYYY/MM/DD/) is turned back into the lean page Pagefind is fed today
(search_cost.py's `_lean`, generator/search/lean.py), so both engines read the same text.

`build` writes the prototype into OUT/alt/ and prints its CPU and wall time, the peak memory of
its processes (VmHWM of the main one plus each worker's) and its bytes and files. It is not
wired into the build: it simulates what the build would do, a pool of WORKERS processes (the
ones that render) each tokenizing its posts and writing their fragment files, then the merge:
  tokens   Latin words lowercased, no stemmer (nor has Pagefind's `zh` index: Snowball has no zh), a
           hyphenated word both whole ("all-reduce" is allreduce) and in its parts; every CJK run
           as character unigrams and bigrams, the usual way without a dictionary
  shards   term -> postings [(post, weight)], the terms spread by crc32 over a number of gzip
           JSON files set by --shard-kb (they come out at about half of it, compressed)
  weight   BM25's term part (k1 1.2, b 0.75) for the post, in tenths, with a bit for a term in the
           title; idf is left to the reader, which sees the postings' length
  fragment one gzip JSON a post: URL, title, its outline nodes' id, depth and text (landing,
           breadcrumb and excerpt), and the first words of its other text
`pagefind` indexes the same lean pages as paperfold does (generator/search/index.py's batches of
BATCH_BYTES of published pages, two Pagefind services at once) into OUT/pagefind/ and prints the
same figures. `queries` answers each query from both indexes, the prototype in Python as its
client would, Pagefind in headless Chromium through pagefind.js, and prints the bytes each
fetches for it (a fresh browser context each query) and how far their top 10 posts, and the node
each would open (search.js's rule: the deepest node holding the most query words), agree.
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import math
import os
import re
import resource
import shutil
import sys
import time
import urllib.parse
import zlib
from collections import Counter, defaultdict
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

WORKERS = 2
SPOOLS = 64  # the shard count is a multiple of this, chosen once the postings' size is known
K1, B = 1.2, 0.75
CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK_RANGE}]+")
CJK_CHARACTER = re.compile(f"[{CJK_RANGE}]")
CJK_BIGRAM = re.compile(f"(?=([{CJK_RANGE}]{{2}}))")
# A word: letters and digits (not CJK), joined by single hyphens or apostrophes.
WORD = re.compile(rf"[^\W_{CJK_RANGE}]+(?:['’\-][^\W_{CJK_RANGE}]+)*")
JOINERS = re.compile(r"['’\-]")
NODE = re.compile(r'<p id="(ol-[^"]*)">(.*?)</p>', re.DOTALL)
TITLE = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)
DEPTHS = re.compile(r'data-pagefind-meta="outline_depths:([^"]*)"')
BODY = re.compile(r"<h1>.*?</h1>(.*)</article>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
EXCERPT_WORDS = 30

# From the generated blog's words (bench/corpus.py): common and rare, English, Chinese and mixed.
QUERIES = ("erasure coding", "纠删码", "模型训练", "梯度 compression", "显存 megaspeed", "nanodb",
           "megatronzookeeper", "hotos20 paxos", "leveldb compaction", "linearizable snapshot quorum")


# ---- text: what a post holds, and its tokens ---------------------------------------------------

class PostText(NamedTuple):
    url: str
    title: str
    nodes: list[tuple[str, int, str]]  # (anchor id, depth, own text), in document order
    other: str  # everything else in the post: the date, categories, tags and prose


def plain(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def post_text(url: str, lean: str) -> PostText:
    """The post's title, outline nodes and other text, read from its lean page."""
    found = DEPTHS.search(lean)
    depths = found.group(1) if found else ""
    title = TITLE.search(lean)
    body = BODY.search(lean)
    rest = body.group(1) if body else ""
    nodes = [(anchor, DEPTH_DIGITS.find(depths[number]) if number < len(depths) else 0, plain(text))
             for number, (anchor, text) in enumerate(NODE.findall(rest))]
    return PostText(url, plain(title.group(1)) if title else "", nodes, plain(NODE.sub(" ", rest)))


def tokens(text: str) -> list[str]:
    """Search terms in `text`: lowercased words (a hyphenated one whole and in parts), CJK unigrams
    and bigrams."""
    lowered = text.lower()
    terms = WORD.findall(lowered)
    joined = [word for word in terms if JOINERS.search(word)]
    if joined:
        terms = [word for word in terms if not JOINERS.search(word)]
        terms += [JOINERS.sub("", word) for word in joined]
        terms += [part for word in joined for part in JOINERS.split(word) if part]
    return terms + CJK_CHARACTER.findall(lowered) + CJK_BIGRAM.findall(lowered)


def query_terms(query: str) -> list[str]:
    """A query's terms: its words, and each CJK run as its bigrams (a lone character as itself).

    A hyphenated word is looked up whole, as Pagefind's readers type it joined."""
    lowered = query.lower()
    terms = ["".join(JOINERS.split(word)) for word in WORD.findall(lowered)]
    for run in CJK_RUN.findall(lowered):
        terms.extend([run] if len(run) == 1 else [run[at:at + 2] for at in range(len(run) - 1)])
    return list(dict.fromkeys(terms))


def term_hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


# ---- the prototype's build ---------------------------------------------------------------------

def _peak_bytes() -> int:
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def index_post(job: tuple[int, str, str, str]) -> tuple[int, int, dict[int, str], int, int, int, float]:
    """In a worker: one post's lean page, terms and fragment file; its postings as spool lines.

    Returns (post number, its length in terms, spool lines by spool, fragment bytes, this
    process's id, its peak memory, the CPU seconds spent reading the post back from its page)."""
    number, path, site, fragments = job
    started = time.process_time()
    url = "/" + Path(path).relative_to(site).as_posix()
    text = post_text(url, _lean(Path(path).read_text(encoding="utf-8")))
    reading = time.process_time() - started
    fragment = {"url": url, "title": text.title, "nodes": [list(node) for node in text.nodes],
                "excerpt": " ".join(text.other.split()[:EXCERPT_WORDS])}
    data = gzip.compress(json.dumps(fragment, ensure_ascii=False, separators=(",", ":")).encode(), 6)
    Path(fragments, f"{number}.json.gz").write_bytes(data)
    # The post's terms counted whole: which node holds a term is read from the fragment by the
    # reader, as search.js reads it from Pagefind's anchors today.
    titled = tokens(text.title)
    counts = Counter(titled)
    counts.update(tokens(" ".join([text.other, *(own for _, _, own in text.nodes)])))
    in_title = set(titled)
    lines: defaultdict[int, list[str]] = defaultdict(list)
    for term, count in counts.items():
        lines[zlib.crc32(term.encode()) % SPOOLS].append(f"{term}\t{number}\t{count}\t{int(term in in_title)}\n")
    spooled = {spool: "".join(each) for spool, each in lines.items()}
    return number, sum(counts.values()), spooled, len(data), os.getpid(), _peak_bytes(), reading


def write_shards(job: tuple[str, int, str, list[int], float]) -> tuple[int, int, int, int, int]:
    """In a worker: one spool's terms grouped into its shards (gzip JSON); (files, bytes, terms,
    process id, peak)."""
    spool, shards, out, lengths, average = job
    postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    with open(spool, encoding="utf-8") as stream:
        for line in stream:
            term, number, count, titled = line.split("\t")
            post, tf = int(number), int(count)
            weight = round(10 * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[post] / average)))
            postings[term].append((post, weight * 2 + int(titled)))
    grouped: defaultdict[int, dict[str, list[int]]] = defaultdict(dict)
    for term, entries in postings.items():
        entries.sort()
        # [post, weight * 2 + in title, ...], each post number the difference from the one before
        flat: list[int] = []
        last = 0
        for post, weight in entries:
            flat += [post - last, weight]
            last = post
        grouped[term_hash(term) % shards][term] = flat
    written = 0
    for shard, terms in grouped.items():
        data = gzip.compress(json.dumps(terms, ensure_ascii=False, separators=(",", ":")).encode(), 6)
        Path(out, f"{shard}.json.gz").write_bytes(data)
        written += len(data)
    return len(grouped), written, len(postings), os.getpid(), _peak_bytes()


def post_paths(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if POST.search(path.as_posix()))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + own.ru_utime + own.ru_stime


def build(site: Path, out: Path, workers: int, shard_kb: float) -> dict[str, Any]:
    """The prototype's whole index stage; its figures."""
    target = out / "alt"
    shutil.rmtree(target, ignore_errors=True)
    spools, fragments, shards_folder = target / "spool", target / "fragment", target / "index"
    for folder in (spools, fragments, shards_folder):
        folder.mkdir(parents=True)
    paths = post_paths(site)
    cpu, started = _children_cpu(), time.perf_counter()
    lengths = [0] * len(paths)
    peaks: dict[int, int] = {}
    spool_bytes = 0
    fragment_bytes = 0
    reading = 0.0  # what a build would not do: it has each post's outline at hand
    streams = [open(spools / f"{number}.tsv", "w", encoding="utf-8") for number in range(SPOOLS)]  # noqa: SIM115
    with Pool(workers) as pool:
        jobs = ((number, str(path), str(site), str(fragments)) for number, path in enumerate(paths))
        for number, length, lines, size, pid, peak, seconds in pool.imap_unordered(index_post, jobs, chunksize=4):
            reading += seconds
            lengths[number] = length
            fragment_bytes += size
            for spool, text in lines.items():
                streams[spool].write(text)
                spool_bytes += len(text)
            peaks[pid] = max(peaks.get(pid, 0), peak)
        for stream in streams:
            stream.close()
        tokenized = time.perf_counter() - started
        # The shards' count, from the spooled text's size: 6 to 1 undersold gzip, the shards come out
        # at about half of shard_kb (5 KB at 8, 17 KB at 32 for the 1,000-post blog).
        wanted = max(1, round(spool_bytes / 6 / (shard_kb * 1024)))
        shards = SPOOLS * max(1, math.ceil(wanted / SPOOLS))
        average = sum(lengths) / max(1, len(lengths))
        merge = [(str(spools / f"{number}.tsv"), shards, str(shards_folder), lengths, average)
                 for number in range(SPOOLS)]
        files = index_bytes = terms = 0
        for made, size, count, pid, peak in pool.imap_unordered(write_shards, merge):
            files += made
            index_bytes += size
            terms += count
            peaks[pid] = max(peaks.get(pid, 0), peak)
    shutil.rmtree(spools)
    # The URLs are for this script's comparison only; a reader reads them from the fragments.
    manifest = {"posts": len(paths), "shards": shards, "average_length": average}
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    manifest["urls"] = ["/" + path.relative_to(site).as_posix() for path in paths]
    (target / "urls.json").write_text(json.dumps(manifest["urls"]), encoding="utf-8")
    figures = {
        "posts": len(paths), "cpu": _children_cpu() - cpu, "wall": time.perf_counter() - started,
        "tokenize_wall": tokenized, "reading_cpu": reading, "terms": terms, "terms_total": sum(lengths), "shards": shards,
        "main_peak": _peak_bytes(), "worker_peaks": sorted(peaks.values()),
        "index_bytes": index_bytes, "index_files": files, "fragment_bytes": fragment_bytes,
        "fragment_files": len(paths),
    }
    return figures


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
    cpu, started = _children_cpu(), time.perf_counter()
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
    return {"posts": len(paths), "cpu": _children_cpu() - cpu, "wall": time.perf_counter() - started,
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


def answer_alt(out: Path, query: str, top: int = 10) -> Answer:
    """The prototype's answer as its client would make it: the terms' shards, then the fragments
    of the top posts, whose node texts say where each opens (search.js's rule)."""
    root = out / "alt"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    urls_of = json.loads((root / "urls.json").read_text(encoding="utf-8"))
    fetched: Counter[str] = Counter()
    fetched["start"] += (root / "manifest.json").stat().st_size
    shard_cache: dict[int, dict[str, list[int]]] = {}
    postings: list[dict[int, int]] = []
    for term in query_terms(query):
        shard = term_hash(term) % manifest["shards"]
        if shard not in shard_cache:
            path = root / "index" / f"{shard}.json.gz"
            data = path.read_bytes() if path.exists() else b""
            shard_cache[shard] = json.loads(gzip.decompress(data)) if data else {}
            fetched["index"] += len(data)
        flat = shard_cache[shard].get(term, [])
        postings.append(dict(zip(itertools.accumulate(flat[0::2]), flat[1::2])))
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
        data = (root / "fragment" / f"{post}.json.gz").read_bytes()
        fetched["fragment"] += len(data)
        fragment = json.loads(gzip.decompress(data))
        urls.append(fragment["url"])
        landed.append(landing([(anchor, depth) for anchor, depth, _ in fragment["nodes"]],
                              [_holds(text, words) for _, _, text in fragment["nodes"]]))
    return Answer(urls, landed, {urls_of[post] for post in found}, dict(fetched),
                  1 + len(shard_cache) + len(urls))


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
    parser.add_argument("command", choices=("build", "pagefind", "queries"))
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--shard-kb", type=float, default=32.0,
                        help="what sets the shard count (the shards come out about half of it, compressed)")
    parser.add_argument("--query", action="append", help="a query (repeat it); default: ten from the corpus")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    if args.command == "build":
        figures = build(args.site, args.out, args.workers, args.shard_kb)
        peak = figures["main_peak"] + sum(figures["worker_peaks"])
        print(f"prototype, {figures['posts']} posts: {figures['cpu']:.1f} s CPU, {figures['wall']:.1f} s wall "
              f"(tokenizing {figures['tokenize_wall']:.1f} s wall; of the CPU, reading the posts back from their pages "
              f"{figures['reading_cpu']:.1f} s); peak {_mb(peak)} (main {_mb(figures['main_peak'])}"
              f" + workers {', '.join(_mb(each) for each in figures['worker_peaks'])}); "
              f"{figures['terms']:,} terms of {figures['terms_total']:,}; shards {figures['index_files']:,} files "
              f"{_mb(figures['index_bytes'])}; fragments {figures['fragment_files']:,} files "
              f"{_mb(figures['fragment_bytes'])}")
    elif args.command == "pagefind":
        figures = pagefind(args.site, args.out)
        print(f"Pagefind, {figures['posts']} posts: {figures['cpu']:.1f} s CPU, {figures['wall']:.1f} s wall, "
              f"{figures['batches']} batches; peak main {_mb(figures['main_peak'])}, one Pagefind "
              f"{_mb(figures['pagefind_peak'])}; {figures['index_files']:,} files {_mb(figures['index_bytes'])}")
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
