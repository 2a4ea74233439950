"""The terms of paperfold's own search index (terms, postings, shards): what a text is cut into
and what a query looks up. Not wired into the build yet: see postings.py.

Latin words (letters and digits that are not CJK) are lowercased, with no stemmer (Pagefind's
`zh` index stems nothing either: Snowball has no Chinese); a word joined by hyphens or
apostrophes counts whole without its joiners ("all-reduce" as allreduce) and in its parts.
Every run of CJK characters counts as its characters and its pairs of neighbours (unigrams and
bigrams, the usual way without a dictionary). A query looks up its words whole and each CJK run
as its bigrams (a lone character as itself), so every term of a query made of a text is one of
that text's terms.
"""

from __future__ import annotations

import operator
import re
from collections import Counter, defaultdict
from itertools import islice

CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTER = rf"[^\W_{CJK_RANGE}]"
_CJK_RUN = re.compile(f"[{CJK_RANGE}]+")
# A word: letters and digits (not CJK), joined by single hyphens or apostrophes.
_WORD = re.compile(rf"{_LETTER}+(?:['’\-]{_LETTER}+)*")
_JOINERS = re.compile(r"['’\-]")
# Between two CJK runs in one string, so that no pair spans them; it is no term's character.
_SEPARATOR = "\x00"
_HOLDS_SEPARATOR = operator.methodcaller("__contains__", _SEPARATOR)


def term_counts(text: str) -> Counter[str]:
    """Each term of `text` with the times it occurs.

    No term spans white space, so the text is cut at it and each distinct piece is read once: the
    pieces that occur as often are joined and read together, their counts multiplied (at 1,000
    generated posts, a fifth of the 4.7 million pieces are distinct in their post; reading each
    once made counting some 13% cheaper: bench/README.md)."""
    pieces: defaultdict[int, list[str]] = defaultdict(list)
    for piece, times in Counter(text.lower().split()).items():
        pieces[times].append(piece)
    counts = _lowered_counts(" ".join(pieces.pop(1, ())))
    for times, group in pieces.items():
        for term, count in _lowered_counts(" ".join(group)).items():
            counts[term] += count * times
    return counts


def _lowered_counts(lowered: str) -> Counter[str]:
    """term_counts of a lowercased text, counted in C where Python can: the words are found by
    one regular expression over the whole text and counted by Counter, and only the distinct
    joined words are split in Python (a post's text repeats its words; per-word Python work was
    most of the prototype's time)."""
    counts = Counter(_WORD.findall(lowered))
    for word in list(filter(_JOINERS.search, counts)):
        times = counts.pop(word)
        counts[_JOINERS.sub("", word)] += times
        for part in _JOINERS.split(word):
            counts[part] += times
    runs = _CJK_RUN.findall(lowered)
    if runs:
        joined = _SEPARATOR.join(runs)
        counts.update(joined)
        counts.update(map(operator.add, joined, islice(joined, 1, None)))
        for term in list(filter(_HOLDS_SEPARATOR, counts)):
            del counts[term]
    return counts


def tokens(text: str) -> list[str]:
    """Every term of `text`, as often as it occurs (in no particular order)."""
    return list(term_counts(text).elements())


def query_terms(query: str) -> list[str]:
    """A query's terms, each once: its words joined whole, its CJK runs as bigrams (a lone
    character as itself)."""
    lowered = query.lower()
    terms = [_JOINERS.sub("", word) for word in _WORD.findall(lowered)]
    for run in _CJK_RUN.findall(lowered):
        terms.extend([run] if len(run) == 1 else [run[at:at + 2] for at in range(len(run) - 1)])
    return list(dict.fromkeys(terms))
