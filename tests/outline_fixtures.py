"""The outline fixture files: reading, comparing and regenerating them.

Format: `tests/fixtures/outline/README.md`. Used by test_outline.py (trees) and
test_outline_html.py (HTML); `python -m tests.test_outline --update` rewrites the
expected sections, and so does PAPERFOLD_UPDATE_FIXTURES=1 when the tests are collected.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.outline.html import render_outline
from generator.outline.parser import dump_tree, parse_outline

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "outline"


_STAND_INS = {"\t": "→", "\u00a0": "⍽", "\u3000": "▯", "\r": "␍", "\ufeff": "␂"}
_TRAILING_SPACES_RE = re.compile(r" +$", re.MULTILINE)


def to_visible(text: str) -> str:
    """Write invisible characters with their stand-ins (see the fixtures' README.md)."""
    for char, stand_in in _STAND_INS.items():
        text = text.replace(char, stand_in)
    return _TRAILING_SPACES_RE.sub(lambda match: "␣" * len(match.group()), text)


def from_visible(text: str) -> str:
    """The inverse of `to_visible`, for inputs written in a fixture."""
    for char, stand_in in _STAND_INS.items():
        text = text.replace(stand_in, char)
    return text.replace("␣", " ")


@dataclass(frozen=True)
class Case:
    """One fixture block; the sections are kept exactly as written in the file."""

    path: Path
    line: int
    title: str
    source: str
    tree: str
    html: str

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line} {self.title}"

    @property
    def input(self) -> str:
        """The outline text the case stands for."""
        if self.source.endswith("␄"):
            return from_visible(self.source[:-1])
        return from_visible(self.source) + "\n"


def read_cases(path: Path) -> list[Case]:
    """Parse a fixture file: `title / . / input / . / tree / . / html / .` blocks."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    index = 0
    while index < len(lines):
        title = lines[index]
        if not title.strip() or title.startswith("%%"):
            index += 1
            continue
        if index + 1 >= len(lines) or lines[index + 1] != ".":
            raise ValueError(f"{path}:{index + 1}: expected a '.' line after the title {title!r}")
        sections: list[str] = []
        cursor = index + 2
        for _ in range(3):
            start = cursor
            while cursor < len(lines) and lines[cursor] != ".":
                cursor += 1
            if cursor >= len(lines):
                raise ValueError(f"{path}:{index + 1}: unterminated section in {title!r}")
            sections.append("\n".join(lines[start:cursor]))
            cursor += 1
        cases.append(Case(path, index + 1, title, *sections))
        index = cursor
    return cases


def actual_tree(case: Case) -> str:
    return to_visible(dump_tree(parse_outline(case.input))).rstrip("\n")


def actual_html(case: Case) -> str:
    return to_visible(render_outline(parse_outline(case.input))).rstrip("\n")


def update_fixtures() -> list[Path]:
    """Rewrite the expected sections of every fixture file; return the files that changed."""
    changed: list[Path] = []
    for path in sorted(FIXTURE_DIR.glob("*.txt")):
        old = path.read_text(encoding="utf-8")
        header = [line for line in old.split("\n") if line.startswith("%%")]
        blocks = ["\n".join(header)] if header else []
        for case in read_cases(path):
            blocks.append(
                "\n".join([case.title, ".", case.source, ".", actual_tree(case), ".", actual_html(case), "."])
            )
        new = "\n\n".join(blocks) + "\n"
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def expect_equal(case: Case, what: str, expected: str, actual: str) -> None:
    """Fail with the case's location and a unified diff of the section."""
    if expected == actual:
        return
    diff = "\n".join(
        difflib.unified_diff(
            expected.split("\n"), actual.split("\n"), f"expected {what}", f"actual {what}", lineterm=""
        )
    )
    pytest.fail(
        f"{case.id}: {what} differs (regenerate: python -m tests.test_outline --update)\n{diff}",
        pytrace=False,
    )


if os.environ.get("PAPERFOLD_UPDATE_FIXTURES") == "1":
    update_fixtures()

CASES = [case for path in sorted(FIXTURE_DIR.glob("*.txt")) for case in read_cases(path)]
