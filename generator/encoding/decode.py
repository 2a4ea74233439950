"""Undoing one layer of mojibake: each run back to UTF-8, guessing lost bytes from their context.

A group whose lead byte promises more continuation bytes than are left lost some: the missing
bytes were among the code page's lossy ones, in any of the continuation positions. Every such
completion is a candidate character, and the scorer picks one sequence for the run: the Chinese
word model for the last layer, the UTF-8 byte grammar for an outer layer of double mojibake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Protocol

from generator.encoding.codepage import CodePage, decode_sequence, is_continuation, sequence_length
from generator.encoding.scan import Diagnosis, Group, Run, looks_ordinary, scan

RESTORED = 1  # flag: the character was rebuilt from mojibake
GUESSED = 2  # flag: rebuilding it needed bytes that had been lost

# Candidates kept per group, best first by their own probability; the tail never wins in context.
MAX_CANDIDATES = 48
# Completions tried per group; only a lone four-byte lead with C1 controls dropped comes near.
MAX_COMPLETIONS = 40_000
# Scores are clamped so that one impossible neighbour does not flatten every choice around it.
FLOOR = -60.0


class Scorer(Protocol):
    """Ranks single candidates, and picks one candidate per position of a segment in context."""

    def start(self, char: str) -> float: ...

    def choose(self, options: Sequence[Sequence[str]], previous: str, following: str) -> list[int]: ...


@dataclass(frozen=True, slots=True)
class Layer:
    """A text between two repairs, with what is known about each of its characters."""

    text: str
    flags: tuple[int, ...]  # RESTORED | GUESSED per character
    # Characters an outer repair could not tell apart, by offset: the inner repair chooses.
    alternatives: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    char: str  # "" for a byte of the inner layer that is as good as lost
    guessed: bool  # whether lost bytes had to be guessed to make it
    alternatives: str = ""  # every character it may be, when the inner layer is to choose


@dataclass(frozen=True, slots=True)
class InnerLayerScorer:
    """Scores the output of an outer layer of double mojibake by how well it reads as inner mojibake."""

    page: CodePage

    def start(self, char: str) -> float:
        byte = self.page.encode(char)
        if byte is None:
            return 2 * FLOOR  # below the floor: the character cannot be in the inner layer at all
        return -8.0 if sequence_length(byte) == 0 and not is_continuation(byte) else 0.0

    def next(self, previous: str, char: str) -> float:
        byte, before = self.page.encode(char), self.page.encode(previous)
        if byte is None:
            return FLOOR
        if sequence_length(byte) == 0 and not is_continuation(byte):
            return -8.0  # an invalid lead byte: nothing in UTF-8 produces it
        if before is not None and sequence_length(before) >= 2:
            return 0.0 if is_continuation(byte) else -4.0  # a lead needs its continuation bytes
        return -1.0

    def choose(self, options: Sequence[Sequence[str]], previous: str, following: str) -> list[int]:
        """The best path under the byte-grammar bigram (Viterbi)."""
        scores = [self._score(previous, char) for char in options[0]]
        back: list[list[int]] = []
        for chars, before in zip(options[1:], options):
            step_scores, step_back = [], []
            for char in chars:
                totals = [scores[index] + self._score(before[index], char) for index in range(len(before))]
                best = max(range(len(before)), key=totals.__getitem__)
                step_scores.append(totals[best])
                step_back.append(best)
            scores = step_scores
            back.append(step_back)
        last = options[-1]
        chosen = [
            max(range(len(last)), key=lambda index: scores[index] + self._score(last[index], following))
        ]
        for step_back in reversed(back):
            chosen.append(step_back[chosen[-1]])
        chosen.reverse()
        return chosen

    def _score(self, previous: str, char: str) -> float:
        if not char:
            return 0.0
        return max(self.next(previous, char) if previous else self.start(char), FLOOR)


def repair_layer(layer: Layer, diagnosis: Diagnosis, scorer: Scorer, inner: Diagnosis | None) -> Layer:
    """`layer` with one layer of mojibake undone, run by run; everything between runs is kept."""
    chars: list[str] = []
    flags: list[int] = []
    alternatives: dict[int, str] = {}
    position = 0
    for run in scan(layer.text, diagnosis.page, layer.alternatives):
        chars.extend(layer.text[position : run.start])
        flags.extend(layer.flags[position : run.start])
        for candidate, flag in _repair_run(layer, run, diagnosis, scorer, inner):
            if candidate.alternatives:
                alternatives[len(chars)] = candidate.alternatives
            chars.append(candidate.char)
            flags.append(flag)
        position = run.end
    chars.extend(layer.text[position:])
    flags.extend(layer.flags[position:])
    return Layer("".join(chars), tuple(flags), alternatives)


def _repair_run(
    layer: Layer, run: Run, diagnosis: Diagnosis, scorer: Scorer, inner: Diagnosis | None
) -> list[tuple[Candidate, int]]:
    text = layer.text
    options = [_candidates(group, diagnosis.lossy, scorer, inner) for group in run.groups]
    _keep_clean_letters(text, run, options)
    out: list[tuple[Candidate, int]] = []
    segment: list[tuple[Group, tuple[Candidate, ...]]] = []
    previous = text[run.start - 1] if run.start else ""
    for group, candidates in zip(run.groups, options):
        if len(candidates) == 1 and candidates[0].char == "":
            continue  # a lost byte of the inner layer: the inner layer will guess it
        if candidates:
            segment.append((group, candidates))
            continue
        # Characters no UTF-8 reading explains stay as they are and split the search.
        out.extend(_decode_segment(segment, previous, text[group.start], layer.flags, scorer))
        out.extend(
            (Candidate(text[index], False), layer.flags[index]) for index in range(group.start, group.end)
        )
        segment, previous = [], text[group.end - 1]
    following = text[run.end] if run.end < len(text) else ""
    out.extend(_decode_segment(segment, previous, following, layer.flags, scorer))
    return out


def _keep_clean_letters(text: str, run: Run, options: list[tuple[Candidate, ...]]) -> None:
    """Empty the options of lone lead bytes that are accented letters of a clean word ("café", "Größe").

    A lead byte left without any continuation byte is what a sequence that lost every byte
    looks like, but far more often it is a clean letter: so it stays when it touches a letter
    outside the run or one kept as it is, which spreads along a word ("ÐÉ" beside a kept "É").
    """
    kept = [not candidates for candidates in options]
    if len(run.groups) == 1 and len(run.groups[0].data) == 1:
        # One lead byte alone between clean characters: with no context to guess both lost
        # bytes from, a repair would mostly be wrong, while "æ" or "é" on its own is common.
        options[0] = ()
        return
    changed = True
    while changed:
        changed = False
        for index, group in enumerate(run.groups):
            if kept[index] or len(group.data) != 1 or not text[group.start].isalpha():
                continue
            neighbours = [
                text[position]
                for position, neighbour in ((group.start - 1, index - 1), (group.end, index + 1))
                if 0 <= position < len(text)
                and text[position].isalpha()
                and (not run.start <= position < run.end or kept[neighbour])
            ]
            # Â and Ã start every mojibake of Latin-1 letters; in clean text they come in capitals ("SÃO").
            if neighbours and (
                group.data[0] not in (0xC2, 0xC3) or all(char.isupper() for char in neighbours)
            ):
                kept[index] = changed = True
                options[index] = ()


def _candidates(
    group: Group, lossy: frozenset[int], scorer: Scorer, inner: Diagnosis | None
) -> tuple[Candidate, ...]:
    """The characters `group` may have been, best first; empty when it is to be kept as it is."""
    if group.length == 0:
        return ()
    missing = group.length - len(group.data)
    if missing == 0 and all(len(choice) == 1 for choice in group.choices):
        char = decode_sequence(group.data)
        if char is None or not _plausible(char, inner) or scorer.start(char) <= FLOOR:
            return ()
        return (Candidate(char, False),)
    if missing and not lossy:
        return ()
    fillers = sorted(lossy) if missing else [0]
    present = list(product(*group.choices[1:]))
    if len(fillers) ** missing * len(present) * len(group.choices[0]) * group.length > MAX_COMPLETIONS:
        return ()
    found: dict[str, Candidate] = {}
    for lead, given_bytes, slots in product(
        group.choices[0], present, combinations(range(group.length - 1), missing)
    ):
        for values in product(fillers, repeat=missing):
            filled, given = iter(values), iter(given_bytes)
            tail = bytes(next(filled) if slot in slots else next(given) for slot in range(group.length - 1))
            char = decode_sequence(bytes([lead]) + tail)
            if char and char not in found and _plausible(char, inner) and scorer.start(char) > FLOOR:
                found[char] = Candidate(char, True)
    if inner is not None and len(found) > 1:
        inner_bytes = [inner.page.encode(char) for char in found]
        if all(byte in inner.lossy for byte in inner_bytes):
            # Every reading is a byte the inner layer may have lost anyway: leave the choice to
            # the inner layer, where the language model sees the characters it makes.
            return (Candidate("", True),)
        if all(byte is not None and is_continuation(byte) for byte in inner_bytes):
            # Same grammar either way (cp1254 turns both ” and „ into "â€"): pass all of them on.
            first = next(iter(found))
            return (Candidate(first, True, "".join(found)),)
    ranked = sorted(found.values(), key=lambda candidate: -scorer.start(candidate.char))
    return tuple(ranked[:MAX_CANDIDATES])


def _plausible(char: str, inner: Diagnosis | None) -> bool:
    """Whether a decoded character may stand in the repaired text.

    In the last layer it must be something people write: a sequence decoding to an odd
    character ("É»" to "ɻ") is clean text that happens to parse. In an outer layer it is inner
    mojibake, C1 controls of sloppy decoders included, and the inner layer's scorer judges it.
    """
    return inner is not None or looks_ordinary(char)


def _decode_segment(
    segment: list[tuple[Group, tuple[Candidate, ...]]],
    previous: str,
    following: str,
    flags: Sequence[int],
    scorer: Scorer,
) -> list[tuple[Candidate, int]]:
    """The chosen candidate of every group of a segment, with its RESTORED/GUESSED flags."""
    if not segment:
        return []
    chosen = scorer.choose(
        [[candidate.char for candidate in options] for _, options in segment], previous, following
    )
    out: list[tuple[Candidate, int]] = []
    for (group, options), index in zip(segment, chosen):
        candidate = options[index]
        source = 0
        for position in range(group.start, group.end):
            source |= flags[position]
        guessed = GUESSED if candidate.guessed or source & GUESSED else 0
        out.append((candidate, RESTORED | guessed))
    return out
