"""`paperfold serve`, the watching side: notice saved sources, and turn a burst of saves into one
rebuild, never two at once, with one more queued when files change during a rebuild."""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.site.write import staging_prefix

logger = logging.getLogger("paperfold.serve")

# Folders that are never the site's sources: version control, caches, the build's own output.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", ".paperfold-cache", "__pycache__", "node_modules",
                             ".jekyll-cache", ".sass-cache", ".idea", ".vscode"})
# Files editors write next to the one being edited (swap, lock, backup, vim's `4913` probe, the
# hidden temporary file a save renames into place): without this, vim's swap file would rebuild
# the site every time the author pauses typing. Hidden files are never sources (Jekyll's rule).
EDITOR_FILES = ("*.sw[a-p]", "*.kate-swp", ".*", "#*#", "*~", "4913")
_EDITOR_FILE_RE = re.compile("|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in EDITOR_FILES))

Snapshot = dict[str, tuple[int, int, int]]
# With change events, a scan still runs this often without one, in case an event went missing.
EVENTLESS_SCAN_SECONDS = 2.0
# How long a burst of changes must pause before a rebuild starts. An editor's save (a temporary
# file renamed over the post, or a truncate and write) takes well under a millisecond, and the
# event thread already joins events less than 1 ms apart; this covers the gap between two such
# batches. A save that still lands mid-rebuild queues one more rebuild, never a wrong site.
QUIET_SECONDS = 0.005


@dataclass(frozen=True, slots=True)
class Changes:
    """A batch of changed files and the wall-clock time of the earliest change in it."""

    paths: tuple[str, ...]
    since: float


class SourceFilter:
    """Which paths under the watched roots count as sources (never the output or its staging)."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination.resolve()
        self.staging_prefix = staging_prefix(self.destination)  # a full build is staged beside the destination

    def skips_folder(self, folder: Path) -> bool:
        name = folder.name
        return (name in SKIPPED_FOLDERS or folder == self.destination
                or (folder.parent == self.destination.parent and name.startswith(self.staging_prefix)))

    def skips_file(self, name: str) -> bool:
        return _EDITOR_FILE_RE.match(name) is not None

    def in_skipped_folder(self, path: str) -> bool:
        folder = Path(path).parent
        return any(self.skips_folder(part) for part in (folder, *folder.parents))


def take_snapshot(roots: Iterable[Path], sources: SourceFilter) -> Snapshot:
    """(mtime, size, inode) of every source file under the roots (a root may also be one file)."""
    found: Snapshot = {}
    for root in roots:
        if root.is_file():
            _record(found, str(root))
            continue
        if not root.is_dir() or sources.skips_folder(root):
            continue
        for directory, folders, files in os.walk(root):
            here = Path(directory)
            folders[:] = [name for name in folders if not sources.skips_folder(here / name)]
            for name in files:
                if not sources.skips_file(name):
                    _record(found, os.path.join(directory, name))
    return found


def _record(found: Snapshot, path: str) -> None:
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return  # deleted while we looked: the next scan reports it as gone
    found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def compare(before: Snapshot, after: Snapshot, among: Iterable[str] | None = None) -> list[str]:
    """Paths added, removed or modified between two snapshots (or among these paths), sorted."""
    paths = before.keys() | after.keys() if among is None else set(among)
    return sorted(path for path in paths if before.get(path) != after.get(path))


class ChangePoller:
    """Scans the watched roots and reports what changed, when the file system says something did.

    The operating system's change events (inotify, FSEvents, ReadDirectoryChangesW, through the
    `watchfiles` package) only wake the scan: what changed is always decided by comparing stats,
    so a missed or spurious event costs a scan, never a wrong site. Without events (a file system
    that sends none), it polls; the interval adapts to the cost of a scan (up to 1 s) so a huge
    site does not keep a core busy."""

    def __init__(self, roots: Callable[[], tuple[Path, ...]], sources: SourceFilter,
                 report: Callable[[Changes], None], interval: float = 0.025, *, events: bool = True) -> None:
        self.roots, self.sources, self.report, self.interval = roots, sources, report, interval
        self._snapshot: Snapshot = {}
        self._scanned_at = time.time()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._events = events
        self._event_lock = threading.Lock()
        self._event_paths: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="paperfold-watch", daemon=True)

    def prime(self) -> None:
        """Remember the sources as they are now; call before the first build so edits during it count."""
        self._scanned_at = time.time()
        self._snapshot = take_snapshot(self.roots(), self.sources)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def poll(self) -> float:
        """One scan; report changes; return the processor time the scan took."""
        started, wall = time.thread_time(), time.time()
        current = take_snapshot(self.roots(), self.sources)
        self._take(current, wall)
        self._scanned_at = wall
        # this thread's own time: waiting for the GIL while a rebuild runs must not slow the polling
        return time.thread_time() - started

    def poll_paths(self, paths: Iterable[str]) -> bool:
        """Compare only these paths (an event's) with the last scan; False when that cannot tell
        (a folder, or a path the last scan did not know that is gone): then scan everything."""
        wall = time.time()
        current = dict(self._snapshot)
        looked_at = []
        for path in paths:
            if self.sources.skips_file(os.path.basename(path)) or not self._under_roots(path):
                continue
            if os.path.isdir(path) or (path not in current and not os.path.lexists(path)):
                return False
            current.pop(path, None)
            _record(current, path)
            looked_at.append(path)
        self._take(current, wall, looked_at)
        return True

    def _take(self, current: Snapshot, wall: float, among: Iterable[str] | None = None) -> None:
        """Report what differs from the last snapshot (among these paths, the only ones that can),
        and keep `current` as the last one."""
        changed = compare(self._snapshot, current, among)
        if changed:
            # A file's mtime says when it was saved (a rename keeps the temp file's time), but it
            # cannot be older than our previous look, or we would have seen it then.
            times = [current[p][0] / 1e9 for p in changed if p in current]
            since = max(min(times, default=wall), self._scanned_at)
            self.report(Changes(tuple(changed), min(since, wall)))
        self._snapshot = current

    def _under_roots(self, path: str) -> bool:
        roots = (str(root) for root in self.roots())
        return (any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
                and not self.sources.in_skipped_folder(path))

    def _run(self) -> None:
        self._events = self._events and self._start_events()
        while not self._stop.is_set():
            self._wake.clear()  # before the scan: an event during it means scan again
            with self._event_lock:
                paths, self._event_paths = self._event_paths, set()
            try:
                # An event names its files: stat those alone, unless only a whole scan can tell.
                took = 0.0 if paths and self.poll_paths(paths) else self.poll()
            except Exception:  # a watcher that dies silently would leave a stale site: say so, go on
                logger.exception("watching the sources failed; trying again")
                took = 1.0
            if self._events:
                # Events wake the scan at once; the timeout scans anyway, in case one went missing.
                self._wake.wait(EVENTLESS_SCAN_SECONDS)
            else:
                self._stop.wait(min(max(self.interval, 10 * took), 1.0))

    def _start_events(self) -> bool:
        """Start the event thread; False when the watchfiles package is not there."""
        try:
            import watchfiles
        except ImportError:
            return False
        folders = tuple(root if root.is_dir() else root.parent for root in self.roots() if root.exists())
        if not folders:
            return False

        def wanted(_change: object, path: str) -> bool:
            return not self.sources.in_skipped_folder(path)

        def listen() -> None:
            try:
                for changes in watchfiles.watch(*folders, watch_filter=wanted, debounce=50, step=1,
                                                stop_event=self._stop, raise_interrupt=False, rust_timeout=500):
                    with self._event_lock:
                        self._event_paths.update(path for _, path in changes)
                    self._wake.set()
            except Exception:  # no events (a full inotify table, say): poll instead
                logger.warning("file change events unavailable; polling instead", exc_info=True)
                self._events = False
                self._wake.set()

        threading.Thread(target=listen, name="paperfold-events", daemon=True).start()
        return True


class Rebuilder:
    """Debounces change reports into rebuilds on one worker thread.

    A rebuild starts after `quiet` seconds without new changes (or `patience` seconds after the
    first one, for a file that is written continuously); changes that arrive during a rebuild are
    gathered into the next one."""

    def __init__(self, rebuild: Callable[[Changes], None], quiet: float = QUIET_SECONDS,
                 patience: float = 2.0) -> None:
        self._rebuild, self.quiet, self.patience = rebuild, quiet, patience
        self._condition = threading.Condition()
        self._pending: dict[str, None] = {}
        self._since = 0.0
        self._first_seen = self._last_seen = 0.0
        self._busy = self._stopping = False
        self._thread = threading.Thread(target=self._run, name="paperfold-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def changed(self, changes: Changes) -> None:
        with self._condition:
            now = time.monotonic()
            if not self._pending:
                self._since, self._first_seen = changes.since, now
            self._since = min(self._since, changes.since)
            self._pending.update(dict.fromkeys(changes.paths))
            self._last_seen = now
            self._condition.notify_all()

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the rebuild under way, if any, has finished writing."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is pending or running (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._pending or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._condition.wait(left)
        return True

    def _next_batch(self) -> Changes | None:
        with self._condition:
            while not self._stopping:
                if self._pending:
                    now = time.monotonic()
                    due = min(self._last_seen + self.quiet, self._first_seen + self.patience)
                    if now >= due:
                        batch = Changes(tuple(self._pending), self._since)
                        self._pending, self._busy = {}, True
                        return batch
                    self._condition.wait(due - now)
                else:
                    self._condition.wait()
            return None

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self._rebuild(batch)
            except Exception:  # the server outlives any one rebuild; the traceback is printed
                logger.exception("rebuild failed unexpectedly")
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
