"""What an outline line holds besides its words: links and the trailing paper annotation.

Pure functions over one line of text (see `outline-spec.md`, "What an item's text holds").
`find_links` finds bare URLs and `[text](url)`; `parse_annotation` reads a trailing
`[2019, 187 refs, FAST19]` group. Both return offsets into the line they were given, so a
renderer can cut the line into pieces without losing a character.
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

__all__ = ["Annotation", "Link", "find_links", "parse_annotation"]


class Link(NamedTuple):
    """A link found in a line: `line[start:end]` is exactly what the author wrote.

    For a bare URL, `text == url` and `end - start == len(url)`; for `[text](url)` the span
    covers the brackets and parentheses too. `line_index` says which line of a node holds it:
    0 is the item's own text, k is `continuation[k - 1]`.

    Named tuples here and in `Annotation`, like `Node`: a long outline holds tens of
    thousands of them, and a tuple costs a fraction of a frozen dataclass to make.
    """

    url: str
    text: str
    start: int
    end: int
    line_index: int = 0

    @property
    def written_as_markdown(self) -> bool:
        """True when the author wrote `[text](url)` rather than a bare URL."""
        return self.end - self.start != len(self.url)


class Annotation(NamedTuple):
    """A trailing bracket group such as `[2019, 187 refs, FAST19]`, kept as data.

    `raw` is exactly as written (brackets and escaping backslashes included) and sits at
    `text[start:end]` of the text it was parsed from. `venue` keeps its year suffix
    ("FAST22"); normalizing venues is another module's job. `notes` are the other fields.
    """

    raw: str
    year: int | None
    refs: int | None
    venue: str | None
    notes: tuple[str, ...]
    start: int = -1
    end: int = -1


# `Link(...)` runs a Python-level __new__; this makes one from its fields, in C.
_link_from_fields = partial(tuple.__new__, Link)


# ---------------------------------------------------------------------------------------
# Links

# Characters that can never be part of a bare URL. Full-width punctuation ends a URL because
# Chinese notes write `见：https://a.b/c，然后` with no spaces around the URL.
_NOT_IN_URL = r"\s<>\"\[\]\\`，。；：！？（）「」『』【】、《》“”‘’"
_URL_CHARS = "[^" + _NOT_IN_URL + "]"
_SCHEME = r"(?:(?:https?|ftp)://|mailto:)"
# A bare URL may follow anything but a letter or digit (so `：https://` and `,https://`
# link, while `xhttp://` does not turn into a link in the middle of a word).
_LINK_RE = re.compile(
    r"\[(?P<mdtext>[^\[\]\n]*)\]\((?P<mdurl>" + _SCHEME + r"[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)\)"
    r"|(?<![A-Za-z0-9])(?P<bare>" + _SCHEME + _URL_CHARS + r"*)",
    re.IGNORECASE,
)
# Inside a comma or semicolon separated run, the next scheme starts a new URL. A scheme
# after `/` (web.archive.org/web/2020/https://...) belongs to the URL and is not split.
_NEXT_URL_RE = re.compile(r"[,;|](?=" + _SCHEME + ")", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\"*_~"
_TRIMMABLE = frozenset(_TRAILING_PUNCTUATION + ")")
# The commonest link line (the title's URL on the next line): one bare http(s)/ftp URL, with
# nothing to cut off its end (trailing punctuation, a `,`/`;`/`|` run of URLs) and nothing
# else. `find_links` then makes its one link without walking the line.
_LONE_URL_RE = re.compile(
    r"[ \t]*((?:https?|ftp)://"
    + "[^" + _NOT_IN_URL + ",;|]*"
    + "[^" + _NOT_IN_URL + ",;|" + re.escape(_TRAILING_PUNCTUATION) + ")])",
    re.IGNORECASE,
)


def _trim_url(url: str) -> str:
    """Drop what ends a sentence rather than a URL, GitHub-autolinker style."""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last == ")" and url.count(")") > url.count("("):
            # Keep `wiki/Foo_(bar)`, drop the `)` of `(see https://a.b/c)`.
            url = url[:-1]
        else:
            break
    return url


def find_links(line: str, *, line_index: int = 0) -> tuple[Link, ...]:
    """Return every http/https/ftp/mailto link of `line`, left to right, never overlapping.

    Trailing punctuation and unbalanced `)` stay text; `javascript:` and other schemes are
    never links. Offsets are into `line`.
    """
    # Fast path: most outline lines hold no link at all.
    if "://" not in line and "ailto:" not in line and "AILTO:" not in line:
        return ()
    lone = _LONE_URL_RE.fullmatch(line)
    if lone is not None:
        return (_link_from_fields((lone[1], lone[1], lone.start(1), len(line), line_index)),)
    links: list[Link] = []
    search = _LINK_RE.search
    # With only bare http/https/ftp URLs possible (the common case), jump to the next
    # "://" instead of letting the regex try every position of a long line.
    only_bare = "](" not in line and "ailto:" not in line and "AILTO:" not in line
    pos = 0
    while True:
        if only_bare:
            colon = line.find("://", pos)
            if colon < 0:
                break
            pos = max(pos, colon - 5)  # "https" is the longest scheme
        match = search(line, pos)
        if match is None:
            break
        bare = match.group("bare")
        if bare is None:
            url = match.group("mdurl")
            links.append(_link_from_fields((url, match.group("mdtext"), match.start(), match.end(), line_index)))
            pos = match.end()
            continue
        start = match.start("bare")
        if "," in bare or ";" in bare or "|" in bare:
            cut = _NEXT_URL_RE.search(bare)
            if cut is not None:
                bare = bare[: cut.start()]
        url = _trim_url(bare) if bare[-1] in _TRIMMABLE else bare
        colon = bare.find(":")  # the scheme's; a link needs something after "://" or "mailto:"
        if len(url) > (colon + 3 if bare.startswith("//", colon + 1) else colon + 1):
            links.append(_link_from_fields((url, url, start, start + len(url), line_index)))
            pos = start + len(url)
        else:
            pos = start + max(len(url), 1)
    return tuple(links)


# ---------------------------------------------------------------------------------------
# Annotations

_ANNOTATION_SPACE = " \t\u00a0\u3000"
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_REF_WORD_RE = re.compile(r"\b(?:refs?|references)\b", re.IGNORECASE)
# At most 15 digits: int() refuses very long digit strings, and parsing must never raise.
_REFS_IN_FIELD_RE = re.compile(
    r"(?<![\w.])(\d{1,15})\+?\s*(?:refs?|references|citations?|cites?)\b\.?", re.IGNORECASE
)
# A venue with its year suffix as written: FAST22, HotStorage20, OSDI'20, SIGMOD2019.
_VENUE_WITH_YEAR_RE = re.compile(r"[A-Za-z][A-Za-z&+-]*'?(?:\d\d|(?:19|20)\d\d)")
# Venues often written without a year. Anything else without a year suffix (Google,
# NVIDIA, "best paper") is a note: a company name must not become a venue.
_KNOWN_VENUES = frozenset(
    """
    aaai acl asplos atc cav ccs cidr cikm conext cvpr dac dsn ecoop emnlp eurosys fast
    hotcloud hotnets hotos hotstorage hpca hpdc icde icdcs iclr icml iccv ics ijcai imc
    infocom isca iscc kdd lisa micro middleware mlsys msst naacl nips neurips nsdi oopsla
    osdi pact pldi podc pods popl ppopp sc sigcomm sigir sigmetrics sigmod socc sosp spaa
    systor tocs tods tos usenix vee vldb www
    """.split()  # noqa: SIM905 - a word list reads better than 67 quoted strings
)


def _is_venue(token: str) -> bool:
    """A conference-looking token: a known venue name, or letters followed by a year."""
    if token.lower() in _KNOWN_VENUES:
        return True
    return token[-1].isdigit() and _VENUE_WITH_YEAR_RE.fullmatch(token) is not None


def parse_annotation(text: str) -> Annotation | None:
    """Read the bracket group at the end of `text` (trailing spaces allowed), if it is one.

    Loose by design (real notes are inconsistent): the group counts when its body holds a
    year `(19|20)dd` or the word ref/refs/references. `\\[1994, 63 refs\\]` counts too.
    """
    body_text = text.rstrip(_ANNOTATION_SPACE)
    if not body_text.endswith("]"):
        return None
    open_at = body_text.rfind("[", 0, len(body_text) - 1)
    if open_at < 0:
        return None
    body = body_text[open_at + 1 : -1]
    if "]" in body:
        return None
    start = open_at - 1 if open_at > 0 and body_text[open_at - 1] == "\\" else open_at
    body = body.removesuffix("\\")
    if _YEAR_RE.search(body) is None and _REF_WORD_RE.search(body) is None:
        return None
    year, refs, venue, notes = _parse_fields(body)
    end = len(body_text)
    return Annotation(text[start:end], year, refs, venue, notes, start, end)


def _parse_fields(body: str) -> tuple[int | None, int | None, str | None, tuple[str, ...]]:
    """Split an annotation body into year, citation count, venue and the remaining notes."""
    year: int | None = None
    refs: int | None = None
    venue: str | None = None
    notes: list[str] = []
    for field in body.replace("，", ",").split(","):
        field = field.strip(_ANNOTATION_SPACE)
        if not field:
            continue  # `[2020, , HotStorage20]`
        lowered = field.lower()
        if refs is None and ("ref" in lowered or "cit" in lowered):
            found = _REFS_IN_FIELD_RE.search(field)
            if found is not None:
                refs = int(found.group(1))
                field = (field[: found.start()] + " " + field[found.end() :]).strip(_ANNOTATION_SPACE)
        leftover: list[str] = []
        # A field may hold several facts: `2010 OSDI VMWare`, `FAST18 best paper`.
        for token in field.split():
            if year is None and len(token) == 4 and token.isdecimal() and token[:2] in ("19", "20"):
                year = int(token)
            elif venue is None and _is_venue(token):
                venue = token
            else:
                leftover.append(token)
        if leftover:
            notes.append(" ".join(leftover))
    return year, refs, venue, tuple(notes)
