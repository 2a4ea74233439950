"""The body cache stays bounded: stale bodies go, least recently used first; bodies in use stay.
So does the temporary file a kept cache holds bodies in (serve's, a whole session long)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

import generator.incremental.cache
import generator.markdown.bodies
from generator.build import BuildResult, build
from generator.config.settings import BuildOptions, load_config
from generator.content.store import BodyStore, Stored
from generator.incremental.cache import CACHE_FOLDER, BuildCache
from generator.incremental.prune import ABANDONED_AFTER, KEPT_FACTOR, prune_bodies
from generator.serve.server import SiteServer
from tests.conftest import NOW, files_of, write_files

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
    render = generator.markdown.bodies.render_job

    def counting(job, fences=None):  # type: ignore[no-untyped-def]
        calls.append(job)
        return render(job, fences)

    monkeypatch.setattr(generator.markdown.bodies, "render_job", counting)
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


def _stale_bodies(source: Path) -> list[Path]:
    """Twenty cached bodies no build will use again (an older paperfold's), last used long ago."""
    folder = source / CACHE_FOLDER / "bodies"
    return [_body(folder, f"{index:02d}old", 10_000, age=1e6, now=time.time()) for index in range(20)]


def test_stale_bodies_of_an_older_paperfold_go(tmp_path: Path) -> None:
    source = _site(tmp_path)
    stale = _stale_bodies(source)
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out")), now=NOW).ok
    assert not any(path.exists() for path in stale)
    assert len(_bodies(source)) == 4


def test_a_build_that_ignores_the_cache_prunes_it_too(tmp_path: Path) -> None:
    source = _site(tmp_path)
    stale = _stale_bodies(source)
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out", fresh=True)), now=NOW).ok
    assert not any(path.exists() for path in stale)
    assert len(_bodies(source)) == 4


def test_serve_prunes_after_its_first_build_not_in_the_first_edit(tmp_path: Path) -> None:
    source = _site(tmp_path)
    stale = _stale_bodies(source)
    server = SiteServer(BuildOptions(source=source, destination=tmp_path / "out"), "127.0.0.1", 0,
                        out=io.StringIO(), err=io.StringIO()).start()
    try:
        assert not any(path.exists() for path in stale)
    finally:
        server.stop()


def test_a_build_that_writes_no_body_leaves_the_folder_alone(tmp_path: Path) -> None:
    source = _site(tmp_path)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    assert build(load_config(options), now=NOW).ok
    stale = _stale_bodies(source)
    # The same posts again, all from the cache: no body written, no folder scanned.
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out2")), now=NOW).ok
    assert all(path.exists() for path in stale)


def _post_text(title: str, item: str) -> str:
    return f"---\ntitle: {title}\n---\n```\n1. {item}\n```\n"


def _built_with_kept_cache(root: Path) -> tuple[Path, BuildOptions, BuildCache, BuildResult]:
    """The site built once with a cache kept for later builds, as serve keeps one."""
    source = _site(root)
    options = BuildOptions(source=source, destination=root / "out")
    cache = BuildCache(source, enabled=True)
    return source, options, cache, build(load_config(options), now=NOW, cache=cache)


def test_body_edits_in_serve_prune_the_cache_too(tmp_path: Path, rendered: list[object],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.incremental.cache, "SHORTCUT_PRUNE_AFTER", 3)
    source, options, cache, first = _built_with_kept_cache(tmp_path)
    assert first.ok
    # One edit to the second post, then many to the first: each takes serve's shortcut.
    for edit, day in enumerate([2, *[1] * 30]):
        post = source / f"content/_posts/2024-01-0{day}-post-{day}.md"
        post.write_text(_post_text(f"Post {day}", f"edit {edit}"), encoding="utf-8")
        result = build(load_config(options), now=NOW, cache=cache, changed={str(post)})
        assert result.ok and result.shortcut
        cache.write_pending()  # as serve does after its reload signal
    # In use: the four posts' current bodies.
    budget = KEPT_FACTOR * 4 * max(path.stat().st_size for path in _bodies(source))
    assert sum(path.stat().st_size for path in _bodies(source)) <= budget
    assert len(_bodies(source)) < 4 + 31
    # Every post's current body is still cached, the second post's edit among them.
    rendered.clear()
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "out2")), now=NOW).ok
    assert rendered == []


def test_a_long_session_starts_a_new_body_store(tmp_path: Path, rendered: list[object],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.incremental.cache, "STORE_RENEW_SLACK", 0)
    source, options, cache, first = _built_with_kept_cache(tmp_path)
    stores = [_store_of(first)]
    baseline, largest = stores[0].size, 0
    post = source / "content/_posts/2024-01-01-post-1.md"
    for edit in range(12):
        # A new title each time: a whole build, which puts the new text and body in the store.
        post.write_text(_post_text(f"Post 1, edit {edit}", f"item 1, edit {edit}"), encoding="utf-8")
        rendered.clear()
        store = _store_of(build(load_config(options), now=NOW, cache=cache))
        assert len(rendered) == 1  # a build after a new store reads the others from the disk cache
        if store is not stores[-1]:
            stores.append(store)
        largest = max(largest, store.size)
    assert len(stores) > 1
    assert largest <= generator.incremental.cache.STORE_RENEW_FACTOR * baseline + baseline
    assert build(load_config(BuildOptions(source=source, destination=tmp_path / "fresh", fresh=True)), now=NOW).ok
    assert files_of(tmp_path / "out") == files_of(tmp_path / "fresh")


def _store_of(result: BuildResult) -> BodyStore:
    """The one store every body of the build is kept in."""
    assert result.ok and result.site
    stores = {id(kept.store): kept.store for kept in (entry.body.html_kept for entry in result.site.posts)
              if isinstance(kept, Stored)}
    assert len(stores) == 1
    return next(iter(stores.values()))
