"""The pipeline: config -> load -> parse -> model -> render -> write, one stage per line."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .config import Config
from .content import Document, load_document, read_text
from .discover import SourceFile, discover
from .errors import ContentError, Diagnostic, SiteError
from .markdown import MarkdownSettings, RenderedBody, render_body
from .pages import plan_pages
from .render import OutputFile, render_page, shared_context, static_files, template_environment, theme_digest
from .site import Site, build_site
from .write import check_destination, write_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: counts for the summary line, every warning and error, the Site."""

    destination: Path
    posts: int = 0
    pages: int = 0
    tags: int = 0
    categories: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    site: Site | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def build(config: Config, now: datetime | None = None) -> BuildResult:
    """Build the whole site into config.destination; on any error write nothing and say why."""
    started = time.perf_counter()
    now = now or datetime.now(timezone.utc)
    check_destination(config.destination, config.source, config.content_root)
    sources, warnings = discover(config)
    report = _Report(list(warnings))
    documents = [doc for doc in (_load(source, config, report) for source in sources if source.kind != "asset") if doc]
    documents = [doc for doc in documents if _wanted(doc, config, now, report)]
    settings = MarkdownSettings(raw_html=config.raw_html, open_depth=config.open_depth)
    rendered = [(doc, body) for doc, body in ((doc, _render(doc, settings, report)) for doc in documents) if body]
    report.liquid_warnings(rendered)
    site, clashes = build_site(config, rendered)
    report.errors.extend(Diagnostic.from_error(error) for error in clashes)
    environment = template_environment(config)
    shared = shared_context(site, config)
    outputs: list[OutputFile] = []
    for plan in plan_pages(site, config, theme_digest(config)):
        try:
            outputs.append(render_page(environment, plan, shared))
        except ContentError as error:
            report.errors.append(Diagnostic.from_error(error))
            if error.path.startswith("templates/"):
                break  # the same template mistake would be reported once per page
    outputs.extend(static_files(config))
    outputs.extend(OutputFile(_asset_path(s, config), copy_from=s.path) for s in sources if s.kind == "asset")
    outputs.append(OutputFile(".nojekyll", b""))
    outputs = report.unique_paths(outputs)
    result = BuildResult(
        destination=config.destination, posts=len(site.posts), pages=len(site.pages), tags=len(site.tags),
        categories=len(site.categories), warnings=tuple(report.warnings), errors=tuple(report.errors), site=site,
    )
    if report.errors:
        return _finish(result, 0, started)
    return _finish(result, write_site(config.destination, outputs), started)


def _finish(result: BuildResult, files: int, started: float) -> BuildResult:
    return BuildResult(**{**{f: getattr(result, f) for f in result.__dataclass_fields__},
                          "files": files, "seconds": time.perf_counter() - started})


def _load(source: SourceFile, config: Config, report: "_Report") -> Document | None:
    try:
        return load_document(source, read_text(source), config)
    except ContentError as error:
        if str(error.message) == "post file name has no date":
            report.warnings.append(Diagnostic(source.relative, None, "skipped: a post's file name must start with its date (YYYY-MM-DD-)"))
        else:
            report.errors.append(Diagnostic.from_error(error))
        return None


def _wanted(document: Document, config: Config, now: datetime, report: "_Report") -> bool:
    if not document.published:
        return False
    if document.kind == "draft" and not config.drafts:
        return False
    if document.kind in ("post", "draft") and document.date > now and not config.future:
        report.warnings.append(Diagnostic(document.source.relative, None,
                                          f"skipped: dated {document.date:%Y-%m-%d}, in the future (build with --future to include it)"))
        return False
    return True


def _render(document: Document, settings: MarkdownSettings, report: "_Report") -> RenderedBody | None:
    try:
        return render_body(document.body, settings, first_line=document.body_line, outline=document.outline,
                           open_depth=document.open_depth, is_html=document.extension in (".html", ".htm", ".xml"))
    except ContentError as error:
        report.errors.append(Diagnostic.from_error(error))
        return None


def _asset_path(source: SourceFile, config: Config) -> str:
    return source.path.relative_to(config.content_root).as_posix()


class _Report:
    """Warnings and errors gathered while the build goes on through every file."""

    def __init__(self, warnings: list[Diagnostic]) -> None:
        self.warnings = warnings
        self.errors: list[Diagnostic] = []

    def liquid_warnings(self, rendered: list[tuple[Document, RenderedBody]]) -> None:
        """One warning per kind of Liquid tag per build, naming the first file that has it."""
        first: dict[str, str] = {}
        counts: dict[str, int] = {}
        for document, body in rendered:
            for tag in body.liquid_tags:
                first.setdefault(tag, document.source.relative)
                counts[tag] = counts.get(tag, 0) + 1
        for tag, where in first.items():
            self.warnings.append(Diagnostic(where, None, f"removed Liquid tag '{{% {tag} %}}' (paperfold does not run Liquid; {counts[tag]} file(s) use it)"))

    def unique_paths(self, outputs: list[OutputFile]) -> list[OutputFile]:
        """A generated page and a copied file on one path: an error, never a silent overwrite."""
        seen: dict[str, OutputFile] = {}
        for output in outputs:
            if output.path in seen:
                origin = str(output.copy_from) if output.copy_from else "a generated page"
                self.errors.append(Diagnostic(output.path, None, f"two files would be written here ({origin} and another)", "error"))
                continue
            seen[output.path] = output
        return list(seen.values())


__all__ = ["BuildResult", "build", "SiteError"]
