"""The compiled fast path: bodies whose Markdown none of paperfold's rules touch, rendered by
markdown-it-pyrs, with their outline and code fences rendered as the reference path renders them.

markdown-it-pyrs is markdown-it's design in Rust, by the markdown-it-py maintainers' organisation:
on plain CommonMark it writes the same HTML as markdown-it-py about ten times as fast. paperfold's
reference path (render.py: markdown-it-py with kramdown's rules) is the one that decides what a page
says; this path is taken only where the text between a body's top-level fences holds nothing any of
those rules reads, found by a scan before rendering (`_NEEDS_REFERENCE` and `_TYPOGRAPHY`):

- no HTML (`<`), kramdown's attribute lists and extensions (`{`), math (`$`), tables (`|`),
  footnotes (`[^`), reference definitions (`]:`), strikethrough (`~~`), entities (`&`), NUL, white
  space but space, tab and line feed (Python's strip, which the reference trims a paragraph with,
  takes NBSP, U+3000 and CR too), and escapes of what typography reads (`\\"`, `\\-`...);
- no emphasis mark beside a character outside ASCII but a letter or digit, no backticks that
  markdown-it-pyrs could fail on (`_paired_code`), no fence inside a list or a quote;
- with typography on, none of the characters it changes: quotes, `--`, `...`, `<<`, `>>`;
- links only to addresses the reference path allows and writes alike (ASCII, no space, a safe
  scheme), and none at all where a base URL is prefixed;
- no linkify (markdown-it-pyrs finds bare links otherwise).

The fences themselves, outline or code, go to the reference renderer's own fence rule, token by
token, so outlines, highlighting and what they note (papers, search sections) are made by the same
code on both paths. Headings get the ids heading_ids.py gives them, made from the same shown text.
Pieces of prose between top-level fences render alone: CommonMark's top-level blocks write their
HTML independently once no reference definitions or footnotes connect them.

Without a wheel for this machine, `markdown_it_pyrs` is missing and every body takes the reference
path (the tests compare both paths by replacing `compiled_engine` with one that finds none).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from generator.markdown.heading_ids import numbered_ids, text_id

if TYPE_CHECKING:
    from markdown_it_pyrs import MarkdownIt as CompiledMarkdownIt
    from markdown_it_pyrs import Node

# What sends a body to the reference path wherever it is outside a fence (see the docstring).
_NEEDS_REFERENCE = re.compile(r"""[<{$|&\0]|[^\S \t\n]|\[\^|\]:|~~|\\[-"'.>]""")
_TYPOGRAPHY = re.compile(r"""["']|--|\.\.\.|<<|>>""")
# A link's or image's destination, to the `)` or the line's end: what the check below reads.
_DESTINATION = re.compile(r"\]\(([^)\n]*)")
# Printable ASCII, and a colon only after a scheme the reference allows (render.py's `_safe_link`).
_PLAIN_DESTINATION = re.compile(r"(?:(?:https?|ftp|mailto):)?[!-9;-~]*", re.IGNORECASE)


@lru_cache(maxsize=1)
def compiled_engine() -> CompiledMarkdownIt | None:
    """markdown-it-pyrs's CommonMark, or None without it. Strikethrough stays off: the two libraries
    pair runs of tildes differently (`~~a~~~~b~~`), so text with `~~` takes the reference path."""
    try:
        from markdown_it_pyrs import MarkdownIt as Compiled
    except ImportError:  # no wheel for this machine: the reference path renders every body
        return None
    return Compiled("commonmark")


def make_compiled_engines() -> None:
    """Both compiled parsers made now (markdown-it-pyrs imported), for processes forked later to share."""
    if compiled_engine() is not None:
        _block_engine()


@lru_cache(maxsize=1)
def _block_engine() -> CompiledMarkdownIt:
    """CommonMark's block rules alone: where the fences are, without reading any span (the scan
    that decides runs before any inline parsing, which markdown-it-pyrs can fail on: `_paired_code`)."""
    from markdown_it_pyrs import MarkdownIt as Compiled

    return Compiled("zero").enable_many(["blockquote", "code", "fence", "heading", "hr", "html_block", "lheading",
                                         "list", "paragraph", "reference"])


def fast_markup(text: str, reference: MarkdownIt, env: dict[str, Any], *, typography: bool, baseurl: str,
                linkify: bool, id_prefix: str | None) -> str | None:
    """`text` rendered as `reference.render(text, env)` would, or None when the reference path must
    do it. `id_prefix` is what heading ids start with (kramdown's `auto_id_prefix`), None for no ids."""
    engine = compiled_engine()
    if engine is None or linkify:
        return None
    try:
        source = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which markdown-it-pyrs cannot take
        return None
    blocks = _block_engine().tree(text).children
    fences = [block for block in blocks if block.name == "fence"]
    if any(node.name == "fence" for block in blocks if block.name != "fence" for node in block.walk()):
        return None  # a fence in a list or a quote, which only the reference path renders as its own
    prose = _between(source, fences)
    if not all(_plain_info(str(fence.meta.get("info", ""))) for fence in fences) or \
            not all(_plain(piece, typography=typography, baseurl=bool(baseurl)) for piece in prose):
        return None
    markup = _prose_markup(engine, prose, id_prefix)
    if markup is None:
        return None
    out: list[str] = []
    line = 0
    for piece, html, fence in zip(prose, markup, [*fences, None]):
        out.append(html)
        line += piece.count("\n")
        if fence is not None and fence.srcmap is not None:
            start, end = fence.srcmap
            lines = source.count(b"\n", start, end)
            last = source[source.rfind(b"\n", start, end) + 1:end].decode("utf-8")
            open_at_end = end == len(source) and not source.endswith(b"\n") and not _closes(last, fence.meta)
            out.append(_reference_fence(reference, env, fence.meta, [line, line + lines + 1],
                                        last_line=last if open_at_end else None))
            line += lines
    return "".join(out)


def _prose_markup(engine: CompiledMarkdownIt, prose: Sequence[str], id_prefix: str | None) -> list[str] | None:
    """Each piece of prose's HTML, its headings with their ids; None if markdown-it-pyrs fails on one."""
    try:
        trees = [engine.tree(piece) if piece.strip(" \t\n") else None for piece in prose]
        ids = _heading_ids(trees, id_prefix)
        return [_with_ids(engine.render(piece), ids) if tree else "" for piece, tree in zip(prose, trees)]
    except BaseException as error:  # pyo3 raises a panic in Rust as PanicException, a BaseException
        if type(error).__name__ != "PanicException":
            raise
        return None


def _between(source: bytes, fences: Sequence[Node]) -> list[str]:
    """The text before, between and after these fences (whose places are byte offsets in `source`)."""
    pieces: list[str] = []
    position = 0
    for fence in fences:
        start, end = fence.srcmap or (position, position)
        pieces.append(source[position:start].decode("utf-8"))
        position = end
    pieces.append(source[position:].decode("utf-8"))
    return pieces


def _heading_ids(trees: Sequence[Node | None], prefix: str | None) -> Iterator[str]:
    """The id attribute of each heading in these pieces, in order ("" for none), as heading_ids.py gives them."""
    headings = [node for tree in trees if tree is not None for node in tree.walk()
                if node.name in ("heading", "lheading")]
    anchors = numbered_ids(text_id("".join(_shown(heading))) for heading in headings)
    return iter([f' id="{escapeHtml(prefix + anchor)}"' if anchor and prefix is not None else ""
                 for anchor in anchors])


def _shown(node: Node) -> Iterator[str]:
    """The text of a heading's inline nodes that its id is made of: an image's alt text is not."""
    for child in node.children:
        if child.name in ("text", "text_special"):
            yield str(child.meta.get("content", ""))
        elif child.name != "image":
            yield from _shown(child)


_HEADING = re.compile(r"<h([1-6])>")


def _with_ids(markup: str, ids: Iterator[str]) -> str:
    """markdown-it-pyrs's HTML with the next heading ids on its headings, and an empty quote written
    as markdown-it-py writes it, on one line (no tag is text in it: prose with a `<` goes to the
    reference path, and code's is escaped)."""
    markup = markup.replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")
    return _HEADING.sub(lambda found: f"<h{found.group(1)}{next(ids)}>", markup)


def _plain(prose: str, *, typography: bool, baseurl: bool) -> bool:
    """Whether none of paperfold's rules reads this prose (so markdown-it-pyrs writes it alike)."""
    if _NEEDS_REFERENCE.search(prose) or (typography and _TYPOGRAPHY.search(prose)):
        return False
    if any(not _letter(found.group(1) or found.group(2)) for found in _DELIMITER_BESIDE_NON_ASCII.finditer(prose)):
        return False
    if "`" in prose and "[" in prose and not _paired_code(prose):
        return False
    if "](" not in prose:
        return True
    return not baseurl and all(_PLAIN_DESTINATION.fullmatch(each) for each in _DESTINATION.findall(prose))


# Emphasis beside a character outside ASCII: whether it opens or closes depends on which characters
# count as punctuation, where the two libraries differ (markdown-it-py takes symbols like `£` too).
_DELIMITER_BESIDE_NON_ASCII = re.compile(r"[*_~]([^\x00-\x7f])|([^\x00-\x7f])[*_~]")


def _letter(character: str) -> bool:
    return unicodedata.category(character)[0] in "LN"


_BACKTICKS = re.compile(r"`+")


def _paired_code(prose: str) -> bool:
    """Whether every run of backticks closes or is closed by one on its own line, none escaped nor in a
    link's destination. markdown-it-pyrs 0.4.0 panics on a run left open inside a link's text (`[a `b]`);
    a run that pairs up on its line is read as a code span by both paths, and its link text is safe."""
    if "\\`" in prose or any("`" in each for each in _DESTINATION.findall(prose)):
        return False
    for line in prose.splitlines():
        runs = [len(run) for run in _BACKTICKS.findall(line)]
        while runs:
            opening = runs.pop(0)
            if opening not in runs:
                return False
            del runs[:runs.index(opening) + 1]
    return True


def _plain_info(info: str) -> bool:
    return not any(mark in info for mark in "\\&{")


def _closes(line: str, meta: Any) -> bool:
    """Whether `line` is a closing fence for a fence of this marker and length."""
    marks = line.lstrip(" ").rstrip(" \t")
    return len(line) - len(line.lstrip(" ")) < 4 and len(marks) >= int(meta["marker_len"]) \
        and set(marks) == {str(meta["marker"])}


def _reference_fence(reference: MarkdownIt, env: dict[str, Any], meta: Any, where: list[int], *,
                     last_line: str | None) -> str:
    """A top-level fence as the reference renderer writes it: its own fence rule, with the same token.

    `last_line` is the text's last line when the fence is left open to the end of a text with no
    final line feed: markdown-it-py's content then has no line feed after it, or not that line at
    all if it is blank; markdown-it-pyrs's content ends in a line feed either way."""
    content = str(meta.get("content", ""))
    if last_line is not None and content.endswith("\n"):
        cut = content.rfind("\n", 0, len(content) - 1) + 1 if not last_line.strip(" \t") else len(content) - 1
        content = content[:cut]
    token = Token("fence", "code", 0, map=where, block=True, info=str(meta.get("info", "")),
                  content=content, markup=str(meta["marker"]) * int(meta["marker_len"]))
    return str(reference.renderer.render([token], reference.options, env))
