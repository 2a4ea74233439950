"""Jekyll's Liquid in post bodies: paperfold renders none of it, so it removes the tags it cannot run."""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(?:[^%]|%(?!\}))*?-?%\}")
RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """The body without Liquid tags, and the names of the tags that were removed."""

    text: str
    removed: tuple[str, ...]


def strip_liquid(body: str) -> LiquidResult:
    """Drop `{% tag %}` outside code and outline fences; `{% raw %}` keeps its content as written."""
    if "{%" not in body:
        return LiquidResult(body, ())
    removed: list[str] = []
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        if fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                out.append(_strip_prose("".join(prose), removed))
                prose = []
                fence = match.group(1)
                out.append(line)
            else:
                prose.append(line)
            continue
        out.append(line)
        stripped = line.strip()
        if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]} and len(line) - len(line.lstrip(" ")) < 4:
            fence = None
    out.append(_strip_prose("".join(prose), removed))
    return LiquidResult("".join(out), tuple(dict.fromkeys(removed)))


def _strip_prose(text: str, removed: list[str]) -> str:
    if "{%" not in text:
        return text
    kept: list[str] = []
    position = 0
    for raw in RAW_BLOCK.finditer(text):
        kept.append(_remove_tags(text[position:raw.start()], removed))
        kept.append(raw.group(1))
        position = raw.end()
    kept.append(_remove_tags(text[position:], removed))
    return "".join(kept)


def _remove_tags(text: str, removed: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        removed.append(match.group(1))
        return ""

    result = LIQUID_TAG.sub(drop, text)
    # A line that held only a tag leaves no blank paragraph break behind it.
    return re.sub(r"(?m)^[ \t]+$", "", result) if result is not text else result
