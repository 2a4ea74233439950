"""Stage 3 for a whole site: every body rendered, on every core when that pays.

Rendering Markdown and outlines is pure CPU work with no shared state, so a cold build of many
posts spreads it over a process pool; a rebuild after one edit renders that body in-process,
where a pool's start-up would cost more than the work.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from generator.config.settings import Config
from generator.content.document import Document
from generator.content.link_table import link_table
from generator.content.liquid import LiquidScope, writes_nothing
from generator.content.liquid_scope import liquid_files, liquid_scopes
from generator.content.store import BodyStore, Stored, kept_text, kept_utf8
from generator.markdown.fast import make_compiled_engines
from generator.markdown.fence import FenceMemo
from generator.markdown.render import MarkdownSettings, RenderedBody, markdown_engine, render_body

# Below this much uncached text a pool's start-up costs more than it saves.
POOL_MINIMUM_BYTES = 2_000_000
POOL_MINIMUM_BODIES = 8
# Pages in these formats are HTML already: Markdown leaves their markup alone.
HTML_EXTENSIONS = (".html", ".htm", ".xml")


@dataclass(frozen=True, slots=True)
class BodyJob:
    """Everything a body's HTML depends on; `key()` is its cache key, with the text's digest."""

    body_kept: str | Stored  # the document's, in a BodyStore or not
    digest: str
    settings: MarkdownSettings
    outline: bool | None
    open_depth: int | None
    is_html: bool
    links: tuple[tuple[str, str], ...] = ()  # the URLs of what its link tags name, as found
    liquid: LiquidScope | None = None  # what its Liquid reads; None when it holds none

    @property
    def body(self) -> str:
        return kept_text(self.body_kept)

    @property
    def size(self) -> int:
        """About how many characters the body has, without loading it."""
        kept = self.body_kept
        return kept.length if isinstance(kept, Stored) else len(kept)

    def key(self) -> tuple[object, ...]:
        return (self.digest, self.settings, self.outline, self.open_depth, self.is_html, self.links,
                self.liquid.digest if self.liquid else None)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Pickling a str makes CPython keep a UTF-8 copy inside it for good: sent to a worker as
        # it is, a body held in memory would carry that copy (58 MB for 1,000 posts) to the end.
        return _job_from_utf8, (kept_utf8(self.body_kept), self.digest, self.settings, self.outline, self.open_depth,
                                self.is_html, self.links, self.liquid)


def _job_from_utf8(body: bytes, *rest: object) -> BodyJob:
    return BodyJob(body.decode("utf-8", "surrogatepass"), *rest)  # type: ignore[arg-type]


def body_jobs(documents: Sequence[Document], config: Config, site_documents: Sequence[Document] | None = None,
              contents: Mapping[str, str] | None = None) -> list[BodyJob]:
    """What rendering each document's body takes, under this config, in a site of `site_documents`
    (which its Liquid may list; the `documents` themselves when not given), whose posts' HTML
    `contents` has by source, once known."""
    settings = MarkdownSettings(raw_html=config.raw_html, open_depth=config.open_depth, baseurl=config.baseurl,
                                site_url=config.url, excerpt_separator=config.excerpt_separator,
                                typography=config.typography, linkify=config.linkify, kramdown=config.kramdown)
    scopes = liquid_scopes(documents, config, documents if site_documents is None else site_documents,
                           liquid_files(config), contents)
    return [BodyJob(doc.body_kept, doc.body_digest, settings, doc.outline, doc.open_depth,
                    doc.extension in HTML_EXTENSIONS, liquid=scope) for doc, scope in zip(documents, scopes)]


def render_job(job: BodyJob, fences: FenceMemo | None = None) -> RenderedBody:
    return render_body(job.body, job.settings, outline=job.outline, open_depth=job.open_depth, is_html=job.is_html,
                       fences=fences, links=dict(job.links) if job.links else None, scope=job.liquid)


def render_job_parts(job: BodyJob) -> bytes:
    """In a worker: the body as the cache keeps it (RenderedBody.parts), pickled, as the parent
    both caches those bytes and puts the parts in its store, without building the body whole.

    Pickling a string keeps a UTF-8 copy of it alive beside it; done here, that copy dies with
    the worker's object instead of doubling the parent's memory for every body it caches.
    """
    return pickle.dumps(render_job(job).parts(), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A link tag naming nothing the site has."""

    document: Document
    target: str  # as link_table.link_target writes it


RenderJobs = Callable[[Sequence[BodyJob]], list[RenderedBody]]


