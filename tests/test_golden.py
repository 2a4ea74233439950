"""Whole-site golden tests: each tests/golden/<case>/site is built and compared file by file.

After an intended change, regenerate the expected files with:
    PAPERFOLD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.conftest import NOW

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "site").is_dir())
# Copied verbatim from the theme, or written by Pagefind: not the generator's own output.
UNPINNED = ("static/", "pagefind/", ".paperfold-output")
# Pygments' markup is compared by its text and token classes, not its escaping: 2.21 writes '"' where
# earlier releases wrote '&quot;', and either is the same page to a reader.
HIGHLIGHTED = re.compile(r'(<pre class="highlight"><code[^>]*>)(.*?)(</code></pre>)', re.DOTALL)
TOKEN = re.compile(r'<span class="([^"]*)">(.*?)</span>|([^<]+)', re.DOTALL)


def _tokens(code: str) -> str:
    """Highlighted code as one token a line: its classes, then its text with every escape undone."""
    return "".join(f"\n«{match[1] or ''}»{html.unescape(match[2] if match[1] is not None else match[3])!r}"
                   for match in TOKEN.finditer(code))


def _comparable(data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    return HIGHLIGHTED.sub(lambda m: m[1] + _tokens(m[2]) + m[3], text).encode("utf-8", "surrogateescape")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file() and not p.relative_to(root).as_posix().startswith(UNPINNED)
    }


@pytest.mark.parametrize("case", CASES)
def test_golden_site(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = shutil.copytree(GOLDEN / case / "site", tmp_path / "site")  # the build's cache stays out of the repo
    result = build(load_config(BuildOptions(source=source, destination=out)), now=NOW)
    assert result.ok, [str(e) for e in result.errors]
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("PAPERFOLD_UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for relative, data in _files(out).items():
            (expected_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / relative).write_bytes(data)
    actual, expected = _files(out), _files(expected_dir)
    problems = [f"missing: {p}" for p in sorted(expected.keys() - actual.keys())]
    problems += [f"unexpected: {p}" for p in sorted(actual.keys() - expected.keys())]
    for relative in sorted(expected.keys() & actual.keys()):
        if _comparable(expected[relative]) != _comparable(actual[relative]):
            diff = difflib.unified_diff(
                _comparable(expected[relative]).decode("utf-8", "replace").splitlines(),
                _comparable(actual[relative]).decode("utf-8", "replace").splitlines(),
                f"expected/{relative}", f"actual/{relative}", lineterm="")
            problems.append("\n".join(diff))
    assert not problems, "\n\n".join(problems) + "\n\n(regenerate: PAPERFOLD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py)"
