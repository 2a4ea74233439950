"""Every case under tests/bad_inputs/: the exact messages, exit 1, and the previous output untouched.

Each case is `<case>/site/` (a small site with one problem and one good post) and
`<case>/expected.txt` (what `paperfold build` prints on stderr, word for word). A case of
input Jekyll builds, which paperfold builds too, has `<case>/expected_warnings.txt` instead:
the build succeeds, warning exactly so. After an intended change to a message:
PAPERFOLD_UPDATE_BAD_INPUTS=1 python -m pytest tests/test_bad_inputs.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "site").is_dir())
GOOD_POST = "content/_posts/2023-06-01-good.md"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "_config.yml").write_text("title: bad input\n")
    (good / GOOD_POST).parent.mkdir(parents=True)
    (good / GOOD_POST).write_text("---\ntitle: A good post\n---\nStill builds.\n")
    out = tmp_path / "out"
    assert main(["build", "-s", str(good), "-d", str(out)]) == 0
    before = _snapshot(out)
    capsys.readouterr()

    site = shutil.copytree(CASES_DIR / case / "site", tmp_path / "site")
    builds = (CASES_DIR / case / "expected_warnings.txt").is_file() or (
        os.environ.get("PAPERFOLD_UPDATE_BAD_INPUTS") and not (CASES_DIR / case / "expected.txt").is_file())
    assert main(["build", "-s", str(site), "-d", str(out)]) == (0 if builds else 1)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("build failed:")]
    if not builds:
        assert err.splitlines()[-1].startswith("build failed:") or lines[0].startswith("_config.yml")
    expected_file = CASES_DIR / case / ("expected_warnings.txt" if builds else "expected.txt")
    if os.environ.get("PAPERFOLD_UPDATE_BAD_INPUTS"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    if builds:
        assert (out / "2023/06/01/good.html").is_file()
    else:
        assert _snapshot(out) == before, "a failed build changed the previous output"
