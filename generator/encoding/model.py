"""A word-based Chinese language model for choosing among candidate repairs of lossy mojibake.

Word frequencies come from wordfreq's Chinese list where it knows the word, else from jieba's
dictionary and its keyword extractor's IDF list (`mojibake_frequencies`). A sequence of
candidate characters is scored like jieba segments text: the best split into words, each worth
log P(word), plus how well each word's part of speech follows the one before
(`mojibake_context`), the split and the characters chosen together by dynamic programming.
Characters the lists lack get a prior by class. Comparing on held-out text, words beat a
character bigram built from the same dictionary (about 4% against 5.5% wrong choices where
bytes were lost); the part-of-speech context takes off about one wrong choice in eight more
(与/不, 中/不, 块/受), and wordfreq's frequencies one in thirteen more (架构/恶意, 锁/魔).
Alone a character bigram loses to words, but multiplied with them it adds what a split into
words cannot see, how characters bind inside words the lists lack (`mojibake_characters`): one
wrong choice in five fewer (71 to 56 on our samples). What remains needs word pairs that
neither list holds (子表 against 华表, 块 against 吗).

Reading the frequency files takes about seven seconds, so the tables are cached in the user's
cache directory and load in well under half a second afterwards; nothing is read (nor wordfreq
imported) until a file actually looks mis-decoded.
"""

from __future__ import annotations

import array
import functools
import math
import os
import pickle
import tempfile
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from generator.encoding.characters import CharacterModel, build_character_tables, characters_from_tables
from generator.encoding.context import (
    NO_STATE,
    SENTENCE_START,
    TagContext,
    build_context,
    context_from_tables,
    word_state,
)
from generator.encoding.frequencies import (
    is_han,
    jieba_dictionary,
    sources_signature,
    word_frequencies,
)
from generator.user_cache import user_cache_dir

# 4: wordfreq's frequencies over jieba's. 5: the character bigram of the word list.
MODEL_VERSION = 5
IMPOSSIBLE = -math.inf
# Jieba's dictionary stops at words of this length; longer candidates are never looked up.
LONGEST_WORD = 16
# How much less likely than the rarest dictionary word a Han character missing from it is.
UNKNOWN_HAN_PENALTY = 5.0
# Search states (last word's state and character) kept per position: more never changed a
# choice in our samples.
BEAM = 16

# Punctuation and symbols as they occur in Chinese technical notes, per token of text.
_PUNCTUATION_PRIOR: Mapping[str, float] = {
    "，": 3e-2,
    "。": 2e-2,
    "、": 8e-3,
    "“": 5e-3,
    "”": 5e-3,
    "：": 4e-3,
    "（": 3e-3,
    "）": 3e-3,
    "；": 1.5e-3,
    "？": 1.5e-3,
    "！": 1.5e-3,
    "《": 1e-3,
    "》": 1e-3,
    "‘": 5e-4,
    "’": 1e-3,
    "…": 5e-4,
    "—": 5e-4,
    "–": 2e-4,
    "·": 3e-4,
    "•": 1e-4,
    "「": 2e-4,
    "」": 2e-4,
    "【": 3e-4,
    "】": 3e-4,
    "『": 5e-5,
    "』": 5e-5,
    "～": 1e-4,
    "％": 1e-4,
    "／": 1e-4,
    "＋": 5e-5,
    "－": 5e-5,
    "＝": 5e-5,
    "．": 5e-5,
    "＜": 3e-5,
    "＞": 3e-5,
    "＃": 3e-5,
    "＆": 3e-5,
    "＊": 3e-5,
    "＠": 3e-5,
    "〈": 3e-5,
    "〉": 3e-5,
    "〔": 3e-5,
    "〕": 3e-5,
    "\u3000": 1e-4,
    "→": 1e-4,
    "←": 3e-5,
    "€": 1e-5,
    "™": 1e-5,
    "\u00a0": 1e-5,
    # Emoji joiners: only plausible inside emoji sequences, which a prior cannot see.
    "\u200d": 1e-6,
    "\ufe0f": 1e-6,
    "\ufeff": 1e-6,
}


# A search state of `WordModel.choose`: the state of the last word, and its last character.
_Key = tuple[int, str]


