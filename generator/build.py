"""paperfold's build: repeat the last report when nothing changed, else run the pipeline."""

from __future__ import annotations

import sys
import time
from collections.abc import Collection
from datetime import datetime, timezone

from generator.config.settings import Config
from generator.errors import SiteError
from generator.incremental.cache import BuildCache
from generator.incremental.uptodate import read_inputs, unchanged_result
from generator.progress import Progress, no_progress
from generator.results import BuildResult
from generator.site.lock import hold_folder
from generator.site.write import check_destination


def build(config: Config, now: datetime | None = None, *, index_search: bool = True,
          cache: BuildCache | None = None, changed: Collection[str] | None = None,
          holding_lock: bool = False, progress: Progress = no_progress) -> BuildResult:
    """Build the site into config.destination; on any error write nothing and say why.

    Pages whose inputs did not change since the last build (same key in the cache's manifest)
    are not rendered again; the result is byte for byte what a fresh build writes.
    `index_search=False` leaves the search index to the caller (serve indexes after the reload).
    A `cache` passed in from one build to the next also keeps what it can in memory (serve does);
    without one, a site whose every input is as the last build read it is not read again.
    `changed` names the files changed since the last build with this cache, when the caller
    knows them (serve's watcher does): an edit to bodies alone then rebuilds only the pages
    that show them (incremental/body_edit.py).
    The build holds the destination's lock (site/lock.py) throughout, waiting for another build
    into it to end first, unless the caller says it holds it (`holding_lock`: serve, for its session).
    `progress` is told each stage of the pipeline as it starts (generator/progress.py).
    """
    started = time.perf_counter()
    check_destination(config.destination, config.source, config.content_root, config.theme_dirs)
    lock = None if holding_lock else hold_folder(config.destination, "build", _say_waiting)
    try:
        return _build(config, now or datetime.now(timezone.utc), index_search, cache, changed, started, progress)
    finally:
        if lock is not None:
            lock.release()


def _build(config: Config, now: datetime, index_search: bool, cache: BuildCache | None,
           changed: Collection[str] | None, started: float, progress: Progress) -> BuildResult:
    one_shot = cache is None
    cache = cache or BuildCache(config.source, enabled=not config.fresh)
    cache.write_pending()
    last = cache.take_state()
    if changed and last is not None:
        # Imported here, as the pipeline is below: a no-change build needs neither.
        from generator.incremental.body_edit import rebuild_bodies

        try:
            edited = rebuild_bodies(last, config, now, changed, cache, started, index_search)  # type: ignore[arg-type]
        finally:
            cache.discard_build()  # the memory stays as the last whole build left it
        if edited is not None:
            return edited
    try:
        inputs = read_inputs(config, cache, digest=one_shot)
        unchanged = unchanged_result(inputs, config, now, index_search, started) if one_shot else None
        if unchanged is not None:
            return unchanged
        # Imported here: Markdown, Jinja and Pygments take longer to import than a no-change build takes.
        from generator.pipeline import run_pipeline

        return run_pipeline(config, now, index_search, cache, inputs, started, progress)
    finally:
        if one_shot:
            cache.write_pending()  # no later build in this process will
        cache.finish_build()


def _say_waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


__all__ = ["BuildResult", "SiteError", "build"]
