"""Outline node ids: `ol-<slug>-<hash>`, readable, stable under edits elsewhere, unique on a page.

The slug is the first latin words of a node's own text (annotation left out), for readable
URLs; the hash chains the ancestors' texts and the whole own text, so "highlights" under two
papers differ while edits elsewhere (other items, numbering, citation counts) change nothing.
"""

from __future__ import annotations

from zlib import crc32

__all__ = ["PageAnchors"]

# Slugs keep ASCII letters (lowercased) and digits; every other byte, including each byte
# of a non-ASCII character in UTF-8, separates words.
_SLUG_BYTES = bytes(
    c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)
_SLUG_LIMIT = 24
# Each key's "ol-<slug>-" (or "ol-"), by key: items' texts repeat ("Problem", "highlights", a paper
# noted again), within a block and from one body to the next. Emptied when it grows past the limit.
_SLUGS: dict[str, str] = {}
_SLUGS_LIMIT = 8192


def _slug(data: bytes) -> str:
    """"ol-" and the first latin words of `data` (a key in UTF-8), with a "-" after them if any."""
    slug = b"-".join(data[:48].translate(_SLUG_BYTES).split()).decode("ascii")
    if len(slug) > _SLUG_LIMIT:
        cut = slug.rfind("-", 0, _SLUG_LIMIT + 1)
        slug = slug[:cut] if cut > 0 else slug[:_SLUG_LIMIT]
    return "ol-" + slug + "-" if slug else "ol-"


class PageAnchors:
    """The ids given out on one page, in document order; an id already taken gets -2, -3, ..."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken = taken  # earlier blocks and headings: read, never copied
        self._given: set[str] = set()
        # Where counting stopped for each id: keeps 100,000 identical items linear.
        self._next_suffix: dict[str, int] = {}

    def give_all(self, keys: list[str], parents: list[int]) -> list[str]:
        """New ids for a block's nodes in document order: node i's own text is `keys[i]`, its
        parent is node `parents[i]` (-1 at the top level), which comes before it."""
        hashes: list[int] = []
        anchors: list[str] = []
        # One loop over the block, names bound locally: a call per node cost as much as the work.
        add_hash, add_anchor, slugs = hashes.append, anchors.append, _SLUGS
        if len(slugs) > _SLUGS_LIMIT:
            slugs.clear()
        for key, parent in zip(keys, parents):
            data = key.encode("utf-8", "surrogatepass")
            # The hash chains the parent's (0 above the top level); seeding with the length
            # keeps ("ab", "c") and ("a", "bc") paths apart.
            node_hash = crc32(data, ((hashes[parent] if parent >= 0 else 0) + len(data)) & 0xFFFFFFFF)
            add_hash(node_hash)
            slug = slugs.get(key)
            if slug is None:
                slug = slugs[key] = _slug(data)
            # 8 hex digits with leading zeros; hex() is several times cheaper than format(…, "08x").
            digits = hex(node_hash | 0x100000000)[3:]
            add_anchor(slug + digits)
        fresh = set(anchors)
        if len(fresh) == len(anchors) and fresh.isdisjoint(self._taken) and fresh.isdisjoint(self._given):
            self._given |= fresh  # the usual block: no id repeats, so none is numbered
            return anchors
        return [self._claim(anchor) for anchor in anchors]

    def _claim(self, anchor: str) -> str:
        """`anchor`, or the next free numbered form of it when it is taken; given out."""
        if anchor in self._given or anchor in self._taken:
            anchor = self._numbered(anchor)
        self._given.add(anchor)
        return anchor

    def _numbered(self, base: str) -> str:
        suffix = self._next_suffix.get(base, 2)
        while f"{base}-{suffix}" in self._given or f"{base}-{suffix}" in self._taken:
            suffix += 1
        self._next_suffix[base] = suffix + 1
        return f"{base}-{suffix}"

    def given(self) -> frozenset[str]:
        """The ids this object gave out."""
        return frozenset(self._given)