@dataclass(frozen=True, slots=True)
class WordModel:
    """Dictionary words, sorted, with log P(word) and their tag; scores candidate sequences by their best split."""

    words: Sequence[str]  # sorted, so that prefixes of words are found by bisection too
    logp: Sequence[float]  # log(frequency / total) of each word
    unknown: float  # log P of a Han character that is not a word of the dictionary
    tags: Sequence[int] = ()  # tag number of each word (NO_STATE when unknown); empty: no context
    context: TagContext | None = None
    characters: CharacterModel | None = None  # which character follows which; None: words only

    def start(self, char: str) -> float:
        """log P(char) as a word of its own."""
        found = self._lookup(char)[0]
        if found is not None:
            return found
        return self.unknown if is_han(char) else class_prior(char)

    def choose(self, options: Sequence[Sequence[str]], previous: str, following: str) -> list[int]:
        """Index of the chosen candidate per position: the most probable sequence of tagged words.

        Viterbi over (end of the last word, that word's state, its last character): a word
        scores log P(word), plus log P(tag | word) for a single character, plus how well its tag
        follows the last one, plus how its characters follow one another and the character
        before (`CharacterModel`). `previous` and `following` are the clean characters around
        the segment (ASCII, or a character kept as it is), which no dictionary word spans: they
        count for the character model only.
        """
        size = len(options)
        # best[end][(state, last character)] = (score, (start, key before, picks))
        best: list[dict[_Key, tuple[float, tuple[int, _Key, tuple[int, ...]]]]] = [
            {} for _ in range(size + 1)
        ]
        best[0][(NO_STATE, previous)] = (0.0, (0, (NO_STATE, previous), ()))
        for start in range(size):
            if not best[start]:
                continue
            before = sorted(best[start].items(), key=lambda item: -item[1][0])[:BEAM]
            for picks, score, word in self._words_at(options, start):
                end = start + len(picks)
                reached = best[end]
                chars = [options[start + offset][pick] for offset, pick in enumerate(picks)]
                after = [*chars[1:], following if end == size else ""]
                worth = score + sum(self._follows(char, next_char) for char, next_char in zip(chars, after))
                # The word after each way of reaching its start, before its tag is known.
                joined = [
                    (state, before_char, so_far + worth + self._follows(before_char, chars[0]))
                    for (state, before_char), (so_far, _) in before
                ]
                for first, last, tag_logp in self._states(options, start, picks, word):
                    key = (last, chars[-1])
                    for state, before_char, so_far in joined:
                        bonus = self.context.bonus(state, first, chars[0]) if self.context else 0.0
                        total = so_far + tag_logp + bonus
                        if key not in reached or total > reached[key][0]:
                            reached[key] = (total, (start, (state, before_char), picks))
        chosen: list[int] = []
        key = max(best[size], key=lambda found: best[size][found][0])
        end = size
        while end:
            _, (start, key, picks) = best[end][key]
            chosen[:0] = picks
            end = start
        return chosen

    def _follows(self, char: str, following: str) -> float:
        return self.characters.follow(char, following) if self.characters else 0.0

    def _states(
        self, options: Sequence[Sequence[str]], start: int, picks: tuple[int, ...], word: int
    ) -> list[tuple[int, int, float]]:
        """(state it starts in, state it ends in, log P(tag | word)) for each reading of a word."""
        if self.context is None:
            return [(NO_STATE, NO_STATE, 0.0)]
        if len(picks) > 1:
            tag = self.tags[word] if word >= 0 else NO_STATE
            state = word_state(tag, single=False)
            return [(state, state, 0.0)]
        char = options[start][picks[0]]
        readings = self.context.char_tags.get(char)
        if readings:
            return [
                (word_state(tag, single=True), word_state(tag, single=True), logp) for tag, logp in readings
            ]
        if is_han(char) or char.isalnum():
            return [(NO_STATE, NO_STATE, 0.0)]
        # Punctuation: the tagger's corpus was split into sentences there.
        return [(NO_STATE, SENTENCE_START, 0.0)]

    def _words_at(
        self, options: Sequence[Sequence[str]], start: int
    ) -> list[tuple[tuple[int, ...], float, int]]:
        """Every token starting at `start`, (picks, log P, word index or -1): single candidates, and words through candidates."""
        found: list[tuple[tuple[int, ...], float, int]] = []
        stack: list[tuple[str, tuple[int, ...]]] = []
        for index, char in enumerate(options[start]):
            found.append(((index,), max(self.start(char), -60.0), -1))
            stack.append((char, (index,)))
        while stack:
            text, picks = stack.pop()
            position = start + len(picks)
            if position >= len(options) or len(picks) >= LONGEST_WORD:
                continue
            for index, char in enumerate(options[position]):
                word, extendable = self._find(text + char)
                if word >= 0:
                    found.append(((*picks, index), self.logp[word], word))
                if extendable:
                    stack.append((text + char, (*picks, index)))
        return found

    def _lookup(self, text: str) -> tuple[float | None, bool]:
        """log P(text) if it is a word (else None), and whether longer words start with it."""
        word, extendable = self._find(text)
        return (self.logp[word] if word >= 0 else None), extendable

    def _find(self, text: str) -> tuple[int, bool]:
        """Index of `text` among the words (else -1), and whether longer words start with it."""
        index = bisect_left(self.words, text)
        is_word = index < len(self.words) and self.words[index] == text
        after = index + 1 if is_word else index
        extendable = after < len(self.words) and self.words[after].startswith(text)
        return (index if is_word else -1), extendable


