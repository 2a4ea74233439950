"""Item lines, indentation columns, and whether a bare code fence holds an outline.

Shared by the parser (`generator.outline`) and by the Markdown stage, which asks
`looks_like_outline` about fences that have no info string. Forcing (the `outline` info
string, front matter `outline: true/false`) is the caller's business.
"""

from __future__ import annotations

import re

__all__ = ["ITEM_RE", "LINE_RE", "indent_column", "looks_like_outline"]

# An item is `marker separator text?`, matched on the line after its indentation.
# `2.Text`, `1.1.` and `3.9.1` fail on purpose: no separator after the marker.
_MARKER = r"[0-9]{1,9}[.)]|[nm](?:\+[0-9]{1,9})?\.|\((?:[0-9]{1,9}|[a-z])\)|[a-z][.)]|[-*•]"
# group 1 = the marker as written, group 2 = the separator ("" at end of line).
ITEM_RE = re.compile(rf"({_MARKER})([ \t]+|$)")
# Every line of a text, as one findall walks it: (indentation, marker, separator, rest). On an
# item line, marker and separator are ITEM_RE's groups and rest is the item's text; on any other
# line both are "" and rest is the line after its indentation ("" on a blank line). A text of n
# "\n"s gives n + 1 lines, as str.split("\n") does.
LINE_RE = re.compile(rf"^([ \t]*)(?:({_MARKER})([ \t]+|$))?(.*)", re.MULTILINE)
_RUN_RE = re.compile(r" +|\t+")


def indent_column(indent: str) -> int:
    """The column after `indent` (spaces and tabs only); a tab goes to the next multiple of 4."""
    column = 0
    for run in _RUN_RE.findall(indent):
        if run[0] == " ":
            column += len(run)
        else:
            column = (column // 4 + len(run)) * 4
    return column


# The detector reads the first lines of a fence as one text, "\n" before each line, so that
# regular expressions walk its lines instead of a Python loop (a pattern that starts with a
# literal "\n" jumps from line to line). Every pattern is MULTILINE (`$` is a line end), takes
# a line's leading byte order marks as nothing, and never crosses a line end (`[^\S\n]` is
# `\s` within a line).
_LINE_START = "\n\ufeff*"
_NON_BLANK_LINE_RE = re.compile(r"\n[ \t]*[^ \t\n][^\n]*")
_ITEM_INDENT_RE = re.compile(rf"{_LINE_START}([ \t]*)(?:{_MARKER})(?:[ \t]|$)", re.MULTILINE)
# The separator ends at the text (`(?![ \t])`), so a lookahead sees the text as written.
_TEXT_AFTER = r"[ \t]+(?![ \t])"
# Items whose text reads like a command, its output, or YAML once the marker is taken off:
# `1. -p ARP ...`, `$ make`, `(integer) 1`, `tcpdump -i eth0`, `foo;`, `}`; redis-cli style
# output `1) "messages"`; YAML `- name: web`.
_CODE_ITEM_RE = re.compile(
    rf"{_LINE_START}[ \t]*(?:(?:{_MARKER}){_TEXT_AFTER}"
    r"(?=-{1,2}[A-Za-z]|\$[^\S\n]|#[^\S\n]*\$|>[^\S\n]|\((?:integer|nil|empty)|sudo[^\S\n]"
    r"|[a-z][\w./-]*[^\S\n]+-{1,2}[A-Za-z]|.*[;{}][^\S\n]*$|\})"
    rf"|(?:[0-9]{{1,9}}\)|[a-z]\)|\((?:[0-9]{{1,9}}|[a-z])\)){_TEXT_AFTER}[\"']"
    rf"|[-*]{_TEXT_AFTER}[\w.-]+:(?:[^\S\n]|$))",
    re.MULTILINE,
)


def _first_lines(body: str, max_lines: int) -> str:
    """The text of `body` up to the end of its `max_lines`-th non-blank line, "\n" first."""
    text = "\n" + body.replace("\r", "\n")
    if text.count("\n") > max_lines:
        for count, line in enumerate(_NON_BLANK_LINE_RE.finditer(text), 1):
            if count == max_lines:
                return text[: line.end()]
    return text


def looks_like_outline(body: str, *, max_lines: int = 400) -> bool:
    """Decide whether a fence with no info string holds an outline rather than code.

    Yes when its first non-blank line is an item (at any column: a resumed outline), or
    an item follows a 1-2 line preamble; no when the items read like shell or command
    output, unless they nest and mostly read like notes.
    """
    text = _first_lines(body, max_lines)
    first = _ITEM_INDENT_RE.search(text)
    if first is None or len(_NON_BLANK_LINE_RE.findall(text, 0, first.start())) > 2:
        return False
    start = first.start()
    indents = _ITEM_INDENT_RE.findall(text, start)
    if _nested(indents):
        return _code_items_below(text, start, len(indents), weight=3, bound=len(indents) * 2)
    # A flat list: command output unless it plainly reads as notes, and a lone item
    # followed by many other lines is a log or a script, not an outline.
    return len(indents) * 5 >= len(_NON_BLANK_LINE_RE.findall(text)) and _code_items_below(
        text, start, len(indents), weight=2, bound=len(indents)
    )


def _nested(indents: list[str]) -> bool:
    """True when some item sits right of every item before it (usually the second item)."""
    shallowest = _column(indents[0])
    for indent in indents:
        column = _column(indent)
        if column > shallowest:
            return True
        shallowest = column
    return False


def _column(indent: str) -> int:
    return indent_column(indent) if "\t" in indent else len(indent)


def _code_items_below(text: str, start: int, items: int, *, weight: int, bound: int) -> bool:
    """Whether (items that read like code) * weight < bound, for the `items` items from `start`.

    Testing an item is the detector's costliest step, so the first two fifths of the text are
    counted first: notes settle the answer there, even if every later item were code.
    """
    cut = text.rfind("\n", start, start + (len(text) - start) * 2 // 5)
    if cut <= start:
        return len(_CODE_ITEM_RE.findall(text, start)) * weight < bound
    code = len(_CODE_ITEM_RE.findall(text, start, cut))
    unread = items - len(_ITEM_INDENT_RE.findall(text, start, cut))
    if (code + unread) * weight < bound:
        return True
    if code * weight >= bound:
        return False
    return (code + len(_CODE_ITEM_RE.findall(text, cut))) * weight < bound
