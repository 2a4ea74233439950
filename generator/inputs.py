"""Everything a build reads, as one digest of file stats: equal to the last build's, nothing changed.

A rebuild of an unchanged site then only walks the folders and stats the files, as make does,
instead of reading and parsing every post. A file changed within the last SETTLED_NANOSECONDS
may change again inside the same timestamp tick without its stat showing it, so a build that
sees one records no digest, and the next build reads everything.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .cache import code_digest
from .config import Config
from .write import OutputFile

SETTLED_NANOSECONDS = 100_000_000


def settled(stat: os.stat_result, started_ns: int) -> bool:
    """Whether the file was last touched long enough before `started_ns` for its stat to be trusted."""
    return max(stat.st_mtime_ns, stat.st_ctime_ns) < started_ns - SETTLED_NANOSECONDS


def input_digest(config: Config, files: Iterable[Path]) -> str:
    """A digest of paperfold's code, the config and every file's stat; "" when any file is too fresh."""
    started = time.time_ns()
    # `fresh` only says how this build reads its cache; a fresh build's output is the same.
    digest = hashlib.sha1(f"{code_digest()}\n{replace(config, fresh=False)!r}\n".encode())
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            return ""
        if not settled(stat, started):
            return ""
        # As the file system's bytes: a source folder's own name need not be UTF-8.
        digest.update(os.fsencode(f"{path}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_size}\0{stat.st_ino}\n"))
    return digest.hexdigest()


def template_files(config: Config) -> list[Path]:
    """Every file under the theme's and the site's templates/ folders."""
    return [path for directory in config.theme_dirs if (directory / "templates").is_dir()
            for path in sorted((directory / "templates").rglob("*")) if path.is_file()]


def static_files(config: Config) -> Iterable[OutputFile]:
    """The theme's static/ files, the site's own static/ overriding them one file at a time."""
    chosen: dict[str, Path] = {}
    for directory in reversed(config.theme_dirs):
        folder = directory / "static"
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    chosen["static/" + path.relative_to(folder).as_posix()] = path
    for relative in sorted(chosen):
        yield OutputFile(relative, copy_from=chosen[relative])
