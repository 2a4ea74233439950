"""Stage 5 on every core, for a first build: pages rendered and written by forked processes.

Rendering and writing a thousand-post site's pages is seconds of Jinja on one core, after the
bodies kept both busy. A forked child has the site, the papers and the templates already, so
nothing big is sent to it: each takes the next page from a queue they share, renders it into
the staging folder, and at the end sends back what each of its pages read. fork is only safe
with no other thread running, so serve (and any small site) renders in-process, as does any
build where a page fails: the caller renders again in order, to report the errors as a serial
build does.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ContentError
from .render import render_page
from .render_bodies import usable_cores
from .write import write_file

if TYPE_CHECKING:
    import jinja2

    from .pages import PagePlan

# Below this many pages a fork costs more than it saves.
MINIMUM_PAGES = 200


def page_workers(plans: Sequence[PagePlan]) -> int:
    """How many processes should render these pages (1: this one alone)."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or len(plans) < MINIMUM_PAGES:
        return 1
    return max(1, min(usable_cores(), 8))


def render_into(staging: Path, plans: Sequence[PagePlan], environment: jinja2.Environment, shared: dict[str, Any],
                workers: int) -> list[tuple[str, ...]] | None:
    """Render and write every plan under `staging`, shared among `workers` processes (this one
    among them): what each page read (pages.SITE_PARTS), in plan order; None if a page failed."""
    # Each process takes the next page when it is done with one, the pages that list the most
    # posts first: a few of them (the papers index) can take longer than hundreds of posts.
    queue = _PageQueue(sorted(range(len(plans)), key=lambda index: -len(plans[index].sources)))
    gc.freeze()  # the children then leave the parent's objects, and their memory pages, alone
    children = [_fork(staging, plans, queue, environment, shared) for _ in range(workers - 1)]
    gc.unfreeze()
    results = [_render_share(staging, plans, queue, environment, shared)]
    results.extend(_collect(pid, read_end) for pid, read_end in children)
    if any(result is None for result in results):
        return None
    reads: list[tuple[str, ...]] = [()] * len(plans)
    for result in results:
        for index, page_reads in result or ():
            reads[index] = page_reads
    return reads


class _PageQueue:
    """Plan indices in the order to render them, handed out once each across forked processes."""

    def __init__(self, order: list[int]) -> None:
        self._order = order
        self._taken = multiprocessing.get_context("fork").Value("q", 0)  # shared memory, with a lock

    def take(self) -> int | None:
        with self._taken.get_lock():
            position = self._taken.value
            self._taken.value = position + 1
        return self._order[position] if position < len(self._order) else None


def _render_share(staging: Path, plans: Sequence[PagePlan], queue: _PageQueue, environment: jinja2.Environment,
                  shared: dict[str, Any]) -> list[tuple[int, tuple[str, ...]]] | None:
    """Render pages from `queue` until it is empty: (plan index, what the page read) for each."""
    reads = []
    while (index := queue.take()) is not None:
        try:
            page = render_page(environment, plans[index], shared)
        except ContentError:
            return None
        write_file(staging, page.file)
        reads.append((index, page.reads))
    return reads


def _fork(staging: Path, plans: Sequence[PagePlan], queue: _PageQueue, environment: jinja2.Environment,
          shared: dict[str, Any]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, answer, and leave without running the parent's exit code
        os.close(read_end)
        status = 1
        try:
            answer = pickle.dumps(_render_share(staging, plans, queue, environment, shared))
            with os.fdopen(write_end, "wb") as stream:
                stream.write(answer)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> list[tuple[int, tuple[str, ...]]] | None:
    with os.fdopen(read_end, "rb") as stream:
        answer = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not answer:
        return None
    return pickle.loads(answer)  # type: ignore[no-any-return]


__all__ = ["page_workers", "render_into"]
