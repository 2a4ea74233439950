"""Merging the paper notes of every post into papers, with little of them in memory at once.

A blog of 1,000 large posts holds some 90,000 paper notes. Loaded all at once they take 1.4
times the blog's Markdown in memory (84 MB). So `index_papers` reads the posts' notes twice,
one post at a time (a build loads them from its body store): first for each note's year and
merge keys, kept as hashes in flat arrays, which is all the merge needs; then again to fold
each note into its paper, keeping counts rather than notes, and making the paper as soon as its
last note has been read. The merge's peak for those 1,000 posts fell from 135 MB to 36 MB.

The first pass needs only `note_keys`, which a body makes with its notes (on the pool's
workers, in a build): the index then reads the notes once, and hashes no key itself.
"""

from __future__ import annotations

import pickle
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from hashlib import blake2b
from itertools import chain, count, repeat
from operator import sub
from typing import NamedTuple, Protocol

from generator.papers.notes import Paper, PaperNote, merge_keys
from generator.papers.venues import arxiv_id, arxiv_year, doi_of, normalize_url

# A note without a year, in an array of years.
_NO_YEAR = -(2**62)


class PostsNotes(Protocol):
    """(post title, post URL, notes) for every post, in order; iterated twice."""

    def __iter__(self) -> Iterator[tuple[str, str, tuple[PaperNote, ...]]]: ...


def index_papers(posts: PostsNotes, keys_of_posts: Iterable[bytes] | None = None) -> tuple[Paper, ...]:
    """Merge the notes of all posts into papers: by arXiv id, DOI, normalized URL, and by title
    when the years agree. `keys_of_posts`, when given, is `note_keys(...).packed` of each post's notes.

    Ordered by year (newest first, unknown last), then title. Notes keep the posts' order.
    """
    keys = _NoteKeys()
    spellings: dict[str, Counter[str]] = {}
    for packed in keys_of_posts if keys_of_posts is not None else (note_keys(notes).packed for _, _, notes in posts):
        for venue in keys.extend(packed):
            if venue:
                spellings.setdefault(venue.casefold(), Counter())[venue] += 1
    spelled = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
    # Each venue's spelling by its number in keys.venue_names: notes are numbered in pass one.
    venue_spelled = [spelled.get(venue.casefold()) for venue in keys.venue_names]
    roots = keys.merged()
    last_note = {root: index for index, root in enumerate(roots)}
    made: dict[int, Paper] = {}
    unfinished: dict[int, _PaperSoFar] = {}
    index = 0
    venues = keys.venues
    for title, url, notes in posts:
        for note in notes:
            root = roots[index]
            if last_note[root] == index:  # the paper's last note (its only one, for most papers)
                so_far = unfinished.pop(root, None) or _PaperSoFar()
                so_far.add(title, url, note, venue_spelled[venues[index]])
                made[root] = so_far.paper()
            else:
                so_far = unfinished.get(root) or unfinished.setdefault(root, _PaperSoFar())
                so_far.add(title, url, note, venue_spelled[venues[index]])
            index += 1
    papers = [made[root] for root in sorted(made)]
    papers.sort(key=lambda p: (p.year is None, -(p.year or 0), p.title.casefold(), p.title, p.urls))
    return tuple(papers)


class PostKeys(NamedTuple):
    """One post's notes as the merge's first pass needs them (`packed`, empty for no notes), and
    how many different papers they are (a paper noted twice counts once)."""

    packed: bytes
    paper_count: int


