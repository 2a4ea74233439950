"""bench/search_alt.py, which builds and queries paperfold's own search index (generator/search/terms.py,
postings.py, shards.py) outside the build: how it reads a post back, and its answers on a small site
(no Pagefind, nothing timed)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.search.index import indexed_html
from generator.search.shards import Layout
from tests.conftest import build_files
from tests.test_search_lean import POST

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def alt() -> Any:
    saved = list(sys.path)
    sys.path.insert(0, str(REPOSITORY / "bench"))
    try:
        import search_alt
    finally:
        sys.path[:] = saved  # the script puts bench/ first for itself: no other test should import from it
    return search_alt


def _site(tmp_path: Path) -> Any:
    return build_files(tmp_path, {"_config.yml": "title: Alt\npaperfold:\n  search: false\n",
                                  "_posts/2024-01-02-raft.md": POST})


def test_a_post_is_read_back_from_its_lean_page_with_each_nodes_depth_and_own_text(alt: Any, tmp_path: Path) -> None:
    entry = _site(tmp_path).site.posts[0]
    text = alt.post_text(entry.url, indexed_html(entry, "en").decode())
    assert text.title == "Reading «Raft» & 纠删码"
    assert [(node.depth, node.text) for node in text.nodes] == [
        (0, "1. CRaft: erasure coding in Raft [2020, FAST, 12 refs]"),
        (1, "1. the leader encodes entries into fragments"),
        (2, "1. 纠删码 的 分片 复制"),
        (2, "2. a leaf with a continuation"),
        (1, "2. recovery needs k of n fragments"),
        (0, "2. Paxos made simple"),
        (0, "3. a node without children"),
        (0, "1. Second outline's top"),
        (1, "1. its child holding the word zebra"),
    ]
    assert all(re.fullmatch(r"ol-[\w-]+", node.anchor) for node in text.nodes)
    assert "Some prose" in text.other and "that wraps onto this line" in text.other
    # what search_cost.py reads back from the published page is the same
    published = (tmp_path / "_site" / entry.output_path).read_text(encoding="utf-8")
    assert alt.post_text(entry.url, alt._lean(published)) == text


@pytest.fixture(scope="module")
def indexed(alt: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A one-post site and the prototype's index of it: (the index's folder, the post's entry)."""
    root = tmp_path_factory.mktemp("alt")
    entry = _site(root).site.posts[0]
    alt.build(root / "_site", root / "index", workers=1, layout=Layout(shard_bytes=256))
    return root / "index", entry


@pytest.mark.parametrize(("query", "node"), [
    ("zebra", "1. its child holding the word zebra"),
    ("纠删码", "1. 纠删码 的 分片 复制"),
    ("erasure coding", "1. CRaft: erasure coding in Raft [2020, FAST, 12 refs]"),
    ("fragments", "1. the leader encodes entries into fragments"),  # the first of two
    ("nowhere", None),
])
def test_the_prototype_finds_the_post_and_the_node_search_js_would_open(
        alt: Any, indexed: tuple[Path, Any], query: str, node: str | None) -> None:
    folder, entry = indexed
    answer = alt.answer_alt(folder, query)
    if node is None:
        assert answer.posts == [] and answer.found == set()
        return
    assert answer.posts == ["/" + entry.output_path]
    nodes = {node.anchor: node.text for node in alt.post_text(entry.url, indexed_html(entry, "en").decode()).nodes}
    assert nodes[answer.nodes[0]] == node


@pytest.mark.parametrize(("typed", "node"), [
    ("zeb", "1. its child holding the word zebra"),
    ("erasure cod", "1. CRaft: erasure coding in Raft [2020, FAST, 12 refs]"),
    ("纠删码 zeb", "1. 纠删码 的 分片 复制"),  # both hold one word: the first, as search.js opens
])
def test_a_word_half_typed_finds_the_post_by_its_prefix(
        alt: Any, indexed: tuple[Path, Any], typed: str, node: str) -> None:
    folder, entry = indexed
    assert alt.answer_alt(folder, typed).posts == []  # as a whole word: no post has it
    answer = alt.answer_alt(folder, typed, prefix=True)
    assert answer.posts == ["/" + entry.output_path]
    nodes = {node.anchor: node.text for node in alt.post_text(entry.url, indexed_html(entry, "en").decode()).nodes}
    assert nodes[answer.nodes[0]] == node


def test_a_node_gives_way_to_a_node_below_it_holding_as_many_words(alt: Any) -> None:
    nodes = [("a", 0), ("b", 1), ("c", 2), ("d", 0)]
    assert alt.landing(nodes, [1, 0, 1, 1]) == "c"
    assert alt.landing(nodes, [1, 1, 0, 0]) == "b"
    assert alt.landing(nodes, [1, 0, 0, 1]) == "a"
    assert alt.landing(nodes, [1, 0, 2, 0]) == "c"
    assert alt.landing(nodes, [0, 0, 0, 0]) == ""
