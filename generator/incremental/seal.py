"""Cache files that only this user's paperfold can have written: each is sealed with a MAC.

The build cache lives in the site folder, and a site folder is someone else's repository as often
as not (a pull request preview, a clone to try a theme). Its files are pickles and compiled
templates, which run code when they are read; so each file starts with an HMAC-SHA256 tag of its
name and contents under a key kept outside the site folder (`key_file`), and a file whose tag does
not verify is never decoded: to the cache it is a miss, rendered again and replaced. A format that
cannot run code would need its own encoder for every cached value, and the MAC costs about 1 ms
per 1.5 MB read (measured in the commit that brought it), next to nothing beside unpickling.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from generator.incremental.prune import (
    TEMPORARY_PREFIX,  # a stopped build's half-written files are removed by the name
)
from generator.user_cache import user_cache_dir

# Where the key is, when set: CI keeps the key with the cache it restores (see README).
KEY_FILE_VARIABLE = "PAPERFOLD_CACHE_KEY_FILE"
KEY_BYTES = 32
TAG_BYTES = hashlib.sha256().digest_size
_CHUNK = 1 << 20


def key_file() -> Path:
    """Where the key that seals cache files is kept: $PAPERFOLD_CACHE_KEY_FILE, else the user's cache."""
    return Path(os.environ.get(KEY_FILE_VARIABLE) or user_cache_dir() / "cache-key")


def cache_key() -> bytes | None:
    """The key, made on first use; None when it can be neither read nor made (no cache is then read)."""
    return _key_at(key_file())


@functools.cache
def _key_at(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    except OSError:
        return None
    if len(key) >= KEY_BYTES:
        return key
    temporary = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)  # mode 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(KEY_BYTES))
        if key:
            os.replace(temporary, path)  # a damaged key: whatever it sealed is a miss from now on
        else:
            try:
                os.link(temporary, path)  # never over a key another build made meanwhile
            except FileExistsError:
                pass
        key = path.read_bytes()
    except OSError:
        return None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return key if len(key) >= KEY_BYTES else None


def _mac(key: bytes, path: Path) -> hmac.HMAC:
    # The name is sealed too: a file moved to another name (another body's key) does not verify.
    return hmac.new(key, path.name.encode("utf-8", "surrogateescape") + b"\0", hashlib.sha256)


def read_sealed(path: Path) -> bytes | None:
    """The contents written by `write_sealed`, or None: missing, unreadable, or not sealed with our key."""
    key = cache_key()
    if key is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    mac = _mac(key, path)
    mac.update(memoryview(data)[TAG_BYTES:])
    return data[TAG_BYTES:] if hmac.compare_digest(mac.digest(), data[:TAG_BYTES]) else None


@contextmanager
def open_sealed(path: Path) -> Iterator[BinaryIO | None]:
    """The file as a stream past its tag once its whole contents verified, or None; for files too big
    to read into memory at once. One open file throughout: a file replaced meanwhile is not read."""
    key = cache_key()
    try:
        stream = path.open("rb") if key is not None else None
    except OSError:
        stream = None
    if stream is None or key is None:
        yield None
        return
    with stream:
        tag, mac = stream.read(TAG_BYTES), _mac(key, path)
        while chunk := stream.read(_CHUNK):
            mac.update(chunk)
        verified = hmac.compare_digest(mac.digest(), tag)
        stream.seek(TAG_BYTES)
        yield stream if verified else None


def write_sealed(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write `data` (bytes, or a function writing to the stream) to `path` atomically, sealed.
    Nothing is written without a key; a read-only source folder or a full disk leaves no half file."""
    key = cache_key()
    if key is None:
        return
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)
        with os.fdopen(handle, "wb") as stream:
            sealing = _SealingWriter(stream, _mac(key, path))
            stream.write(bytes(TAG_BYTES))  # the tag's place, filled in once everything is written
            if isinstance(data, bytes):
                sealing.write(data)
            else:
                data(sealing)  # type: ignore[arg-type]
            stream.seek(0)
            stream.write(sealing.mac.digest())
        os.replace(temporary, path)
    except OSError:
        # The cache only saves time: a build without it still builds.
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


class _SealingWriter:
    """A binary stream's `write`, adding what it writes to a MAC: pickle.dump needs nothing more."""

    def __init__(self, stream: BinaryIO, mac: hmac.HMAC) -> None:
        self.stream, self.mac = stream, mac

    def write(self, data: bytes | memoryview) -> int:
        self.mac.update(data)
        return self.stream.write(data)


__all__ = ["KEY_FILE_VARIABLE", "cache_key", "key_file", "open_sealed", "read_sealed", "write_sealed"]