def note_keys(notes: Sequence[PaperNote]) -> PostKeys:
    """The keys of one post's notes, and its paper count from them."""
    if not notes:
        return PostKeys(b"", 0)
    identity, identity_ends, titles, title_ends = bytearray(), array("q"), bytearray(), array("q")
    venues: list[str] = []
    for note in notes:
        keys = merge_keys(note)
        identity += _identity_hashes(keys.identity)
        identity_ends.append(len(identity) >> 3)
        titles += _title_hashes(keys.titles)
        title_ends.append(len(titles) >> 3)
        venues.append(keys.venue)
    years = array("q", [_NO_YEAR if note.year is None else note.year for note in notes])
    packed = pickle.dumps((years.tobytes(), (_native(identity), identity_ends.tobytes()),
                           (_native(titles), title_ends.tobytes()), tuple(venues)), protocol=pickle.HIGHEST_PROTOCOL)
    # No two notes share a key (most posts): then nothing merges, and each note is a paper.
    if _all_different(identity) and _all_different(titles):
        return PostKeys(packed, len(notes))
    merging = _NoteKeys()
    merging.extend(packed)
    return PostKeys(packed, len(set(merging.merged())))


# Hashes, not the keys: the keys' strings would pin the memory of the notes they came with.
# Two of a million keys share a 64-bit hash with odds of about 1 in 30 million. Each key's
# 8 bytes, one after the other; cached, as the same paper is noted in many posts.
@lru_cache(maxsize=8192)
def _identity_hashes(keys: tuple[tuple[str, str], ...]) -> bytes:
    return b"".join([_stable_hash(kind + "\0" + value) for kind, value in keys])


@lru_cache(maxsize=8192)
def _title_hashes(keys: tuple[str, ...]) -> bytes:
    return b"".join([_stable_hash(title) for title in keys])


def _stable_hash(key: str) -> bytes:
    # Not hash(): a body's keys are made in other processes, and kept on disk between builds.
    # The digest's 8 bytes, read as a little-endian signed number, are the key's hash.
    return blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _native(hashes: bytearray) -> bytes:
    """Little-endian hashes as an array("q") of this machine holds them."""
    if sys.byteorder == "little":
        return bytes(hashes)
    swapped = array("q", hashes)
    swapped.byteswap()
    return swapped.tobytes()


def _all_different(hashes: bytearray) -> bool:
    total = len(hashes) >> 3
    return total < 2 or len(set(memoryview(hashes).cast("q"))) == total


class _NoteKeys:
    """Every note's year, merge keys and venue (by number: `venue_names`), as numbers in flat
    arrays, in the order `extend` took them in."""

    def __init__(self) -> None:
        self.years = array("q")
        self.identity = _Ragged()
        self.titles = _Ragged()
        self.venues = array("q")
        self.venue_names: list[str] = []
        self._venue_numbers: dict[str, int] = {}

    def extend(self, packed: bytes) -> tuple[str, ...]:
        """Take in the notes `note_keys` packed; returns their venues."""
        if not packed:
            return ()
        years, identity, titles, venues = pickle.loads(packed)
        self.years.frombytes(years)
        self.identity.extend_packed(*identity)
        self.titles.extend_packed(*titles)
        numbers = self._venue_numbers
        for venue in venues:
            number = numbers.get(venue)
            if number is None:
                number = numbers[venue] = len(self.venue_names)
                self.venue_names.append(venue)
            self.venues.append(number)
        return venues  # type: ignore[no-any-return]

    def merged(self) -> list[int]:
        """Each note's group, named by its earliest note: first every note sharing an identity
        key, then each title key joins the first group with that title whose years agree."""
        groups = _Groups(self.years)
        union = groups.union
        first_with: dict[int, int] = {}
        note_with = first_with.setdefault
        for key, index in self.identity.owned():
            first = note_with(key, index)
            if first != index:
                union(index, first)
        by_title: dict[int, list[int]] = {}
        for key, index in self.titles.owned():
            candidates = by_title.get(key)
            if candidates is None:  # the title's first note: most titles
                by_title[key] = [index]
                continue
            match = next((other for other in candidates if groups.agree(index, other)), None)
            if match is None:
                candidates.append(index)
            else:
                union(index, match)
        # A note's parent is never a later note (a group's root is its earliest), so one pass
        # in order takes each note to its root, its parent's being known already.
        parent = groups.parent
        for index in range(len(parent)):
            parent[index] = parent[parent[index]]
        return parent


