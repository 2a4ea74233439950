"""Keeping the body cache bounded: what no recent build used goes, least recently used first.

Bodies are cached by their text's digest, the settings and paperfold's own code, and nothing
ever reads a body again once its post changed or paperfold was upgraded. Left alone the folder
only grows: one file per save of a post while `serve` runs, a whole blog's worth per upgrade.
After each whole build the folder is cut back to a few times what that build used. The room
beyond what it used keeps a second set of settings warm (a deploy build's base URL beside
serve's) and the edits between; a body in use is touched so the order stays "least recently
used", not "oldest written".
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from pathlib import Path

# How many times the bytes the last whole build used the folder may hold.
KEPT_FACTOR = 3
# A body is touched when used if its time is older than this, so the order stays fresh
# without a write per body per build.
TOUCH_AFTER = 3600.0
# A temporary file this old was left by a build that stopped while writing it.
ABANDONED_AFTER = 3600.0
TEMPORARY_PREFIX = ".tmp-"


def prune_bodies(folder: Path, used: Collection[Path], *, now: float | None = None) -> int:
    """Cut `folder` (two levels: `xx/<digest>`) back to KEPT_FACTOR times the size of the `used`
    files, deleting the others least recently used first, and abandoned temporary files; how
    many files were deleted. A file that cannot be read or deleted is skipped: the cache only
    saves time, so pruning never fails a build."""
    now = time.time() if now is None else now
    used_names = {str(path) for path in used}
    used_bytes = 0
    others: list[tuple[float, int, str]] = []  # (last used, size, path) of the bodies not used
    deleted = 0
    for path, size, modified in _files(folder):
        if os.path.basename(path).startswith(TEMPORARY_PREFIX):
            if now - modified > ABANDONED_AFTER and _delete(path):
                deleted += 1
        elif path in used_names:
            used_bytes += size
            if now - modified > TOUCH_AFTER:
                _touch(path, now)
        else:
            others.append((modified, size, path))
    excess = used_bytes + sum(size for _, size, _ in others) - KEPT_FACTOR * used_bytes
    for _, size, path in sorted(others):
        if excess <= 0:
            break
        if _delete(path):
            excess -= size
            deleted += 1
    return deleted


def _files(folder: Path) -> list[tuple[str, int, float]]:
    """(path, size, modification time) of every file one level below `folder`'s subfolders."""
    found: list[tuple[str, int, float]] = []
    try:
        subfolders = [entry.path for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return found
    for subfolder in subfolders:
        try:
            entries = list(os.scandir(subfolder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    found.append((entry.path, stat.st_size, stat.st_mtime))
            except OSError:
                continue  # gone since it was listed: another build pruned it
    return found


def _delete(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _touch(path: str, now: float) -> None:
    try:
        os.utime(path, (now, now))
    except OSError:
        pass  # read-only or gone: it is only an ordering hint


__all__ = ["KEPT_FACTOR", "prune_bodies"]
