"""markdown-it's block parser with its table of lines made at C speed.

markdown-it-py's StateBlock finds each line's start, end and indentation with a Python loop
over every leading space of every line. An outline fence is a thousand lines indented 4 to 40
spaces, so that loop was a fifth of rendering a notes post. Here a regular expression measures
each line's indentation; the table is the same, line for line (tests/test_markdown_lines.py
compares them on any text).

Its core rule `normalize` also rewrites every line end of the text (and every NUL), replacing
"\n" by "\n" a thousand times a post; here it runs only on text holding a CR or a NUL, which a
source file read by paperfold (its line ends made LF) seldom does.
"""

from __future__ import annotations

import re
import types
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize
from markdown_it.token import Token

_INDENT = re.compile(r"[ \t]*")
_TAB_STOP = 4


def line_table(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """StateBlock's bMarks, eMarks, tShift and sCount for `src`, with its final fake line."""
    starts: list[int] = []
    ends: list[int] = []
    shifts: list[int] = []
    counts: list[int] = []
    start, length = 0, len(src)
    find, indent_end = src.find, _INDENT.match
    while start < length:
        end = find("\n", start)
        if end < 0:
            end = length
        first = indent_end(src, start, end).end()  # type: ignore[union-attr]
        if first == end == length:
            break  # a last line of only spaces and tabs, with no newline, is no line (as upstream)
        starts.append(start)
        ends.append(end)
        shifts.append(first - start)
        counts.append(_columns(src[start:first]) if "\t" in src[start:first] else first - start)
        start = end + 1 if end < length else length
    return starts + [length], ends + [length], shifts + [0], counts + [0]


def _columns(indent: str) -> int:
    """The width of leading spaces and tabs, tabs to the next multiple of four."""
    offset = 0
    for character in indent:
        offset += _TAB_STOP - offset % _TAB_STOP if character == "\t" else 1
    return offset


class _TabledStateBlock(StateBlock):
    def __init__(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # every other field as upstream sets it
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount = line_table(src)
        self.bsCount = [0] * len(self.bMarks)
        self.lineMax = len(self.bMarks) - 1


def _parse(self: Any, src: str, md: MarkdownIt, env: Any, out_tokens: list[Token]) -> list[Token] | None:
    """ParserBlock.parse, with the tabled state."""
    if not src:
        return None
    state = _TabledStateBlock(src, md, env, out_tokens)
    self.tokenize(state, state.line, state.lineMax)
    return state.tokens


def _normalize_if_needed(state: StateCore) -> None:
    if "\r" in state.src or "\0" in state.src:  # else normalize would give the text back as it is
        normalize(state)


def use_line_table(engine: MarkdownIt) -> MarkdownIt:
    """This engine's block parser (only this engine's) builds its state with line_table, and
    its text is normalized only when that changes it."""
    engine.block.parse = types.MethodType(_parse, engine.block)  # type: ignore[method-assign]
    engine.core.ruler.at("normalize", _normalize_if_needed)
    return engine


__all__ = ["line_table", "use_line_table"]
