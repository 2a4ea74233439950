"""Reading a text as UTF-8 mis-decoded through a code page: runs, byte groups, and the verdict.

A run is a maximal span of non-ASCII characters the code page can produce; encoded back, it
should be UTF-8 whose sequences may have lost continuation bytes. Clean text is told apart by
counting complete UTF-8 sequences that decode to ordinary characters (evidence for mojibake)
against bytes no UTF-8 reading explains (evidence against).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ftfy.badness import is_bad

from generator.encoding.codepage import (
    CODE_PAGE_BY_NAME,
    CODE_PAGES,
    SOFT_HYPHEN_BYTE,
    CodePage,
    decode_sequence,
    is_continuation,
    sequence_length,
)

# Complete sequences needed to call a text mojibake on structure alone; below it, ftfy's
# badness heuristics must agree. Two-byte coincidences in clean text ("ß“", "É»", "×”") count half.
CONFIDENT_WEIGHT = 3.0
# Odd bytes (stray continuations, invalid leads, sequences decoding to unlikely characters) per
# complete sequence that still leave the verdict standing: a damaged file may hold clean lines of
# accented text and symbols, while clean text has many odd bytes and hardly a complete sequence.
TOLERATED_NOISE = 0.5
# Expected number of occurrences of a byte class below which its absence proves nothing.
ABSENCE_PROOF = 4.0

_CP1252_ONLY = frozenset("ŽžÐÝÞðýþ")  # bytes 8E 9E D0 DD DE F0 FD FE as cp1252 decodes them
_CP1254_ONLY = frozenset("ĞğİıŞş")  # the same bytes as cp1254 decodes them


@dataclass(frozen=True, slots=True)
class Group:
    """Characters that together were one UTF-8 sequence, or one character to keep as it is."""

    start: int  # offset of the first character in the text
    data: bytes  # the byte each character was decoded from
    length: int  # bytes the UTF-8 lead byte promises; 0 for a character to keep
    # Per byte, every value it may have had: more than one where an outer layer of double
    # mojibake could not tell (cp1254 loses both ” and „ to the same "â€").
    choices: tuple[bytes, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.data)

    @property
    def complete(self) -> bool:
        return self.length == len(self.data)


@dataclass(frozen=True, slots=True)
class Run:
    start: int
    end: int
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The code page a text was mis-decoded with, and which bytes the decoding may have lost."""

    page: CodePage
    lossy: frozenset[int]


def scan(text: str, page: CodePage, alternatives: Mapping[int, str] | None = None) -> tuple[Run, ...]:
    """Every run of `text` under `page`, split into byte groups; `alternatives` widens some characters."""
    runs: list[Run] = []
    index, size = 0, len(text)
    while index < size:
        if text[index] < "\x80" or page.encode(text[index]) is None:
            index += 1
            continue
        end = index
        data = bytearray()
        while end < size and text[end] >= "\x80" and (byte := page.encode(text[end])) is not None:
            data.append(byte)
            end += 1
        choices = [_choices(text, position, page, alternatives) for position in range(index, end)]
        runs.append(Run(index, end, _groups(bytes(data), choices, index)))
        index = end
    return tuple(runs)


def _choices(text: str, position: int, page: CodePage, alternatives: Mapping[int, str] | None) -> bytes:
    if alternatives is None or position not in alternatives:
        return bytes([page.encode(text[position]) or 0])
    return bytes(sorted({byte for char in alternatives[position] if (byte := page.encode(char)) is not None}))


def _groups(data: bytes, choices: list[bytes], offset: int) -> tuple[Group, ...]:
    groups: list[Group] = []
    index = 0
    while index < len(data):
        length = sequence_length(data[index])
        end = index + 1
        while end < len(data) and end - index < length and is_continuation(data[end]):
            end += 1
        if length < 2 or (end - index == length and decode_sequence(data[index:end]) is None):
            # A stray continuation, an invalid lead, or an invalid sequence: not mojibake.
            groups.append(
                Group(offset + index, data[index : index + 1], 0, tuple(choices[index : index + 1]))
            )
            index += 1
            continue
        groups.append(Group(offset + index, data[index:end], length, tuple(choices[index:end])))
        index = end
    return tuple(groups)


@dataclass(frozen=True, slots=True)
class _Evidence:
    weight: float  # complete sequences decoding to ordinary characters
    odd: int  # complete sequences decoding to unlikely characters, plus unexplained bytes
    complete: int
    continuation_bytes: int
    alphabet: frozenset[str]  # the characters that make up complete sequences
    fragments: str  # the runs' characters, for ftfy's second opinion


def _evidence(text: str, page: CodePage) -> _Evidence:
    weight, odd, complete, continuation_bytes = 0.0, 0, 0, 0
    fragments: list[str] = []
    alphabet: set[str] = set()
    for run in scan(text, page):
        fragments.append(text[run.start : run.end])
        for group in run.groups:
            continuation_bytes += len(group.data) - 1
            if group.length == 0:
                odd += 1
            elif group.complete:
                complete += 1
                char = decode_sequence(group.data) or ""
                # C1 controls never occur in clean text, but latin-1 mojibake decodes to them.
                if not (looks_ordinary(char) or "\x80" <= char <= "\x9f"):
                    odd += 1
                else:
                    # Three chosen characters in a row, or Â/Ã and a symbol, are hardly ever
                    # clean text; other pairs ("ß“", "É»") now and then are.
                    weight += 1 if group.length > 2 or group.data[0] in (0xC2, 0xC3) else 0.5
                    alphabet.update(text[group.start : group.end])
    return _Evidence(weight, odd, complete, continuation_bytes, frozenset(alphabet), " ".join(fragments))


