"""The body cache stays bounded: stale bodies go, least recently used first; bodies in use stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import generator.render_bodies
from generator.build import build
from generator.cache import CACHE_FOLDER
from generator.cache_prune import ABANDONED_AFTER, KEPT_FACTOR, prune_bodies
from generator.config import BuildOptions, load_config
from tests.conftest import NOW, write_files

NOW_SECONDS = 2_000_000_000.0


def _body(folder: Path, name: str, size: int, age: float, now: float = NOW_SECONDS) -> Path:
    """A cached body last used `age` seconds before `now`."""
    path = folder / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (now - age, now - age))
    return path


def test_bodies_beyond_the_budget_go_least_recently_used_first(tmp_path: Path) -> None:
    used = [_body(tmp_path, f"u{index}", 100, age=86_400.0) for index in range(2)]  # 200 bytes in use
    others = [_body(tmp_path, f"o{index}", 100, age=1000.0 * index) for index in range(8)]
    # 1,000 bytes in all, 600 allowed: the four others used longest ago go.
    assert prune_bodies(tmp_path, used, now=NOW_SECONDS) == 4
    assert [path.exists() for path in others] == [True] * 4 + [False] * 4
    assert all(path.exists() for path in used)
    # A body in use is touched, so it counts as recently used by the next prune.
    assert all(path.stat().st_mtime == NOW_SECONDS for path in used)


def test_a_folder_within_the_budget_is_left_alone(tmp_path: Path) -> None:
    used = [_body(tmp_path, "u0", 100, age=0.0)]
    others = [_body(tmp_path, f"o{index}", 100, age=99_999.0) for index in range(KEPT_FACTOR - 1)]
    assert prune_bodies(tmp_path, used, now=NOW_SECONDS) == 0
    assert all(path.exists() for path in [*used, *others])


def test_abandoned_temporary_files_go_and_fresh_ones_stay(tmp_path: Path) -> None:
    used = [_body(tmp_path, "u0", 100, age=0.0)]
    abandoned = _body(tmp_path, ".tmp-old", 10, age=ABANDONED_AFTER + 1)
    being_written = _body(tmp_path, ".tmp-new", 10, age=1.0)
    assert prune_bodies(tmp_path, used, now=NOW_SECONDS) == 1
    assert not abandoned.exists() and being_written.exists() and used[0].exists()


def test_a_missing_folder_prunes_nothing(tmp_path: Path) -> None:
    assert prune_bodies(tmp_path / "none", [], now=NOW_SECONDS) == 0


def _site(root: Path) -> Path:
    posts = {
        f"content/_posts/2024-01-{day:02d}-post-{day}.md": f"---\ntitle: Post {day}\n---\n```\n1. item {day}\n```\n"
        for day in range(1, 5)
    }
    return write_files(root / "site", {"_config.yml": "title: t\npaperfold:\n  search: false\n", **posts})


def _bodies(source: Path) -> list[Path]:
    return [path for path in (source / CACHE_FOLDER / "bodies").rglob("*") if path.is_file()]


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The bodies each build renders (a small site renders in this process)."""
    calls: list[object] = []
    render = generator.render_bodies.render_job

    def counting(job, fences=None):  # type: ignore[no-untyped-def]
        calls.append(job)
        return render(job, fences)

    monkeypatch.setattr(generator.render_bodies, "render_job", counting)
    return calls


def test_saving_a_post_again_and_again_keeps_the_cache_bounded(tmp_path: Path, rendered: list[object]) -> None:
    source = _site(tmp_path)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    post = source / "content/_posts/2024-01-01-post-1.md"
    for edit in range(30):
        post.write_text(f"---\ntitle: Post 1\n---\n```\n1. item 1, edit {edit}\n```\n", encoding="utf-8")
        assert build(load_config(options), now=NOW).ok
    in_use = 4 * max(path.stat().st_size for path in _bodies(source))
    assert sum(path.stat().st_size for path in _bodies(source)) <= KEPT_FACTOR * in_use
    assert len(_bodies(source)) < 30
    # What the last build used is all still there: a fresh process renders nothing.
    rendered.clear()
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out2")), now=NOW).ok
    assert rendered == []


def test_two_sets_of_settings_both_stay_cached(tmp_path: Path, rendered: list[object]) -> None:
    # serve's base URL and a deploy build's: switching between them renders no body again.
    source = _site(tmp_path)
    for baseurl in ("", "/blog", "", "/blog"):
        rendered.clear()
        options = BuildOptions(source=source, destination=tmp_path / f"out{baseurl.strip('/')}", baseurl=baseurl)
        assert build(load_config(options), now=NOW).ok
    assert rendered == []
    assert len(_bodies(source)) == 8


def test_stale_bodies_of_an_older_paperfold_go(tmp_path: Path) -> None:
    source = _site(tmp_path)
    folder = source / CACHE_FOLDER / "bodies"
    stale = [_body(folder, f"{index:02d}old", 10_000, age=1e6, now=time.time()) for index in range(20)]
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out")), now=NOW).ok
    assert not any(path.exists() for path in stale)
    assert len(_bodies(source)) == 4


def test_a_build_that_ignores_the_cache_prunes_it_too(tmp_path: Path) -> None:
    source = _site(tmp_path)
    folder = source / CACHE_FOLDER / "bodies"
    stale = [_body(folder, f"{index:02d}old", 10_000, age=1e6, now=time.time()) for index in range(20)]
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out", fresh=True)), now=NOW).ok
    assert not any(path.exists() for path in stale)
    assert len(_bodies(source)) == 4


def test_a_build_that_writes_no_body_leaves_the_folder_alone(tmp_path: Path) -> None:
    source = _site(tmp_path)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    assert build(load_config(options), now=NOW).ok
    folder = source / CACHE_FOLDER / "bodies"
    stale = [_body(folder, f"{index:02d}old", 10_000, age=1e6, now=time.time()) for index in range(20)]
    # The same posts again, all from the cache: no body written, no folder scanned.
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out2")), now=NOW).ok
    assert all(path.exists() for path in stale)
