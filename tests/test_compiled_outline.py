"""The outline modules compiled with mypyc (setup.py, `PAPERFOLD_COMPILE=1`) give the bytes the pure ones give.

They are compiled in a copy of the checkout, and the bundled blog and a generated corpus are built
from the copy twice: by the compiled modules, then by the pure ones (the .so files removed).
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import files_of, venv_with_test_packages

REPOSITORY = Path(__file__).resolve().parents[1]
COPIED = [
    "generator",
    "templates",
    "static",
    "content",
    "_config.yml",
    "setup.py",
    "pyproject.toml",
    "README.md",
]

needs_compiler = pytest.mark.skipif(shutil.which("gcc") is None, reason="no C compiler here")


def _copy(target: Path) -> Path:
    for name in COPIED:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        else:
            shutil.copy2(source, target / name)
    return target


def _run(checkout: Path, *arguments: str, env: dict[str, str] | None = None) -> str:
    """Python in `checkout`, whose generator/ comes first on the path (before any installed one)."""
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _built(checkout: Path, site: Path, destination: Path) -> dict[str, bytes]:
    _run(checkout, "-m", "generator", "build", "-s", str(site), "-d", str(destination), "--fresh")
    shutil.rmtree(site / ".paperfold-cache", ignore_errors=True)
    return files_of(destination)


def _loaded_from(checkout: Path, python: Path | None = None) -> list[str]:
    """The files the compiled set's modules are imported from: the checkout's by default, run by the
    tests' Python in it; given another Python, run from outside it (the package that Python installed)."""
    compiled = runpy.run_path(str(checkout / "setup.py"))["COMPILED"]
    code = "import importlib\n" + "".join(
        f"print(importlib.import_module({path.removesuffix('.py').replace('/', '.')!r}).__file__)\n"
        for path in compiled
    )
    if python is None:
        return _run(checkout, "-c", code).split()
    return subprocess.run([str(python), "-c", code], cwd=checkout.parent, capture_output=True, text=True,
                          timeout=120, check=True).stdout.split()


@needs_compiler
def test_compiled_outline_modules_build_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = _copy(tmp_path / "checkout")
    _run(checkout, "setup.py", "-q", "build_ext", "--inplace", env={**os.environ, "PAPERFOLD_COMPILE": "1"})
    compiled = sorted(checkout.glob("generator/**/*.so"))
    assert all(name.endswith(".so") for name in _loaded_from(checkout)), _loaded_from(checkout)

    monkeypatch.syspath_prepend(str(REPOSITORY / "bench"))
    from corpus import generate

    corpus = tmp_path / "corpus"
    generate(12, corpus)
    sites = {"bundled": checkout, "generated": corpus}
    by_compiled = {
        name: _built(checkout, site, tmp_path / f"{name}-compiled") for name, site in sites.items()
    }
    for path in compiled:
        path.unlink()
    assert not any(name.endswith(".so") for name in _loaded_from(checkout))
    for name, site in sites.items():
        assert _built(checkout, site, tmp_path / f"{name}-pure") == by_compiled[name], name



@needs_compiler
def test_an_editable_install_never_compiles(tmp_path: Path) -> None:
    # Its extensions would be built into the checkout beside the .py files, and Python would go on
    # importing them after the sources were edited.
    checkout = _copy(tmp_path / "checkout")
    python = venv_with_test_packages(tmp_path / "venv")
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", "-e", str(checkout)],
                             env={**os.environ, "PAPERFOLD_COMPILE": "1"}, capture_output=True, text=True,
                             timeout=300, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    assert not list(checkout.rglob("*.so"))
    compiled = runpy.run_path(str(checkout / "setup.py"))["COMPILED"]
    assert _loaded_from(checkout, python) == [str(checkout / path) for path in compiled]
