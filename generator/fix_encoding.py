"""`paperfold fix-encoding FILE... [--write]`: find and undo mojibake in source files.

Without --write it only shows what it would change, as a unified diff; with --write it keeps the
original beside the file (FILE.bak, or FILE.bak.1 and so on when that exists) and rewrites it.
Files are read and written as bytes decoded as UTF-8, so a BOM and CRLF line ends survive as is.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator.mojibake import EncodingRepair, repair_mojibake


def fix_encoding_command(paths: Sequence[Path], write: bool, out: TextIO) -> int:
    """Repair (or with `write` False, show the repair of) every file; 1 if any could not be read or written."""
    status = 0
    for path in paths:
        try:
            original = path.read_bytes().decode("utf-8")
        except OSError as error:
            out.write(f"{path}: cannot read: {error.strerror or error}\n")
            status = 1
            continue
        except UnicodeDecodeError as error:
            out.write(
                f"{path}: cannot read: not UTF-8 (byte 0x{error.object[error.start]:02x} at offset {error.start})\n"
            )
            status = 1
            continue
        repair = repair_mojibake(original)
        if repair is None:
            out.write(f"{path}: no mis-decoded text found\n")
            continue
        if write:
            try:
                _write_with_backup(path, original, repair.text)
            except OSError as error:
                out.write(f"{path}: cannot write: {error.strerror or error}\n")
                status = 1
                continue
        else:
            _write_diff(path, original, repair, out)
        out.write(
            f"{path}: repaired mis-decoded text ({repair.restored} characters restored, {repair.guessed} guessed)\n"
        )
    return status


def _write_with_backup(path: Path, original: str, repaired: str) -> Path:
    """Keep `original` in a backup that overwrites nothing, then replace the file; returns the backup."""
    backup = path.with_name(path.name + ".bak")
    number = 0
    while True:
        try:
            # "x" refuses to open an existing file, so two runs never clobber each other's backups.
            with backup.open("xb") as stream:
                stream.write(original.encode("utf-8"))
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


def _write_diff(path: Path, original: str, repair: EncodingRepair, out: TextIO) -> None:
    diff = difflib.unified_diff(
        _lines(original),
        _lines(repair.text),
        fromfile=f"{path} (as found)",
        tofile=f"{path} (repaired, {repair.encoding})",
    )
    for line in diff:
        out.write(line)
        if not line.endswith("\n"):
            out.write("\n\\ No newline at end of file\n")
