"""The pipeline: load -> parse -> model -> render -> write, one stage per line (build.py decides to run it)."""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .body_edit import LastBuild
from .cache import BuildCache, Manifest
from .config import Config
from .content import NO_LAYOUT, Document
from .errors import ContentError, Diagnostic
from .load import Loaded, remembered_load
from .markdown import RenderedBody
from .page_workers import page_workers, render_into
from .pages import SITE_MAY_OWN, page_key, plan_pages, site_keys
from .papers import PaperNote
from .papers_pages import SitePapers, plan_paper_pages, site_papers
from .render import render_page, shared_context, template_environment, theme_digest
from .render_bodies import Unresolved, render_linked_bodies
from .results import INDEX_FOLDER, BuildResult, SearchResult
from .search import build_search_index
from .site import Entry, Site, build_site, place, related_posts
from .site_files import asset_copy, file_origins, pages_to_publish
from .uptodate import SiteInputs, summary_of
from .write import OutputFile, cannot_write, update_site, write_site

if TYPE_CHECKING:
    import jinja2

    from .pages import PagePlan


def run_pipeline(config: Config, now: datetime, index_search: bool, cache: BuildCache, inputs: SiteInputs,
                 started: float) -> BuildResult:
    """Load, render and write the site found in `inputs` (see build.build, which decides to)."""
    sources, warnings, static, manifest = inputs.sources, inputs.warnings, inputs.static, inputs.manifest
    report = _Report([*config.warnings, *warnings])
    store = cache.body_store()
    texts = {source: remembered_load(source, config, cache, store) for source in sources if source.kind != "asset"}
    documents = [doc for doc in map(report.take, texts.values()) if doc]
    publish_from = min((d.date for d in documents if _future(d, config, now)), default=None)
    documents = [doc for doc in documents if _wanted(doc, config, now, report)]
    documents, site_owned = pages_to_publish(documents, config, report.warnings.append)
    bodies, unresolved = render_linked_bodies(documents, config, cache, site_documents=documents, store=store)
    rendered = list(zip(documents, bodies))
    report.liquid_warnings(rendered)
    report.unresolved_links(unresolved)
    config_key = repr(config)
    site, clashes = build_site(
        config, rendered, related_of=lambda tags: cache.reuse("related", tags, lambda: related_posts(tags)),
        # By the document's identity: a document from memory is the same object as last time, and
        # the remembered value holds it, so its id is not reused while the entry lives.
        place_of=lambda document: cache.remember("places", (id(document), config_key), lambda: (
            document, place(document, config)))[1])
    report.errors.extend(Diagnostic.from_error(error) for error in clashes)
    site_key = theme_digest(config, inputs.templates)
    papers = _papers(site, config, cache)
    sources_by_url = {e.url: e.source for e in site.posts}
    paper_plans = cache.reuse("paper pages", (papers, site_key, sources_by_url), lambda: list(plan_paper_pages(
        papers.papers, site_key, sources_by_url=sources_by_url, digests=papers.digests)))
    keys_of_site = site_keys(site, site_key, papers.digests, memo=cache.remember)
    data_files = [OutputFile(path, data) for path, data in papers.data_files]
    stand_ins: set[str] = set()
    assets = (asset_copy(s, config, report.warnings.append, stand_ins) for s in sources if s.kind == "asset")
    copies = [*static, *(copy for copy in assets if copy is not None)]
    site_owned |= {copy.path for copy in copies if copy.path in SITE_MAY_OWN}
    plans = [*plan_pages(site, config, keys_of_site, memo=cache.remember, site_owned=frozenset(site_owned),
                         stand_ins=frozenset(stand_ins)), *paper_plans]
    report.check_unique(file_origins(plans, data_files, copies, site, config))
    keys: dict[str, str] = {".nojekyll": "nojekyll"}
    reads: dict[str, tuple[str, ...]] = {}
    stale_plans = []
    for plan in plans:
        reads[plan.output_path] = manifest.reads.get(plan.output_path, ())
        keys[plan.output_path] = page_key(plan, reads[plan.output_path], keys_of_site)
        if not _unchanged(manifest, config.destination, plan.output_path, keys[plan.output_path]):
            stale_plans.append(plan)

    def rendered_page(plan: PagePlan, page_reads: tuple[str, ...]) -> None:
        reads[plan.output_path], keys[plan.output_path] = page_reads, page_key(plan, page_reads, keys_of_site)
    stale_files: list[OutputFile] = [] if manifest.keys else [OutputFile(".nojekyll", b"")]
    for data_file in data_files:
        keys[data_file.path] = cache.reuse("data key " + data_file.path, data_file.data,
                                           functools.partial(_data_key, data_file.data))
        if not _unchanged(manifest, config.destination, data_file.path, keys[data_file.path]):
            stale_files.append(data_file)
    for copy in copies:
        keys[copy.path] = _copy_key(copy) if copy.copy_from else _data_key(copy.data)
        if not _unchanged(manifest, config.destination, copy.path, keys[copy.path]):
            stale_files.append(copy)
    result = BuildResult(
        destination=config.destination, posts=len(site.posts), pages=len(site.pages), tags=len(site.tags),
        categories=len(site.categories), warnings=tuple(report.warnings), errors=tuple(report.errors), site=site,
    )
    if report.errors:
        return _finish(result, 0, started)
    templates = template_environment(config)
    shared = shared_context(site, config, papers.papers)
    try:
        if manifest.keys:
            # Rendered in full before the first write: a template error leaves every file as it was.
            outputs = list(_rendered(stale_plans, stale_files, templates, shared, report, rendered_page))
            written = update_site(config.destination, outputs, sorted(manifest.keys.keys() - keys.keys()))
        else:
            written = _write_anew(config.destination, stale_plans, stale_files, templates, shared, report,
                                  rendered_page)
    except _RenderFailed:
        return _finish(result, 0, started, errors=tuple(report.errors))
    stale_index = written or not (config.destination / INDEX_FOLDER).is_dir()
    try:
        search = build_search_index(site, config) if index_search and stale_index else SearchResult()
    except OSError as error:
        raise cannot_write(config.destination / INDEX_FOLDER, error,
                           "the pages were written, and the search index is the last build's") from None
    if search.skipped and config.search:
        report.warnings.append(Diagnostic("_config.yml", None, search.skipped))
    result = _finish(result, written, started, search=search, warnings=tuple(report.warnings))
    written_manifest = Manifest(str(config.destination), keys, inputs.digest, summary_of(result, publish_from), reads)
    cache.save_manifest(written_manifest)
    cache.prune_bodies_later()  # serve prunes after its reload signal, a one-shot build before it returns
    cache.keep_state(LastBuild(config, {str(source.path): source for source in texts},
                               {str(source.path): loaded for source, loaded in texts.items()},
                               site, keys_of_site, papers, written_manifest, result, publish_from, templates))
    return result


