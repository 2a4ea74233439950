"""The search index's batches: posts indexed in runs, each run's bundle reused while its pages stay."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.incremental import cache, inputs
from generator.search import index
from generator.search.index import BATCH_BYTES, PARTS_FILE, batches, pagefind_available
from tests.conftest import build_files, write_files

POST = """\
---
title: Post {number}
---
Prose {number}.

```outline
1. Topic {number}
    1. detail {word}
```
"""


def _posts(count: int, edited: int = -1) -> dict[str, str]:
    return {f"_posts/2024-01-{number + 1:02d}-post-{number}.md":
            POST.format(number=number, word="edited" if number == edited else "kept") for number in range(count)}


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")
def test_an_edit_indexes_again_only_the_batch_of_the_post_it_changed(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "BATCH_BYTES", 1)  # a batch a post
    files = {"_config.yml": "title: Batches\n", **_posts(5)}
    first = build_files(tmp_path, files)
    assert (first.search.pages, first.search.batches, first.search.reused) == (5, 5, 0), first.search
    made: list[str] = []
    lean = index.indexed_html
    monkeypatch.setattr(index, "indexed_html", lambda entry, lang: made.append(entry.url) or lean(entry, lang))
    second = build_files(tmp_path, _posts(5, edited=3))
    assert (second.search.batches, second.search.reused) == (1, 4), second.search
    assert len(made) == 1  # the other batches are known unchanged without their pages being made
    published = tmp_path / "_site" / "pagefind"
    parts = json.loads((published / PARTS_FILE).read_text(encoding="utf-8"))["parts"]
    assert len(parts) == 4 and all((published / part / "pagefind-entry.json").is_file() for part in parts)
    assert not (published / parts[0] / "pagefind-ui.js").exists()  # the UI comes with the first bundle alone
    assert (published / "pagefind-ui.js").is_file()


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")
def test_a_change_to_paperfold_that_leaves_the_pages_as_they_were_reuses_every_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "BATCH_BYTES", 1)
    files = {"_config.yml": "title: Batches\n", **_posts(3)}
    assert build_files(tmp_path, files).search.batches == 3
    # Other code trusts no cache: every page is written anew, into a new folder.
    monkeypatch.setattr(cache, "code_digest", lambda: "another paperfold")
    monkeypatch.setattr(inputs, "code_digest", lambda: "another paperfold")
    second = build_files(tmp_path, files)
    assert second.files > 3 and (second.search.batches, second.search.reused) == (0, 3), second.search
    published = tmp_path / "_site" / "pagefind"
    parts = json.loads((published / PARTS_FILE).read_text(encoding="utf-8"))["parts"]
    assert all((published / part / "pagefind-entry.json").is_file() for part in parts)
    # A fresh build trusts nothing the last one left, its index neither.
    assert build_files(tmp_path, files, fresh=True).search.reused == 0


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")
def test_search_turned_off_takes_the_last_index_away(tmp_path: Path) -> None:
    build_files(tmp_path, {"_config.yml": "title: Batches\n", **_posts(2)})
    assert (tmp_path / "_site" / "pagefind").is_dir()
    build_files(tmp_path, {"_config.yml": "title: Batches\npaperfold:\n  search: false\n"})
    assert not (tmp_path / "_site" / "pagefind").exists()


def _entries(urls: list[str]) -> list[Any]:
    return [cast("Any", SimpleNamespace(url=url)) for url in urls]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, BATCH_BYTES // 3), min_size=1, max_size=40), st.data())
def test_a_post_that_grows_leaves_the_batches_before_it_as_they_were(sizes: list[int], data: st.DataObject) -> None:
    entries = _entries([f"/post-{number}/" for number in range(len(sizes))])
    grown = data.draw(st.integers(0, len(sizes) - 1))
    before = [tuple(entry.url for entry in run) for run in batches(entries, sizes)]
    after_sizes = list(sizes)
    after_sizes[grown] += data.draw(st.integers(1, BATCH_BYTES // 3))
    after = [tuple(entry.url for entry in run) for run in batches(entries, after_sizes)]
    # Every post is in exactly one batch, in order, and batches before the grown post's stay.
    assert [url for run in after for url in run] == [entry.url for entry in entries]
    holding = next(number for number, run in enumerate(before) if entries[grown].url in run)
    assert after[:holding] == before[:holding]


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")
def test_serve_stops_every_batch_under_way_when_a_newer_build_comes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import build
    from generator.config.settings import BuildOptions, load_config
    from generator.results import SearchResult
    from generator.serve.search import BackgroundIndexer

    monkeypatch.setattr(index, "BATCH_BYTES", 1)
    # Each batch takes at least 0.3 s, so eight of them, two at a time, are still under way at the
    # cancel on a fast machine too (they took 0.28 s in all there, and were done before it).
    index_batch = index._index_batch

    def slow_batch(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return index_batch(*args, **kwargs)

    monkeypatch.setattr(index, "_index_batch", slow_batch)
    write_files(tmp_path / "site", {"_config.yml": "title: Batches\n", **_posts(8)})
    config = load_config(BuildOptions(source=tmp_path / "site", destination=tmp_path / "out"))
    result = build(config, index_search=False)
    assert result.site is not None
    reports: list[SearchResult] = []
    indexer = BackgroundIndexer(reports.append)
    indexer.start(result.site, config)
    time.sleep(0.5)  # batches under way, two at once
    indexer.cancel()
    assert reports == [] and not (tmp_path / "out" / ".pagefind-staging").exists()
    indexer.start(result.site, config)
    assert indexer.wait(120) and len(reports) == 1 and reports[0].batches == 8, reports
