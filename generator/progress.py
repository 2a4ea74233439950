"""What a long build is doing, on one terminal line rewritten in place.

The pipeline calls a `Progress` with each stage's name and count as it starts it; `terminal_progress`
gives one that shows them on stderr when it is a terminal, and only once a build has run past
about two seconds, so a quick build prints what it always printed. Under CI (the `CI` variable
set) or when stderr is a file or a pipe it shows nothing: a log would fill with rewritten lines.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import TextIO

__all__ = ["Progress", "TerminalProgress", "no_progress", "terminal_progress"]

# stage name, and how many things it works on (None when it does not count).
Progress = Callable[[str, "int | None"], None]

SHOW_AFTER = 2.0  # seconds: below that a build is quick enough to say nothing while it runs
_TICK = 0.25
_CLEAR_LINE = "\r\x1b[K"


def no_progress(stage: str, count: int | None) -> None:
    """The progress of a build nobody watches: nothing."""


class TerminalProgress:
    """Shows `stage (count)… 3.1 s` on one line of `stream`, from `show_after` seconds on, and clears
    it when closed. A thread rewrites the line, so a long stage still shows its time passing."""

    def __init__(self, stream: TextIO, show_after: float = SHOW_AFTER) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._show_after = show_after
        self._stage = "starting"
        self._shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="paperfold-progress", daemon=True)
        self._thread.start()

    def __call__(self, stage: str, count: int | None) -> None:
        with self._lock:
            self._stage = stage if count is None else f"{stage} ({count:,})"
        self._draw()

    def _run(self) -> None:
        while not self._stop.wait(_TICK):
            self._draw()

    def _draw(self) -> None:
        elapsed = time.monotonic() - self._started
        if elapsed < self._show_after or self._stop.is_set():
            return
        with self._lock:
            self._stream.write(f"{_CLEAR_LINE}{self._stage}… {elapsed:.1f} s")
            self._stream.flush()
            self._shown = True

    def close(self) -> None:
        """Stop drawing and leave the line empty for what the build prints next."""
        self._stop.set()
        self._thread.join()
        with self._lock:
            if self._shown:
                self._stream.write(_CLEAR_LINE)
                self._stream.flush()


@contextlib.contextmanager
def terminal_progress(stream: TextIO) -> Iterator[Progress]:
    """A TerminalProgress on `stream` when it is a terminal and no CI is set; else `no_progress`."""
    if os.environ.get("CI") or not stream.isatty():
        yield no_progress
        return
    shown = TerminalProgress(stream)
    try:
        yield shown
    finally:
        shown.close()
