"""Stage 3: a document body to HTML with markdown-it-py; outline fences go to the outline engine."""

from __future__ import annotations

import functools
import hashlib
import html
import pickle
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from generator.config.kramdown import KRAMDOWN_DEFAULTS, KramdownOptions
from generator.content.liquid import LiquidProblem, LiquidScope, render_liquid
from generator.content.store import BodyStore, Stored, unkept
from generator.markdown.attribute_definitions import use_attribute_definitions
from generator.markdown.extensions import use_kramdown_extensions
from generator.markdown.fast import fast_markup
from generator.markdown.fence import FenceMemo, render_fence
from generator.markdown.footnotes import use_kramdown_footnotes
from generator.markdown.heading_ids import use_heading_ids
from generator.markdown.html_blocks import use_kramdown_html_blocks
from generator.markdown.kramdown import fence_with_attributes, use_kramdown_attributes
from generator.markdown.lines import use_line_table
from generator.markdown.linkify import use_quick_linkify
from generator.markdown.links import use_kramdown_links
from generator.markdown.tables import use_kramdown_tables
from generator.markdown.typography import use_typography
from generator.outline.html import outline_map
from generator.outline.parser import Outline, looks_like_outline
from generator.outline.sections import SearchSection
from generator.papers.index import note_keys
from generator.papers.notes import PaperNote, paper_notes_in_markdown

OUTLINE_INFO = "outline"
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """What changes how Markdown renders, site-wide."""

    raw_html: bool = True
    open_depth: int = 2
    baseurl: str = ""
    site_url: str = ""
    excerpt_separator: str = ""  # Jekyll's, when set: the excerpt is all before it, not the first paragraph
    typography: bool = True  # kramdown's smart quotes and dashes (`typography.py`)
    kramdown: KramdownOptions = KRAMDOWN_DEFAULTS  # Jekyll's `kramdown:` settings: the marks, heading ids
    # Bare addresses (`twitter.com`, `https://x.org`) made links: kramdown, and so Jekyll, leaves them text.
    linkify: bool = False


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A body's HTML and what the site needs to know about it without parsing it again.

    Flat values only: outline trees can be 10,000 levels deep and pickle (the build cache)
    recurses per level, so the trees themselves stay out of here.

    The HTML is kept as UTF-8 bytes (`html` decodes it): mostly ASCII markup, it takes about half
    the memory of a str holding any CJK character, and a cached body loads without decoding it.
    A build moves the bulky fields (`*_kept`: HTML, search sections, paper notes and their merge
    keys, outline map) to its BodyStore (`kept_in`), where they take no memory until read: they
    compare by `html_digest` and `papers_digest`.
    """

    html_kept: bytes | Stored = field(compare=False)
    outline_items: int
    has_math: bool
    excerpt: str
    liquid_problems: tuple[LiquidProblem, ...]  # the error that stopped its Liquid, if one did
    link_targets: tuple[str, ...] = ()  # what its link tags name (link_table.link_target), found or not
    map_kept: tuple[tuple[str, str], ...] | Stored = field(default=(), compare=False)
    papers_kept: tuple[PaperNote, ...] | Stored = field(default=(), compare=False)
    paper_count: int = 0
    search_kept: tuple[SearchSection, ...] | Stored = field(default=(), compare=False)
    keys_kept: bytes | Stored = field(default=b"", compare=False)  # papers_index.note_keys(papers).packed
    # Digests of `html` and `papers`, made once with the body: every build needs them.
    html_digest: str = ""
    papers_digest: str = ""

    def __post_init__(self) -> None:
        if not self.html_digest:
            object.__setattr__(self, "html_digest", hashlib.sha1(self.html_utf8).hexdigest())
        if not self.papers_digest:
            object.__setattr__(self, "papers_digest", hashlib.sha1(repr(self.papers).encode("utf-8")).hexdigest())

    @property
    def html_utf8(self) -> bytes:
        return unkept(self.html_kept)

    @property
    def html(self) -> str:
        return self.html_utf8.decode("utf-8", "surrogatepass")

    @property
    def outline_map(self) -> tuple[tuple[str, str], ...]:
        """(anchor, text) of the outlines' top items, for the page's map of them."""
        return unkept(self.map_kept)

    @property
    def papers(self) -> tuple[PaperNote, ...]:
        return unkept(self.papers_kept)

    @property
    def search_sections(self) -> tuple[SearchSection, ...]:
        return unkept(self.search_kept)

    @property
    def paper_keys(self) -> bytes:
        """What the papers index merges this body's notes by (`papers.index.note_keys`)."""
        return unkept(self.keys_kept)  # type: ignore[no-any-return]

    def kept_in(self, store: BodyStore) -> RenderedBody:
        """This body with its bulky fields in `store`."""
        return self if isinstance(self.html_kept, Stored) else RenderedBody.from_parts(self.parts(), store)

    def parts(self) -> BodyParts:
        """This body as the build cache keeps it and the pool's workers send it: the small fields,
        then each bulky one as bytes, the HTML as it is and the others pickled ("" when empty).
        Loading these costs next to nothing and goes to a BodyStore as it is; loading the body
        whole would rebuild every paper note and search section only to pickle them again."""
        return BodyParts(replace(self, html_kept=b"", map_kept=(), papers_kept=(), search_kept=(), keys_kept=b""),
                         self.html_utf8, _pickled(self.outline_map), _pickled(self.papers),
                         _pickled(self.search_sections), unkept(self.keys_kept))

    @staticmethod
    def from_parts(parts: BodyParts, store: BodyStore | None) -> RenderedBody:
        """The body `parts` made, its bulky fields in `store` (or in memory without one)."""
        small, html, outline_map, papers, search, keys = parts
        if store is None:
            return replace(small, html_kept=html, map_kept=_unpickled(outline_map), papers_kept=_unpickled(papers),
                           search_kept=_unpickled(search), keys_kept=keys)
        return replace(small, html_kept=store.put(html), map_kept=_stored(store, outline_map),
                       papers_kept=_stored(store, papers), search_kept=_stored(store, search),
                       keys_kept=store.put(keys) if keys else b"")


