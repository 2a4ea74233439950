#!/usr/bin/env python3
"""Where Pagefind's time goes: the same built posts fed to it in several shapes.

    python bench/search_cost.py SITE [--variants a,b,...] [--posts N] [--workers 1,2,3]

SITE is a paperfold build's destination (say of `bench/corpus.py 1000`, built with search off).
Each variant turns every post page (a path with /YYYY/MM/DD/) into the HTML given to Pagefind,
then indexes them as paperfold does (batches of BATCH_BYTES of published pages, the same posts
in each whatever the variant, file contents sent in memory to `pagefind --service`) and prints the Pagefind processes' CPU seconds (user + sys, from
getrusage of the children), wall seconds, peak memory of one process, the words Pagefind says
it indexed and the bytes fed. On a shared machine trust the CPU column.

Variants (see bench/README.md for the findings):
  a      the page as paperfold feeds it (the depths meta rebuilt from the data-depth attributes)
  b      a with the outline nodes' ids stripped (no anchors)
  c      a with the outline flattened: each node a <p> with its text, no ids, no nesting
  c_ids  c with each node's id kept on its <p>
  d_en   a indexed with force_language en instead of zh
  d_nocjk, d_nocjk_en  a with every CJK character removed, indexed as zh / as en
  e      a's pages joined into one file per batch
  f_body data-pagefind-body on the post's text alone (title, outline; no outline map, toolbar, meta)
  f_page no data-pagefind-body: Pagefind reads the whole page
  lean   what paperfold feeds now (generator/search/lean.py), each entry read back from its page
  disk   a, written to a folder per batch that the service reads (AddDir) instead of contents
  cli    a written to a folder and indexed by `pagefind --site` (one process, its own walk)
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from html import unescape
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.search.index import BATCH_BYTES
from generator.search.pagefind import PagefindService

POST = re.compile(r"/\d{4}/\d\d/\d\d/[^/]+\.html$")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
BODY = re.compile(r'<article class="post" data-pagefind-body>(.*?)</article>', re.DOTALL)
DEPTH = re.compile(r'data-depth="(\d+)"')
NODE_ID = re.compile(r'(<li class="ol-node[^"]*") id="[^"]*"')
TAG = re.compile(r"<[^>]+>")


def _depths(html: str) -> str:
    return "".join("0123456789abcdefghijklmnopqrstuvwxyz"[min(int(d), 35)] for d in DEPTH.findall(html))


def as_fed(html: str) -> str:
    depths = _depths(html)
    if not depths:
        return html
    meta = f'<span hidden data-pagefind-meta="outline_depths:{depths}"></span>'
    return html.replace("data-pagefind-body>", "data-pagefind-body>" + meta, 1)


def _flatten(html: str, keep_ids: bool) -> str:
    def outline(match: re.Match[str]) -> str:
        out = []
        for piece in re.split(r"(?=<li class=\"ol-node)", match.group(0)):
            ident = re.search(r'^<li class="ol-node[^"]*" id="([^"]*)"', piece)
            text = TAG.sub(" ", piece).strip()
            if not text:
                continue
            attribute = f' id="{ident.group(1)}"' if keep_ids and ident else ""
            out.append(f"<p{attribute}>{text}</p>")
        return "\n".join(out)
    return re.sub(r'<div class="outline".*?\n</ul>\n</div>', outline, html, flags=re.DOTALL)


def _lean(page: str) -> str:
    """lean.py's page for a post, its entry read back from the published page."""
    from generator.search.lean import lean_page

    def first(pattern: str) -> str:
        found = re.search(pattern, page, re.DOTALL)
        return found.group(1) if found else ""

    names = [SimpleNamespace(name=unescape(name)) for name in re.findall(r'class="(?:category|tag)"[^>]*>(?:<span[^>]*>[^<]*</span>)?#?([^<]*)<', page)]
    entry = SimpleNamespace(
        document=SimpleNamespace(title=unescape(first(r'<h1 class="post-title">(.*?)</h1>')), lang=None,
                                 date=datetime.fromisoformat(first(r'<time datetime="([^"]*)"'))),
        categories=names[:1], tags=names[1:],
        body=SimpleNamespace(html=first(r'<div class="post-body">\n(.*)\n  </div>\n</article>')))
    depths = _depths(page)
    meta = f'<span hidden data-pagefind-meta="outline_depths:{depths}"></span>' if depths else ""
    return lean_page(entry, "en", meta)  # type: ignore[arg-type]


