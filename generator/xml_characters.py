"""Characters XML 1.0 cannot hold, replaced by U+FFFD where a source is read.

A feed or a sitemap holding one is not XML, and a feed reader rejects the whole feed for it: C0
controls other than tab, line feed and carriage return (NUL, the escape of a pasted terminal
colour, a form feed), lone surrogates (which only YAML's `"\\ud800"` can make) and U+FFFE and
U+FFFF. HTML counts most C0 controls as errors too. They are replaced as the text of a post, page
or `_config.yml` is read, once for every page made of it, by U+FFFD: a visible mark that
something stood there, as every character of the source shows in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
_LINES_SHOWN = 10


class Found(NamedTuple):
    """One character replaced: its line (None where the file's name held it) and itself."""

    line: int | None
    character: str


def replace_in_text(text: str) -> tuple[str, tuple[Found, ...]]:
    """`text` with every forbidden character replaced, and where each was (lines from 1)."""
    if FORBIDDEN.search(text) is None:  # nearly every file: one scan at C speed
        return text, ()
    found: list[Found] = []
    line, counted = 1, 0
    for match in FORBIDDEN.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.append(Found(line, match.group()))
    return FORBIDDEN.sub(REPLACEMENT, text), tuple(found)


def replace_in_values(values: dict[Any, Any], line_of: Callable[[str], int | None],
                      ) -> tuple[dict[Any, Any], tuple[Found, ...]]:
    """Parsed YAML with every forbidden character in its text replaced (YAML's escapes, `"\\x1b"`,
    `"\\0"`, make them from plain text), and where each was: `line_of(key)`, a top-level key's line.
    Lists and mappings are copied; one shared by aliases is copied once."""
    found: list[Found] = []
    copies: dict[int, Any] = {}

    def clean(value: Any, top: Any) -> Any:
        if isinstance(value, str):
            if FORBIDDEN.search(value) is None:
                return value
            line = line_of(top) if isinstance(top, str) else None
            found.extend(Found(line, match.group()) for match in FORBIDDEN.finditer(value))
            return FORBIDDEN.sub(REPLACEMENT, value)
        if not isinstance(value, (dict, list)):
            return value
        if id(value) not in copies:  # a list or mapping made once in the copy, as in the YAML
            if isinstance(value, dict):
                copy: Any = {}
                copies[id(value)] = copy
                copy.update((clean(key, top), clean(item, top)) for key, item in value.items())
            else:
                copy = []
                copies[id(value)] = copy
                copy.extend(clean(item, top) for item in value)
        return copies[id(value)]

    cleaned = {clean(key, key): clean(value, key) for key, value in values.items()}
    return (cleaned, tuple(found)) if found else (values, ())


def replace_in_name(name: str) -> str:
    """A name taken from a file's path (a slug, a folder's category) with U+FFFD for each forbidden character."""
    return FORBIDDEN.sub(REPLACEMENT, name)


def replaced_message(found: Iterable[Found], place: str = "") -> str:
    """What the user is told about the characters replaced in one file (`place`: where, if not its text)."""
    found = tuple(found)
    codes = ", ".join(dict.fromkeys(f"U+{ord(each.character):04X}" for each in found))
    if len(found) == 1:
        text = f"a character XML cannot hold ({codes}){place} is replaced by U+FFFD"
    else:
        text = f"{len(found)} characters XML cannot hold ({codes}){place} are replaced by U+FFFD"
    text += ", so that feeds and sitemaps stay valid"
    lines = list(dict.fromkeys(each.line for each in found if each.line is not None))
    if len(lines) > 1:
        shown = ", ".join(str(line) for line in lines[:_LINES_SHOWN])
        more = len(lines) - _LINES_SHOWN
        text += f" (lines {shown}" + (f" and {more} more)" if more > 0 else ")")
    return text


__all__ = ["FORBIDDEN", "REPLACEMENT", "Found", "replace_in_name", "replace_in_text", "replace_in_values",
           "replaced_message"]
