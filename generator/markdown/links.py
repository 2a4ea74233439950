"""Links and images as kramdown reads them where CommonMark does not: a destination with spaces.

kramdown, and so Jekyll, links `[You and Your Research](You and Your Research)`: its destination
runs to the `)` that closes it (nested pairs kept) or to white space before a quoted title. In
CommonMark the spaces end the destination, no link is made and the brackets show as text.
markdown-it's own rules still read every other link; this one takes only destinations with a
space in them, and writes them as markdown-it writes `<You and Your>` (a space is `%20`, which a
browser reads as the same address as Jekyll's href with the spaces left in).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# A destination longer than this is no link: bounds the work one `[` can cost on a long line.
_LONGEST = 2048
# What ends or nests a destination, or starts its title; an escaped character is skipped whole.
# A line break or a bracket ends the search with no link: so a line of `[a](b c` is read once,
# not from each of its brackets to the end (kramdown would take a bracket, which no address needs).
_STOPS = re.compile(r"""\\.|[()\n\[\]]|[ \t](?=["'])""", re.DOTALL)
# A title in quotes, then the `)`: it may hold its own quote, not a line break or a bracket.
_TITLE = re.compile(r"""(["'])([^\n\[\]]*?)\1[ \t]*\)""")


def use_kramdown_links(engine: MarkdownIt) -> MarkdownIt:
    engine.inline.ruler.before("link", "kramdown_link", _link)
    engine.inline.ruler.before("image", "kramdown_image", _image)
    return engine


def _link(state: StateInline, silent: bool) -> bool:
    return state.src[state.pos] == "[" and _read(state, state.pos, silent, image=False)


def _image(state: StateInline, silent: bool) -> bool:
    return state.src.startswith("![", state.pos) and _read(state, state.pos + 1, silent, image=True)


def _read(state: StateInline, label_start_bracket: int, silent: bool, *, image: bool) -> bool:
    label_end = state.md.helpers.parseLinkLabel(state, label_start_bracket, not image)
    if label_end < 0 or not state.src.startswith("(", label_end + 1):
        return False
    found = _destination(state.src, label_end + 2, state.posMax)
    if found is None:
        return False
    url, title, end = found
    href = state.md.normalizeLink(url)
    if not state.md.validateLink(href):
        return False
    if not silent:
        _push(state, label_start_bracket + 1, label_end, href, title, image=image)
    state.pos = end
    return True


def _destination(src: str, start: int, maximum: int) -> tuple[str, str, int] | None:
    """The destination from `start` (after `(`), its title, and where the link ends; None
    unless it has a space in it (markdown-it reads the others) or when no `)` ends it."""
    depth = 0
    for found in _STOPS.finditer(src, start, min(maximum, start + _LONGEST)):
        character = found.group(0)
        if character in "\n[]":
            return None
        if character == "(":
            depth += 1
        elif character == ")":
            if depth == 0:
                return _with_title(src[start : found.start()], "", found.end())
            depth -= 1
        elif character[0] in " \t":
            return _titled(src, start, found.start(), maximum)
    return None


def _titled(src: str, start: int, space: int, maximum: int) -> tuple[str, str, int] | None:
    found = _TITLE.match(src, space + 1, min(maximum, space + 1 + _LONGEST))
    return _with_title(src[start:space], found.group(2), found.end()) if found else None


def _with_title(url: str, title: str, end: int) -> tuple[str, str, int] | None:
    url = url.strip()
    if not any(character in url for character in " \t") or url.startswith("<"):
        return None
    return url, title, end


def _push(state: StateInline, label_start: int, label_end: int, href: str, title: str, *, image: bool) -> None:
    """The tokens markdown-it's link and image rules make, for this destination."""
    if image:
        content = state.src[label_start:label_end]
        children: list[Token] = []
        state.md.inline.parse(content, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        token.children = children or None
        token.content = content
        if title:
            token.attrSet("title", title)
        return
    old_max = state.posMax
    state.pos, state.posMax = label_start, label_end
    token = state.push("link_open", "a", 1)
    token.attrs = {"href": href}
    if title:
        token.attrSet("title", title)
    state.linkLevel += 1
    state.md.inline.tokenize(state)
    state.linkLevel -= 1
    state.push("link_close", "a", -1)
    state.posMax = old_max
