"""Stage 5 on every core, for a first build: pages rendered and written by forked processes.

Rendering and writing a thousand-post site's pages is seconds of Jinja on one core, after the
bodies kept both busy. A forked child has the site, the papers and the templates already, so
nothing big is sent to it: each takes the next page from a queue they share, renders it into
the staging folder, and at the end sends back what each of its pages read. fork is only safe
with no other thread running, so serve (and any small site) renders in-process, as does any
build where a page fails: the caller renders again in order, to report the errors as a serial
build does.

A worker never outlives the build: one left alone would go on filling a staging folder that no
one removes. It is killed when the build dies however it dies (site.system_calls.die_with_parent), and
the build kills and waits for its workers when it stops on an exception, Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import re
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import jinja2

from generator.errors import ContentError
from generator.markdown.bodies import usable_cores
from generator.site.system_calls import die_with_parent, parent_alive
from generator.site.templates import render_page
from generator.site.write import write_file

if TYPE_CHECKING:
    from generator.site.plans import PagePlan

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
    children: dict[int, BinaryIO] = {}  # the workers not yet collected, with their answers' pipe
    _compile_templates(environment, {plan.template for plan in plans})
    with _sigterm_raises():
        try:
            gc.freeze()  # the children then leave the parent's objects, and their memory pages, alone
            try:
                for _ in range(workers - 1):
                    pid, answer = _fork(staging, plans, queue, environment, shared)
                    children[pid] = answer
            finally:
                gc.unfreeze()
            results = [_render_share(staging, plans, queue, environment, shared)]
            for pid, answer in list(children.items()):
                results.append(_collect(pid, answer))
                del children[pid]
        except BaseException:
            _stop(children)
            raise
    if any(result is None for result in results):
        return None
    reads: list[tuple[str, ...]] = [()] * len(plans)
    for result in results:
        for index, page_reads in result or ():
            reads[index] = page_reads
    return reads


def _compile_templates(environment: jinja2.Environment, names: Iterable[str]) -> None:
    """The pages' templates and those they name (extends, include, import, from) compiled once, here,
    for the workers to inherit: each compiled for itself those it rendered, the theme's costing
    0.2-0.3 s of CPU a process. A name that is an expression is left to the worker that renders it.
    One that fails here fails again for the page that uses it, which reports the error (render_page)."""
    assert environment.loader is not None
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        with suppress(Exception):  # left to the page that uses it: see the docstring
            environment.get_template(name)
            todo += _NAMED_TEMPLATE.findall(environment.loader.get_source(environment, name)[0])


# A template named as a string by a tag that loads one. Read from the source, not from Jinja's
# parse, which took a fifth of the compiling's time (0.06 of 0.28 s for the theme) only to find
# these: a name found in vain (in a comment) is compiled to no avail, one missed is compiled by
# the worker that renders it, and neither changes a page.
_NAMED_TEMPLATE = re.compile(r"""\{%[-+]?\s*(?:extends|include|import|from)\s+\[?\s*["']([^"'\n]+)["']""")


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
                  shared: dict[str, Any], parent: int | None = None) -> list[tuple[int, tuple[str, ...]]] | None:
    """Render pages from `queue` until it is empty: (plan index, what the page read) for each.
    In a worker, `parent` is the build's process: the worker stops once it is gone."""
    reads = []
    while (index := queue.take()) is not None:
        if parent is not None and not parent_alive(parent):  # where the system did not kill it
            return None
        try:
            page = render_page(environment, plans[index], shared)
        except ContentError:
            return None
        write_file(staging, page.file)
        reads.append((index, page.reads))
    return reads


def _fork(staging: Path, plans: Sequence[PagePlan], queue: _PageQueue, environment: jinja2.Environment,
          shared: dict[str, Any]) -> tuple[int, BinaryIO]:
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, answer, and leave without running the parent's exit code
        os.close(read_end)
        status = 1
        try:
            die_with_parent(parent)
            answer = pickle.dumps(_render_share(staging, plans, queue, environment, shared, parent))
            with os.fdopen(write_end, "wb") as stream:
                stream.write(answer)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")


def _collect(pid: int, answer: BinaryIO) -> list[tuple[int, tuple[str, ...]]] | None:
    with answer:
        data = answer.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    return pickle.loads(data)  # type: ignore[no-any-return]


def _stop(children: dict[int, BinaryIO]) -> None:
    """Kill these workers and wait for them: none may write once the caller removes the staging folder."""
    for pid, answer in children.items():
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with suppress(OSError):
            os.waitpid(pid, 0)
        answer.close()


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM (a CI job's timeout, `kill`) stops the build as Ctrl-C does, by an exception, so that
    its workers are stopped and its staging folder removed; by default it would end the process at once."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler; the build forks no worker elsewhere
        return

    def stop(signal_number: int, _frame: object) -> None:
        raise SystemExit(128 + signal_number)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = ["page_workers", "render_into"]
