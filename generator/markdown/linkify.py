"""linkify-it with a quick first look, and markdown-it's linkify rules in time linear in the text.

markdown-it asks linkify-it's `pretest` about every paragraph, heading and list item before
looking for links in it. That test is one regular expression over every URL scheme and top-level
domain, and on reading notes it is 4% of rendering a post, mostly spent on Chinese text with
no link in sight. Every link it can find needs one of `. : / @` or the word localhost, so text
with none of them is passed over at once; other text goes to the full test. The answers are
the same (tests/test_markdown_linkify.py compares them on any text).

markdown-it's own two linkify rules take time that grows with the square of a paragraph's
length: the inline one copies the rest of the paragraph at every `://` and searches all the
text before it for a scheme, and the core one rebuilds a paragraph's list of tokens for every
piece of text holding a link. A 4 MB paragraph with a link every 20 words took 6 minutes. The
rules here do the same work (the same HTML on any text: tests/test_markdown_linkify.py) with
each character looked at a bounded number of times.
"""

from __future__ import annotations

import re
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.common.utils import isLinkClose, isLinkOpen
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.linkify import HTTP_RE, MAILTO_RE, TEST_MAILTO_RE
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.linkify import SCHEME_RE
from markdown_it.token import Token

# What linkify-it's pretest needs: a scheme ("http:", "//"), a host ("www.", ".com", an IP
# address's ".1."), "localhost", or an e-mail's "@". IGNORECASE as in linkify-it, so that the
# same letters match (the long s of "localhoſt" too).
_LINK_HINT = re.compile(r"[.:/@]|localhost", re.IGNORECASE)
# How much of the text before a `://` can hold its scheme: longer than any scheme linkify-it
# knows (http, https, ftp, mailto), plus the character before it.
_SCHEME_TAIL = 32
_SCHEME_HERE = "paperfold_schema_here"  # our entry in linkify-it's table of patterns


class QuickLinkify(LinkifyIt):
    """LinkifyIt whose pretest first looks for a character every link needs, and which finds a
    link at a position without copying the text after it."""

    def pretest(self, text: str) -> bool:
        return _LINK_HINT.search(text) is not None and bool(super().pretest(text))

    def match_at(self, text: str, start: int) -> Any:
        """What `match_at_start(text[start:])` finds (a link, None without one), its positions
        counted from the start of `text`."""
        pattern = self.re.get(_SCHEME_HERE)
        if pattern is None:
            # linkify-it's own pattern for a scheme at the start, whose `^` would not match at
            # `start`: an empty alternative takes its place. Made again whenever linkify-it
            # compiles its patterns (a new table), as its other patterns are.
            search = self.re["schema_search"]
            assert search.startswith("(^|"), "linkify-it's scheme pattern changed"
            pattern = self.re[_SCHEME_HERE] = re.compile("(|" + search[len("(^|"):], re.IGNORECASE)
        found = pattern.match(text, start)
        if found is None:
            return None
        if found.group(2) == "//":  # its validator looks behind the link, which the copy does not have
            return self.match_at_start(text[start:])
        length = self.test_schema_at(text, found.group(2), found.end())
        if not length:
            return None
        return self._create_match(text, found.group(2), found.start(2), found.end() + length)


def use_quick_linkify(engine: MarkdownIt) -> MarkdownIt:
    engine.linkify = QuickLinkify()
    engine.inline.ruler.at("linkify", _linkify_inline)
    engine.core.ruler.at("linkify", _linkify_core)
    return engine


def _linkify(engine: MarkdownIt) -> QuickLinkify:
    assert isinstance(engine.linkify, QuickLinkify), "use_quick_linkify sets it with these rules"
    return engine.linkify


