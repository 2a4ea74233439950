"""kramdown's attribute lists and table of contents, as Jekyll posts use them.

Jekyll renders Markdown with kramdown, whose inline attribute lists (IALs) other Markdown shows as
text: `## Title {#id}` (a heading's own id, which links point to), `{: .class}` on the line after
a paragraph or a heading, `[link](url){:target="_blank"}` and `![image](x){: width="50%"}`, and
the table of contents that `* TOC` followed by `{:toc}` stands for (headings marked `{:.no_toc}`
left out), and Markdown inside an HTML block that asks for it (`<div markdown="1">`).
Only attributes that change how a page looks or links are taken: never an event handler.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'}]+)"""
_PART = rf"(?:[#.][\w-]+|[A-Za-z][\w-]*={_VALUE}|toc)"
PART = _PART  # one part of an attribute list, which definitions of them hold too
# `{: parts}` after a block or a span; a heading's own id, `{#id}`, ends its line (kramdown's syntax).
# White space before `}` is the parts' (or, without parts, the first \s*'s) alone: shared by two
# \s*, a run of it was tried split every way, in time growing with its square.
IAL = re.compile(rf"\{{:\s*(?:({_PART}(?:\s+{_PART})*)\s*)?\}}")
# What _heading_id finds, without trying each space of a run before it.
HEADING_ID = re.compile(r"[ \t]+\{#([A-Za-z][\w:-]*)\}\s*$")
_HEADING_ID_END = re.compile(r"\{#([A-Za-z][\w:-]*)\}\s*")
_PARTS = re.compile(rf"[#.][\w-]+|([A-Za-z][\w-]*)=({_VALUE})|toc")
ALLOWED = frozenset({"id", "class", "title", "target", "rel", "width", "height", "lang", "dir", "align", "alt", "style"})
TOC = "toc"


def use_kramdown_attributes(engine: MarkdownIt) -> MarkdownIt:
    """Attribute lists read before headings get their ids, the table of contents made after."""
    # An attribute list alone on a line ends the paragraph it follows, as in kramdown: the lines
    # after it start another (`![fig](x)` / `{: .center}` / `*caption*` are two paragraphs).
    engine.block.ruler.before("paragraph", "kramdown_attribute_line", _attribute_line, {"alt": ["paragraph"]})
    engine.core.ruler.before("anchor", "kramdown_attributes", _attributes)
    engine.core.ruler.before("anchor", "kramdown_markdown_in_html", _markdown_in_html)
    engine.core.ruler.after("anchor", "kramdown_toc", _table_of_contents)
    return engine


def _attribute_line(state: StateBlock, start: int, _end: int, silent: bool) -> bool:
    """A line holding only an IAL, as a paragraph of its own, which `_attributes` then gives to
    the block before it (or after it, past a blank line)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip()
    if not line.startswith("{:") or IAL.fullmatch(line) is None:
        return False
    if silent:
        return True
    state.line = start + 1
    state.push("paragraph_open", "p", 1).map = [start, state.line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = line, [start, state.line], []
    state.push("paragraph_close", "p", -1)
    return True


def parse_attributes(text: str) -> dict[str, str]:
    """`#id .a .b key="v" toc` as attributes: {"id": ..., "class": "a b", "key": "v", "toc": ""}."""
    found: dict[str, str] = {}
    for part in _PARTS.finditer(text):
        word = part.group(0)
        if word.startswith("#"):
            found["id"] = word[1:]
        elif word.startswith("."):
            found["class"] = f"{found['class']} {word[1:]}" if "class" in found else word[1:]
        elif word == TOC:
            found[TOC] = ""
        elif part.group(1).lower() in ALLOWED:
            found[part.group(1).lower()] = part.group(2).strip("\"'")
    return found


def _apply(token: Token, attributes: dict[str, str]) -> None:
    for name, value in attributes.items():
        if name == "class" and token.attrGet("class"):
            value = f"{token.attrGet('class')} {value}"
        if name != TOC:
            token.attrSet(name, value)


def _attributes(state: StateCore) -> None:
    tokens = state.tokens
    emptied: list[int] = []
    lists = _Lists(tokens)
    source = _Lines(state.src)
    top: Token | None = None  # the outermost block open here
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting == 1:
            top = token
        if token.type != "inline" or not token.children or "{" not in token.content:
            continue  # every attribute list has a brace: most text has none
        opening = tokens[index - 1]
        if opening.type == "heading_open":
            _heading(opening, token)
        elif opening.type == "paragraph_open" and _paragraph(tokens, index, token, lists, (source, top)):
            emptied.append(index)
        _spans(token.children)
    for index in reversed(emptied):  # a paragraph that held only an IAL shows nothing
        del tokens[index - 1 : index + 2]


def _heading(opening: Token, inline: Token) -> None:
    """`{#id}` at the end of a heading's line is its id; kramdown takes no other attribute there."""
    last = inline.children[-1] if inline.children else None
    found = _heading_id(last.content) if last is not None and last.type == "text" else None
    if last is None or found is None:
        return
    last.content = last.content[: found[0]]
    whole = _heading_id(inline.content)
    inline.content = inline.content[: whole[0]] if whole else inline.content
    opening.attrSet("id", found[1])


