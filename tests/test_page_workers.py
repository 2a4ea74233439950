"""A first build's pages rendered by forked workers are the pages a single process renders."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.page_workers
import generator.pipeline
from generator.build import build
from generator.cache import BuildCache
from generator.config import BuildOptions, load_config
from generator.results import BuildResult
from tests.conftest import NOW, files_of, write_files

TAGS = ["raft", "paxos", "分布式", "GPU", "LSM"]


def _site(root: Path, extra: dict[str, str] | None = None) -> Path:
    posts = {
        f"_posts/2024-{month:02d}-{day:02d}-post-{month}-{day}.md":
            f"---\ntitle: Post {month}/{day}\ntags: [{TAGS[(month + day) % 5]}, {TAGS[day % 5]}]\n---\n"
            f"Intro {month} {day}.\n\n```\n1. Paper {day}    [2020, OSDI, {day} refs]\n   https://arxiv.org/abs/2001.{day:05d}\n"
            f"    1. note {month}\n```\n"
        for month in range(1, 13) for day in range(1, 6)
    }
    return write_files(root, {"_config.yml": "title: t\npaginate: 3\npaperfold:\n  search: false\n", **posts,
                              **(extra or {})})


def _build(source: Path, out: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> tuple[BuildResult, list[int]]:
    forks: list[int] = []
    render_into = generator.page_workers.render_into
    monkeypatch.setattr(generator.pipeline, "page_workers", lambda plans: workers)
    monkeypatch.setattr(generator.pipeline, "render_into",
                        lambda *args: forks.append(args[-1]) or render_into(*args))
    return build(load_config(BuildOptions(source=source, destination=out, fresh=True)), now=NOW), forks



def test_forked_pages_equal_pages_rendered_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _site(tmp_path / "site")
    serial, forks = _build(source, tmp_path / "one", 1, monkeypatch)
    assert serial.ok and forks == []
    forked, forks = _build(source, tmp_path / "three", 3, monkeypatch)
    assert forked.ok and forks == [3]
    assert forked.files == serial.files > 60
    assert files_of(tmp_path / "three") == files_of(tmp_path / "one")
    manifests = [BuildCache(source, enabled=True).manifest(tmp_path / out) for out in ("one", "three")]
    assert manifests[0].reads == manifests[1].reads and manifests[0].keys == manifests[1].keys
    assert any(manifests[0].reads.values())
    # what each page read is recorded alike: the next build of either rewrites nothing
    for out in ("one", "three"):
        again = build(load_config(BuildOptions(source=source, destination=tmp_path / out)), now=NOW)
        assert again.ok and again.files == 0


def test_a_failing_page_is_reported_as_a_single_process_reports_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = _site(tmp_path / "site", {"templates/tag.html": "{{ page.no_such_field }}\n"})
    serial, _ = _build(source, tmp_path / "one", 1, monkeypatch)
    forked, forks = _build(source, tmp_path / "two", 2, monkeypatch)
    assert forks == [2] and not serial.ok and not forked.ok
    assert forked.errors == serial.errors and str(forked.errors[0]).startswith("templates/tag.html:1: ")
    assert not (tmp_path / "two").exists()  # nothing half-written


def test_no_fork_with_other_threads_running_or_few_pages() -> None:
    import threading

    plans = [object()] * generator.page_workers.MINIMUM_PAGES
    assert generator.page_workers.page_workers(plans[:-1]) == 1  # type: ignore[arg-type]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert generator.page_workers.page_workers(plans) == 1  # type: ignore[arg-type]
    finally:
        stop.set()
        thread.join()
