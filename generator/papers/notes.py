"""Papers noted in posts: found in outlines, merged across posts, exported as JSON and BibTeX.

A paper is an outline node that carries an annotation (`[2019, SOSP, 510 refs]`) or links to a
paper host (arXiv, DOI, ACM, USENIX, ... or any `.pdf`). `paper_notes` turns one outline into
flat `PaperNote` records (kept in `RenderedBody`, which is pickled, so no trees); `merge_keys`
gives what `papers.index.index_papers` merges the notes of every post by into `Paper`s: arXiv
id, DOI, normalized URL, and title when the years agree.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from generator.outline.links import find_links, parse_annotation
from generator.outline.model import Node, Outline
from generator.papers.venues import (
    PAPER_HOSTS,
    PAPER_PAGES,
    arxiv_id,
    doi_of,
    is_paper_url,
    normalize_url,
    normalize_venue,
    url_parts,
    venue_in_annotation,
)

__all__ = [
    "PAPER_HOSTS", "PAPER_PAGES", "MergeKeys", "Paper", "PaperNote", "arxiv_id", "doi_of", "is_paper_url",
    "merge_keys", "normalize_url", "normalize_venue", "note_url", "paper_notes", "paper_notes_in_markdown",
    "to_bibtex", "to_json",
]


class PaperNote(NamedTuple):
    """One place a post notes a paper, flat: no tree, so it can be pickled with the body.

    A named tuple rather than a dataclass: a blog has a hundred thousand notes, and a tuple
    unpickles several times faster.

    `year` is the annotation's year, else the venue suffix's (`FAST22`); `venue_raw` is the
    venue as written; `notes` are the annotation's other fields (`Google`, `best paper`);
    `urls` are the node's links, own line first, then its continuation lines; `line` is the
    node's line in the outline text plus the caller's offset.
    """

    title: str
    year: int | None
    refs: int | None
    venue_raw: str | None
    notes: tuple[str, ...]
    urls: tuple[str, ...]
    anchor: str
    line: int


class MergeKeys(NamedTuple):
    """What makes two notes one paper: `identity` for sure (arXiv id, DOI, deep URL); `titles`
    when the years agree; `venue` normalized, for the paper's venue."""

    identity: tuple[tuple[str, str], ...]
    titles: tuple[str, ...]
    venue: str


class Paper(NamedTuple):
    """A paper as the whole blog knows it; `notes` are (post title, post URL, node anchor).

    `venue` is normalized (`Eurosys`, `EuroSys '19` and `ACM EuroSys` are all `EuroSys`); the notes'
    own spellings are kept in `venue_as_written`, most used first. A named tuple, like PaperNote:
    the build cache keeps tens of thousands of them.
    """

    title: str
    year: int | None
    venue: str | None
    refs: int | None
    urls: tuple[str, ...]
    arxiv_id: str | None
    doi: str | None
    notes: tuple[tuple[str, str, str], ...]
    venue_as_written: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Notes in one outline

# What is left around a title once its URLs are cut out: `trace：`, `Paper ()`, ` - `.
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|（\s*）|<\s*>")
_TITLE_EDGES = " \t\u00a0\u3000:：-–—,，;；|"
_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([,，;；:：])")
# Most titles hold none of these, and a test for a character is cheaper than a regex scan.
_PUNCTUATION = frozenset(",，;；:：")


def _title(node: Node) -> str:
    """The node's text without the annotation and without URLs (`[text](url)` keeps its text)."""
    text, links, annotation = node.text, node.links, node.annotation
    end = annotation.start if annotation is not None and annotation.start >= 0 else len(text)
    if not links or links[0].line_index != 0:
        title = text[:end]  # the usual case: no link on the node's own line (they come first)
    else:
        pieces: list[str] = []
        position = 0
        for link in links:
            if link.line_index != 0 or link.start < position or link.end > end:
                continue
            pieces.append(text[position : link.start])
            if link.written_as_markdown:
                pieces.append(link.text)
            position = link.end
        pieces.append(text[position:end])
        title = "".join(pieces)
    if "(" in title or "（" in title or "<" in title:
        title = _EMPTY_BRACKETS_RE.sub(" ", title)
    title = " ".join(title.split())
    if not _PUNCTUATION.isdisjoint(title):
        title = _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", title)
    return title.strip(_TITLE_EDGES)


def _note(node: Node, line_offset: int, *, markdown: bool = False) -> PaperNote | None:
    """The paper a node notes, or None when it notes none; `markdown` unescapes its title."""
    links = node.links
    annotation = node.annotation
    if annotation is None and not links:
        return None  # most nodes: nothing to look at
    urls = (links[0].url,) if len(links) == 1 else tuple(dict.fromkeys([link.url for link in links]))
    if annotation is None and not any(is_paper_url(url) for url in urls):
        return None
    title = _title(node) or (urls[0] if urls else "")
    if not title:
        return None  # a bare `[2019, 10 refs]`: nothing to list
    if markdown:
        title = _markdown_title(title) or title
    line = node.line + line_offset
    if annotation is None:
        return PaperNote(title, None, None, None, (), urls, node.anchor, line)
    venue = venue_in_annotation(annotation)
    year = annotation.year if annotation.year is not None else (normalize_venue(venue)[1] if venue else None)
    notes = annotation.notes
    if notes:
        # The venue's words are not notes: `[2022, FAST22, Alibaba]` notes only Alibaba.
        venue_words = set(venue.split()) if venue else set()
        kept = (" ".join(word for word in note.split() if word not in venue_words) for note in notes)
        notes = tuple(note for note in kept if note)
    return PaperNote(title, year, annotation.refs, venue, notes, urls, node.anchor, line)


