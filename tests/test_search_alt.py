"""bench/search_alt.py, the prototype of a search index of paperfold's own: its terms, how it reads
a post, and its answers on a small site (no Pagefind, nothing timed)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.search.index import indexed_html
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


def test_latin_words_are_lowercased_and_a_hyphenated_word_counts_whole_and_in_parts(alt: Any) -> None:
    assert sorted(alt.tokens("Reed-Solomon codes, CRaft's LevelDB")) == sorted(
        ["codes", "leveldb", "reedsolomon", "reed", "solomon", "crafts", "craft", "s"])


def test_chinese_gives_each_character_and_each_pair_of_neighbours(alt: Any) -> None:
    assert sorted(alt.tokens("纠删码 的")) == sorted(["纠", "删", "码", "的", "纠删", "删码"])
    assert sorted(alt.tokens("GPU显存")) == sorted(["gpu", "显", "存", "显存"])


def test_a_query_looks_up_pairs_of_chinese_characters_and_words_joined(alt: Any) -> None:
    assert alt.query_terms("纠删码 Erasure-Coding 码") == ["erasurecoding", "纠删", "删码", "码"]


@given(st.text(alphabet=st.sampled_from("ab-' 纠删码的Éé\u00a0.,İ"), max_size=40))
def test_every_term_of_a_query_made_of_a_text_is_among_that_texts_terms(alt: Any, text: str) -> None:
    assert set(alt.query_terms(text)) <= set(alt.tokens(text))


def _site(tmp_path: Path) -> Any:
    return build_files(tmp_path, {"_config.yml": "title: Alt\npaperfold:\n  search: false\n",
                                  "_posts/2024-01-02-raft.md": POST})


def test_a_post_is_read_back_from_its_lean_page_with_each_nodes_depth_and_own_text(alt: Any, tmp_path: Path) -> None:
    entry = _site(tmp_path).site.posts[0]
    text = alt.post_text(entry.url, indexed_html(entry, "en").decode())
    assert text.title == "Reading «Raft» & 纠删码"
    assert [(depth, own) for _, depth, own in text.nodes] == [
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
    assert all(re.fullmatch(r"ol-[\w-]+", anchor) for anchor, _, _ in text.nodes)
    assert "Some prose" in text.other and "that wraps onto this line" in text.other
    # what search_cost.py reads back from the published page is the same
    published = (tmp_path / "_site" / entry.output_path).read_text(encoding="utf-8")
    assert alt.post_text(entry.url, alt._lean(published)) == text


@pytest.fixture(scope="module")
def indexed(alt: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A one-post site and the prototype's index of it: (the index's folder, the post's entry)."""
    root = tmp_path_factory.mktemp("alt")
    entry = _site(root).site.posts[0]
    alt.build(root / "_site", root / "index", workers=1, shard_kb=8)
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
    nodes = {anchor: own for anchor, _, own in alt.post_text(entry.url, indexed_html(entry, "en").decode()).nodes}
    assert nodes[answer.nodes[0]] == node


def test_a_node_gives_way_to_a_node_below_it_holding_as_many_words(alt: Any) -> None:
    nodes = [("a", 0), ("b", 1), ("c", 2), ("d", 0)]
    assert alt.landing(nodes, [1, 0, 1, 1]) == "c"
    assert alt.landing(nodes, [1, 1, 0, 0]) == "b"
    assert alt.landing(nodes, [1, 0, 0, 1]) == "a"
    assert alt.landing(nodes, [1, 0, 2, 0]) == "c"
    assert alt.landing(nodes, [0, 0, 0, 0]) == ""
