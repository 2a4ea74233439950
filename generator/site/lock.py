"""One writer per output folder: a lock file beside it, held for a whole build or serve session.

Two builds writing one folder at once each swap in their own files and search index over the
other's, and either may publish a half of both. The lock is flock(2) on `.<name>.paperfold-lock`
beside the folder (inside it, it would be published and replaced with the folder); the kernel
lets it go when its holder dies, however it dies, and forked page workers share it, so a build
that died is not over until its workers are. The file says who holds it, for the waiting message,
and goes when its holder is done.

A build waits for another build, which ends. It does not wait for `paperfold serve`, which
rewrites the folder on every save until it is stopped: that is an error, saying which process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import SiteError
from generator.site.write import cannot_write, remove_dead_staging, staging_prefix

# How often a waiting writer tries the lock again (it reads who holds it each time).
POLL_SECONDS = 0.05
HOLDER_LENGTH = 32  # bytes of "pid command" in the lock file


def lock_path(destination: Path) -> Path:
    """The lock file of this output folder."""
    return destination.with_name(staging_prefix(destination) + "lock")


class FolderLock:
    """The held lock on one output folder, until `release()`."""

    def __init__(self, path: Path, handle: int) -> None:
        self.path, self._handle = path, handle

    def release(self) -> None:
        if self._handle < 0:
            return
        # Removed while still held: a writer waiting on this file then finds it gone, and takes a new one.
        self.path.unlink(missing_ok=True)
        os.close(self._handle)
        self._handle = -1


def hold_folder(destination: Path, command: str, waiting: Callable[[str], None]) -> FolderLock:
    """The lock on `destination` for this process's `command` ("build" or "serve"), once no other
    writer holds it (`waiting` is told each new one it waits for); what writers that died left
    beside the folder, and inside it when the last holder died, is then removed. A SiteError
    when `paperfold serve` holds it."""
    path = lock_path(destination)
    if sys.platform == "win32":  # no flock(2) there (nor fork): the folder is not locked
        return FolderLock(path, -1)
    told: set[str] = set()
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise cannot_write(destination, error) from None
        try:
            _wait_for_turn(handle, destination, told, waiting)
            if _still_named(handle, path):
                break
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # its holder removed it as we took it: the next writer's is a new file
    # A holder that let go removed the file: one still naming a holder is from a writer that died.
    died = bool(_holder(handle)[0])
    # Over what that one wrote, at a fixed length: not truncated first, which would have ext4
    # flush the file to disk on close (milliseconds).
    os.pwrite(handle, f"{os.getpid()} {command}".ljust(HOLDER_LENGTH - 1).encode() + b"\n", 0)
    remove_dead_staging(destination, inside=died)
    return FolderLock(path, handle)


def _wait_for_turn(handle: int, destination: Path, told: set[str], waiting: Callable[[str], None]) -> None:
    import fcntl  # here: POSIX only

    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        pid, command = _holder(handle)
        with_pid = f" (pid {pid})" if pid else ""
        if command == "serve":
            raise SiteError(f"paperfold serve{with_pid} is writing {destination}: stop it first, "
                            "or choose another folder with -d")
        message = f"waiting for another build into {destination}{with_pid}"
        if message not in told:
            told.add(message)
            waiting(message)
        time.sleep(POLL_SECONDS)


def _holder(handle: int) -> tuple[str, str]:
    """(pid, command) as the holder wrote them; empty when it has not yet."""
    words = os.pread(handle, HOLDER_LENGTH, 0).decode("ascii", "replace").split()
    return (words[0], words[1]) if len(words) == 2 and words[0].isdigit() else ("", "")


def _still_named(handle: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


__all__ = ["FolderLock", "hold_folder", "lock_path"]
