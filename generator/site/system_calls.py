"""Two system calls Python's os module lacks, through ctypes, each with a fallback where the system has none:
swapping two folders in one step, and a forked worker that dies with the process that forked it."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import signal
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux's renameat2 flag
_RENAME_SWAP = 2  # macOS's renamex_np flag
_PR_SET_PDEATHSIG = 1


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two existing paths at once, so that no moment finds either missing;
    False when the system or the file system cannot (then nothing was done)."""
    libc = _libc()
    names = (os.fsencode(first), os.fsencode(second))
    if libc is not None and sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        status = libc.renameat2(_AT_FDCWD, names[0], _AT_FDCWD, names[1], _RENAME_EXCHANGE)
    elif libc is not None and sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        status = libc.renamex_np(names[0], names[1], _RENAME_SWAP)
    else:
        return False
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an older kernel, or a file system without the call (some network ones)
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def die_with_parent(parent: int) -> None:
    """In a forked worker: be killed as soon as `parent` (which forked it) dies, where Linux can
    arrange it, and leave at once if it died already. Elsewhere the worker checks `parent_alive`."""
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux") and hasattr(libc, "prctl"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not parent_alive(parent):  # it died before the request was in place
        os._exit(1)


def parent_alive(parent: int) -> bool:
    """Whether the process that forked this one still runs (an orphan is adopted by another)."""
    return os.getppid() == parent


__all__ = ["die_with_parent", "exchange", "parent_alive"]
