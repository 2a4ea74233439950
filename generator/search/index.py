"""Stage 7: the search index, written by Pagefind (its extended build segments Chinese).

Each post is indexed from a lean page of its own words (lean.py), outline included: Pagefind
keeps every element with an id as an anchor (id, own text, word position), which is all the
results page needs to open the node holding the words (static/js/search.js), and the nodes'
depths go in with the page (a `data-pagefind-meta`) for its breadcrumb. One record per post
keeps Pagefind's work to the text itself: a record per outline section cost it ten times the
time and memory.

Pagefind holds a whole index in memory until it writes it, so posts are indexed in batches of
about BATCH_BYTES of published pages, each by its own Pagefind process, into bundles that the results page
merges (`parts.json`), two at a time (WORKERS). A batch whose pages are the same as in the index already published is
copied from it instead: an edit re-indexes the batch of the post it changed. The index is
written beside the site and swapped in whole.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from zlib import crc32

from generator.config.settings import Config
from generator.results import SearchResult
from generator.search.lean import lean_page
from generator.search.pagefind import PagefindError, PagefindService
from generator.site.model import Entry, Site
from generator.site.write import INDEX_FOLDER, INDEX_STAGING, replace_folder, written_by_paperfold

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Pagefind's peak grows with its batch: 163 MB at 12 MB of published pages, 205 MB at 16 MB, where two
# of them beside the build's own process came to 498 MB at 1,000 posts (bench/README.md).
BATCH_BYTES = 12 << 20
# Pagefind indexes on one core: two batches at once use both of a small CI runner's, and keep
# the whole build under 500 MB beside the build's own process.
WORKERS = 2
# A batch ends at a post whose URL hashes to 0 modulo this once it is half full: the same posts
# end batches however the ones before them grew, so an edit changes the batches around it only.
BOUNDARY_EVERY = 4
PARTS_FILE = "parts.json"  # the bundles the results page merges, and what each one holds
PARTS_FOLDER = "parts"
# Files a merged bundle needs; the UI's scripts and styles come with the first one alone.
_MERGED = re.compile(r"^(pagefind-entry\.json|.*\.pf_meta|wasm\..*|index/.*|fragment/.*)$")


def pagefind_available() -> bool:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    return get_executable() is not None


def index_language(site: Site, config: Config) -> str:
    """One index for the whole site: mixed posts must answer Chinese and English queries alike."""
    if any(CJK.search(entry.document.title) or CJK.search(entry.body.excerpt) for entry in site.posts) or \
            any(CJK.search(entry.body.html) for entry in site.posts):
        return "zh"
    return config.lang.split("-")[0].lower() or "en"


def build_search_index(site: Site, config: Config, *,
                       on_start: Callable[[PagefindService], None] | None = None) -> SearchResult:
    """Index the written site; a machine without the Pagefind binary gets a clear reason instead.

    `on_start` receives each running service, so that a caller may kill it (serve does, when a
    newer rebuild makes this index stale).
    """
    if not config.search:
        if written_by_paperfold(config.destination):  # the last build's, which no page links to now
            shutil.rmtree(config.destination / INDEX_FOLDER, ignore_errors=True)
        return SearchResult(skipped="search is turned off (paperfold: search: false)")
    if not pagefind_available():
        return SearchResult(skipped="search index not built: the Pagefind binary is not installed "
                                    "(pip install 'pagefind[extended]')")
    started = time.perf_counter()
    staging = config.destination / INDEX_STAGING
    shutil.rmtree(staging, ignore_errors=True)
    try:
        indexed, reused, peak = _write_index(site, config, staging, on_start)
        # Never a moment without pagefind/, nor an old index published beside it (see replace_folder).
        replace_folder(staging, config.destination / INDEX_FOLDER, config.destination / f".{INDEX_FOLDER}-old")
    except PagefindError as error:
        shutil.rmtree(staging, ignore_errors=True)
        return SearchResult(skipped=f"search index not built: {error}")
    except OSError:  # the caller reports it; the last index stays, and no half of this one
        shutil.rmtree(staging, ignore_errors=True)
        raise
    nodes = sum(len(section.depths) for entry in site.posts for section in entry.body.search_sections)
    return SearchResult(len(site.posts), nodes, time.perf_counter() - started,
                        batches=indexed, reused=reused, peak_bytes=peak)


def batches(entries: Sequence[Entry], sizes: Sequence[int]) -> Iterator[tuple[Entry, ...]]:
    """The posts in runs of about BATCH_BYTES (sizes: their pages' bytes), in the order given."""
    run: list[Entry] = []
    total = 0
    for entry, size in zip(entries, sizes):
        run.append(entry)
        total += size
        boundary = crc32(entry.url.encode("utf-8", "surrogatepass")) % BOUNDARY_EVERY == 0
        if total >= BATCH_BYTES or (boundary and total >= BATCH_BYTES // 2):
            yield tuple(run)
            run, total = [], 0
    if run:
        yield tuple(run)


def indexed_html(entry: Entry, lang: str) -> bytes:
    """The post as Pagefind reads it (lean.py), with its outline nodes' depths for the breadcrumb."""
    depths = "".join(section.depths for section in entry.body.search_sections)
    meta = f'<span hidden data-pagefind-meta="outline_depths:{depths}"></span>' if depths else ""
    return lean_page(entry, lang, meta).encode("utf-8", "surrogatepass")


def _write_index(site: Site, config: Config, staging: Path,
                 on_start: Callable[[PagefindService], None] | None) -> tuple[int, int, int]:
    """Write every batch's bundle into `staging`; (batches indexed, batches reused, Pagefind's peak bytes)."""
    from pagefind.service import get_executable

    executable = get_executable()
    assert executable is not None
    language = index_language(site, config)
    published = config.destination / INDEX_FOLDER
    try:
        before = json.loads((published / PARTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    # A fresh build trusts nothing the last one left, its index neither.
    old_keys = set(before.get("keys", ())) if isinstance(before, dict) and not config.fresh else set()
    sizes = [_size(config.destination / entry.output_path) for entry in site.posts]
    keys: list[str] = []
    reused = 0
    removed = PagefindError("the site folder was removed while it was being indexed")
    slots = threading.BoundedSemaphore(WORKERS)  # batches read and not yet indexed: their bytes wait in memory
    jobs: list[Future[int]] = []

    def index_into(target: Path, pages: list[tuple[str, bytes]], first: bool) -> int:
        try:
            files, used = _index_batch(executable, language, pages, on_start)
            if not written_by_paperfold(config.destination):
                raise removed
            _write_files(target, files, first=first)
            return used
        finally:
            slots.release()

    try:
        staging.mkdir()
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="paperfold-pagefind") as pool:
            for number, batch in enumerate(batches(site.posts, sizes)):
                key = _batch_key(language, config, batch)
                keys.append(key)
                target = staging if number == 0 else staging / PARTS_FOLDER / key
                source = published if number == 0 else published / PARTS_FOLDER / key
                if key in old_keys and _copy_bundle(source, target, first=number == 0):
                    reused += 1
                    continue
                if number == 1:
                    (staging / PARTS_FOLDER).mkdir(exist_ok=True)  # before two batches make it at once
                pages = [(entry.url, indexed_html(entry, config.lang)) for entry in batch]
                slots.acquire()
                if any(job.done() and job.exception() for job in jobs):
                    slots.release()
                    break  # one failed (or serve stopped it): the rest would be thrown away
                jobs.append(pool.submit(index_into, target, pages, number == 0))
            peak = max((job.result() for job in jobs), default=0)  # the first failure, if any, raises here
        indexed = len(jobs)
        if not keys:  # no post: an empty index still answers the search page
            _write_files(staging, _index_batch(executable, language, [], on_start)[0], first=True)
        parts = [f"{PARTS_FOLDER}/{key}/" for key in keys[1:]]
        (staging / PARTS_FILE).write_text(json.dumps({"keys": keys, "parts": parts}), encoding="utf-8")
    except FileNotFoundError:
        raise removed from None
    return indexed, reused, peak


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _batch_key(language: str, config: Config, batch: Sequence[Entry]) -> str:
    """What the batch's bundle is made of, read without making its lean pages (an edit would make
    every batch's): Pagefind's version and the code that makes the pages, then each post's URL,
    what its lean page shows beside the body, and its body's digest."""
    digest = hashlib.sha1(f"{_pagefind_version()}\n{_page_code()}\n{language}\n{config.lang}\n{config.baseurl}\n"
                          .encode())
    for entry in batch:
        document = entry.document
        shown = (entry.url, document.title, document.date.isoformat(), document.lang,
                 [each.name for each in entry.categories], [each.name for each in entry.tags],
                 [section.depths for section in entry.body.search_sections], entry.body.html_digest)
        digest.update(repr(shown).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:20]


@functools.cache
def _page_code() -> str:
    """A digest of lean.py and this module, which make the pages Pagefind indexes."""
    from generator.search import lean

    return hashlib.sha1(Path(lean.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def _index_batch(executable: Path, language: str, pages: list[tuple[str, bytes]],
                 on_start: Callable[[PagefindService], None] | None) -> tuple[list[dict[str, str]], int]:
    """The files of one batch's bundle, and the peak memory of the Pagefind process that made them."""
    with PagefindService(executable) as service:
        if on_start is not None:
            on_start(service)
        created = service.request({"type": "NewIndex", "config": {"force_language": language}})
        index_id = created["index_id"]
        service.requests([{"type": "AddFile", "index_id": index_id, "url": url, "file_path": None,
                           "file_contents": html.decode("utf-8", "surrogateescape")} for url, html in pages])
        # Not WriteFiles: the service answers that before its writes are done, and leaves some
        # files empty when it exits right after. The files' bytes, written here, are complete.
        files: list[dict[str, str]] = service.request({"type": "GetFiles", "index_id": index_id}).get("files") or []
        peak = service.peak_bytes()
    return files, peak


def _write_files(target: Path, files: list[dict[str, str]], *, first: bool) -> None:
    # Folders made one by one, never with their parents above staging: a site folder removed
    # meanwhile is not made again, holding only an index.
    made: set[Path] = set()
    if not first:
        target.mkdir()
    for file in files:
        relative = Path(file["path"])
        if not first and not _MERGED.match(relative.as_posix()):
            continue
        for folder in reversed(relative.parents[:-1]):  # the last parent is "."
            if folder not in made:
                (target / folder).mkdir(exist_ok=True)
                made.add(folder)
        (target / relative).write_bytes(base64.b64decode(file["content"]))


def _copy_bundle(source: Path, target: Path, *, first: bool) -> bool:
    """Copy a published bundle into staging; False when it is not there whole."""
    if not (source / "pagefind-entry.json").is_file():
        return False
    if not first:
        target.parent.mkdir(exist_ok=True)  # a batch indexed beside it may have made it: hence exist_ok
    shutil.copytree(source, target, dirs_exist_ok=first,
                    ignore=shutil.ignore_patterns(PARTS_FOLDER, PARTS_FILE) if first else None)
    return True