def _papers(site: Site, config: Config, cache: BuildCache) -> SitePapers:
    """The papers of every post: from the last build in memory (serve), else from the cache on disk
    when no post's notes changed (an edit to prose), else merged anew (seconds for a big blog)."""
    url_prefix = config.url + config.baseurl
    # The notes themselves are read (from the body store) only when the index is made anew.
    inputs = (url_prefix, tuple((e.document.title, e.url, e.body.papers_digest) for e in site.posts))

    def from_disk_or_anew() -> SitePapers:
        digest = hashlib.sha1(repr(inputs).encode()).hexdigest()
        kept = cache.load_stage("papers", digest)
        if isinstance(kept, SitePapers):
            return kept
        made = site_papers(_NotesOfPosts(site.posts), url_prefix, (e.body.paper_keys for e in site.posts))
        cache.save_stage("papers", digest, made)
        return made

    return cache.reuse("papers", inputs, from_disk_or_anew)


@dataclass(frozen=True)
class _NotesOfPosts:
    """The posts' paper notes, each post's read from the body store only as the index reaches it."""

    posts: tuple[Entry, ...]

    def __iter__(self) -> Iterator[tuple[str, str, tuple[PaperNote, ...]]]:
        return ((entry.document.title, entry.url, entry.body.papers) for entry in self.posts)


class _RenderFailed(Exception):
    """Raised by _rendered after its last page when some page failed (the errors are in the report)."""


class _PagesFailed(Exception):
    """A forked render met a failing page: rendered again in order, to report it."""


def _write_anew(destination: Path, plans: list[PagePlan], files: list[OutputFile], environment: jinja2.Environment,
                shared: dict[str, Any], report: _Report,
                rendered_page: Callable[[PagePlan, tuple[str, ...]], None]) -> int:
    """A first build: written as rendered, into a staging folder that an error throws away (the
    site's pages are never all in memory at once), on every core when that pays (page_workers)."""
    workers = page_workers(plans)
    if workers > 1:
        def fill(staging: Path) -> int:
            reads = render_into(staging, plans, environment, shared, workers)
            if reads is None:
                raise _PagesFailed
            for plan, page_reads in zip(plans, reads):
                rendered_page(plan, page_reads)
            return len(plans)

        try:
            return write_site(destination, files, fill=fill)
        except _PagesFailed:
            pass
    return write_site(destination, _rendered(plans, files, environment, shared, report, rendered_page))


