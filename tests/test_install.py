"""A non-editable install in a fresh venv carries the theme: a missing package-data line fails here."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, venv_with_test_packages, write_files


@pytest.mark.skipif(os.environ.get("PAPERFOLD_SKIP_INSTALL_TEST") == "1", reason="disabled by env")
def test_wheel_install_builds_a_site_from_anywhere(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    python = venv_with_test_packages(environment)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(REPO)],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert install.returncode == 0, install.stderr
    site = write_files(tmp_path / "blog", {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\n```\n1. item\n    1. child\n```\n",
                                            "_config.yml": "paperfold:\n  math: self\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    completed = subprocess.run([str(environment / "bin" / "paperfold"), "build", "-s", str(site)],
                               capture_output=True, text=True, cwd=elsewhere,
                               env={**os.environ, "PYTHONPATH": ""}, check=False)
    assert completed.returncode == 0, completed.stderr
    out = site / "_site"
    assert (out / "static/css/site.css").is_file() and (out / "static/js/outline.js").is_file()
    assert "child" in (out / "2024/01/01/a.html").read_text()
    # KaTeX is package data too: `math: self` copies it from the installed paperfold.
    assert len(list((out / "static/vendor/katex/fonts").glob("*.woff2"))) == 20 and (out / "static/vendor/katex/LICENSE").is_file()
    # The installed copy, not this checkout, must have been used.
    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere, env={**os.environ, "PYTHONPATH": ""},
                           check=False)
    assert str(REPO) not in where.stdout
    assert (Path(where.stdout.strip()).parent / "serve" / "live.js").is_file()  # serve's page client