def _linkify_inline(state: StateInline, silent: bool) -> bool:
    """markdown-it's inline rule for links with a scheme (`https://...`), looking only at the end
    of the text before the `://` and matching the link where it is."""
    if not state.md.options.linkify or state.linkLevel > 0:
        return False
    position, src = state.pos, state.src
    if position + 3 > state.posMax or src[position] != ":" or src[position + 1] != "/" or src[position + 2] != "/":
        return False
    # A scheme is the run of scheme characters before `://`; one that fills the whole tail is
    # longer than any scheme linkify-it knows, and has no link either way.
    scheme = SCHEME_RE.search(state.pending[-_SCHEME_TAIL:])
    if scheme is None:
        return False
    proto = scheme.group(1)
    link = _linkify(state.md).match_at(src, position - len(proto))
    if link is None:
        return False
    url: str = link.url.rstrip("*")  # a `*` ending it is emphasis's
    full_url = state.md.normalizeLink(url)
    # Inside a link's brackets the rules only measure (silent), and `pending` is the text before
    # the brackets: the scheme read from it may not be the one before `://`, and a link found
    # from there may end where it started, which upstream accepts and then stops the build with
    # "inline rule didn't increment state.pos" ("abcdefgh[//www.aa://").
    if len(url) <= len(proto) or not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup, token.info = "linkify", "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup, token.info = "linkify", "auto"
    state.pos += len(url) - len(proto)
    return True


def _linkify_core(state: StateCore) -> None:
    """markdown-it's core rule for links without a scheme (`www.x.org`, e-mail addresses), with
    each paragraph's tokens made into a new list once instead of once per text with a link."""
    if not state.md.options.linkify:
        return
    for inline in state.tokens:
        if inline.type == "inline" and inline.children and _linkify(state.md).pretest(inline.content):
            inline.children = _linked_children(state, inline.children)


def _linked_children(state: StateCore, tokens: list[Token]) -> list[Token]:
    # From the end, as upstream, which counts the HTML links it is inside from their `</a>`.
    reversed_out: list[Token] = []
    html_link_level = 0
    index = len(tokens)
    while index >= 1:
        index -= 1
        token = tokens[index]
        if token.type == "link_close":  # a Markdown link's text is left alone
            reversed_out.append(token)
            index -= 1
            while tokens[index].level != token.level and tokens[index].type != "link_open":
                reversed_out.append(tokens[index])
                index -= 1
            reversed_out.append(tokens[index])
            continue
        if token.type == "html_inline":
            if isLinkOpen(token.content) and html_link_level > 0:
                html_link_level -= 1
            if isLinkClose(token.content):
                html_link_level += 1
        if html_link_level > 0 or token.type != "text" or not _linkify(state.md).test(token.content):
            reversed_out.append(token)
            continue
        previous = tokens[index - 1] if index > 0 else None
        reversed_out.extend(reversed(_split_links(state, token, previous)))
    reversed_out.reverse()
    return reversed_out


def _split_links(state: StateCore, token: Token, previous: Token | None) -> list[Token]:
    """A text token as text and links, as upstream splits it."""
    text = token.content
    links = _linkify(state.md).match(text) or []
    # No link right after an escape: `http\://x.org` is not `http:` and a link to `//x.org`.
    if links and links[0].index == 0 and previous is not None and previous.type == "text_special":
        links = links[1:]
    nodes: list[Token] = []
    level = token.level
    last = 0
    for link in links:
        full_url = state.md.normalizeLink(link.url)
        if not state.md.validateLink(full_url):
            continue
        shown = link.text
        if not link.schema:  # a bare host: shown as its normalized URL without the http:// added for it
            shown = HTTP_RE.sub("", state.md.normalizeLinkText("http://" + shown))
        elif link.schema == "mailto:" and TEST_MAILTO_RE.search(shown):
            shown = MAILTO_RE.sub("", state.md.normalizeLinkText("mailto:" + shown))
        else:
            shown = state.md.normalizeLinkText(shown)
        if link.index > last:
            nodes.append(_text(text[last : link.index], level))
        opening = Token("link_open", "a", 1, attrs={"href": full_url}, level=level, markup="linkify", info="auto")
        nodes += [opening, _text(shown, level + 1),
                  Token("link_close", "a", -1, level=level, markup="linkify", info="auto")]
        last = link.last_index
    if last < len(text):
        nodes.append(_text(text[last:], level))
    return nodes


def _text(content: str, level: int) -> Token:
    return Token("text", "", 0, content=content, level=level)


__all__ = ["QuickLinkify", "use_quick_linkify"]