def paper_notes(outline: Outline, *, line_offset: int = 0) -> tuple[PaperNote, ...]:
    """Every paper the outline notes, in document order; `line_offset` is added to each line.

    `Outline.in_order` is flat, so a 10,000-level outline is fine.
    """
    found = [_note(node, line_offset) for node in outline.in_order if node.annotation or node.links]
    return tuple([note for note in found if note is not None])


# Markdown lines that matter to notes, each found after the "\n" that starts it: a fence
# opening (group 1: its backticks or tildes, an info string may follow) or a list item.
_FENCE_OR_ITEM_RE = re.compile(r"\n(?: {0,3}(`{3,}|~{3,})|[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+(?=\S))")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKDOWN_EMPHASIS_RE = re.compile(r"\*\*|__|`")


def paper_notes_in_markdown(text: str, *, line_offset: int = 0) -> tuple[PaperNote, ...]:
    """Papers noted by Markdown list items outside code fences (outline fences are `paper_notes`'s).

    Such notes have no anchor (Markdown list items get no id): they link to the post itself.
    Lines are 1-based in `text` (split at "\n", as markdown-it counts them), plus `line_offset`.
    """
    notes: list[PaperNote] = []
    text = "\n" + text  # every line now starts after a "\n", so one search finds the next one
    position = counted = lines_before = 0  # lines_before: the "\n"s in text[:counted]
    while (found := _FENCE_OR_ITEM_RE.search(text, position)) is not None:
        fence = found.group(1)
        if fence:
            end = _closing_fence(fence).search(text, found.end())
            if end is None:
                break  # an unclosed fence runs to the end
            position = end.end()
            continue
        line_end = text.find("\n", found.end())
        position = len(text) if line_end < 0 else line_end
        body = text[found.end() : position].removesuffix("\r")
        annotation, links = parse_annotation(body), find_links(body)
        if annotation is None and not links:
            continue
        lines_before += text.count("\n", counted, found.start() + 1)
        counted = found.start() + 1
        node = Node("-", body, (), annotation, links, (), lines_before, "", 0)
        note = _note(node, line_offset, markdown=True)
        if note is not None:
            notes.append(note)
    return tuple(notes)


def _closing_fence(fence: str) -> re.Pattern[str]:
    """A line of at least as many of the fence's characters and nothing else ends the fence."""
    return re.compile(rf"\n {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[^\S\n]*$", re.MULTILINE)


def _markdown_title(title: str) -> str:
    """A title as Markdown shows it: escapes, `**`, `__` and backticks taken off."""
    title = _MARKDOWN_EMPHASIS_RE.sub("", _MARKDOWN_ESCAPE_RE.sub(r"\1", title))
    return title.strip(_TITLE_EDGES + "*_")


# ---------------------------------------------------------------------------------------
# Merging the notes of every post

_WORD_RE = re.compile(r"[^\W_]+")
_ALIAS_RE = re.compile(r"\s*[(（][^()（）]{1,40}[)）]$")
# `_ALIAS_RE` ends at the end of the title (or before a final newline): only these endings match.
_ALIAS_ENDINGS = (")", "）", ")\n", "）\n")


def _title_key(title: str) -> str:
    """The title's words (letters and digits), casefolded, one space apart."""
    return " ".join(_WORD_RE.findall(unicodedata.normalize("NFKC", title).casefold()))


@lru_cache(maxsize=8192)  # pure, and a blog notes the same papers in many posts
def _title_keys(title: str) -> tuple[str, ...]:
    """Normalized title, and the same without a trailing alias: `... Algorithm (Raft)`."""
    key = _title_key(title)
    keys: tuple[str, ...] = (key,) if len(key) >= 4 else ()
    if title.endswith(_ALIAS_ENDINGS):
        alias_key = _title_key(_ALIAS_RE.sub("", title))
        if len(alias_key) >= 4 and alias_key not in keys:
            keys += (alias_key,)
    return keys