def _rendered(plans: list[PagePlan], files: list[OutputFile], environment: jinja2.Environment,
              shared: dict[str, Any], report: _Report,
              rendered_page: Callable[[PagePlan, tuple[str, ...]], None]) -> Iterator[OutputFile]:
    """Each page rendered (`rendered_page` told what it read), then the other files; raises
    _RenderFailed at the end if a page failed."""
    for plan in plans:
        try:
            page = render_page(environment, plan, shared)
            rendered_page(plan, page.reads)
            yield page.file
        except ContentError as error:
            report.errors.append(Diagnostic.from_error(error))
            if error.path.startswith("templates/"):
                break  # the same template mistake would be reported once per page
    if report.errors:
        raise _RenderFailed
    yield from files


def _unchanged(manifest: Manifest, destination: Path, path: str, key: str) -> bool:
    # os.path rather than pathlib: this runs for every page of the site on every rebuild.
    return manifest.keys.get(path) == key and os.path.isfile(os.path.join(destination, path))


def _data_key(data: bytes | None) -> str:
    return "data:" + hashlib.sha1(data or b"").hexdigest()


def _copy_key(copy: OutputFile) -> str:
    assert copy.copy_from is not None
    stat = copy.copy_from.stat()
    return f"copy:{copy.copy_from}:{stat.st_mtime_ns}:{stat.st_size}"


def _finish(result: BuildResult, files: int, started: float, **changes: object) -> BuildResult:
    return BuildResult(**{**{f: getattr(result, f) for f in result.__dataclass_fields__},
                          "files": files, "seconds": time.perf_counter() - started, **changes})


def _future(document: Document, config: Config, now: datetime) -> bool:
    """A post left out today for its date, which a build on that date will publish."""
    return (document.published and document.kind in ("post", "draft") and document.date > now
            and not config.future and (document.kind == "post" or config.drafts))


def _wanted(document: Document, config: Config, now: datetime, report: _Report) -> bool:
    if not document.published:
        return False
    if document.kind == "draft" and not config.drafts:
        return False
    if document.kind in ("post", "draft") and document.date > now and not config.future:
        report.warnings.append(Diagnostic(document.source.relative, None,
                                          f"skipped: dated {document.date:%Y-%m-%d}, in the future (build with --future to include it)"))
        return False
    return True


class _Report:
    """Warnings and errors gathered while the build goes on through every file."""

    def __init__(self, found: list[Diagnostic]) -> None:
        self.warnings = [diagnostic for diagnostic in found if diagnostic.severity != "error"]
        self.errors = [diagnostic for diagnostic in found if diagnostic.severity == "error"]

    def take(self, loaded: Loaded) -> Document | None:
        self.warnings.extend(loaded.warnings)
        self.errors.extend(loaded.errors)
        return loaded.document

    def liquid_warnings(self, rendered: list[tuple[Document, RenderedBody]]) -> None:
        """One warning per kind of Liquid tag per build, naming the first file that has it."""
        first: dict[str, str] = {}
        counts: dict[str, int] = {}
        for document, body in rendered:
            for tag in body.liquid_tags:
                first.setdefault(tag, document.source.relative)
                counts[tag] = counts.get(tag, 0) + 1
        for tag, where in first.items():
            # An output paperfold cannot fill comes as "{{ expression }}", and stays in the page.
            what = f"left Liquid output '{tag}' as written" if tag.startswith("{{") else f"removed Liquid tag '{{% {tag} %}}'"
            self.warnings.append(Diagnostic(where, None, f"{what} (paperfold does not run Liquid; {counts[tag]} file(s) use it)"))
        for document, body in rendered:
            # Written without a layout, a Liquid template would be published as its bare text.
            if document.layout == NO_LAYOUT and (body.liquid_tags or "{{" in document.body):
                self.warnings.append(Diagnostic(document.source.relative, None, (
                    "written without a layout, as its front matter says, but paperfold does not run Liquid: "
                    "its tags are removed and its other {{ }} outputs kept as written")))

    def unresolved_links(self, unresolved: list[Unresolved]) -> None:
        """Jekyll stops at a link tag naming nothing: so does the build, saying where the tag is."""
        for each in unresolved:
            tag, _, name = each.target.partition(" ")
            body = each.document.body
            at = body.find(name)
            line = each.document.body_line + body.count("\n", 0, at) if at >= 0 else None
            what = "no post has that name" if tag == "post_url" else "no file has that path"
            self.errors.append(Diagnostic(each.document.source.relative, line,
                                          f"{{% {tag} {name} %}}: {what}", "error"))

    def check_unique(self, origins: list[tuple[str, str]]) -> None:
        """Two files on one output path: an error naming where each comes from, never a silent overwrite."""
        seen: dict[str, str] = {}
        for path, origin in origins:
            if path in seen:
                self.errors.append(Diagnostic(
                    path, None, f"two files would be written here: from {seen[path]} and from {origin}", "error"))
            seen.setdefault(path, origin)


__all__ = ["run_pipeline"]
