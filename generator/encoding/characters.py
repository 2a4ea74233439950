"""Which character follows which: a character bigram model derived from the word list itself.

The word model scores a candidate text by its best split into words of the lists. A compound
the lists lack (计算量, 半区) is scored as unrelated words, and nothing tells it that 量 follows
算 inside a word of the lists (运算量) while 重 never does, or that 不 starts 不一样, 不一致性
and two thousand more. This model adds exactly that: the character bigram of text written word
by word from the word list. Inside a word the next character follows the words of the lists
that continue it; after a word's last character a new word starts.

The two models are multiplied (a product of experts). Where a new word starts, the word model
already counts how common that word is, and counting it twice made frequent single characters
(中, 不) win over the right ones: so the character model gives which character starts the next
word only a small weight (START_WEIGHT) and spreads the rest evenly. Where bytes were lost (cp1254
and cp1252) this takes wrong choices on our six samples from 71 to 56, on two written later to
check it from 35 to 26, and makes no sample worse; with latin-1's C1 range dropped, where a
character has a thousand candidates, samples move by up to a point and a half either way.
"""

from __future__ import annotations

import array
import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

# Share of a word's first character that follows how often words start with it; the rest is
# spread evenly over the CJK unified ideographs, known to the lists or not.
START_WEIGHT = 0.05
UNIFORM_START = (1 - START_WEIGHT) / (0x9FFF - 0x4E00 + 1)
# A pair the lists never show is unlikely, not impossible: a character that never ends a word
# there still may in a text.
LEAST_PROBABILITY = 1e-12
# Characters are packed two to an integer, each below 2**21 as every code point is.
CODE_BITS = 21


@dataclass(frozen=True, slots=True)
class CharacterModel:
    """log P(next character | character), for text made of the lists' words."""

    index: Mapping[str, int]  # every character of the word list -> its place in the tables
    ending: Sequence[float]  # per character: P(a word ends after it)
    starting: Sequence[float]  # per character: P(a word starts with it), START_WEIGHT of it
    pairs: Sequence[int]  # sorted packed (character, next character) seen inside words
    inside: Sequence[float]  # per pair: P(next character inside the same word | character)

    def follow(self, char: str, following: str) -> float:
        """log P(`following` | `char`); 0 when there is no character before (the text's start)."""
        if not char or not following:
            return 0.0
        next_index = self.index.get(following)
        start = UNIFORM_START + (self.starting[next_index] if next_index is not None else 0.0)
        index = self.index.get(char)
        if index is None:
            return math.log(start)  # after punctuation, a space or a Latin letter a word starts
        key = _pack(char, following)
        pair = bisect_left(self.pairs, key)
        inside = self.inside[pair] if pair < len(self.pairs) and self.pairs[pair] == key else 0.0
        return math.log(inside + self.ending[index] * start + LEAST_PROBABILITY)


def build_character_tables(words: Sequence[str], logp: Sequence[float]) -> dict[str, object]:
    """Plain tables (for the model cache): the bigram of text written with these words at these frequencies."""
    ends: dict[str, float] = {}
    starts: dict[str, float] = {}
    inside: dict[str, float] = {}  # two characters -> how often the second follows the first in a word
    # Bound once: this loop runs over some 650,000 words and is most of the time a rebuild takes.
    exp, ends_get, starts_get, inside_get = math.exp, ends.get, starts.get, inside.get
    for word, word_logp in zip(words, logp):
        weight = exp(word_logp)
        starts[word[0]] = starts_get(word[0], 0.0) + weight
        ends[word[-1]] = ends_get(word[-1], 0.0) + weight
        for index in range(1, len(word)):
            pair = word[index - 1 : index + 1]
            inside[pair] = inside_get(pair, 0.0) + weight
    # Every occurrence of a character either ends its word or is followed by one inside it.
    occurrences = dict(ends)
    for pair, weight in inside.items():
        occurrences[pair[0]] = occurrences.get(pair[0], 0.0) + weight
    chars = sorted(occurrences)
    all_starts = sum(starts.values())
    pairs = sorted(inside)  # by code points, which is the order of their packed numbers too
    return {
        "chars": "".join(chars),
        "ending": _doubles(ends.get(char, 0.0) / occurrences[char] for char in chars),
        "starting": _doubles(START_WEIGHT * starts.get(char, 0.0) / all_starts for char in chars),
        "pairs": array.array("q", (_pack(*pair) for pair in pairs)).tobytes(),
        "inside": _doubles(inside[pair] / occurrences[pair[0]] for pair in pairs),
    }


def characters_from_tables(tables: Mapping[str, object]) -> CharacterModel:
    pairs = array.array("q")
    pairs.frombytes(tables["pairs"])  # type: ignore[arg-type]
    ending, starting, inside = (array.array("d") for _ in range(3))
    ending.frombytes(tables["ending"])  # type: ignore[arg-type]
    starting.frombytes(tables["starting"])  # type: ignore[arg-type]
    inside.frombytes(tables["inside"])  # type: ignore[arg-type]
    chars = str(tables["chars"])
    if not len(chars) == len(ending) == len(starting) or len(pairs) != len(inside):
        raise ValueError("character tables differ in length")
    index = MappingProxyType({char: place for place, char in enumerate(chars)})
    return CharacterModel(index, ending, starting, pairs, inside)


def _pack(char: str, following: str) -> int:
    return ord(char) << CODE_BITS | ord(following)


def _doubles(values: Iterable[float]) -> bytes:
    return array.array("d", values).tobytes()
