"""Word frequencies for the mojibake word model: wordfreq's Chinese list over jieba's dictionary.

jieba's dictionary (349k words) comes from one corpus of unknown age that rates some words
oddly for technical notes: 架构 (architecture) 315 against 恶意 (malice) 359. wordfreq's
Chinese list (297k words of Han characters) combines seven modern sources (Wikipedia,
subtitles, news, books, web text, Twitter, and jieba's own list), segmented with jieba, so its
words are the units our search splits text into. Where wordfreq knows a word its frequency is
used; jieba's frequency (and its IDF list's estimate for newer words) covers the rest, moved
onto wordfreq's scale by the median difference over the words both know. On our damaged samples
(cp1254 and cp1252) this takes wrong choices where bytes were lost from 77 to 71, and with
latin-1's C1 range dropped it restores 1 to 4 points more per sample; what remains needs word
pairs that neither list holds.

wordfreq's list is in "oversimplified" Chinese (traditional characters mapped to simplified), so
a traditional word is found only through jieba's dictionary.
"""

from __future__ import annotations

import importlib.util
import math
import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# A word in a fraction f of the IDF list's documents is about as frequent as a dictionary word
# of probability f * e^-3.72: the median over the 249k words the two lists share.
IDF_TO_LOG_PROBABILITY = -3.72
# wordfreq's list with words down to a frequency of 1e-8; its "small" list stops at 1e-6.
WORDFREQ_LIST = "large"
WORDFREQ_FILE = f"{WORDFREQ_LIST}_zh.msgpack.gz"


@dataclass(frozen=True, slots=True)
class WordFrequencies:
    """log P(word) for every known word, jieba's tag names, and the log P of a word seen once."""

    logp: Mapping[str, float]
    tags: Mapping[str, str]  # jieba's part-of-speech tag, for the words of its dictionary
    rarest: float  # log P of a word jieba's corpus holds once, on the same scale as `logp`


def jieba_dictionary() -> Path:
    import jieba  # type: ignore[import-untyped]  # imported here: only repairs need it

    return Path(jieba.__file__).with_name("dict.txt")


def sources_signature(dictionary: Path) -> str:
    """Names, sizes and times of the data files: the model cache is current while they hold."""
    files = [dictionary]
    found = _wordfreq_data_file()
    if found is not None:
        files.append(found)
    return ";".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in files)


def word_frequencies(dictionary: Path) -> WordFrequencies:
    jieba_logp, tags, total = _jieba_words(dictionary)
    modern = _wordfreq_han_words()
    shared = [word for word in modern if word in jieba_logp]
    # Both lists are per token of running text, but wordfreq's counts Latin words and numbers too.
    shift = statistics.median(modern[word] - jieba_logp[word] for word in shared) if shared else 0.0
    logp = {word: value + shift for word, value in jieba_logp.items()}
    logp.update(modern)
    return WordFrequencies(logp, tags, math.log(1 / total) + shift)


def _jieba_words(dictionary: Path) -> tuple[dict[str, float], dict[str, str], int]:
    frequencies: dict[str, int] = {}
    tags: dict[str, str] = {}
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, tag = line.split()
            frequencies[word] = frequencies.get(word, 0) + int(frequency)
            tags.setdefault(word, tag)
    total = sum(frequencies.values())
    logp = {word: math.log(frequency / total) for word, frequency in frequencies.items() if frequency > 0}
    for word, idf in _idf_words(dictionary.parent / "analyse" / "idf.txt"):
        logp.setdefault(word, IDF_TO_LOG_PROBABILITY - idf)
    return logp, tags, total


def _idf_words(path: Path) -> list[tuple[str, float]]:
    """(word, IDF) from jieba's keyword extractor's list; none when a jieba build leaves it out."""
    try:
        with path.open(encoding="utf-8") as lines:
            return [(word, float(idf)) for word, idf in (line.split() for line in lines)]
    except FileNotFoundError:
        return []


def _wordfreq_han_words() -> dict[str, float]:
    """log P of wordfreq's Chinese words made of Han characters only.

    Its list also holds Latin words, numbers and emoji as they occur in Chinese text; the damage
    never turns those into candidates, and their priors by class stay as they are.
    """
    import wordfreq  # imported here: only a model rebuild needs it

    found = wordfreq.get_frequency_dict("zh", wordlist=WORDFREQ_LIST)
    return {word: math.log(frequency) for word, frequency in found.items() if all(map(is_han, word))}


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F


def _wordfreq_data_file() -> Path | None:
    # Found without importing wordfreq, which takes a quarter of a second: a warm start reads
    # only the cache.
    spec = importlib.util.find_spec("wordfreq")
    locations: Iterator[str] = iter(spec.submodule_search_locations or ()) if spec else iter(())
    for location in locations:
        path = Path(location) / "data" / WORDFREQ_FILE
        if path.exists():
            return path
    return None
