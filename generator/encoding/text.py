"""Bytes of a source file to text, with a useful message when they are not UTF-8."""

from __future__ import annotations

import shlex

from generator.errors import ContentError

LIKELY_ENCODINGS = ("gbk", "big5", "shift_jis", "cp1252")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # little and big endian (UTF-32's little endian BOM starts the same)


def decode_source(raw: bytes, shown: str) -> str:
    """UTF-8 (BOM allowed) as text with LF line ends; ContentError naming the offending byte."""
    if raw.startswith(UTF16_BOMS):
        raise ContentError(shown, None, "UTF-16 text: save the file as UTF-8")
    if b"\x00" in raw[:8192]:
        raise ContentError(shown, None, "binary file (it contains NUL bytes): only text files belong here")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ContentError(shown, line, f"{not_utf8(raw, error)}; save the file as UTF-8{_how_to_convert(raw, shown)}") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """Which byte is not UTF-8, and which encoding the file looks like, if any."""
    guess = likely_encoding(raw)
    hint = f"; it looks like {_NAMES.get(guess, guess.upper())}" if guess else ""
    return f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}{hint}"


def likely_encoding(raw: bytes) -> str | None:
    """The first of the encodings old posts come in that reads every byte: a guess, for a person to confirm."""
    for encoding in LIKELY_ENCODINGS:
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _how_to_convert(raw: bytes, shown: str) -> str:
    guess = likely_encoding(raw)
    return f", e.g. with paperfold fix-encoding --from {guess} --write {shlex.quote(shown)}" if guess else ""


_NAMES = {"cp1252": "Windows-1252 (cp1252)"}
