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


class PageAnchors:
    """The ids given out on one page, in document order; an id already taken gets -2, -3, ..."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken = taken  # earlier blocks and headings: read, never copied
        self._given: set[str] = set()
        # Where counting stopped for each id: keeps 100,000 identical items linear.
        self._next_suffix: dict[str, int] = {}

    def give(self, key: str, parent_hash: int) -> tuple[str, int]:
        """A new id for a node whose own text is `key` under a parent with `parent_hash`,
        and the node's own hash (0 is the hash above the top level)."""
        data = key.encode("utf-8", "surrogatepass")
        # Seeding with the length keeps ("ab", "c") and ("a", "bc") paths apart.
        node_hash = crc32(data, (parent_hash + len(data)) & 0xFFFFFFFF)
        slug = b"-".join(data[:48].translate(_SLUG_BYTES).split()).decode("ascii")
        if len(slug) > _SLUG_LIMIT:
            cut = slug.rfind("-", 0, _SLUG_LIMIT + 1)
            slug = slug[:cut] if cut > 0 else slug[:_SLUG_LIMIT]
        # 8 hex digits with leading zeros; hex() is several times cheaper than format(…, "08x").
        digits = hex(node_hash | 0x100000000)[3:]
        anchor = "ol-" + slug + "-" + digits if slug else "ol-" + digits
        if anchor in self._given or anchor in self._taken:
            anchor = self._numbered(anchor)
        self._given.add(anchor)
        return anchor, node_hash

    def _numbered(self, base: str) -> str:
        suffix = self._next_suffix.get(base, 2)
        while f"{base}-{suffix}" in self._given or f"{base}-{suffix}" in self._taken:
            suffix += 1
        self._next_suffix[base] = suffix + 1
        return f"{base}-{suffix}"

    def given(self) -> frozenset[str]:
        """The ids this object gave out."""
        return frozenset(self._given)