def looks_ordinary(char: str) -> bool:
    """Whether a decoded character is something people write (letters, CJK, punctuation, emoji)."""
    code = ord(char)
    return (
        0xA0 <= code <= 0x17F  # Latin-1, Latin extended-A
        or code in (0x192, 0x2C6, 0x2DC)  # ƒ ˆ ˜, which cp1252 and cp1254 decode to
        or code in (0x200D, 0xFE0F, 0x20E3, 0xFEFF)  # the emoji joiner and selectors, a BOM
        or 0x1CD <= code <= 0x1DC  # pinyin with tone marks
        or 0x218 <= code <= 0x21B  # Romanian
        or 0x370 <= code <= 0x52F  # Greek, Cyrillic
        or 0x2010 <= code <= 0x2027  # dashes, quotes, bullets, ellipsis
        or 0x2030 <= code <= 0x22FF  # per mille, currency, letterlike, arrows, mathematics
        or 0x2500 <= code <= 0x27BF  # box drawing, shapes, dingbats
        or 0x3000 <= code <= 0x30FF  # CJK punctuation, kana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7A3  # Hangul
        or 0xFF01 <= code <= 0xFF9F  # full-width forms
        or 0x1F1E6 <= code <= 0x1F1FF  # flags
        or 0x1F300 <= code <= 0x1FAFF  # emoji
    )


def diagnose(text: str) -> Diagnosis | None:
    """The damage `text` shows, when it is with high confidence mojibake; None for clean text."""
    if text.isascii():
        return None
    found = [(evidence, page) for page in CODE_PAGES if _convincing(evidence := _evidence(text, page))]
    if not found:
        return None
    # The page that explains the most mojibake wins; odd bytes say little about which page it was.
    best_weight = max(evidence.weight for evidence, _ in found)
    tied = {page.name: evidence for evidence, page in found if evidence.weight == best_weight}
    page = _break_tie(dict(tied))
    lossy = _lossy_bytes(tied[page.name].alphabet, page)
    if page.name == "cp1252" and "cp1254" in tied and not tied["cp1252"].alphabet & _CP1252_ONLY:
        # Too short to tell cp1252 from cp1254: the bytes only cp1254 loses may be lost too.
        lossy |= _lossy_bytes(tied["cp1254"].alphabet, CODE_PAGE_BY_NAME["cp1254"])
    return Diagnosis(page, lossy)


def _convincing(evidence: _Evidence) -> bool:
    if evidence.complete == 0 or evidence.odd > TOLERATED_NOISE * evidence.complete + 1:
        return False
    if evidence.weight >= CONFIDENT_WEIGHT:
        return True
    return evidence.weight >= 1 and evidence.odd == 0 and is_bad(evidence.fragments)


def _break_tie(tied: dict[str, _Evidence]) -> CodePage:
    """Pick among code pages that read the text equally well, by the bytes that never show up."""
    if "cp1252" in tied and "cp1254" in tied:
        # Judge by the characters of complete sequences only: clean Turkish or Icelandic lines
        # elsewhere in the file say nothing about how its mojibake was made.
        if tied["cp1254"].alphabet & _CP1254_ONLY and not tied["cp1252"].alphabet & _CP1252_ONLY:
            del tied["cp1252"]
        elif (
            not tied["cp1252"].alphabet & _CP1252_ONLY
            and tied["cp1252"].continuation_bytes * 2 / 64 >= ABSENCE_PROOF
        ):
            # cp1252 shows bytes 8E and 9E as Ž and ž; cp1254 cannot, so mojibake with plenty
            # of continuation bytes and never a Ž or ž was decoded as cp1254.
            del tied["cp1252"]
    if "latin-1" in tied and len(tied) > 1:
        # Every page reads the text alike, so it holds no byte from 80 to 9F: the Windows pages
        # would show most of them as € ‚ ƒ „ … † ‡, so many continuation bytes and none of
        # those means latin-1 with its C1 controls dropped. Otherwise cp1252, which loses less.
        if tied["latin-1"].continuation_bytes * 27 / 64 < ABSENCE_PROOF:
            del tied["latin-1"]
        else:
            tied = {"latin-1": tied["latin-1"]}
    for name in ("cp1252", "cp1254", "latin-1"):
        if name in tied:
            return CODE_PAGE_BY_NAME[name]
    raise AssertionError("no code page among the tied ones")


def _lossy_bytes(alphabet: frozenset[str], page: CodePage) -> frozenset[int]:
    """Bytes the decoding may have dropped, less those whose characters show up in its mojibake."""
    seen_c1 = {ord(char) for char in alphabet if "\x80" <= char <= "\x9f"}
    lossy = set(page.lossy_bytes(c1_dropped=page.name == "latin-1" and not seen_c1))
    if seen_c1 & page.undefined:
        lossy -= page.undefined  # a sloppy decoder kept the undefined bytes as C1 controls
    if "\u00ad" in alphabet:
        lossy.discard(SOFT_HYPHEN_BYTE)  # soft hyphens were left in
    return frozenset(lossy)
