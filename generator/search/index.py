"""Stage 7: the search index, written by Pagefind (its extended build segments Chinese).

Post pages are indexed from their HTML (their `data-pagefind-body`); outlines are left out of
that (`data-pagefind-ignore`) and added as one record per section, whose URL is `post#node`, so
a result opens the node itself. The index is written beside the site and swapped in whole.
"""

from __future__ import annotations

import base64
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.config.settings import Config
from generator.results import SearchResult
from generator.search.pagefind import PagefindError, PagefindService
from generator.site.model import Site
from generator.site.write import INDEX_FOLDER, INDEX_STAGING, replace_folder, written_by_paperfold

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def pagefind_available() -> bool:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    return get_executable() is not None


def index_language(site: Site, config: Config) -> str:
    """One index for the whole site: mixed posts must answer Chinese and English queries alike."""
    if any(CJK.search(entry.document.title) or CJK.search(entry.body.excerpt) or
           any(CJK.search(section.text) for section in entry.body.search_sections[:50]) for entry in site.posts):
        return "zh"
    return config.lang.split("-")[0].lower() or "en"


def build_search_index(site: Site, config: Config, *,
                       on_start: Callable[[PagefindService], None] | None = None) -> SearchResult:
    """Index the written site; a machine without the Pagefind binary gets a clear reason instead.

    `on_start` receives the running service, so that a caller may kill it (serve does, when a
    newer rebuild makes this index stale).
    """
    if not config.search:
        return SearchResult(skipped="search is turned off (paperfold: search: false)")
    if not pagefind_available():
        return SearchResult(skipped="search index not built: the Pagefind binary is not installed "
                                    "(pip install 'pagefind[extended]')")
    started = time.perf_counter()
    staging = config.destination / INDEX_STAGING
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pages, records = _write_index(site, config, staging, on_start)
        # Never a moment without pagefind/, nor an old index published beside it (see replace_folder).
        replace_folder(staging, config.destination / INDEX_FOLDER, config.destination / f".{INDEX_FOLDER}-old")
    except PagefindError as error:
        shutil.rmtree(staging, ignore_errors=True)
        return SearchResult(skipped=f"search index not built: {error}")
    except OSError:  # the caller reports it; the last index stays, and no half of this one
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SearchResult(pages, records, time.perf_counter() - started)


def _write_index(site: Site, config: Config, staging: Path,
                 on_start: Callable[[PagefindService], None] | None) -> tuple[int, int]:
    from pagefind.service import get_executable

    executable = get_executable()
    assert executable is not None
    language = index_language(site, config)
    with PagefindService(executable) as service:
        if on_start is not None:
            on_start(service)
        created = service.request({"type": "NewIndex", "config": {"force_language": language}})
        index_id = created["index_id"]
        requests: list[dict[str, Any]] = [
            {"type": "AddDir", "index_id": index_id, "path": str(config.destination), "glob": "**/*.html"}]
        for entry in site.posts:
            for section in entry.body.search_sections:
                requests.append({
                    "type": "AddRecord", "index_id": index_id, "url": f"{entry.url}#{section.anchor}",
                    "content": section.text, "language": language,
                    "meta": {"title": " › ".join((entry.document.title, *section.trail))},
                })
        answers = service.requests(requests)
        # Not WriteFiles: the service answers that before its writes are done, and leaves some
        # files empty when it exits right after. The files' bytes, written here, are complete.
        files = service.request({"type": "GetFiles", "index_id": index_id}).get("files") or []
    removed = PagefindError("the site folder was removed while it was being indexed")
    if not written_by_paperfold(config.destination):
        raise removed
    # Folders made one by one, never with their parents: a site folder removed meanwhile is not
    # made again, holding only an index (which the next build would take for someone else's folder).
    try:
        staging.mkdir()
        made: set[Path] = set()
        for file in files:
            relative = Path(file["path"])
            for folder in reversed(relative.parents[:-1]):  # the last parent is "."
                if folder not in made:
                    (staging / folder).mkdir(exist_ok=True)
                    made.add(folder)
            (staging / relative).write_bytes(base64.b64decode(file["content"]))
    except FileNotFoundError:
        raise removed from None
    return int(answers[0].get("page_count", 0)), len(requests) - 1