class BodyParts(NamedTuple):
    small: RenderedBody
    html: bytes
    outline_map: bytes
    papers: bytes
    search: bytes
    paper_keys: bytes


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) if value else b""


def _unpickled(data: bytes) -> Any:
    return pickle.loads(data) if data else ()


def _stored(store: BodyStore, data: bytes) -> Stored | tuple[()]:
    return store.put(data, pickled=True) if data else ()


def render_body(
    body: str, settings: MarkdownSettings, *, outline: bool | None = None,
    open_depth: int | None = None, is_html: bool = False, fences: FenceMemo | None = None,
    links: Mapping[str, str] | None = None, scope: LiquidScope | None = None,
) -> RenderedBody:
    """Render one body; `outline` forces (True) or forbids (False) outline fences, None detects.

    `fences` lends outline fences rendered before, and collects this body's. `links` are the URLs
    of what its link tags name (`{% post_url %}`), as far as the build knows them. With a `scope`,
    its Liquid runs first, over the whole body (fences too), as Jekyll's does.
    """
    liquid = render_liquid(body, scope, links, markdownify=functools.partial(_markdownify, settings))
    problems = (liquid.problem,) if liquid.problem else ()
    if is_html:
        text = liquid.text
        return RenderedBody(_utf8(text), 0, False, _excerpt(text), problems, liquid.targets)
    env = _render_env(outline, settings.open_depth if open_depth is None else open_depth, fences)
    engine = markdown_engine(settings)
    ids = settings.kramdown.auto_id_prefix if settings.kramdown.auto_ids else None
    markup = fast_markup(liquid.text, engine, env, typography=settings.typography, baseurl=settings.baseurl,
                         linkify=settings.linkify, id_prefix=ids)
    if markup is None:
        markup = engine.render(liquid.text, env)
    outlines: list[Outline] = env["outlines"]
    top_nodes = tuple(entry for each in outlines for entry in outline_map(each))
    papers = tuple(env["papers"]) + paper_notes_in_markdown(liquid.text)
    keys = note_keys(papers)
    return RenderedBody(
        html_kept=_utf8(markup),
        outline_items=sum(each.item_count for each in outlines),
        has_math=env["has_math"],
        excerpt=_marked_excerpt(liquid.text, settings) or _excerpt(markup),
        liquid_problems=problems,
        link_targets=liquid.targets,
        map_kept=top_nodes,
        papers_kept=papers,
        paper_count=keys.paper_count,
        search_kept=tuple(env["search"]),
        keys_kept=keys.packed,
    )


