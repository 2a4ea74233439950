"""Paperfold's own search index, the postings: what a post holds (PostText), its terms counted
(PostTerms, made where the post is rendered), and every post's terms merged into term ->
[(post, weight)] (Postings), which shards.py writes.

Not wired into the build yet: Pagefind (index.py) is the build's engine. The next step is the
render workers calling `post_terms` and `fragment` (shards.py) on each post they render and the
build's process merging what they return; then the results page's client.

A posting's value is BM25's term part (k1 1.2, b 0.75) for the post, in tenths, times two, plus
one when the term is in the post's title; idf is left to the reader, which sees how many posts a
term has. Posts are numbered by the caller (the number names the post's fragment file).
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise, repeat
from operator import itemgetter
from types import MappingProxyType

from generator.search.terms import term_counts

K1, B = 1.2, 0.75


@dataclass(frozen=True, slots=True)
class IndexedNode:
    """An outline node as the results page needs it: to land on it, and for breadcrumb and excerpt."""

    anchor: str
    depth: int
    text: str  # the node's own text, without its children's


@dataclass(frozen=True, slots=True)
class PostText:
    """What of a post is searched and shown in its results."""

    url: str
    title: str
    nodes: tuple[IndexedNode, ...]  # in document order
    other: str  # the rest: date, categories, tags and prose


@dataclass(frozen=True, slots=True)
class PostTerms:
    """A post's terms and how often each occurs; small to send from a worker (two tuples)."""

    terms: tuple[str, ...]  # the title's terms first
    counts: tuple[int, ...]  # the times each term occurs in the whole post, title included
    titled: int  # how many of the first terms are the title's
    length: int  # all its terms counted, for BM25's length normalisation


@dataclass(frozen=True, slots=True)
class Postings:
    """Every term's posts, ascending, and their values (BM25 weight * 2 + the title bit)."""

    posts: int
    average_length: float
    # term -> where its postings are in `owners` and `values`, by ascending post; read-only arrays
    # (4 bytes a number: tuples would hold an object a number, some 200 MB at 1,000 posts)
    places: Mapping[str, Sequence[int]]
    owners: Sequence[int]  # the post of each posting
    values: Sequence[int]  # its value

    def of(self, term: str) -> tuple[list[int], list[int]]:
        """The posts holding `term`, ascending, and the term's value in each."""
        places = self.places.get(term, ())
        if len(places) < 2:  # itemgetter of one place gives the item, not a tuple
            return [self.owners[at] for at in places], [self.values[at] for at in places]
        pick = itemgetter(*places)  # a gather in C, twice as fast as a map of __getitem__
        return list(pick(self.owners)), list(pick(self.values))


def post_terms(text: PostText) -> PostTerms:
    """The terms of a post's title, nodes and other text, counted."""
    title = term_counts(text.title)
    # No term spans a space, so the whole post's counts are its parts' added up.
    whole = term_counts(" ".join([text.title, text.other, *(node.text for node in text.nodes)]))
    counts = dict.fromkeys(title, 0)  # the title's terms first: the merge marks them by position
    counts.update(whole)
    return PostTerms(tuple(counts), tuple(counts.values()), len(title), sum(counts.values()))


def merge_postings(posts: Iterable[tuple[int, PostTerms]]) -> Postings:
    """Every post's terms (post number, its terms; in any order) merged into Postings.

    Each posting is handled by C loops (array, map, Counter) rather than a Python statement a
    posting: the prototype spent most of its merge formatting and parsing a line a posting."""
    # A term's postings, by where each is in `counts`; the array made by C on a term's first.
    where: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
    counts = array("I")  # a term's count in a post, for every posting in the order they came
    owners = array("I")  # the post of each of them
    # (post number, its first posting, how many of its terms are the title's, its length): its
    # terms themselves are not kept, the postings hold each distinct term once
    arrived: list[tuple[int, int, int, int]] = []
    for number, post in posts:
        start = len(counts)
        counts.extend(post.counts)
        owners.extend(repeat(number, len(post.counts)))
        deque(map(array.append, map(where.__getitem__, post.terms), range(start, len(counts))), maxlen=0)
        arrived.append((number, start, post.titled, post.length))
    average = sum(length for _, _, _, length in arrived) / max(1, len(arrived))
    values = array("I")
    for index, (_, start, titled, length) in enumerate(arrived):
        end = arrived[index + 1][1] if index + 1 < len(arrived) else len(counts)
        values.extend(_values(counts[start:end], titled, length, average))
    in_order = all(earlier[0] < later[0] for earlier, later in pairwise(arrived))
    if not in_order:
        for term, places in where.items():
            where[term] = array("I", sorted(places, key=owners.__getitem__))
    return Postings(len(arrived), average, MappingProxyType({term: _frozen(places) for term, places in where.items()}),
                    _frozen(owners), _frozen(values))


def _frozen(numbers: array[int]) -> Sequence[int]:
    return memoryview(numbers).toreadonly()


def _values(counts: Sequence[int], titled: int, length: int, average: float) -> list[int]:
    """The value of each of a post's terms (by its count): its BM25 weight in tenths, times two,
    plus one for the first `titled`, the title's."""
    if not counts:  # a post without terms (and when no post has any, the average is 0)
        return []
    norm = K1 * (1 - B + B * length / average)
    weights = {count: round(10 * count * (K1 + 1) / (count + norm)) * 2 for count in set(counts)}
    values = list(map(weights.__getitem__, counts))
    for at in range(titled):
        values[at] += 1
    return values
