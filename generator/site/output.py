"""Stages 5 and 6 together: each page rendered and written with the other files, into a new
output folder (a first build, on every core when that pays) or over the last build's files."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import ContentError
from generator.site.plans import PagePlan
from generator.site.templates import render_page
from generator.site.workers import page_workers, render_into
from generator.site.write import OutputFile, update_site, write_site

# Told each page rendered, with the SITE_PARTS it read.
Rendered = Callable[[PagePlan, tuple[str, ...]], None]


class RenderFailed(Exception):
    """Some page failed to render: nothing was written (the errors went to `failed`)."""


class _PagesFailed(Exception):
    """A forked render met a failing page: rendered again in order, to report it."""


def write_pages(destination: Path, plans: Sequence[PagePlan], files: Sequence[OutputFile],
                environment: jinja2.Environment, shared: dict[str, Any], *, removed: Sequence[str] | None,
                rendered: Rendered, failed: Callable[[ContentError], None], marker: str) -> int:
    """Render the pages and write them with the files; the number of files written.

    With `removed` (the files of the last build to delete), the pages are rendered in full before
    the first write, so a template error leaves every file as it was; without, the folder is
    written anew as pages are rendered; `marker` is the text of the folder's marker (write.marker_text).
    Raises RenderFailed when a page failed."""
    if removed is not None:
        outputs = list(_rendered(plans, files, environment, shared, rendered, failed))
        return update_site(destination, outputs, removed, marker=marker)
    return _write_anew(destination, plans, files, environment, shared, rendered, failed, marker)


def _write_anew(destination: Path, plans: Sequence[PagePlan], files: Sequence[OutputFile],
                environment: jinja2.Environment, shared: dict[str, Any], rendered: Rendered,
                failed: Callable[[ContentError], None], marker: str) -> int:
    """A first build: written as rendered, into a staging folder that an error throws away (the
    site's pages are never all in memory at once), on every core when that pays (page_workers)."""
    workers = page_workers(plans)
    if workers > 1:
        def fill(staging: Path) -> int:
            reads = render_into(staging, plans, environment, shared, workers)
            if reads is None:
                raise _PagesFailed
            for plan, page_reads in zip(plans, reads):
                rendered(plan, page_reads)
            return len(plans)

        try:
            return write_site(destination, files, fill=fill, marker=marker)
        except _PagesFailed:
            pass
    return write_site(destination, _rendered(plans, files, environment, shared, rendered, failed), marker=marker)


def _rendered(plans: Sequence[PagePlan], files: Sequence[OutputFile], environment: jinja2.Environment,
              shared: dict[str, Any], rendered: Rendered,
              failed: Callable[[ContentError], None]) -> Iterator[OutputFile]:
    """Each page rendered (`rendered` told what it read), then the other files; raises
    RenderFailed at the end if a page failed."""
    failures = 0
    for plan in plans:
        try:
            page = render_page(environment, plan, shared)
            rendered(plan, page.reads)
            yield page.file
        except ContentError as error:
            failed(error)
            failures += 1
            if error.path.startswith("templates/"):
                break  # the same template mistake would be reported once per page
    if failures:
        raise RenderFailed
    yield from files


__all__ = ["RenderFailed", "write_pages"]
