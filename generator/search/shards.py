"""Paperfold's own search index on disk: the postings in shards, a fragment a post, a manifest;
and the lookups its client makes (here for the tests and bench/search_alt.py). Not wired into
the build yet: see postings.py.

The folder written:
  manifest.json     {"posts", "average_length", "compressed", "layout": "range", "first_terms": [...]}
                    (the first term of each shard; or "layout": "hash", "shards": their count)
  index/N.json.gz   a shard: {term: [post, value, post, value, ...]}, each post the difference
                    from the one before (from 0 for the first), the value as postings.py makes it
  fragment/N.json.gz  post N: {"url", "title", "nodes": [[anchor, depth, own text], ...], "excerpt"}
(".json" instead, uncompressed, when gzip's level is 0: for a host that compresses itself.)

Range shards hold the terms in sorted order (by code point: a client compares the same way), so
the prefix a reader is typing names the one or two shards holding every term it begins; hash
shards (crc32 of the term) were the prototype's, and hold a term in a shard that only its
whole word can name.
"""

from __future__ import annotations

import gzip
import json
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from math import ceil
from pathlib import Path
from typing import Any
from zlib import crc32

from generator.search.postings import Postings, PostText

EXCERPT_WORDS = 30
MANIFEST = "manifest.json"
SHARDS = "index"
FRAGMENTS = "fragment"
# gzip's level: at 1,000 posts, 1 cost some 2 s of CPU less than 6 for 14% more bytes
# (bench/README.md); plain JSON is 3 times the bytes.
LEVEL = 1
# Above any character a term holds: the end of the range of the terms a prefix begins.
_LAST = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class Layout:
    """How the postings are cut into files and compressed."""

    ranges: bool = True  # sorted range shards (prefix lookups); False: the prototype's hash shards
    shard_bytes: int = 64 * 1024  # a shard's JSON before compression, about (gzip makes it 3-4 times less)
    level: int = LEVEL  # gzip's compression level; 0 writes plain JSON


@dataclass(frozen=True, slots=True)
class WrittenIndex:
    """What write_index wrote: its manifest, and the shards' count and bytes on disk."""

    manifest: Mapping[str, Any]
    shards: int
    shard_bytes: int


def _compact(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _packed(data: bytes, level: int) -> bytes:
    # mtime 0: the same index gives the same bytes
    return gzip.compress(data, level, mtime=0) if level else data


def _suffix(compressed: bool) -> str:
    return ".json.gz" if compressed else ".json"


def fragment(text: PostText, level: int = LEVEL) -> bytes:
    """The post's fragment file: what its results show and where they land."""
    return _packed(_compact({"url": text.url, "title": text.title,
                             "nodes": [[node.anchor, node.depth, node.text] for node in text.nodes],
                             "excerpt": " ".join(text.other.split()[:EXCERPT_WORDS])}), level)


def fragment_path(folder: Path, number: int, level: int = LEVEL) -> Path:
    return folder / FRAGMENTS / f"{number}{_suffix(level > 0)}"


def _flat(posts: Sequence[int], values: Sequence[int]) -> list[int]:
    """[post, value, ...] with each post the difference from the one before."""
    flat = [0] * (2 * len(posts))
    flat[0::2] = map(operator.sub, posts, [0, *posts[:-1]])
    flat[1::2] = values
    return flat


def write_index(folder: Path, postings: Postings, layout: Layout = Layout()) -> WrittenIndex:
    """The shards and the manifest of `postings` in `folder` (its fragments are written apart)."""
    terms = sorted(postings.places)
    # Each term's entry as JSON text once: the shards are cut by these texts' bytes and joined.
    pieces = [_compact(term) + b":" + _compact(_flat(*postings.of(term))) for term in terms]
    manifest: dict[str, Any] = {"posts": postings.posts, "average_length": postings.average_length,
                                "compressed": layout.level > 0}
    if layout.ranges:
        groups, firsts = _ranges(terms, pieces, layout.shard_bytes)
        manifest.update(layout="range", first_terms=firsts)
    else:
        groups = _hashed(terms, pieces, layout.shard_bytes)
        manifest.update(layout="hash", shards=len(groups))
    (folder / SHARDS).mkdir(parents=True, exist_ok=True)
    written = 0
    for number, group in enumerate(groups):
        data = _packed(b"{" + b",".join(group) + b"}", layout.level)
        (folder / SHARDS / f"{number}{_suffix(layout.level > 0)}").write_bytes(data)
        written += len(data)
    (folder / MANIFEST).write_bytes(_compact(manifest))
    return WrittenIndex(manifest, len(groups), written)


def _ranges(terms: list[str], pieces: list[bytes], size: int) -> tuple[list[list[bytes]], list[str]]:
    """The pieces in order, cut into shards of about `size` bytes; each shard's first term."""
    groups: list[list[bytes]] = []
    firsts: list[str] = []
    filled = size
    for term, piece in zip(terms, pieces):
        if filled >= size:
            groups.append([])
            firsts.append(term)
            filled = 0
        groups[-1].append(piece)
        filled += len(piece)
    return groups or [[]], firsts or [""]


def _hashed(terms: list[str], pieces: list[bytes], size: int) -> list[list[bytes]]:
    count = max(1, ceil(sum(map(len, pieces)) / size))
    groups: list[list[bytes]] = [[] for _ in range(count)]
    for term, piece in zip(terms, pieces):
        groups[_hash_shard(term, count)].append(piece)
    return groups


def _hash_shard(term: str, count: int) -> int:
    """The hash shard of `term` among `count`: the writer's and the client's one rule."""
    return crc32(term.encode()) % count


# ---- what a client does ----------------------------------------------------------------------

def shard_of(manifest: Mapping[str, Any], term: str) -> int:
    """The shard that holds `term`, if any does."""
    if manifest["layout"] == "hash":
        return _hash_shard(term, int(manifest["shards"]))
    return max(0, bisect_right(manifest["first_terms"], term) - 1)


def shards_of_prefix(first_terms: Sequence[str], prefix: str) -> range:
    """The range shards that hold every term beginning with `prefix` (one or two, unless a
    short prefix begins more terms than a shard holds)."""
    first = max(0, bisect_right(first_terms, prefix) - 1)
    last = max(first, bisect_left(first_terms, prefix + _LAST) - 1)
    return range(first, last + 1)


def read_shard(folder: Path, manifest: Mapping[str, Any], number: int) -> dict[str, list[int]]:
    path = folder / SHARDS / f"{number}{_suffix(bool(manifest['compressed']))}"
    if not path.exists():
        return {}
    data = path.read_bytes()
    parsed: dict[str, list[int]] = json.loads(gzip.decompress(data) if manifest["compressed"] else data)
    return parsed


def posting_pairs(flat: Sequence[int]) -> list[tuple[int, int]]:
    """A shard's entry for a term as (post, value) pairs."""
    return list(zip(accumulate(flat[0::2]), flat[1::2]))


def terms_with_prefix(folder: Path, prefix: str) -> dict[str, list[tuple[int, int]]]:
    """Every term beginning with `prefix` and its postings, read from a range-sharded index."""
    manifest = json.loads((folder / MANIFEST).read_bytes())
    found: dict[str, list[tuple[int, int]]] = {}
    for number in shards_of_prefix(manifest["first_terms"], prefix):
        for term, flat in read_shard(folder, manifest, number).items():
            if term.startswith(prefix):
                found[term] = posting_pairs(flat)
    return found