def _markdownify(settings: MarkdownSettings, text: str) -> str:
    """Jekyll's markdownify filter: the text as a body's Markdown, with no outline."""
    return markdown_engine(settings).render(text, _render_env(False, settings.open_depth, None))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=4)
def markdown_engine(settings: MarkdownSettings) -> MarkdownIt:
    """One configured parser per settings value (building one costs more than a small post)."""
    # commonmark's maxNesting of 20 silently drops everything after a list nested ~9 deep.
    engine = MarkdownIt("commonmark", {"html": settings.raw_html, "linkify": settings.linkify, "typographer": False,
                                       "highlight": _highlight, "maxNesting": 100})
    engine.enable(["table", "strikethrough", "linkify"])
    # `$x$` math only where it cannot be money or shell variables ($5 and $8, $HOME and $PATH): no
    # space inside its dollars, no digit outside; `$$x$$` in a line is inline math, as in kramdown.
    engine.use(footnote_plugin).use(use_heading_ids, settings.kramdown).use(
        dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    use_kramdown_attributes(engine)
    use_kramdown_tables(use_kramdown_html_blocks(use_kramdown_extensions(engine)))
    use_attribute_definitions(engine)
    use_kramdown_links(engine)
    if settings.typography:
        use_typography(engine, dict(settings.kramdown.marks))
    engine.validateLink = _safe_link  # type: ignore[method-assign]  # markdown-it's own hook for this
    engine.add_render_rule("fence", _render_fence)
    if settings.baseurl:
        engine.core.ruler.push("baseurl_links", lambda state: _prefix_baseurl(state.tokens, settings.baseurl))
    use_kramdown_footnotes(engine)
    engine.add_render_rule("math_inline", _render_math_inline)
    engine.add_render_rule("math_inline_double", _render_math_inline)
    engine.add_render_rule("math_block", _render_math_block)
    return use_quick_linkify(use_line_table(engine))


def _render_fence(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[index]
    info = token.info.strip()
    mode = env.get("outline_mode")
    wants_outline = info == OUTLINE_INFO or (
        not info and mode is not False and (mode is True or looks_like_outline(token.content))
    )
    if not wants_outline:
        return fence_with_attributes(self, tokens, index, options, env)
    fence = render_fence(token.content, open_depth=env["open_depth"], memo=env.get("fences"),
                         taken_anchors=frozenset(anchor for each in env["outlines"] for anchor in each.anchors),
                         line_offset=token.map[0] + 1 if token.map else 0)
    env["outlines"].append(fence.outline)
    env["papers"].extend(fence.papers)
    env["search"].extend(fence.search)
    return fence.html


def _prefix_baseurl(tokens: Sequence[Token], baseurl: str) -> None:
    """Root-absolute links and images in prose get the base path, as on a GitHub project page."""
    for token in tokens:
        for child in token.children or ():
            name = "href" if child.type == "link_open" else "src" if child.type == "image" else None
            value = child.attrGet(name) if name else None
            if name and isinstance(value, str) and value.startswith("/") and not value.startswith("//") \
                    and not (value + "/").startswith(baseurl + "/"):
                child.attrSet(name, baseurl + value)


def _render_math_inline(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    env["has_math"] = True
    return f'<span class="math inline">\\({html.escape(tokens[index].content)}\\)</span>'


def _render_math_block(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    env["has_math"] = True
    return f'<div class="math display">\\[{html.escape(tokens[index].content)}\\]</div>\n'


_FORMATTER = HtmlFormatter(nowrap=True)


def _highlight(code: str, language: str, attributes: str) -> str:
    """Pygments for fences that name a language; unknown languages stay plain but escaped."""
    if not language:
        return ""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return ""
    body = pygments_highlight(code, lexer, _FORMATTER)
    if any(option.split("=")[0] == "linenos" for option in attributes.split()):
        body = _numbered(body)
    return f'<pre class="highlight"><code class="language-{html.escape(language)}">{body}</code></pre>'


def _numbered(body: str) -> str:
    """Pygments' lines beside a column of their numbers, in the table rouge makes for Jekyll's
    `linenos` (the classes Jekyll themes style), so the code's text reads as there."""
    count = body.count("\n") + (not body.endswith("\n"))
    numbers = "".join(f"{number}\n" for number in range(1, count + 1))
    return ('<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">'
            f'{numbers}</pre></td><td class="code"><pre>{body}</pre></td></tr></tbody></table>')


_SAFE_SCHEMES = re.compile(r"^\s*(?:https?:|ftp:|mailto:|[^:]*$|[^:]*[/?#])", re.IGNORECASE)


def _safe_link(url: str) -> bool:
    """Only http, https, ftp, mailto and relative links: never javascript:, data: or vbscript:."""
    return bool(_SAFE_SCHEMES.match(url))


def _render_env(outline: bool | None, open_depth: int, fences: FenceMemo | None) -> dict[str, Any]:
    """What markdown-it's rules read (outline mode and depth) and fill (outlines, papers, math...)."""
    return {"outline_mode": outline, "open_depth": open_depth, "outlines": [], "has_math": False, "papers": [],
            "search": [], "fences": fences}


def _marked_excerpt(text: str, settings: MarkdownSettings) -> str:
    """The text before the site's excerpt separator (`<!--more-->`, say), if the body has it, as plain text."""
    separator = settings.excerpt_separator
    if not separator or separator not in text:
        return ""
    before = markdown_engine(settings).render(text.split(separator, 1)[0], _render_env(False, 0, None))
    return _cut(" ".join(html.unescape(_without_tags(before, " ")).split()), MARKED_EXCERPT_LIMIT)


# An excerpt the author marked may run longer than a first paragraph, but lists stay lists.
MARKED_EXCERPT_LIMIT = 600


def _excerpt(markup: str, limit: int = 280) -> str:
    """The first paragraph as plain text, cut at a word boundary."""
    # The first `<p>` with a `</p>` after it is the first `<p>`, if any is: found so, raw HTML
    # of many `<p>` and no `</p>` is read once, where a search for <p>(.*?)</p> read it to the
    # end from every `<p>`.
    start = markup.find("<p>")
    end = markup.find("</p>", start + 3) if start >= 0 else -1
    if end < 0:
        return ""
    return _cut(html.unescape(_without_tags(markup[start + 3 : end], "")).strip(), limit)


def _without_tags(markup: str, replacement: str) -> str:
    """HTML tags (`<` to the next `>`) replaced, in time linear in the text: a `<` after the last
    `>` is no tag, and is not read to the end from every one of them."""
    pieces: list[str] = []
    position = 0
    for tag in _TAGS.finditer(markup, 0, markup.rfind(">") + 1):
        pieces += (markup[position : tag.start()], replacement)
        position = tag.end()
    pieces.append(markup[position:])
    return "".join(pieces)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
