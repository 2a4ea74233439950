"""One writer per output folder: a second build into it waits for the first, and what a build that
died left beside the folder is removed by the next."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import generator.search.index
from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.search.index import pagefind_available
from generator.site.lock import hold_folder, lock_path
from tests.conftest import NOW, REPO, files_of, write_files

SITE = {"_config.yml": "title: t\n", "_posts/2023-06-01-a.md": "---\ntitle: A\n---\nfirst\n",
        "_posts/2023-06-02-b.md": "---\ntitle: B\n---\nsecond\n"}


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {**SITE, "_config.yml": "title: t\npaperfold:\n  search: false\n"})
    out = tmp_path / "out"
    held = hold_folder(out, "build", waiting=print)
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    second = subprocess.Popen([sys.executable, "-m", "generator", "build", "-s", str(site), "-d", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        assert second.stderr is not None
        assert second.stderr.readline() == f"waiting for another build into {out} (pid {os.getpid()})\n"
        assert not out.exists()
    finally:
        held.release()
    assert second.wait(timeout=120) == 0
    assert (out / "index.html").is_file() and not lock_path(out).exists()


@pytest.mark.skipif(not pagefind_available(), reason="the search index needs the Pagefind binary")
def test_two_builds_at_once_leave_one_whole_site_with_its_search_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_files(tmp_path / "site", SITE)
    out = tmp_path / "out"
    second_done = threading.Event()
    write_index = generator.search.index._write_index

    def slow_first(*arguments: Any) -> tuple[int, int]:
        written = write_index(*arguments)
        if threading.current_thread().name == "first":  # its index is written, not yet swapped in
            second_done.wait(timeout=1.0)
        return written

    monkeypatch.setattr(generator.search.index, "_write_index", slow_first)
    results: dict[str, Any] = {}

    def run(name: str) -> None:
        try:
            results[name] = build(load_config(BuildOptions(source=site, destination=out)), now=NOW)
        except Exception as error:  # noqa: BLE001 - the test reports it below
            results[name] = error
        if name == "second":
            second_done.set()

    first = threading.Thread(target=run, args=("first",), name="first")
    first.start()
    while not (out / ".pagefind-staging").is_dir() and first.is_alive():
        threading.Event().wait(0.01)
    second = threading.Thread(target=run, args=("second",), name="second")
    second.start()
    first.join(timeout=120)
    second.join(timeout=120)
    assert [getattr(results[name], "ok", results[name]) for name in ("first", "second")] == [True, True]
    assert f"waiting for another build into {out} (pid {os.getpid()})\n" in capsys.readouterr().err
    alone = tmp_path / "alone"
    build(load_config(BuildOptions(source=site, destination=alone)), now=NOW)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in alone.iterdir()) and "pagefind" in names
    built = {path for path in files_of(out) if not path.startswith("pagefind/")}
    assert built == {path for path in files_of(alone) if not path.startswith("pagefind/")}


def test_the_holder_removes_what_dead_builds_left_beside_the_folder_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(tmp_path, {".out.paperfold-k2x_9abc/index.html": "a dead build's", ".out.paperfold-old/index.html": "",
                           ".out.paperfold-notes/mine.txt": "mine", ".other.paperfold-k2x_9abc/x": "another's"})
    hold_folder(out, "build", waiting=print).release()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        ".other.paperfold-k2x_9abc/x", ".out.paperfold-notes/mine.txt"]


def test_a_build_after_one_that_died_mid_rebuild_removes_its_half_written_files(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {**SITE, "_config.yml": "title: t\npaperfold:\n  search: false\n"})
    out = tmp_path / "out"
    assert build(load_config(BuildOptions(source=site, destination=out)), now=NOW).ok
    whole = files_of(out)
    # What a rebuild killed while it wrote leaves: its lock file, files not yet renamed into place.
    write_files(tmp_path, {".out.paperfold-lock": "4194304 build", "out/2023/06/01/.paperfold-k2x_9abc": "half",
                           "out/.pagefind-staging/pagefind.js": "half"})
    write_files(site, {"_posts/2023-06-01-a.md": "---\ntitle: A\n---\nedited\n"})
    assert build(load_config(BuildOptions(source=site, destination=out)), now=NOW).ok
    assert files_of(out).keys() == whole.keys() and sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