@functools.cache
def class_prior(char: str) -> float:
    """log P(char) for characters that are not dictionary words, by character class."""
    if char in _PUNCTUATION_PRIOR:
        return math.log(_PUNCTUATION_PRIOR[char])
    code = ord(char)
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return IMPOSSIBLE
    if category.startswith("L"):
        if 0xC0 <= code <= 0xFF:
            return math.log(1e-4 if char.islower() else 2e-5)
        if 0x3040 <= code <= 0x30FF:
            return math.log(1e-5)  # kana: Japanese titles quoted in Chinese notes
        return math.log(1e-6 if code < 0x0530 else 1e-7)  # Latin extended, Greek, Cyrillic first
    if 0x1F000 <= code <= 0x1FAFF:
        return math.log(1e-6)  # emoji
    if category[0] in "SPN":
        return math.log(1e-5 if code <= 0xFF or 0xFF01 <= code <= 0xFF5E else 1e-6)
    return math.log(1e-8)  # combining marks and unusual spaces


@functools.cache
def load_model() -> WordModel:
    """The model, from the cache when it is current, else built from the word lists and cached."""
    dictionary = jieba_dictionary()
    source = sources_signature(dictionary)
    # Not sealed as the build cache is (incremental/seal.py): it lives outside any site, beside the key itself.
    cache = user_cache_dir() / f"mojibake-words-v{MODEL_VERSION}.pickle"
    try:
        with cache.open("rb") as stream:
            stored = pickle.load(stream)
        if stored["version"] == MODEL_VERSION and stored["source"] == source:
            return _from_tables(stored)
    except (OSError, EOFError, KeyError, TypeError, ValueError, pickle.UnpicklingError):
        pass  # no cache yet, or a stale or damaged one: rebuild it below
    tables = _build_tables(dictionary)
    tables.update(version=MODEL_VERSION, source=source)
    _write_cache(cache, tables)
    return _from_tables(tables)


def _build_tables(dictionary: Path) -> dict[str, object]:
    frequencies = word_frequencies(dictionary)
    words = sorted(frequencies.logp)
    logp = [frequencies.logp[word] for word in words]
    context = build_context(dictionary.parent / "posseg")
    number = {tag: index for index, tag in enumerate(cast("Sequence[str]", context["tags"]))}
    # Stored as one string and raw numbers: that loads several times faster than a pickled dict.
    return {
        "words": "\n".join(words),
        "logp": array.array("d", logp).tobytes(),
        "tags": array.array(
            "b", (number.get(frequencies.tags.get(word, ""), NO_STATE) for word in words)
        ).tobytes(),
        "unknown": frequencies.rarest - UNKNOWN_HAN_PENALTY,
        "context": context,
        "characters": build_character_tables(words, logp),
    }


def _from_tables(tables: Mapping[str, object]) -> WordModel:
    logp = array.array("d")
    logp.frombytes(tables["logp"])  # type: ignore[arg-type]
    tags = array.array("b")
    tags.frombytes(tables["tags"])  # type: ignore[arg-type]
    words = str(tables["words"]).split("\n")
    if not len(words) == len(logp) == len(tags):
        raise ValueError("word list, probabilities and tags differ in length")
    context = context_from_tables(tables["context"])  # type: ignore[arg-type]
    characters = characters_from_tables(tables["characters"])  # type: ignore[arg-type]
    return WordModel(words, logp, float(tables["unknown"]), tags, context, characters)  # type: ignore[arg-type]


def _write_cache(cache: Path, tables: Mapping[str, object]) -> None:
    # The cache only saves time: when the directory is read-only the model still works, rebuilt
    # once per process, so a failure to write it is not worth reporting.
    temporary: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=cache.parent, suffix=".tmp", delete=False) as stream:
            temporary = Path(stream.name)
            pickle.dump(dict(tables), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
