"""Jekyll's `kramdown:` settings that change what a post's Markdown shows: which characters the
smart quotes and typographic symbols are (`smart_quotes: apos,apos,quot,quot` keeps straight
quotes), and whether and how headings get their ids (`auto_ids`, `auto_id_prefix`).
"""

from __future__ import annotations

import html.entities
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

QUOTE_NAMES = ("lsquo", "rsquo", "ldquo", "rdquo")
SYMBOL_NAMES = ("hellip", "mdash", "ndash", "laquo", "raquo", "laquo_space", "raquo_space")
_SYMBOLS = {"hellip": "…", "mdash": "—", "ndash": "–", "laquo": "«", "raquo": "»",
            "laquo_space": "«\u00a0", "raquo_space": "\u00a0»"}


@dataclass(frozen=True, slots=True)
class KramdownOptions:
    """What each smart quote and typographic symbol becomes (by kramdown's names), and heading ids."""

    marks: tuple[tuple[str, str], ...] = (("lsquo", "‘"), ("rsquo", "’"), ("ldquo", "“"), ("rdquo", "”"),
                                          *_SYMBOLS.items())
    auto_ids: bool = True
    auto_id_prefix: str = ""


KRAMDOWN_DEFAULTS = KramdownOptions()  # Jekyll's own


def kramdown_options(raw: Any, problems: list[str]) -> KramdownOptions:
    """The `kramdown:` mapping of _config.yml read as Jekyll reads it; what is wrong in `problems`."""
    if raw is None:
        return KramdownOptions()
    if not isinstance(raw, Mapping):
        problems.append("_config.yml: 'kramdown' must be a mapping of kramdown's options")
        return KramdownOptions()
    marks = dict(KramdownOptions().marks)
    quotes = raw.get("smart_quotes")
    if quotes is not None:
        names = quotes.split(",") if isinstance(quotes, str) else quotes
        characters = [_entity(name) for name in names] if isinstance(names, list) else []
        if len(characters) != 4 or None in characters:
            problems.append(f"_config.yml: 'kramdown.smart_quotes' must be four entity names or numbers, "
                            f"as lsquo,rsquo,ldquo,rdquo, not {quotes!r}")
        else:
            marks.update((name, str(character)) for name, character in zip(QUOTE_NAMES, characters, strict=True))
    symbols = raw.get("typographic_symbols")
    if symbols is not None:
        if not isinstance(symbols, Mapping) or not all(
                name in SYMBOL_NAMES and isinstance(text, str) for name, text in symbols.items()):
            problems.append("_config.yml: 'kramdown.typographic_symbols' must map names among "
                            f"{', '.join(SYMBOL_NAMES)} to text, not {symbols!r}")
        else:
            marks.update(symbols)
    auto_ids = raw.get("auto_ids", True)
    prefix = raw.get("auto_id_prefix", "")
    if not isinstance(auto_ids, bool):
        problems.append(f"_config.yml: 'kramdown.auto_ids' must be true or false, not {auto_ids!r}")
        auto_ids = True
    if not isinstance(prefix, str):
        problems.append(f"_config.yml: 'kramdown.auto_id_prefix' must be text, not {prefix!r}")
        prefix = ""
    return KramdownOptions(tuple(marks.items()), auto_ids, prefix)


def _entity(name: object) -> str | None:
    """An entity's character, by name (`rsquo`) or number (`8217`), as kramdown takes them."""
    text = str(name).strip()
    if text.isdigit():
        return chr(int(text)) if int(text) < 0x110000 else None
    return html.entities.html5.get(text + ";")
