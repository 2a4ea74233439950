"""Item lines, indentation columns, and whether a bare code fence holds an outline.

Shared by the parser (`generator.outline`) and by the Markdown stage, which asks
`looks_like_outline` about fences that have no info string. Forcing (the `outline` info
string, front matter `outline: true/false`) is the caller's business.
"""

from __future__ import annotations

import re

__all__ = ["ITEM_RE", "indent_column", "looks_like_outline"]

# An item is `marker separator text?`, matched on the line after its indentation.
# group 1 = the marker as written, group 2 = the separator ("" at end of line).
# `2.Text`, `1.1.` and `3.9.1` fail on purpose: no separator after the marker.
ITEM_RE = re.compile(
    r"([0-9]{1,9}[.)]|[nm](?:\+[0-9]{1,9})?\.|\((?:[0-9]{1,9}|[a-z])\)|[a-z][.)]|[-*•])([ \t]+|$)"
)
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


# What command output and shell sessions look like once a marker is taken off:
# `1. -p ARP ...`, `$ make`, `(integer) 1`, `tcpdump -i eth0`, `foo;`, `}`.
_CODE_TEXT_RE = re.compile(
    r"-{1,2}[A-Za-z]|\$\s|#\s*\$|>\s|\((?:integer|nil|empty)|sudo\s|[a-z][\w./-]*\s+-{1,2}[A-Za-z]"
    r"|.*[;{}]\s*$|\}"
)
_QUOTED_RE = re.compile(r"[\"']")
_KEY_VALUE_RE = re.compile(r"[\w.-]+:(?:\s|$)")  # YAML: `- name: web`


def _looks_like_code(label: str, text: str) -> bool:
    """True when an item's text reads like a command, its output, or YAML."""
    if _CODE_TEXT_RE.match(text):
        return True
    if label.endswith(")") and _QUOTED_RE.match(text):
        return True  # redis-cli style output: `1) "messages"`
    return label in ("-", "*") and _KEY_VALUE_RE.match(text) is not None


def looks_like_outline(body: str, *, max_lines: int = 400) -> bool:
    """Decide whether a fence with no info string holds an outline rather than code.

    Yes when its first non-blank line is an item (at any column: a resumed outline), or
    an item follows a 1-2 line preamble; no when the items read like shell or command
    output, unless they nest and mostly read like notes.
    """
    lines: list[str] = []
    for line in body.replace("\r", "\n").split("\n"):
        if line.strip(" \t"):
            lines.append(line.lstrip("\ufeff"))
            if len(lines) >= max_lines:
                break
    items: list[tuple[int, str, str]] = []
    first_item: int | None = None
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        match = ITEM_RE.match(stripped)
        if match is None:
            continue
        if first_item is None:
            first_item = index
        indent = line[: len(line) - len(stripped)]
        items.append((indent_column(indent), match.group(1), stripped[match.end() :]))
    if first_item is None or first_item > 2:
        return False
    nested = False
    shallowest = items[0][0]
    for column, _, _ in items[1:]:
        if column > shallowest:
            nested = True
            break
        shallowest = min(shallowest, column)
    code = sum(1 for _, label, text in items if _looks_like_code(label, text))
    if nested:
        return code * 3 < len(items) * 2
    # A flat list: command output unless it plainly reads as notes, and a lone item
    # followed by many other lines is a log or a script, not an outline.
    return code * 2 < len(items) and len(items) * 5 >= len(lines)