def _heading_id(text: str) -> tuple[int, str] | None:
    """Where HEADING_ID's match starts, and the id, found from the last `{` (an id holds none, and
    only white space follows it): HEADING_ID's search tried every space of a run to its end."""
    brace = text.rfind("{")
    found = _HEADING_ID_END.fullmatch(text, brace) if brace > 0 else None
    start = len(text[:brace].rstrip(" \t"))
    return (start, found.group(1)) if found is not None and start < brace else None


def _paragraph(tokens: list[Token], index: int, inline: Token, lists: _Lists, where: tuple[_Lines, Token | None]) -> bool:
    """An IAL alone on the paragraph's last line is the paragraph's (or, `{:toc}`, its list's, or
    the outermost quote's or list's when markdown-it read the line into them as a lazy line);
    whether that line was all the paragraph held."""
    source, top = where
    children = inline.children or []
    _first_line(tokens[index - 1], inline)
    found = IAL.fullmatch(children[-1].content.strip()) if children and children[-1].type == "text" else None
    kept = children[:-1]
    if found is None or (kept and kept[-1].type != "softbreak"):
        return False  # none, or one that follows a span on its line: the span's
    attributes = parse_attributes(found.group(1) or "")
    if kept:
        kept.pop()
    inline.children = kept
    inline.content = inline.content.rpartition("\n")[0] if "\n" in inline.content else ""
    listing = lists.enclosing(index) if TOC in attributes else None
    if listing is not None:
        listing.meta["toc"] = True
        return not kept
    target = tokens[index - 1] if kept else _block_before(tokens, index - 1, source) or _block_after(tokens, index + 1)
    if kept and _lazy(tokens[index - 1], source):
        target = top  # kramdown ends the quote or list at the line, and gives it the IAL
    if target is not None:
        _apply(target, attributes)
    return not kept


class _Lines:
    """Where each line of the source starts, found once it is first asked about."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] = []

    def line(self, number: int) -> str:
        if not self._starts:
            self._starts = [0, *(found.end() for found in re.finditer("\n", self._text))]
        if not 0 <= number < len(self._starts):
            return ""
        end = self._starts[number + 1] if number + 1 < len(self._starts) else len(self._text)
        return self._text[self._starts[number] : end]


def _lazy(opening: Token, source: _Lines) -> bool:
    """Whether a nested paragraph's last line is written at the margin: no `>`, no indent."""
    return opening.level > 0 and opening.map is not None and source.line(opening.map[1] - 1).startswith("{:")


def _blank(source: _Lines, number: int) -> bool:
    return not source.line(number).strip()