class _Ragged:
    """A list of lists of numbers, in two flat arrays."""

    def __init__(self) -> None:
        self._numbers = array("q")
        self._ends = array("q")

    def extend_packed(self, numbers: bytes, ends: bytes) -> None:
        """Append the lists `note_keys` packed: their numbers, one after the other, and where each ends."""
        base = len(self._numbers)
        self._numbers.frombytes(numbers)
        self._ends.extend([end + base for end in array("q", ends)])

    def owned(self) -> Iterator[tuple[int, int]]:
        """(number, index of the list holding it) for every number, in order, made in C."""
        ends = self._ends
        counts = map(sub, ends, chain((0,), ends))
        return zip(self._numbers, chain.from_iterable(map(repeat, count(), counts)))


class _Groups:
    """Union-find over note indices, with the known years of each group."""

    def __init__(self, years: array[int]) -> None:
        self.parent = list(range(len(years)))
        alone = {year: frozenset() if year == _NO_YEAR else frozenset((year,)) for year in set(years)}
        self._years = [alone[year] for year in years]  # a root's are its group's

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def agree(self, first: int, second: int) -> bool:
        """Years agree when they share one, or when one side knows none."""
        a, b = self._years[self.find(first)], self._years[self.find(second)]
        return not a or not b or not a.isdisjoint(b)

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            low, high = min(a, b), max(a, b)  # the earliest note is the root: stable order
            self.parent[high] = low
            if not self._years[high] <= self._years[low]:
                self._years[low] = self._years[low] | self._years[high]


class _PaperSoFar:
    """What the notes of one paper read so far say of it: counts, not the notes themselves."""

    __slots__ = ("places", "refs", "titles", "url_titles", "urls", "venues", "venues_written", "years")

    def __init__(self) -> None:
        self.titles: dict[str, int] = {}
        self.url_titles: dict[str, int] = {}  # titles that are only the note's URL
        self.years: dict[int, int] = {}
        self.venues: dict[str, int] = {}
        self.venues_written: dict[str, int] = {}
        self.refs: int | None = None
        self.urls: dict[str, str] = {}
        self.places: dict[tuple[str, str, str], None] = {}

    def add(self, post_title: str, post_url: str, note: PaperNote, venue: str | None) -> None:
        title, year, refs, venue_raw, _, urls, anchor, _ = note  # unpacked once: read field by field, it cost more
        titles = self.url_titles if urls and title == urls[0] else self.titles
        titles[title] = titles.get(title, 0) + 1
        if year is not None:
            self.years[year] = self.years.get(year, 0) + 1
        if venue:
            self.venues[venue] = self.venues.get(venue, 0) + 1
            written = " ".join((venue_raw or venue).split())
            self.venues_written[written] = self.venues_written.get(written, 0) + 1
        if refs is not None and (self.refs is None or refs > self.refs):
            self.refs = refs
        if urls:
            kept = self.urls
            for url in urls:
                kept.setdefault(normalize_url(url), url)
        self.places[(post_title, post_url, anchor)] = None

    def paper(self) -> Paper:
        years = self.years
        # A tie is usually the arXiv year against the conference year: the later one is the venue's.
        year = max(years, key=lambda y: (years[y], y)) if years else None
        urls = tuple(self.urls.values())
        arxiv = next((found for url in urls if (found := arxiv_id(url))), None)
        if year is None and arxiv is not None:
            year = arxiv_year(arxiv)  # no note says, but the id was given in the month it was posted
        written = self.venues_written
        return Paper(
            title=_most_common(self.titles or self.url_titles) or "", year=year, venue=_most_common(self.venues),
            refs=self.refs, urls=urls, arxiv_id=arxiv,
            doi=next((found for url in urls if (found := doi_of(url))), None), notes=tuple(self.places),
            venue_as_written=tuple(sorted(written, key=lambda name: -written[name])),
        )


def _most_common(counts: dict[str, int]) -> str | None:
    """The most frequent value, the earliest seen on a tie (max keeps the first of equals)."""
    return max(counts, key=counts.__getitem__) if counts else None


__all__ = ["PostKeys", "PostsNotes", "index_papers", "note_keys"]
