"""The code passes its linter and type checker, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    completed = _run("ruff", "check", "--no-cache", "generator", "tests", "bench")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    # A cache of its own: a checkout's .mypy_cache may be from another mypy.
    completed = _run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert completed.returncode == 0, completed.stdout + completed.stderr