def _first_line(opening: Token, inline: Token) -> None:
    """An IAL alone on a paragraph's first line, with more lines after it, is the paragraph's
    (kramdown's IAL before a block, which markdown-it reads into the block's first line)."""
    children = inline.children or []
    if len(children) < 3 or children[0].type != "text" or children[1].type != "softbreak":
        return
    found = IAL.fullmatch(children[0].content.strip())
    if found is None or TOC in (attributes := parse_attributes(found.group(1) or "")):
        return
    del children[:2]
    inline.content = inline.content.partition("\n")[2]
    _apply(opening, attributes)


class _Lists:
    """The list a `{:toc}` paragraph makes a table of contents, for paragraphs asked about in order.

    Walking back from the paragraph's opening with the sum of the nestings passed, the first list
    opening where that sum is above 0: the list the paragraph is in, or the one just before it.
    That is the last list opening before it whose depth (the nestings before it, summed) is at most
    the paragraph's. Here one pass keeps the openings that can be such a list, in order of depth,
    where walking back from every `{:toc}` to the start took time growing with their number squared.
    """

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = tokens
        self._next = 0  # the first token not yet passed
        self._depth = 0  # the nestings of the tokens passed, summed
        self._depths: list[int] = []  # of the openings kept: each deeper, and later, than the one before
        self._openings: list[Token] = []

    def enclosing(self, index: int) -> Token | None:
        """The list for the paragraph whose text is `tokens[index]` (opened at `index - 1`)."""
        while self._next < index - 1:
            token = self._tokens[self._next]
            if token.type in ("bullet_list_open", "ordered_list_open"):
                while self._depths and self._depths[-1] >= self._depth:  # nearer and as shallow
                    self._depths.pop()
                    self._openings.pop()
                self._depths.append(self._depth)
                self._openings.append(token)
            self._depth += token.nesting
            self._next += 1
        kept = bisect_right(self._depths, self._depth)
        return self._openings[kept - 1] if kept else None


def _block_before(tokens: Sequence[Token], opening: int, source: _Lines) -> Token | None:
    """The opening token of the block that ends right before `tokens[opening]`, at its level,
    with no blank line between them: kramdown gives an IAL after a blank line to the next block."""
    level = tokens[opening].level
    where = tokens[opening].map
    line = where[0] if where else -1
    for position in range(opening - 1, -1, -1):
        token = tokens[position]
        if token.level == level and token.nesting >= 0 and token.block:
            # A list's or quote's lines run on over the blank line after it: the source says.
            return token if token.map and token.map[1] >= line and not _blank(source, line - 1) else None
        if token.level < level:
            return None
    return None


def _block_after(tokens: Sequence[Token], closing: int) -> Token | None:
    """The opening token of the block after `tokens[closing]`, at its level, if one follows."""
    after = closing + 1
    if after < len(tokens) and tokens[after].level == tokens[closing].level and tokens[after].nesting >= 0 \
            and tokens[after].block:
        return tokens[after]
    return None


def _spans(children: list[Token]) -> None:
    """`{: ...}` right after a link or an image is theirs."""
    for position, child in enumerate(children):
        if child.type != "text" or position == 0 or not child.content.startswith("{:"):
            continue
        found = IAL.match(child.content)
        before = children[position - 1]
        target = before if before.type == "image" else _link_open(children, position - 1)
        if found is None or target is None:
            continue
        child.content = child.content[found.end():]
        _apply(target, parse_attributes(found.group(1) or ""))


def _link_open(children: Sequence[Token], closing: int) -> Token | None:
    if children[closing].type != "link_close":
        return None
    depth = 0
    for position in range(closing, -1, -1):
        depth += children[position].nesting
        if depth == 0:
            return children[position]
    return None


# An HTML block's first tag asking for Markdown inside: `<div class="note" markdown="1">`.
# The attribute is looked for only after a character that is not white space, which changes no
# match (the first space of a run is found before the others) but tries a run of spaces once,
# where trying it from each of its spaces took time growing with its square.
MARKDOWN_IN_HTML = re.compile(
    r"""\A(\s*<([A-Za-z][\w-]*)\b[^>]*?)(?<!\s)\s+markdown\s*=\s*(["']?)(?:1|block|span)\3([^>]*>)""")


