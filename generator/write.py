"""Stage 6: the output folder, written whole or not at all, and only where paperfold may write."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

MARKER = ".paperfold-output"
MARKER_TEXT = "This folder is written by paperfold; it deletes and rewrites it on every build.\n"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: where it goes and its bytes (or the file to copy them from)."""

    path: str
    data: bytes | None = None
    copy_from: Path | None = None


def check_destination(destination: Path, source: Path, content_root: Path) -> None:
    """Refuse a destination whose replacement would destroy something that is not ours."""
    destination, source = destination.resolve(), source.resolve()
    home = Path.home().resolve()
    if destination == Path(destination.anchor) or destination == home:
        raise SiteError(f"refusing to write the site to {destination}: choose a folder of its own")
    if destination == source or destination == content_root.resolve():
        raise SiteError(f"refusing to write the site into the source folder {destination}")
    if destination in source.parents:
        raise SiteError(f"refusing to write the site to {destination}: it contains the source folder {source}")
    if content_root.resolve() in destination.parents:
        first = destination.relative_to(content_root.resolve()).parts[0]
        if not first.startswith(("_", ".")):
            raise SiteError(
                f"refusing to write the site to {destination}: it is inside the content folder and would be read back as content")
    if destination.exists() and not destination.is_dir():
        raise SiteError(f"refusing to write the site to {destination}: it is a file")
    if destination.is_dir() and any(destination.iterdir()) and not (destination / MARKER).is_file():
        raise SiteError(f"refusing to replace {destination}: it is not empty and was not written by paperfold")


def write_site(destination: Path, files: Iterable[OutputFile], *,
               fill: Callable[[Path], int] | None = None) -> int:
    """Write every file into a new folder beside the destination, then swap it in; returns the count.

    `fill`, when given, first writes files of its own into that folder, and says how many.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.paperfold-", dir=destination.parent))
    count = 0
    try:
        if fill is not None:
            count = fill(staging)
        for output in files:
            write_file(staging, output)
            count += 1
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, destination)
    return count


def update_site(destination: Path, changed: Iterable[OutputFile], removed: Iterable[str]) -> int:
    """Incremental write: each changed file is replaced atomically, stale files are removed."""
    count = 0
    for output in changed:
        write_file(destination, output, atomic=True)
        count += 1
    for relative in removed:
        target = destination / relative
        if target.is_file():
            target.unlink()
            _prune_empty_folders(target.parent, destination)
    return count


def write_file(root: Path, output: OutputFile, atomic: bool = False) -> None:
    """One file under `root`; `atomic` replaces an existing one so no reader sees half of it."""
    target = root / output.path
    if root.resolve() not in target.resolve().parents:
        raise SiteError(f"refusing to write {output.path}: outside the output folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    if not atomic:
        if output.copy_from is not None:
            shutil.copyfile(output.copy_from, target)
        else:
            target.write_bytes(output.data or b"")
        return
    # A reader of the served folder sees the old file or the new one, never half of one.
    handle, temporary = tempfile.mkstemp(prefix=".paperfold-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if output.copy_from is not None:
                with output.copy_from.open("rb") as source:
                    shutil.copyfileobj(source, stream)
            else:
                stream.write(output.data or b"")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _swap_in(staging: Path, destination: Path) -> None:
    if not destination.exists():
        os.replace(staging, destination)
        return
    retired = destination.with_name(f".{destination.name}.paperfold-old")
    if retired.exists():
        shutil.rmtree(retired)
    os.replace(destination, retired)
    os.replace(staging, destination)
    shutil.rmtree(retired, ignore_errors=True)


def _prune_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