def variant(name: str, html: str) -> str:
    if name in ("a", "d_en", "e", "disk", "cli"):
        return as_fed(html)
    if name == "b":
        return NODE_ID.sub(r"\1", as_fed(html))
    if name == "c":
        return _flatten(as_fed(html), keep_ids=False)
    if name == "c_ids":
        return _flatten(as_fed(html), keep_ids=True)
    if name.startswith("d_nocjk"):
        fed = as_fed(html)
        start = fed.find("<body")
        return fed[:start] + CJK.sub("", fed[start:])
    if name == "f_body":
        fed = as_fed(html).replace("data-pagefind-body>", ">", 1)
        fed = fed.replace('<h1 class="post-title">', '<h1 class="post-title" data-pagefind-body>', 1)
        return fed.replace('<div class="post-body">', '<div class="post-body" data-pagefind-body>', 1)
    if name == "f_page":
        return as_fed(html).replace(" data-pagefind-body>", ">", 1)
    if name == "lean":
        return _lean(html)
    raise SystemExit(f"unknown variant {name}")


def batches(pages: list[tuple[str, str]]) -> list[list[int]]:
    """The pages' numbers in runs of BATCH_BYTES of the published pages, as paperfold makes them:
    every variant indexes the same posts in each process."""
    out: list[list[int]] = [[]]
    total = 0
    for number, (_, html) in enumerate(pages):
        out[-1].append(number)
        total += len(html.encode())
        if total >= BATCH_BYTES:
            out.append([])
            total = 0
    return [batch for batch in out if batch]


def index(executable: Path, language: str, batch: list[tuple[str, str]], on_disk: Path | None) -> tuple[int, int]:
    """(words, peak bytes) of one batch indexed by its own service."""
    with PagefindService(executable) as service:
        index_id = service.request({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        if on_disk is not None:  # the service reads no file_path: a folder is read by AddDir
            folder = Path(tempfile.mkdtemp(dir=on_disk))
            for number, (_, html) in enumerate(batch):
                (folder / f"{number}.html").write_text(html, encoding="utf-8")
            service.request({"type": "AddDir", "index_id": index_id, "path": str(folder), "glob": "**/*.{html}"})
            answers = [{"page_word_count": 0}]
        else:
            answers = service.requests([{"type": "AddFile", "index_id": index_id, "url": url, "file_path": None,
                                         "file_contents": html} for url, html in batch])
        service.request({"type": "GetFiles", "index_id": index_id})
        peak = service.peak_bytes()
    return sum(int(answer.get("page_word_count") or 0) for answer in answers), peak


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, pages: list[tuple[str, str]], workers: int, executable: Path) -> None:
    fed = [(url, variant(name, html)) for url, html in pages]
    runs = [[fed[number] for number in batch] for batch in batches(pages)]
    if name == "e":
        runs = [[(batch[0][0], "\n".join(html for _, html in batch))] for batch in runs]
        fed = [page for batch in runs for page in batch]
    language = "en" if name in ("d_en", "d_nocjk_en") else "zh"
    size = sum(len(html.encode()) for _, html in fed)
    cpu, started = children_cpu(), time.perf_counter()
    words = peak = 0
    with tempfile.TemporaryDirectory() as folder:
        if name == "cli":
            for number, (url, html) in enumerate(fed):
                (Path(folder) / f"{number}.html").write_text(html, encoding="utf-8")
            cpu, started = children_cpu(), time.perf_counter()
            subprocess.run([str(executable), "--site", folder, "--force-language", language, "--quiet"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            on_disk = Path(folder) if name == "disk" else None
            with ThreadPoolExecutor(workers) as pool:
                for batch_words, batch_peak in pool.map(lambda b: index(executable, language, b, on_disk),
                                                        runs):
                    words += batch_words
                    peak = max(peak, batch_peak)
    print(f"{name:12} {workers:>2} {children_cpu() - cpu:8.1f} {time.perf_counter() - started:8.1f} "
          f"{peak / 2**20:8.0f} {words:>10,} {size / 2**20:8.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--variants", default="a,b,c,c_ids,d_en,d_nocjk,d_nocjk_en,e,f_body,f_page,disk,cli")
    parser.add_argument("--posts", type=int, default=0, help="N posts spread over all of them (0: all)")
    parser.add_argument("--workers", default="1", help="Pagefind processes at once, e.g. 1,2,3")
    args = parser.parse_args()
    from pagefind.service import get_executable

    executable = get_executable()
    assert executable is not None
    paths = sorted(path for path in args.site.rglob("*.html") if POST.search(path.as_posix()))
    if args.posts:
        paths = paths[:: max(1, len(paths) // args.posts)][: args.posts]
    pages = [("/" + path.relative_to(args.site).as_posix(), path.read_text(encoding="utf-8")) for path in paths]
    print(f"{len(pages)} posts; variant, processes, CPU s, wall s, peak MiB (one process), words, MiB fed")
    for workers in (int(each) for each in args.workers.split(",")):
        for name in args.variants.split(","):
            run(name, pages, workers, executable)


if __name__ == "__main__":
    main()
