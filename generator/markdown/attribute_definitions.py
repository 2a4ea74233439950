"""kramdown's attribute list definitions: `{:wide: .full-width #hero}` on a line of its own names
attributes, which `{: wide}` (or `{: wide .more}`) then gives a block or a span, anywhere in the
post. A definition shows nothing; a reference becomes the attributes it names, before the
attribute lists are read (kramdown.py), so it goes where an attribute list would.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.markdown.kramdown import PART

_NAME = r"[A-Za-z][\w-]*"
_ITEM = rf"(?:{PART}|{_NAME})"
DEFINITION = re.compile(rf"\{{:({_NAME}):\s*(?:({_ITEM}(?:\s+{_ITEM})*)\s*)?\}}")
# An attribute list that may name definitions: bare names among its parts. White space before
# `}` belongs to one \s* only, as in kramdown.IAL, so a run of it is not tried split every way.
REFERENCES = re.compile(rf"\{{:\s*({_ITEM}(?:\s+{_ITEM})*)\s*\}}")
_ITEMS = re.compile(rf"{PART}(?=\s|$)|{_NAME}")


def use_attribute_definitions(engine: MarkdownIt) -> MarkdownIt:
    engine.core.ruler.before("kramdown_attributes", "kramdown_definitions", _definitions)
    return engine


def _definitions(state: StateCore) -> None:
    tokens = state.tokens
    inlines = [index for index, token in enumerate(tokens) if token.type == "inline" and "{:" in token.content]
    definitions: dict[str, str] = {}
    emptied: list[int] = []
    for index in inlines:
        if tokens[index - 1].type == "paragraph_open" and _take_definitions(tokens[index], definitions):
            emptied.append(index)
    if not definitions:
        return
    for index in reversed(emptied):  # a paragraph of definitions alone shows nothing
        del tokens[index - 1 : index + 2]
    for token in tokens:
        if token.type == "inline" and "{:" in token.content:
            for child in token.children or ():
                if child.type == "text" and "{:" in child.content:
                    child.content = REFERENCES.sub(lambda found: _expanded(found, definitions), child.content)


def _take_definitions(inline: Token, definitions: dict[str, str]) -> bool:
    """The definitions written as lines of this paragraph, taken out of it; whether it is left empty."""
    children = inline.children or []
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type == "softbreak":
            lines.append([])
        else:
            lines[-1].append(child)
    kept: list[list[Token]] = []
    for line in lines:
        found = DEFINITION.fullmatch(line[0].content.strip()) if len(line) == 1 and line[0].type == "text" else None
        if found is None:
            kept.append(line)
        else:
            definitions[found.group(1)] = found.group(2) or ""
    if len(kept) == len(lines):
        return False
    inline.children = [child for number, line in enumerate(kept)
                       for child in ([Token("softbreak", "br", 0)] if number else []) + line]
    inline.content = "\n".join(part for part in inline.content.split("\n") if not DEFINITION.fullmatch(part.strip()))
    return not kept


def _expanded(found: re.Match[str], definitions: dict[str, str]) -> str:
    """`{: name .more}` with each defined name replaced by what it defines (kramdown drops an
    unknown one); the attribute list as typed if it names none."""
    items = [item.group(0) for item in _ITEMS.finditer(found.group(1))]
    if not any(item in definitions for item in items):
        return found.group(0)
    parts = [definitions.get(item, item) for item in items
             if item in definitions or not re.fullmatch(_NAME, item) or item == "toc"]
    return "{: " + " ".join(part for part in parts if part) + "}"
