"""`paperfold fix-encoding FILE... [--from ENCODING] [--write]`: undo mojibake, or convert to UTF-8.

Without --write it only shows what it would change, as a unified diff; with --write it keeps the
original beside the file (FILE.bak, or FILE.bak.1 and so on when that exists) and rewrites it.
Files are read and written as bytes decoded as UTF-8, so a BOM and CRLF line ends survive as is.
A file that is not UTF-8 at all (an old post saved as GBK or Windows-1252) is converted from the
encoding `--from` names: a guess of which it is would be wrong too often to write unasked, since
most byte strings are valid GBK, so the message only suggests one.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.encoding.repair import repair_mojibake
from generator.encoding.text import not_utf8


@dataclass(frozen=True, slots=True)
class _Fix:
    """A file's text as found (shown as UTF-8), as it is to be, and what was done."""

    found: str
    fixed: str
    done: str  # what the report says, e.g. "repaired mis-decoded text (...)"
    change: str  # what the diff's header says, e.g. "repaired, cp1254"


def fix_encoding_command(paths: Sequence[Path], write: bool, out: TextIO, source_encoding: str | None = None) -> int:
    """Repair (or with `write` False, show the repair of) every file; 1 if any could not be read or written.

    With `source_encoding`, files that are not UTF-8 are converted from it first.
    """
    if source_encoding is not None:
        try:
            codecs.lookup(source_encoding)
        except LookupError:
            out.write(f"error: unknown encoding {source_encoding!r}\n")
            return 1
    status = 0
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as error:
            out.write(f"{path}: cannot read: {error.strerror or error}\n")
            status = 1
            continue
        fix, problem = _fix(raw, source_encoding)
        if problem:
            out.write(f"{path}: {problem}\n")
            status = 1
            continue
        if fix is None:
            out.write(f"{path}: no mis-decoded text found\n")
            continue
        if write:
            try:
                _write_with_backup(path, raw, fix.fixed)
            except OSError as error:
                out.write(f"{path}: cannot write: {error.strerror or error}\n")
                status = 1
                continue
        else:
            _write_diff(path, fix, out)
        out.write(f"{path}: {fix.done}\n")
    return status


def _fix(raw: bytes, source_encoding: str | None) -> tuple[_Fix | None, str]:
    """What to make of a file's bytes, or why nothing can be."""
    try:
        original = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if source_encoding is None:
            return None, f"cannot read: {not_utf8(raw, error)}: name its encoding with --from"
        try:
            text = raw.decode(source_encoding)
        except UnicodeDecodeError as wrong:
            return None, f"cannot read as {source_encoding}: byte 0x{raw[wrong.start]:02x} at offset {wrong.start}"
        found = raw.decode("utf-8", errors="replace")
        repair = repair_mojibake(text)
        fixed = repair.text if repair else text
        return _Fix(found, fixed, f"converted from {source_encoding} to UTF-8", f"from {source_encoding}"), ""
    repair = repair_mojibake(original)
    if repair is None:
        return None, ""
    return _Fix(original, repair.text, repair.summary, f"repaired, {repair.encoding}"), ""


def _write_with_backup(path: Path, original: bytes, repaired: str) -> Path:
    """Keep `original` in a backup that overwrites nothing, then replace the file; returns the backup."""
    backup = path.with_name(path.name + ".bak")
    number = 0
    while True:
        try:
            # "x" refuses to open an existing file, so two runs never clobber each other's backups.
            with backup.open("xb") as stream:
                stream.write(original)
            break
        except FileExistsError:
            number += 1
            backup = path.with_name(f"{path.name}.bak.{number}")
    path.write_bytes(repaired.encode("utf-8"))
    return backup


def _lines(text: str) -> list[str]:
    """Lines split at "\n" only: str.splitlines would also split at U+0085, which latin-1 mojibake is full of."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _write_diff(path: Path, fix: _Fix, out: TextIO) -> None:
    diff = difflib.unified_diff(
        _lines(fix.found),
        _lines(fix.fixed),
        fromfile=f"{path} (as found)",
        tofile=f"{path} ({fix.change})",
    )
    for line in diff:
        out.write(line)
        if not line.endswith("\n"):
            out.write("\n\\ No newline at end of file\n")
