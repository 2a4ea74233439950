"""kramdown's extensions, `{::name}...{:/name}` and `{::name ... /}`, consumed as kramdown does.

- `{::comment}...{:/comment}` is dropped (kramdown writes it as an HTML comment, which no reader sees);
- `{::nomarkdown}...{:/nomarkdown}` is written as it is, raw HTML;
- `{::options key="value" /}` sets kramdown's options from there on: `parse_block_html` (Markdown inside
  HTML blocks, see html_blocks.py) changes how paperfold parses; the others are taken silently.

An extension is a block on lines of its own, its end tag (`{:/name}` or `{:/}`) alone on a later line,
or a span inside a paragraph. One with no end tag, or with a name kramdown does not know, stays text,
as in kramdown.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

KNOWN = ("comment", "nomarkdown", "options")
# kramdown's EXT_START_STR: a name, then after white space attributes up to the first `}` not escaped.
START = re.compile(r"\{::(\w+)(?:\s((?:\\\}|[^}])*?)|)(/)?\}")
BLOCK_START = re.compile(rf" {{0,3}}{START.pattern}[ \t]*$")
STOP = re.compile(r"\{:/(\w+)?\}")
BLOCK_STOP = re.compile(r"^ {0,3}\{:/(\w+)?\}[ \t]*$", re.MULTILINE)
OPTION = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)')""")
OPTIONS_KEY = "kramdown_options"
_STOPS_KEY = "kramdown_extension_stops"


def use_kramdown_extensions(engine: MarkdownIt) -> MarkdownIt:
    """Block extensions before any other block rule (a comment's lines are no table), span ones before text."""
    engine.block.ruler.before("table", "kramdown_extension", _block_extension,
                              {"alt": ["paragraph", "reference", "blockquote", "list"]})
    engine.inline.ruler.before("text", "kramdown_extension", _span_extension)
    return engine


def parse_block_html(env: MutableMapping[str, Any]) -> bool:
    """Whether `{::options parse_block_html="true" /}` came before, in this body."""
    options = env.get(OPTIONS_KEY)
    return bool(options and options.get("parse_block_html"))


def _set_options(env: MutableMapping[str, Any], attributes: str) -> None:
    options: dict[str, bool] = dict(env.get(OPTIONS_KEY) or {})
    for found in OPTION.finditer(attributes):
        name, value = found.group(1), found.group(2) if found.group(2) is not None else found.group(3)
        if name == "parse_block_html":
            # kramdown's reading of a boolean option: anything but "false" or nothing is true.
            options[name] = value.strip().lower() != "false" and value != ""
    env[OPTIONS_KEY] = options


@dataclass
class _Stops:
    """Where a text's end tags are, found once per pattern: looking for one from each start tag that
    has none read the text to its end from every one of them."""

    text: str
    offsets: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # by pattern, then name ("" for `{:/}`)


def _stop_after(env: MutableMapping[str, Any], text: str, pattern: re.Pattern[str], name: str,
                position: int, end: int) -> re.Match[str] | None:
    """The first end tag of `name` (or `{:/}`, which ends any) in `text` from `position` to before `end`."""
    stops = env.get(_STOPS_KEY)
    if not isinstance(stops, _Stops) or stops.text is not text:
        stops = env[_STOPS_KEY] = _Stops(text)
    by_name = stops.offsets.get(pattern.pattern)
    if by_name is None:
        by_name = stops.offsets[pattern.pattern] = {}
        for found in pattern.finditer(text):
            by_name.setdefault(found.group(1) or "", []).append(found.start())
    candidates = []
    for each in (name, ""):
        offsets = by_name.get(each, [])
        index = bisect_left(offsets, position)
        if index < len(offsets) and offsets[index] < end:
            candidates.append(offsets[index])
    return pattern.match(text, min(candidates)) if candidates else None


def _block_extension(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    line_end = state.eMarks[start]
    found = BLOCK_START.match(state.src, state.bMarks[start], line_end)
    if found is None or found.group(1) not in KNOWN:
        return False
    name, attributes, closed = found.group(1), found.group(2) or "", found.group(3)
    last = start
    if not closed:
        stop = _stop_after(state.env, state.src, BLOCK_STOP, name, line_end, state.eMarks[end - 1] + 1)
        if stop is None:
            return False
        last = _line_at(state, stop.start(), start, end)
    if silent:
        return True
    body = state.getLines(start + 1, last, state.blkIndent, True)
    if name == "nomarkdown":
        token = state.push("html_block", "", 0)
        token.content = body if state.md.options.get("html") else html.escape(body)
        token.map = [start, last + 1]
    elif name == "options":
        _set_options(state.env, attributes)
    state.line = last + 1
    return True


def _line_at(state: StateBlock, offset: int, start: int, end: int) -> int:
    line = bisect_right(state.bMarks, offset, start, end) - 1
    return max(line, start)


def _span_extension(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{::", state.pos):
        return False
    found = START.match(state.src, state.pos, state.posMax)
    if found is None or found.group(1) not in KNOWN:
        return False
    name, after = found.group(1), found.end()
    body = ""
    if not found.group(3):
        stop = _stop_after(state.env, state.src, STOP, name, after, state.posMax)
        if stop is None:
            return False
        body, after = state.src[after : stop.start()], stop.end()
    if not silent:
        if name == "nomarkdown":
            token = state.push("html_inline", "", 0)
            token.content = body if state.md.options.get("html") else html.escape(body)
        elif name == "options":
            _set_options(state.env, found.group(2) or "")
    state.pos = after
    return True
