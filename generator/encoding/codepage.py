"""Single-byte code pages that UTF-8 gets mis-decoded as, and the UTF-8 byte grammar.

Mojibake is UTF-8 bytes read one byte per character through a Windows code page. To undo it we
need, per code page, the byte of every character (the reverse of the decoding) and the bytes the
decoding could lose: bytes the code page leaves undefined (dropped by `errors="ignore"`) and 0xAD,
which decodes to a soft hyphen that editors and pipelines strip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

SOFT_HYPHEN_BYTE = 0xAD
C1_BYTES = frozenset(range(0x80, 0xA0))


@dataclass(frozen=True, slots=True)
class CodePage:
    """A single-byte code page: which byte each character came from, and which bytes it loses."""

    name: str
    byte_of: Mapping[str, int]  # every decodable character, plus C1 controls for undefined bytes
    undefined: frozenset[int]  # bytes the strict decoder rejects (dropped by errors="ignore")

    def encode(self, char: str) -> int | None:
        """The byte `char` was decoded from, or None when this code page cannot produce it."""
        return self.byte_of.get(char)

    def lossy_bytes(self, c1_dropped: bool = False) -> frozenset[int]:
        """Bytes that may be missing from the text: undefined ones, 0xAD, and C1 if they were dropped."""
        lost = self.undefined | {SOFT_HYPHEN_BYTE}
        return lost | C1_BYTES if c1_dropped else lost


def _code_page(name: str) -> CodePage:
    byte_of: dict[str, int] = {}
    undefined: set[int] = set()
    for byte in range(0x80, 0x100):
        try:
            byte_of[bytes([byte]).decode(name)] = byte
        except UnicodeDecodeError:
            undefined.add(byte)
            # "Sloppy" decoders (browsers, ftfy) map an undefined byte to the C1 control of the same
            # value instead of dropping it; accept that spelling too.
            byte_of[chr(byte)] = byte
    return CodePage(name, MappingProxyType(byte_of), frozenset(undefined))


# Ordered by how common the damage is: when evidence ties, the earlier one is the better guess.
CODE_PAGES: tuple[CodePage, ...] = tuple(_code_page(name) for name in ("cp1252", "cp1254", "latin-1"))
CODE_PAGE_BY_NAME: Mapping[str, CodePage] = MappingProxyType({page.name: page for page in CODE_PAGES})


def is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def sequence_length(byte: int) -> int:
    """Length of the UTF-8 sequence a lead byte starts: 1 for ASCII, 0 for a continuation or invalid byte."""
    if byte < 0x80:
        return 1
    if 0xC2 <= byte <= 0xDF:
        return 2
    if 0xE0 <= byte <= 0xEF:
        return 3
    if 0xF0 <= byte <= 0xF4:
        return 4
    return 0


def decode_sequence(data: bytes) -> str | None:
    """The one character `data` encodes in UTF-8, or None if it is not exactly one valid character."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if len(text) == 1 else None
