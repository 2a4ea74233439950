"""Shared helpers: tiny sites built inline from a dict of files, and the repository's paths."""

from __future__ import annotations

import os
import subprocess
import sysconfig
import venv
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from generator.build import BuildResult


REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("PAPERFOLD_SEEDS", REPO.parent / "shared" / "seeds"))
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create every file of `files` (relative path -> text or bytes) under root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under root (a built site), by relative POSIX path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def venv_with_test_packages(folder: Path) -> Path:
    """A new venv at `folder` that sees the packages running the tests (pip among them); its python.

    A plain path in a .pth file is searched after the venv's own packages, and the .pth files in
    that path (this checkout's editable install among them) are not run: what is installed into the
    venv comes first, and nothing needs fetching but build requirements.
    """
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    (own_site,) = {Path(path) for path in subprocess.run(
        [str(python), "-c", "import site; print(*site.getsitepackages(), sep=chr(10))"],
        capture_output=True, text=True, check=True).stdout.split()}
    running = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (own_site / "test-dependencies.pth").write_text("\n".join(running) + "\n")
    return python


def build_files(root: Path, files: Mapping[str, str | bytes], **options: object) -> BuildResult:
    """Write a site from a dict and build it into root/_site (or options['destination'])."""
    from generator.build import build
    from generator.config.settings import BuildOptions, load_config

    write_files(root, files)
    return build(load_config(BuildOptions(source=root, **options)), now=NOW)  # type: ignore[arg-type]


def pytest_sessionstart(session: pytest.Session) -> None:
    from tests.npm_packages import ensure_npm_packages

    ensure_npm_packages()


@pytest.fixture(autouse=True, scope="session")
def cache_key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The key that seals cache files (generator/incremental/seal.py), for builds in tests and their
    subprocesses: one for the session, kept out of the user's own cache folder."""
    path = tmp_path_factory.mktemp("cache-key") / "cache-key"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAPERFOLD_CACHE_KEY_FILE", str(path))
        yield path


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return tmp_path / "site"
