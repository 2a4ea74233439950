"""Paperfold's own search index (generator/search/terms.py, postings.py, shards.py): the terms of
a text and of a query, the postings merged from posts, the shards and the lookups a client makes."""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search.postings import (
    K1,
    B,
    IndexedNode,
    Postings,
    PostTerms,
    PostText,
    merge_postings,
    post_terms,
)
from generator.search.shards import (
    Layout,
    fragment,
    posting_pairs,
    read_shard,
    shard_of,
    shards_of_prefix,
    terms_with_prefix,
    write_index,
)
from generator.search.terms import query_terms, term_counts, tokens

# Examples are not timed: on a shared machine a slow one says nothing.
UNTIMED = settings(deadline=None)
# Letters, CJK, joiners, spaces, and characters whose lowercase is longer or not a letter.
TEXTS = st.text(alphabet=st.sampled_from("abZ-'’ 纠删码的㐀\U00020000Éé\u00a0.,_İß3\n\x00"), max_size=60)

# ---- the prototype's tokens and weights (bench/search_alt.py before the modules), as the reference

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W_{_CJK}]+(?:['’\-][^\W_{_CJK}]+)*")
_JOINERS = re.compile(r"['’\-]")


def prototype_tokens(text: str) -> list[str]:
    lowered = text.lower()
    terms = _WORD.findall(lowered)
    joined = [word for word in terms if _JOINERS.search(word)]
    if joined:
        terms = [word for word in terms if not _JOINERS.search(word)]
        terms += [_JOINERS.sub("", word) for word in joined]
        terms += [part for word in joined for part in _JOINERS.split(word) if part]
    return terms + re.findall(f"[{_CJK}]", lowered) + re.findall(f"(?=([{_CJK}]{{2}}))", lowered)


def prototype_weight(count: int, length: int, average: float) -> int:
    return round(10 * count * (K1 + 1) / (count + K1 * (1 - B + B * length / average)))


# ---- terms ---------------------------------------------------------------------------------------

def test_latin_words_are_lowercased_and_a_hyphenated_word_counts_whole_and_in_parts() -> None:
    assert sorted(tokens("Reed-Solomon codes, CRaft's LevelDB")) == sorted(
        ["codes", "leveldb", "reedsolomon", "reed", "solomon", "crafts", "craft", "s"])


def test_chinese_gives_each_character_and_each_pair_of_neighbours() -> None:
    assert sorted(tokens("纠删码 的")) == sorted(["纠", "删", "码", "的", "纠删", "删码"])
    assert sorted(tokens("GPU显存")) == sorted(["gpu", "显", "存", "显存"])


def test_a_query_looks_up_pairs_of_chinese_characters_and_words_joined() -> None:
    assert query_terms("纠删码 Erasure-Coding 码") == ["erasurecoding", "纠删", "删码", "码"]


@UNTIMED
@given(st.text())
def test_any_text_gives_terms_and_query_terms(text: str) -> None:
    assert sum(term_counts(text).values()) == len(tokens(text))
    assert all(term for term in tokens(text) + query_terms(text))


@UNTIMED
@given(TEXTS)
def test_the_terms_are_the_prototypes(text: str) -> None:
    assert Counter(tokens(text)) == Counter(prototype_tokens(text))


# Pieces that repeat, between any of Unicode's white space: term_counts reads each distinct piece once.
REPEATED = st.lists(st.tuples(st.sampled_from(["Raft", "raft", "all-reduce", "纠删码", "GPU显存", "ß", "İ", "a'b", "-"]),
                              st.sampled_from([" ", "\n", "\t", "\u3000", "\u2028", "\x1c", "\u00a0", "\x85"])),
                    max_size=30).map(lambda pairs: "".join(piece + space for piece, space in pairs))


@UNTIMED
@given(st.one_of(REPEATED, st.text()))
def test_the_terms_of_repeated_pieces_and_of_any_text_are_the_prototypes(text: str) -> None:
    assert term_counts(text) == Counter(prototype_tokens(text))


@UNTIMED
@given(TEXTS)
def test_every_word_and_cjk_character_of_a_text_is_found_by_its_query_terms(text: str) -> None:
    terms = set(tokens(text))
    assert set(query_terms(text)) <= terms
    for word in text.split():
        assert set(query_terms(word)) <= terms
    for character in re.findall(f"[{_CJK}]", text.lower()):
        assert query_terms(character) == [character] and character in terms


# ---- postings ----------------------------------------------------------------------------------

def _post(title: str, *texts: str, other: str = "") -> PostText:
    return PostText("/p.html", title, tuple(IndexedNode(f"ol-{at}", 0, text) for at, text in enumerate(texts)), other)


POSTS = st.lists(st.tuples(TEXTS, st.lists(TEXTS, max_size=3), TEXTS), min_size=1, max_size=6)


def test_a_posts_terms_are_counted_over_the_whole_post_the_titles_first() -> None:
    terms = post_terms(_post("Raft raft", "raft log", "纠删", other="2020-01-02 #raft"))
    assert terms.terms[:terms.titled] == ("raft",)
    assert dict(zip(terms.terms, terms.counts)) == {"raft": 4, "log": 1, "纠": 1, "删": 1, "纠删": 1,
                                                    "2020": 1, "01": 1, "02": 1, "20200102": 1}
    assert terms.length == 12


@UNTIMED
@given(POSTS)
def test_the_values_are_the_prototypes_weights_times_two_with_the_title_bit(posts: list[tuple[str, list[str], str]]) -> None:
    texts = [_post(title, *nodes, other=other) for title, nodes, other in posts]
    postings = merge_postings(enumerate(map(post_terms, texts)))
    counted = [Counter(prototype_tokens(title) + prototype_tokens(" ".join([other, *nodes])))
               for title, nodes, other in posts]
    lengths = [sum(counts.values()) for counts in counted]
    average = sum(lengths) / len(lengths)
    assert postings.average_length == average
    expected = {term: ([], []) for counts in counted for term in counts}
    for number, ((title, _, _), counts) in enumerate(zip(posts, counted)):
        for term, count in counts.items():
            expected[term][0].append(number)
            expected[term][1].append(prototype_weight(count, lengths[number], average) * 2
                                     + (term in prototype_tokens(title)))
    assert {term: postings.of(term) for term in postings.places} == expected


@UNTIMED
@given(POSTS, st.randoms())
def test_the_postings_do_not_depend_on_the_order_the_posts_arrive(
        posts: list[tuple[str, list[str], str]], shuffler: random.Random) -> None:
    numbered = list(enumerate(post_terms(_post(title, *nodes, other=other)) for title, nodes, other in posts))
    shuffled = list(numbered)
    shuffler.shuffle(shuffled)
    ordered, arrived = merge_postings(numbered), merge_postings(shuffled)
    assert arrived.average_length == pytest.approx(ordered.average_length)
    assert {term: arrived.of(term) for term in arrived.places} == {term: ordered.of(term) for term in ordered.places}


# Posts numbered with gaps, in any order, some with no terms; each post's terms distinct.
NUMBERED = st.lists(st.tuples(st.integers(0, 10_000), st.lists(st.sampled_from("abcdefg"), unique=True, max_size=7),
                              st.integers(0, 3), st.integers(1, 9)),
                    max_size=12, unique_by=lambda post: post[0])


@UNTIMED
@given(NUMBERED)
def test_the_postings_are_each_terms_posts_ascending_with_their_weights(
        posts: list[tuple[int, list[str], int, int]]) -> None:
    arrived = [(number, PostTerms(tuple(terms), tuple(range(1, 1 + len(terms))), min(titled, len(terms)), length))
               for number, terms, titled, length in posts]
    postings = merge_postings(arrived)
    average = sum(post.length for _, post in arrived) / max(1, len(arrived))
    expected: dict[str, tuple[list[int], list[int]]] = {}
    for number, post in sorted(arrived):
        for at, (term, count) in enumerate(zip(post.terms, post.counts)):
            posts_of, values = expected.setdefault(term, ([], []))
            posts_of.append(number)
            values.append(prototype_weight(count, post.length, average) * 2 + (at < post.titled))
    assert postings.posts == len(posts) and postings.average_length == average
    assert {term: postings.of(term) for term in postings.places} == expected
    assert len(postings.owners) == len(postings.values) == sum(len(terms) for _, terms, _, _ in posts)


def test_a_term_no_post_has_has_no_postings() -> None:
    postings = merge_postings([(0, PostTerms(("a",), (1,), 0, 1))])
    assert postings.of("b") == ([], [])
    assert postings.of("a") == ([0], [20])


# ---- shards and lookups ----------------------------------------------------------------------------

TERMS = st.lists(st.text(alphabet=st.sampled_from("abcé纠删"), min_size=1, max_size=5), min_size=1, max_size=40, unique=True)


def _postings_of(terms: list[str]) -> Postings:
    return merge_postings([(number, PostTerms((term,), (1 + number % 3,), 0, 1 + number % 3))
                           for number, term in enumerate(terms)])


@settings(max_examples=60, deadline=None)
@given(TERMS, st.text(alphabet=st.sampled_from("abcé纠删"), max_size=3), st.integers(1, 60), st.integers(0, 1))
def test_the_range_shards_of_a_prefix_hold_every_term_it_begins(
        tmp_path_factory: pytest.TempPathFactory, terms: list[str], prefix: str, size: int, level: int) -> None:
    folder = tmp_path_factory.mktemp("index")
    postings = _postings_of(terms)
    written = write_index(folder, postings, Layout(shard_bytes=size, level=level * 6))
    found = terms_with_prefix(folder, prefix)
    assert found == {term: [(number, postings.values[number])]
                     for number, term in enumerate(terms) if term.startswith(prefix)}
    assert written.shards == len(written.manifest["first_terms"])
    for term in terms:
        assert term in read_shard(folder, written.manifest, shard_of(written.manifest, term))


def test_a_prefix_names_one_shard_or_the_ones_its_terms_span() -> None:
    firsts = ["a", "ba", "bc", "c"]
    assert shards_of_prefix(firsts, "ab") == range(1)
    assert shards_of_prefix(firsts, "b") == range(3)  # "b..." before "ba" sits at the end of shard 0
    assert shards_of_prefix(firsts, "bb") == range(1, 2)
    assert shards_of_prefix(firsts, "z") == range(3, 4)
    assert shards_of_prefix(firsts, "") == range(4)


def test_hash_shards_hold_each_term_in_the_shard_its_crc32_names(tmp_path: Path) -> None:
    terms = [f"term{number}" for number in range(50)]
    written = write_index(tmp_path, _postings_of(terms), Layout(ranges=False, shard_bytes=100))
    assert written.manifest["layout"] == "hash" and written.shards == written.manifest["shards"] > 1
    for number, term in enumerate(terms):
        assert posting_pairs(read_shard(tmp_path, written.manifest, shard_of(written.manifest, term))[term]) == [
            (number, 2 * prototype_weight(1 + number % 3, 1 + number % 3, written.manifest["average_length"]))]


def test_a_shard_holds_each_terms_posts_as_differences_and_its_values(tmp_path: Path) -> None:
    postings = merge_postings([(0, PostTerms(("raft",), (2,), 1, 4)), (3, PostTerms(("raft", "log"), (1, 3), 0, 4)),
                               (7, PostTerms(("raft",), (1,), 0, 4))])
    write_index(tmp_path, postings, Layout(level=0))
    assert json.loads((tmp_path / "index" / "0.json").read_bytes()) == {"log": [3, 32], "raft": [0, 29, 3, 20, 4, 20]}
    assert json.loads((tmp_path / "manifest.json").read_bytes()) == {
        "posts": 3, "average_length": 4.0, "compressed": False, "layout": "range", "first_terms": ["log"]}


def test_a_fragment_holds_what_a_result_shows_and_where_it_lands() -> None:
    text = _post("Raft «log»", "1. leader", "2. 纠删码", other=" ".join(f"w{number}" for number in range(40)))
    assert json.loads(gzip.decompress(fragment(text))) == {
        "url": "/p.html", "title": "Raft «log»", "nodes": [["ol-0", 0, "1. leader"], ["ol-1", 0, "2. 纠删码"]],
        "excerpt": " ".join(f"w{number}" for number in range(30))}
    assert json.loads(fragment(text, level=0)) == json.loads(gzip.decompress(fragment(text)))