def render_linked_bodies(documents: Sequence[Document], config: Config, *, site_documents: Sequence[Document],
                         render: RenderJobs | None = None, contents: Mapping[str, str] | None = None,
                         ) -> tuple[list[RenderedBody], list[Unresolved]]:
    """Each document's body, with its link tags' URLs taken from the `site_documents`.

    Which bodies have link tags, and what they name, is only known once they are rendered: so
    those few are rendered again with the URLs (which join their key), and no other body
    depends on the site's URLs. `render` renders a list of jobs (`render_bodies` when not given;
    the incremental layer passes one that reuses cached bodies).
    """
    render = render or render_bodies
    jobs = body_jobs(documents, config, site_documents, contents)
    bodies = render(jobs)
    table = _link_table_for(bodies, config, site_documents)
    linked = _linked_jobs(jobs, bodies, table)
    for index, body in zip(linked, render(list(linked.values()))):
        bodies[index] = body
    unresolved = [Unresolved(documents[index], target) for index, body in enumerate(bodies)
                  for target in body.link_targets if target not in table]
    return bodies, unresolved


def body_keys(documents: Sequence[Document], bodies: Sequence[RenderedBody], config: Config,
              site_documents: Sequence[Document]) -> list[tuple[object, ...]]:
    """The cache keys of these documents' bodies as `render_linked_bodies` rendered them."""
    jobs = body_jobs(documents, config, site_documents)
    linked = _linked_jobs(jobs, bodies, _link_table_for(bodies, config, site_documents))
    return [linked.get(index, job).key() for index, job in enumerate(jobs)]


def _link_table_for(bodies: Sequence[RenderedBody], config: Config,
                    site_documents: Sequence[Document]) -> dict[str, str]:
    wanted = [target for body in bodies for target in body.link_targets]
    return link_table(site_documents, config, wanted) if wanted else {}


def _linked_jobs(jobs: Sequence[BodyJob], bodies: Sequence[RenderedBody], table: dict[str, str]) -> dict[int, BodyJob]:
    """By index, the jobs again with the URLs their link tags name, where the site has any of them."""
    found = {index: tuple((t, table[t]) for t in body.link_targets if t in table) for index, body in enumerate(bodies)}
    return {index: replace(jobs[index], links=links) for index, links in found.items() if links}


def render_bodies(jobs: Sequence[BodyJob], fences: FenceMemo | None = None,
                  store: BodyStore | None = None) -> list[RenderedBody]:
    """One body per job, in order; with a `store`, each body's bulky fields go there."""
    return [body.kept_in(store) if store is not None else body for body, _ in rendered_bodies(jobs, fences, store)]


def rendered_bodies(jobs: Sequence[BodyJob], fences: FenceMemo | None = None,
                    store: BodyStore | None = None) -> Iterator[tuple[RenderedBody, bytes | None]]:
    """Each job's body, in order, as soon as it is rendered, with its parts pickled (as
    `RenderedBody.parts`) when a worker rendered it: a cache keeps those bytes as they are.

    `fences` serves the bodies rendered in this process (see markdown/fence.py). A worker's body
    comes with its bulky fields in `store` already; the others are left to the caller.
    """
    workers = _workers(jobs)
    if workers > 1:
        # fork is cheapest but unsafe with other threads running (serve's); forkserver is not.
        method = "fork" if threading.active_count() == 1 else "forkserver"
        if method == "fork":
            _made_before_forking(jobs)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            for parts in pool.map(render_job_parts, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
                yield RenderedBody.from_parts(pickle.loads(parts), store), parts
    else:
        for job in jobs:
            yield render_job(job, fences), None


def _made_before_forking(jobs: Sequence[BodyJob]) -> None:
    """What every forked worker would import and make for itself on its first body, done once
    here for all of them to inherit: python-liquid and what it imports take 0.2 s of CPU a
    process (from bytecode), markdown-it-pyrs and its two parsers 0.02 s, a markdown-it-py
    parser 0.01 s."""
    if any(job.liquid is not None and not writes_nothing(job.body, job.liquid) for job in jobs):
        import generator.content.liquid_engine  # noqa: F401
    for settings in {job.settings for job in jobs if not job.is_html}:
        markdown_engine(settings)
        if not settings.linkify:  # the only setting that keeps every body off the fast path
            make_compiled_engines()


def _workers(todo: Sequence[BodyJob]) -> int:
    cores = usable_cores()
    if cores < 2 or len(todo) < POOL_MINIMUM_BODIES or sum(job.size for job in todo) < POOL_MINIMUM_BYTES:
        return 1
    return min(cores, 8)


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