@lru_cache(maxsize=8192)
def _identity_keys(urls: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """What makes two notes the same paper for sure: arXiv id, DOI, a deep enough URL."""
    keys: list[tuple[str, str]] = []
    for url in urls:
        found = arxiv_id(url)
        if found:
            keys.append(("arxiv", found))
            continue
        doi = doi_of(url)
        if doi:
            keys.append(("doi", doi))
        parts = url_parts(url)
        if parts is not None and parts[1].strip("/"):  # a site's front page is no paper
            keys.append(("url", normalize_url(url)))
    return tuple(keys)


def merge_keys(note: PaperNote) -> MergeKeys:
    """What `index_papers` merges notes by."""
    title, urls = note.title, note.urls
    # A title that is only a URL says nothing the URL did not.
    titles = () if urls and title == urls[0] else _title_keys(title)
    venue = normalize_venue(note.venue_raw)[0] if note.venue_raw else ""
    return MergeKeys(_identity_keys(urls) if urls else (), titles, venue)


def paper_digests(papers: Sequence[Paper]) -> tuple[str, ...]:
    """A digest of each paper's every field: papers pages are keyed by the papers they show."""
    return tuple(hashlib.sha1(repr(paper).encode("utf-8")).hexdigest() for paper in papers)


# ---------------------------------------------------------------------------------------
# Export

def note_url(post_url: str, anchor: str) -> str:
    """Where a note lives: the post, at the node's anchor when it has one."""
    return f"{post_url}#{anchor}" if anchor else post_url


def to_json(papers: Sequence[Paper], *, url_prefix: str = "") -> bytes:
    """papers.json, UTF-8: a list of papers; `url_prefix` (site URL + baseurl) makes note links absolute.

    One paper per line: still diffable, and json's C encoder (`indent` would use the pure-Python
    one, seconds for a blog of tens of thousands of notes). Each line is encoded as it is made:
    the whole file as one str would take several times its size.
    """
    if not papers:
        return b"[]\n"
    parts = [b"[\n"]
    for paper in papers:
        parts += (json.dumps(_json_record(paper, url_prefix), ensure_ascii=False).encode("utf-8"), b",\n")
    parts[-1] = b"\n]\n"
    return b"".join(parts)


def _json_record(paper: Paper, url_prefix: str) -> dict[str, object]:
    return {
        "title": paper.title, "year": paper.year, "venue": paper.venue, "refs": paper.refs, "urls": list(paper.urls),
        "arxiv": paper.arxiv_id, "doi": paper.doi, "venue_as_written": list(paper.venue_as_written),
        "notes": [{"post": title, "url": url_prefix + note_url(url, anchor)} for title, url, anchor in paper.notes],
    }


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}
_JOURNALS = frozenset({"TOCS", "TODS", "TOS", "TOPLAS", "CACM", "VLDB Journal"})
_KEY_STOPWORDS = frozenset(("a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "is"))


def _bib_text(text: str) -> str:
    """Text in a braced BibTeX field: LaTeX specials escaped, so braces always balance."""
    return "".join(_BIB_SPECIAL.get(char, char) for char in " ".join(text.split()))


def _bib_url(url: str) -> str:
    """URLs are verbatim in BibTeX; only what would unbalance a field is percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _key_words(paper: Paper) -> list[str]:
    ascii_title = unicodedata.normalize("NFKD", paper.title).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_title) if w not in _KEY_STOPWORDS]
    return words or ["paper"]


def _bib_keys(papers: Sequence[Paper]) -> list[str]:
    """`zero2020`, growing to `zero2020memory` only for papers whose short key is shared."""
    words = [_key_words(p) for p in papers]
    years = [str(p.year) if p.year else "" for p in papers]
    keys: dict[int, str] = {}
    pending = list(range(len(papers)))
    candidates: dict[int, str] = {}
    for size in range(1, 6):
        candidates = {i: words[i][0] + years[i] + "".join(words[i][1:size]) for i in pending}
        counts = Counter(candidates.values())
        taken = set(keys.values())
        keys.update({i: c for i, c in candidates.items() if counts[c] == 1 and c not in taken})
        pending = [i for i in pending if i not in keys]
    for i in pending:  # same title and year, yet different papers: tell them apart by content
        digest = hashlib.sha1(repr((papers[i].title, papers[i].urls, papers[i].notes)).encode()).hexdigest()
        keys[i] = f"{candidates[i]}-{digest[:6]}"
    return [keys[i] for i in range(len(papers))]


def to_bibtex(papers: Sequence[Paper]) -> str:
    """papers.bib: @inproceedings (@article for journals) when the venue is known, else @misc."""
    entries: list[str] = []
    for key, paper in zip(_bib_keys(papers), papers):
        fields: list[tuple[str, str]] = [("title", "{" + _bib_text(paper.title) + "}")]
        kind = "misc"
        if paper.venue:
            kind = "article" if paper.venue in _JOURNALS else "inproceedings"
            fields.append(("journal" if kind == "article" else "booktitle", _bib_text(paper.venue)))
        if paper.year:
            fields.append(("year", str(paper.year)))
        if paper.doi:
            fields.append(("doi", _bib_url(paper.doi)))
        if paper.arxiv_id:
            fields += [("eprint", paper.arxiv_id), ("archiveprefix", "arXiv")]
        if paper.urls:
            fields.append(("url", _bib_url(paper.urls[0])))
        if paper.refs is not None:
            fields.append(("note", f"Cited by {paper.refs} (as annotated)"))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)
