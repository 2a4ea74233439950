"""Stage 5b: pages through Jinja2 (autoescape on) into OutputFiles; theme and assets alongside."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from functools import partial
from pathlib import Path, PurePath
from typing import Any, NamedTuple

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from generator.config.settings import Config
from generator.config.theme import theme_files
from generator.content.urls import url_for_path, with_baseurl
from generator.errors import ContentError
from generator.markdown.render import RenderedBody
from generator.site.model import Site
from generator.site.paper_rows import paper_rows
from generator.site.plans import SITE_PARTS, PagePlan
from generator.site.write import OutputFile

THEME_SUFFIXES = (".html", ".xml", ".txt", ".json")
_OWN_MODULES = __name__.partition(".")[0] + "."
# About how much of Jinja's output is joined and encoded at a time (see _Splices.join): by size, not
# by count, as a piece may be one small value or a papers row of many links (site/paper_rows.py).
_CHARACTERS_PER_BATCH = 1 << 18


def template_environment(config: Config, templates: Mapping[str, Path] | None = None,
                         bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Templates from the site's `templates/` first, then the bundled theme's: those of
    `theme_files(config, "templates")` (config/theme.py), read when not given; in Jinja's sandbox
    unless the site says it trusts its own (`paperfold: trusted_templates: true`). Compiled, they
    are kept in `bytecode_cache` when one is given (the incremental layer keeps them between builds)."""
    if templates is None:
        templates = theme_files(config, "templates")[0]
    kind = jinja2.Environment if config.trusted_templates else _SiteSandbox
    environment = kind(
        loader=_ListedLoader(templates), autoescape=jinja2.select_autoescape(THEME_SUFFIXES, default_for_string=True),
        bytecode_cache=bytecode_cache,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    base = config.baseurl
    absolute = config.url + base

    def url_for(url: str) -> str:
        return with_baseurl(base, url)

    environment.globals.update(
        url_for=url_for,
        paper_rows=partial(paper_rows, url_for=url_for),
        absolute_url=lambda url: absolute + (url if url.startswith("/") else "/" + url),
        url_of_path=url_for_path,
        to_json=lambda value: Markup(json.dumps(value, ensure_ascii=False).replace("</", "<\\/")),
    )
    environment.filters["iso"] = lambda when: when.isoformat()
    environment.filters["rfc3339"] = _rfc3339
    environment.filters["day"] = lambda when: when.strftime("%Y-%m-%d")
    environment.filters["html"] = Markup
    environment.filters["cdata"] = _cdata
    environment.filters["body_html"] = _body_html
    environment.filters["body_cdata"] = _body_cdata
    environment.filters["counted"] = _counted
    return environment


class _ListedLoader(jinja2.BaseLoader):
    """Only the files listed, by name: a template cannot reach any other file (one a link leads
    to, through a linked folder, say), which a loader searching folders would open."""

    def __init__(self, files: Mapping[str, Path]) -> None:
        self.files = files

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.files.get("/".join(split_template_path(template)))
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            modified = path.stat().st_mtime_ns
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:  # removed since it was listed
            raise jinja2.TemplateNotFound(template) from None

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime_ns == modified
            except OSError:
                return False

        return text, str(path), unchanged

    def list_templates(self) -> list[str]:
        return sorted(self.files)


class _SiteSandbox(SandboxedEnvironment):
    """Jinja's sandbox, for templates that came with someone's site: no Python internals
    (`cycler.__init__.__globals__`), and no path's methods either, as paths are what templates
    can reach that read, write or delete files (`page.document.source.path.unlink()`)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and not (isinstance(obj, PurePath) and callable(value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        # paperfold's own values (entries, documents, bodies, paper notes) are most of what templates
        # read, and none has an internal attribute but those starting with "_": Jinja's checks of each
        # read, a fifth of the time a page took, are skipped for them. Every package's (not only
        # site/'s, which left documents and bodies to the checks): for an instance of a class of
        # ours Jinja's is_internal_attribute refuses nothing else, so the answers are the same.
        if type(obj).__module__.startswith(_OWN_MODULES) and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        if isinstance(obj, jinja2.Undefined):
            return obj  # `a.__class__.__init__`: the first part refused is the one to name
        owner = obj.__name__ if isinstance(obj, type) else type(obj).__name__
        return self.undefined(f"'{owner}.{attribute}' is not allowed in a site's templates", name=attribute, obj=obj,
                              exc=SecurityError)


def _counted(entries: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, int]]:
    """`{% for anchor, text, seen in page.body.outline_map | counted %}`: each entry with how many
    entries so far, itself included, read as it does. A dict updated by the template took most of
    a post page's time in the sandbox, which checks each method read and call."""
    seen: dict[str, int] = {}
    for anchor, text in entries:
        seen[text] = seen.get(text, 0) + 1
        yield anchor, text, seen[text]


def _cdata(text: str) -> Markup:
    """Text as XML character data, unescaped, as jekyll-feed writes a post's HTML: escaping every
    `<` of the feed's full posts made it the slowest page of a rebuild. `]]>` is split in two."""
    return Markup("<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>")


@jinja2.pass_context
def _body_html(context: jinja2.runtime.Context, body: RenderedBody) -> Markup:
    """`{{ page.body | body_html }}`: the body's HTML as it is, like `page.body.html | html`, but
    put into the page as bytes after rendering (see _Splices)."""
    return context["_splices"].add(body.html_utf8)


@jinja2.pass_context
def _body_cdata(context: jinja2.runtime.Context, body: RenderedBody) -> Markup:
    """`{{ post.body | body_cdata }}`: the body's HTML as XML character data (see _cdata)."""
    return context["_splices"].add(b"<![CDATA[" + body.html_utf8.replace(b"]]>", b"]]]]><![CDATA[>") + b"]]>")


class _Splices:
    """Body HTML a page holds as placeholders while Jinja renders it, put in as bytes afterwards.

    A body is kept as UTF-8 bytes; through Jinja it would be decoded, copied into the page's
    text and encoded again, which for the feed (whole posts, megabytes) cost more than
    rendering the edited post. Each placeholder carries a random nonce, so no text of the
    author's can pass for one.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.parts: list[bytes] = []
        self._pattern = re.compile(b"\xee\x80\x80" + self.nonce.encode() + b":(\\d+)\xee\x80\x81")

    def add(self, data: bytes) -> Markup:
        self.parts.append(data)
        return Markup(f"\ue000{self.nonce}:{len(self.parts) - 1}\ue001")

    def join(self, pieces: Iterator[str]) -> bytes:
        """The page from Jinja's pieces, encoded a batch at a time: the papers index of a big blog
        runs to tens of megabytes, and the whole page as one str would take twice that again."""
        encoded: list[bytes] = []
        batch: list[str] = []
        size = 0
        # A placeholder is one piece (one expression's output), so never split between batches.
        for piece in pieces:
            batch.append(piece)
            size += len(piece)
            if size >= _CHARACTERS_PER_BATCH:
                encoded.append(self._encoded(batch))
                batch, size = [], 0
        encoded.append(self._encoded(batch))
        return b"".join(encoded)

    def _encoded(self, batch: list[str]) -> bytes:
        data = "".join(batch).encode("utf-8")
        return self._pattern.sub(lambda match: self.parts[int(match[1])], data) if self.parts else data


def _rfc3339(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def theme_digest(config: Config, templates: Iterable[Path]) -> str:
    """Changes whenever any template (config/theme.py's theme_files) or setting changes: part of every page's key."""
    # The config's text rather than its values (what templates see as site.*), which aliases may make huge.
    digest = hashlib.sha1(repr((config.text_digest, config.baseurl, config.permalink, config.open_depth,
                                config.compat_paths, config.search, config.raw_html, config.lang,
                                config.trusted_templates)).encode("utf-8"))
    for path in templates:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


class RenderedPage(NamedTuple):
    """A page's file and which of the site's changing values (pages.SITE_PARTS) it read."""

    file: OutputFile
    reads: tuple[str, ...]


def render_page(environment: jinja2.Environment, plan: PagePlan, shared: dict[str, Any]) -> RenderedPage:
    """One page; a template mistake becomes a ContentError naming the template and line."""
    site, splices = _RecordedReads(shared["site"]), _Splices()
    try:
        template = environment.get_template(plan.template)
        data = splices.join(template.generate({**shared, "site": site, "_splices": splices}, **plan.context()))
    except jinja2.TemplateNotFound as error:
        raise ContentError(f"templates/{error.name}", None, f"template not found (needed for {plan.output_path})") from None
    except jinja2.TemplateSyntaxError as error:
        raise ContentError(f"templates/{error.name or plan.template}", error.lineno, f"template syntax error: {error.message}") from None
    except SecurityError as error:
        raise ContentError(*_template_location(error, plan.template), (
            f"{error} (a site that trusts its templates says 'paperfold: trusted_templates: true' in _config.yml)"
        )) from None
    except jinja2.UndefinedError as error:
        message = (error.message or "").replace(_RecordedReads.shown_as, "'site'")
        raise ContentError(*_template_location(error, plan.template), f"undefined in template: {message}") from None
    except Exception as error:
        # A template's own expression failing ({{ 1/0 }}, a filter given the wrong value) is the
        # site author's to fix; an error raised outside any template is paperfold's, and kept.
        where = _template_location(error, plan.template, fallback_line=-1)
        if where[1] == -1:
            raise
        raise ContentError(*where, f"{type(error).__name__}: {error} (while rendering {plan.output_path})") from None
    return RenderedPage(OutputFile(plan.output_path, data), tuple(sorted(site.reads)))


class _RecordedReads(Mapping[str, Any]):
    """`site` as one page's templates see it, noting which changing values they read.

    A page that never reads `site.posts` need not be rendered again when a post's title changes
    elsewhere; one whose template does (a sidebar of recent posts) is. What a page read when it
    was last rendered is part of its key (pages.page_key), so a site's own templates get their
    dependencies right without declaring them.
    """

    # How Jinja names this type in "... has no attribute" messages; they say 'site' instead.
    shown_as = f"'{__module__}._RecordedReads object'"

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values
        self.reads: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        if key in SITE_PARTS:
            self.reads.add(key)
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        self.reads.update(SITE_PARTS)  # a template walking every key may show any of them
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _template_location(error: BaseException, fallback: str, fallback_line: int | None = None) -> tuple[str, int | None]:
    """The innermost template frame of a rendering error: which file and line the user must fix
    (`fallback` and `fallback_line` when no frame is a template's).

    Jinja rewrites tracebacks so that template frames carry the template's file name and line.
    """
    traceback = error.__traceback__
    found: tuple[str, int | None] = (f"templates/{fallback}", fallback_line)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if "/templates/" in filename.replace("\\", "/"):
            found = (_shown_template(filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _shown_template(filename: str) -> str:
    parts = Path(filename).parts
    return "/".join(parts[parts.index("templates"):]) if "templates" in parts else filename


def shared_context(site: Site, config: Config, papers: tuple[Any, ...] = ()) -> dict[str, Any]:
    """What every template sees: `site` (Jekyll's keys, unknown keys too) and the collections."""
    values = config.site_values()
    values.update(posts=site.posts, pages=site.pages, tags=site.tags, categories=site.categories,
                  search=config.search, papers=papers, paper_count=len(papers))
    # The newest post's date rather than the clock: the same sources always give the same bytes.
    values["time"] = max((post.document.date for post in site.posts), default=datetime.fromtimestamp(0, timezone.utc))
    return {"site": values, "config": config}
