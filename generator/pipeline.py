"""The pipeline: load -> parse -> model -> render -> write, one stage per line (build.py decides to run it)."""

from __future__ import annotations

import time
from datetime import datetime

from generator.config.settings import Config
from generator.content.document import Document
from generator.content.load import Loaded
from generator.errors import ContentError, Diagnostic
from generator.incremental.cache import BuildCache
from generator.incremental.stages import CachedStages
from generator.incremental.uptodate import SiteInputs
from generator.markdown.bodies import Unresolved
from generator.markdown.render import RenderedBody
from generator.markdown.site_pages import render_site_pages
from generator.progress import Progress, no_progress
from generator.results import BuildResult, SearchResult
from generator.search.index import build_search_index
from generator.site.files import file_origins, pages_to_publish, shadowed_documents, site_copies
from generator.site.model import Site
from generator.site.output import RenderFailed, write_pages
from generator.site.sass import Stylesheet
from generator.site.templates import shared_context, theme_digest
from generator.site.write import INDEX_FOLDER, OutputFile, cannot_write, marker_text


def run_pipeline(config: Config, now: datetime, index_search: bool, cache: BuildCache, inputs: SiteInputs,
                 started: float, progress: Progress = no_progress) -> BuildResult:
    """Load, render and write the site found in `inputs` (see build.build, which decides to): each
    stage called through the incremental layer, which reuses what the last build made (stages.py)."""
    report = _Report([*config.warnings, *inputs.warnings])
    stages = CachedStages(config, cache, inputs)
    progress("reading files", len(inputs.sources))
    texts = stages.load(inputs.sources)
    documents = [doc for doc in map(report.take, texts.values()) if doc]
    publish_from = min((d.date for d in documents if _future(d, config, now)), default=None)
    documents = [doc for doc in documents if _wanted(doc, config, now, report)]
    documents, site_owned = pages_to_publish(documents, config, report.warnings.append)
    progress("rendering bodies", len(documents))
    bodies, unresolved = stages.bodies(documents)
    bodies = render_site_pages(documents, bodies, config)
    report.liquid_errors(list(zip(documents, bodies)))
    report.unresolved_links(unresolved)
    site = report.site(*stages.site(list(zip(documents, bodies))))
    report.warnings.extend(stages.layouts.warnings((*site.posts, *site.pages)))
    theme_key = theme_digest(config, inputs.templates.values())
    progress("indexing papers", len(site.posts))
    papers = stages.papers(site)
    paper_plans = stages.paper_plans(site, papers, theme_key)
    keys = stages.site_keys(site, theme_key, papers)
    data_files = [OutputFile(path, data) for path, data in papers.data_files]
    sheets, compiled, sass_warnings = stages.stylesheets(inputs.sources)
    report.stylesheets(sheets, sass_warnings)
    copies, copies_owned, stand_ins = site_copies([s for s in inputs.sources if s not in compiled], inputs.static,
                                                  config, report.warnings.append)
    copies += [file for sheet in sheets for file in sheet.files]
    plans = [*stages.plan_pages(site, keys, frozenset(site_owned | copies_owned), stand_ins), *paper_plans]
    report.check_origins(site, file_origins(plans, data_files, copies, site, config))
    outputs = stages.outputs(plans, data_files, copies, keys)
    result = report.result(config, site)
    if report.errors:
        return _finish(result, 0, started)
    templates = stages.templates()
    progress("writing pages", len(outputs.stale_pages) + len(outputs.stale_files))
    try:
        written = write_pages(config.destination, outputs.stale_pages, outputs.stale_files, templates,
                              shared_context(site, config, papers.papers), removed=outputs.removed,
                              rendered=outputs.rendered, failed=report.failed,
                              marker=marker_text(config.baseurl))
    except RenderFailed:
        return _finish(result, 0, started, errors=tuple(report.errors))
    progress("indexing search", None)
    search = _search_index(site, config, index_search, written, report)
    result = _finish(result, written, started, search=search, warnings=tuple(report.warnings))
    stages.finish(result, outputs, publish_from, texts, site, keys, papers, templates)
    return result


def _search_index(site: Site, config: Config, index_search: bool, written: int, report: _Report) -> SearchResult:
    """Stage 7, when pages were written or the index is missing (and not left to the caller)."""
    stale_index = written or not (config.destination / INDEX_FOLDER).is_dir()
    try:
        search = build_search_index(site, config) if index_search and stale_index else SearchResult()
    except OSError as error:
        raise cannot_write(config.destination / INDEX_FOLDER, error,
                           "the pages were written, and the search index is the last build's") from None
    if search.skipped and config.search:
        report.warnings.append(Diagnostic("_config.yml", None, search.skipped))
    return search


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

    def failed(self, error: ContentError) -> None:
        self.errors.append(Diagnostic.from_error(error))

    def site(self, site: Site, clashes: tuple[ContentError, ...]) -> Site:
        """The site, its clashes (two documents on one URL) reported."""
        self.errors.extend(Diagnostic.from_error(error) for error in clashes)
        return site

    def result(self, config: Config, site: Site) -> BuildResult:
        """What the build found, before anything is written."""
        return BuildResult(
            destination=config.destination, posts=len(site.posts), pages=len(site.pages), tags=len(site.tags),
            categories=len(site.categories), warnings=tuple(self.warnings), errors=tuple(self.errors), site=site,
        )

    def take(self, loaded: Loaded) -> Document | None:
        self.warnings.extend(loaded.warnings)
        self.errors.extend(loaded.errors)
        return loaded.document

    def liquid_errors(self, rendered: list[tuple[Document, RenderedBody]]) -> None:
        """A body whose Liquid failed: an error at its line, as Jekyll stops at one."""
        for document, body in rendered:
            for problem in body.liquid_problems:
                line = document.body_line + problem.line - 1 if problem.line else None
                self.errors.append(Diagnostic(document.source.relative, line, problem.message, "error"))

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

    def stylesheets(self, sheets: list[Stylesheet], warnings: list[Diagnostic]) -> None:
        self.warnings.extend(warnings)
        self.errors.extend(error for sheet in sheets for error in sheet.errors)

    def check_origins(self, site: Site, origins: list[tuple[str, str]]) -> None:
        """Two files on one output path, or a document at a URL that is another file's path: an error
        naming where each comes from, never a silent overwrite."""
        seen: dict[str, str] = {}
        for path, origin in origins:
            if path in seen:
                self.errors.append(Diagnostic(
                    path, None, f"two files would be written here: from {seen[path]} and from {origin}", "error"))
            seen.setdefault(path, origin)
        self.errors.extend(shadowed_documents(site, origins))


__all__ = ["run_pipeline"]
