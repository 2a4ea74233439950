"""Bytes of a source file to text, with a useful message when they are not UTF-8."""

from __future__ import annotations

from .errors import ContentError

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
        guess = _likely_encoding(raw)
        hint = f"; it looks like {guess}" if guess else ""
        raise ContentError(
            shown, line, f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}{hint}; save the file as UTF-8"
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _likely_encoding(raw: bytes) -> str | None:
    for encoding in LIKELY_ENCODINGS:
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding.upper() if encoding != "cp1252" else "Windows-1252 (cp1252)"
    return None