def _markdown_in_html(state: StateCore) -> None:
    """The Markdown inside `<tag markdown="1">` rendered, the attribute dropped, as kramdown does.

    markdown-it ends an HTML block at a blank line: what follows one is Markdown already, and only
    the block's own lines need rendering here."""
    for token in state.tokens:
        found = MARKDOWN_IN_HTML.match(token.content) if token.type == "html_block" else None
        if found is None:
            continue
        opening = found.group(1) + found.group(4)
        inner = token.content[found.end():]
        closing = re.search(rf"</{found.group(2)}\s*>\s*\Z", inner)
        end = inner[closing.start():] if closing else ""
        body = inner[: closing.start()] if closing else inner
        # The page's own lists (outlines, papers) are shared; its footnotes are not, or the inner
        # render would write the page's footnotes out a second time.
        env = {key: value for key, value in state.env.items() if key != "footnotes"}
        token.content = f"{opening}\n{state.md.render(body, env)}{end}"


def _table_of_contents(state: StateCore) -> None:
    """The first list marked `{:toc}` replaced by the table of contents; a later list so marked stays
    a list, as in kramdown (a table of every heading for each would grow a page with their product)."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.meta.get("toc") and token.nesting == 1:
            toc = Token("html_block", "", 0, content=_toc_html(state, token.tag))
            tokens[index : _closing(tokens, index) + 1] = [toc]
            return


def _closing(tokens: Sequence[Token], opening: int) -> int:
    depth = 0
    for position in range(opening, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _toc_html(state: StateCore, listing: str) -> str:
    """Nested lists of links to the headings, as kramdown writes them (`id="markdown-toc"`)."""
    renderer = cast(RendererHTML, state.md.renderer)
    headings = [
        (int(token.tag[1]), str(token.attrGet("id")), renderer.renderInline(
            state.tokens[index + 1].children or [], state.md.options, state.env))
        for index, token in enumerate(state.tokens)
        if token.type == "heading_open" and token.attrGet("id")
        and "no_toc" not in str(token.attrGet("class") or "").split()
    ]
    if not headings:
        return ""
    out: list[str] = []
    levels: list[int] = []
    for level, anchor, title in headings:
        while levels and level < levels[-1]:
            out.append(f"</li>\n</{listing}>\n")
            levels.pop()
        if levels and level == levels[-1]:
            out.append("</li>\n")
        elif not levels or level > levels[-1]:
            out.append(f'<{listing} id="markdown-toc">\n' if not levels else f"\n<{listing}>\n")
            levels.append(level)
        safe = html.escape(anchor)
        out.append(f'<li><a href="#{safe}" id="markdown-toc-{safe}">{title}</a>')
    for _ in levels:
        out.append(f"</li>\n</{listing}>\n")
    return "".join(out)


_PRE = re.compile(r'<pre(?: class="([^"]*)")?')


def fence_with_attributes(renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict,
                          env: dict[str, Any]) -> str:
    """A fence's HTML with what an IAL gave it on its `<pre>`, as an indented code block has it:
    markdown-it drops them from highlighted code and puts them on the `<code>` of the rest
    (kramdown puts them on the block around the code)."""
    token = tokens[index]
    given = dict(token.attrs)
    if not given:
        return str(renderer.fence(tokens, index, options, env))
    token.attrs = {}
    try:
        markup = str(renderer.fence(tokens, index, options, env))
    finally:
        token.attrs = given
    found = _PRE.match(markup)
    if found is None:
        return markup
    classes = " ".join(str(value) for value in (found.group(1), given.pop("class", None)) if value)
    holder = Token("pre", "pre", 0, attrs={"class": classes, **given} if classes else given)
    return "<pre" + renderer.renderAttrs(holder) + markup[found.end():]
