"""Bodies rendered on a process pool are the bodies one process renders, and cache alike."""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest

import generator.markdown.bodies
from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.conftest import files_of
from tests.test_page_workers import _site


def _build(source: Path, out: Path, workers: int, monkeypatch: pytest.MonkeyPatch, *, fresh: bool = True) -> None:
    monkeypatch.setattr(generator.markdown.bodies, "_workers", lambda todo: workers)
    result = build(load_config(BuildOptions(source=source, destination=out, fresh=fresh)), index_search=False)
    assert result.ok, result.errors


def test_bodies_from_a_pool_equal_bodies_rendered_in_one_process(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = _site(tmp_path / "site", {"_posts/2024-12-30-big.md": "---\ntitle: Big\n---\n```\n" + "".join(
        f"{n}. Paper {n}    [2019, SOSP, {n} refs]\n   https://arxiv.org/abs/1901.{n:05d}\n    1. 笔记 {n}\n"
        for n in range(1, 300)) + "```\n"})
    _build(source, tmp_path / "one", 1, monkeypatch)
    _build(source, tmp_path / "fork", 2, monkeypatch)
    # with another thread running, the pool starts its workers from a fork server instead
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        _build(source, tmp_path / "forkserver", 2, monkeypatch)
    finally:
        stop.set()
        waiting.join()
    expected = files_of(tmp_path / "one")
    assert len(expected) > 60
    assert files_of(tmp_path / "fork") == expected and files_of(tmp_path / "forkserver") == expected
    # what the pool's workers cached serves the next build, which renders nothing
    monkeypatch.setattr(generator.markdown.bodies, "render_job", None)
    _build(source, tmp_path / "cached", 2, monkeypatch, fresh=False)
    assert files_of(tmp_path / "cached") == expected


def test_the_parsers_are_made_once_before_the_workers_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.markdown import fast, render

    # Where markdown-it-pyrs has no wheel (pyproject.toml's markers), markdown-it-py's parser alone.
    markdown_it_pyrs = fast.compiled_engine() and importlib.import_module("markdown_it_pyrs")

    made_by = tmp_path / "made-by"  # a file, as the forked workers' memory is their own

    def noted(make: Any) -> Any:
        def making(*args: object, **kwargs: object) -> object:
            with made_by.open("a") as note:
                note.write(f"{os.getpid()}\n")
            return make(*args, **kwargs)
        return making

    if markdown_it_pyrs:
        monkeypatch.setattr(markdown_it_pyrs, "MarkdownIt", noted(markdown_it_pyrs.MarkdownIt))
    monkeypatch.setattr(render, "MarkdownIt", noted(render.MarkdownIt))
    made = (fast.compiled_engine, fast._block_engine, render.markdown_engine)
    for cached in made:
        cached.cache_clear()
    source = _site(tmp_path / "site", {f"_posts/2024-12-{day:02d}-post.md": f"---\ntitle: P{day}\n---\nSome *prose*.\n"
                                       for day in range(1, 21)})
    try:
        _build(source, tmp_path / "fork", 2, monkeypatch)
    finally:
        for cached in made:
            cached.cache_clear()
    assert set(made_by.read_text().split()) == {str(os.getpid())}
