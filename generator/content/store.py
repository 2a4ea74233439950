"""Documents' text and rendered bodies' bulk kept in a temporary file, out of the build's memory.

A blog's rendered bodies take several times its Markdown in memory: 58 MB of notes gave 200 MB
of HTML, 80 MB of search sections, 84 MB of paper notes and 21 MB of outline maps, held from
rendering to the end of the build, though each is read once or twice (its page, the feed, the
search index, the papers index); the documents' text itself took 88 MB, read once to render.
`BodyStore` appends them to an anonymous file (gone when the store is) and a document or body
keeps a `Stored` in their place.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from typing import Any, NamedTuple


class BodyStore:
    """An append-only temporary file; reads may come from any thread (serve's search indexer)."""

    def __init__(self) -> None:
        # Open for the store's whole life, and closed with it: no block could hold it.
        self._file = tempfile.TemporaryFile(prefix="paperfold-bodies-")  # noqa: SIM115
        self._end = 0
        self._lock = threading.Lock()

    def put(self, data: bytes, *, pickled: bool = False) -> Stored:
        with self._lock:
            offset = self._end
            view = memoryview(data)
            while view:
                view = view[os.pwrite(self._file.fileno(), view, self._end):]
                self._end = offset + len(data) - len(view)
        return Stored(self, offset, len(data), pickled)

    @property
    def size(self) -> int:
        """Bytes put so far, whether or not anything still reads them."""
        return self._end

    def read(self, offset: int, length: int) -> bytes:
        return os.pread(self._file.fileno(), length, offset)


class Stored(NamedTuple):
    """Bytes in a BodyStore, or an object pickled there; pickled itself, it is its value."""

    store: BodyStore
    offset: int
    length: int
    pickled: bool

    def load(self) -> Any:
        data = self.store.read(self.offset, self.length)
        return pickle.loads(data) if self.pickled else data

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _value, (self.load(),)


def _value(value: Any) -> Any:
    return value


def unkept(kept: Any) -> Any:
    """What a field that may have been moved to a store holds: `kept` itself, or loaded."""
    return kept.load() if isinstance(kept, Stored) else kept


def kept_text(kept: str | bytes | Stored) -> str:
    """A text kept as it is, or as UTF-8 in a store (bytes once its holder is pickled)."""
    return kept if isinstance(kept, str) else kept_utf8(kept).decode("utf-8", "surrogatepass")


def kept_utf8(kept: str | bytes | Stored) -> bytes:
    """The same text as UTF-8, read from the store without decoding it."""
    if isinstance(kept, str):
        return kept.encode("utf-8", "surrogatepass")
    return unkept(kept)  # type: ignore[no-any-return]


__all__ = ["BodyStore", "Stored", "kept_text", "kept_utf8", "unkept"]
