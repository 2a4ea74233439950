"""Properties of the papers index, which reads each post's notes twice, one post at a time."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from array import array
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.papers.index import index_papers, note_keys
from generator.papers.notes import PaperNote, merge_keys

TITLES = ["Raft consensus", "Spanner", "ZeRO optimizer", "MapReduce", "Bigtable", "https://arxiv.org/abs/2001.00001"]
URLS = ["https://arxiv.org/abs/2001.00001", "https://arxiv.org/abs/2002.00002", "https://doi.org/10.1145/1.2",
        "https://example.org/papers/raft.pdf", "https://example.org/"]
VENUES = ["OSDI", "osdi", "SOSP", None]


@st.composite
def posts(draw: st.DrawFn) -> list[tuple[str, str, tuple[PaperNote, ...]]]:
    made = []
    for post in range(draw(st.integers(0, 5))):
        notes = []
        for number in range(draw(st.integers(0, 8))):
            urls = tuple(draw(st.lists(st.sampled_from(URLS), max_size=2, unique=True)))
            note = PaperNote(draw(st.sampled_from(TITLES)), draw(st.sampled_from([2019, 2020, None])),
                             draw(st.sampled_from([None, 5, 50])), draw(st.sampled_from(VENUES)), (), urls,
                             f"ol-{post}-{number}", number)
            notes.append(note)
        made.append((f"Post {post}", f"/p{post}.html", tuple(notes)))
    return made


class ReadTwice:
    """Posts as a build hands them over: each iteration reads the notes afresh."""

    def __init__(self, posts: list[tuple[str, str, tuple[PaperNote, ...]]]) -> None:
        self.posts, self.reads = posts, 0

    def __iter__(self) -> Iterator[tuple[str, str, tuple[PaperNote, ...]]]:
        self.reads += 1
        return ((title, url, tuple(note._replace() for note in notes)) for title, url, notes in self.posts)


@settings(max_examples=300, deadline=None)
@given(posts())
def test_every_note_lands_in_one_paper_that_agrees_with_it(given_posts: list) -> None:
    source = ReadTwice(given_posts)
    papers = index_papers(source)
    assert source.reads == 2
    assert papers == index_papers(given_posts)
    # A build hands over each post's keys, made with its body (maybe in another process, or an
    # earlier build): the notes are then read once.
    source = ReadTwice(given_posts)
    keys = [pickle.loads(pickle.dumps(note_keys(notes).packed)) for _, _, notes in given_posts]
    assert index_papers(source, keys) == papers and source.reads == 1
    where = {place: paper for paper in papers for place in paper.notes}
    assert sum(len(paper.notes) for paper in papers) == len(where)
    notes = [(title, url, note) for title, url, post_notes in given_posts for note in post_notes]
    assert set(where) == {(title, url, note.anchor) for title, url, note in notes}
    by_identity: dict[object, object] = {}
    for title, url, note in notes:
        paper = where[(title, url, note.anchor)]
        assert set(note.urls) <= set(paper.urls) and (paper.refs or 0) >= (note.refs or 0)
        assert note.year is None or paper.year is not None
        for key in merge_keys(note).identity:
            assert by_identity.setdefault(key, paper) is paper
    order = [(p.year is None, -(p.year or 0), p.title.casefold()) for p in papers]
    assert order == sorted(order)


@settings(max_examples=200, deadline=None)
@given(posts())
def test_a_post_counts_the_papers_the_index_makes_of_it_alone(given_posts: list) -> None:
    for _, _, notes in given_posts:
        assert note_keys(notes).paper_count == len(index_papers([("Post", "/p.html", notes)]))


def test_a_group_knows_the_years_of_all_its_notes() -> None:
    # The first note has no year; the second, the same paper by its URL, says 2019. A third note
    # with the first one's title but another year is another paper: the group's year is 2019.
    first = PaperNote("Log-structured storage", None, None, None, (), ("https://arxiv.org/abs/2001.00001",), "a", 1)
    second = PaperNote("LSM", 2019, None, None, (), ("https://arxiv.org/abs/2001.00001",), "b", 2)
    third = PaperNote("Log-structured storage", 2020, None, None, (), (), "c", 3)
    papers = index_papers([("Post", "/p.html", (first, second, third))])
    assert [sorted(anchor for _, _, anchor in paper.notes) for paper in papers] == [["c"], ["a", "b"]]


def test_note_keys_are_the_same_in_every_process() -> None:
    # A body's keys come from the pool's workers, or from the cache of an earlier build: they
    # must not depend on the process's string hashing, which Python seeds anew in each one.
    program = ("import sys; from generator.papers.notes import PaperNote; from generator.papers.index import note_keys; "
               "sys.stdout.buffer.write(note_keys((PaperNote('Raft', 2014, None, 'ATC', (), "
               "('https://arxiv.org/abs/2001.00001',), 'a', 1),)).packed)")
    made = {subprocess.run([sys.executable, "-c", program], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert made == {note_keys((PaperNote("Raft", 2014, None, "ATC", (), ("https://arxiv.org/abs/2001.00001",), "a", 1),)).packed}


def _keys_one_at_a_time(notes: tuple[PaperNote, ...]) -> bytes:
    """note_keys' bytes made the plain way: each key hashed to a number, one array append each."""
    def stable(key: str) -> int:
        return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                              "little", signed=True)

    years, identity, identity_ends, titles, title_ends = (array("q") for _ in range(5))
    venues = []
    for note in notes:
        keys = merge_keys(note)
        years.append(-(2**62) if note.year is None else note.year)
        identity.extend([stable(kind + "\0" + value) for kind, value in keys.identity])
        identity_ends.append(len(identity))
        titles.extend([stable(title) for title in keys.titles])
        title_ends.append(len(titles))
        venues.append(keys.venue)
    return pickle.dumps((years.tobytes(), (identity.tobytes(), identity_ends.tobytes()),
                         (titles.tobytes(), title_ends.tobytes()), tuple(venues)), protocol=pickle.HIGHEST_PROTOCOL)


@settings(max_examples=200, deadline=None)
@given(posts())
def test_note_keys_are_each_key_hashed_in_turn(given_posts: list) -> None:
    # note_keys joins cached hashes as bytes; what it packs is what hashing each key in turn
    # packs, so keys kept in an earlier build's cache still merge with new ones.
    for _, _, notes in given_posts:
        assert note_keys(notes).packed == (_keys_one_at_a_time(notes) if notes else b"")


def test_note_keys_bytes_stay_the_same() -> None:
    # The digest of what note_keys packed for these notes before it cached hashes; the cache
    # of every earlier build holds such bytes.
    notes = (PaperNote("Raft (Raft)", 2014, None, "ATC", (),
                       ("https://arxiv.org/abs/2001.00001", "https://doi.org/10.1145/1.2"), "a", 1),
             PaperNote("Spanner: Google", None, 5, None, (), ("https://example.org/papers/spanner.pdf",), "b", 2),
             PaperNote("https://example.org/x", 2019, None, "osdi", (), ("https://example.org/x",), "c", 3),
             PaperNote("Raft (Raft)", 2014, None, None, (), (), "d", 4))
    keys = note_keys(notes)
    assert hashlib.sha256(keys.packed).hexdigest() == "56cc22f8957297a620dcfae79a47f54342856563cf6e660ddbca5b1787f5575f"
    assert keys.paper_count == 3
