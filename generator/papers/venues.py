"""Where a paper was published, as notes write it: venue names and links to paper hosts.

Pure string functions. `normalize_venue` maps `FAST22`, `FAST '22`, `USENIX ATC`, `NIPS` to one
name (and the year a suffix gives); `venue_in_annotation` finds the venue in `[2019, SOSP, ...]`;
`is_paper_url`, `arxiv_id`, `doi_of` and `normalize_url` say what a link identifies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from generator.outline.links import Annotation

__all__ = [
    "KNOWN_VENUES", "PAPER_HOSTS", "PAPER_PAGES", "arxiv_id", "arxiv_year", "doi_of", "is_paper_url", "normalize_url",
    "normalize_venue", "shown_title", "url_parts", "venue_in_annotation",
]

# Canonical spellings. Lookups go through `_compact`, so case and punctuation do not matter.
_CANONICAL = ["OSDI", "SOSP", "NSDI", "ATC", "EuroSys", "FAST", "SIGMOD", "VLDB", "ICDE", "CIDR", "EDBT", "PODS", "SIGCOMM", "ISCA", "ASPLOS", "MICRO", "HPCA", "NeurIPS", "ICML", "ICLR", "MLSys", "EuroMLSys", "KDD", "WWW", "WSDM", "SIGIR", "CIKM", "SoCC", "HotOS", "HotStorage", "HotCloud", "HotNets", "APSys", "PODC", "DISC", "OPODIS", "DSN", "SRDS", "Middleware", "SC", "HPDC", "ICS", "PPoPP", "SPAA", "IPDPS", "ICDCS", "INFOCOM", "CoNEXT", "IMC", "SIGMETRICS", "AAAI", "IJCAI", "ACL", "EMNLP", "NAACL", "CVPR", "ICCV", "ECCV", "PLDI", "POPL", "OOPSLA", "ECOOP", "CAV", "CCS", "NDSS", "DAC", "PACT", "CGO", "VEE", "SYSTOR", "MSST", "LISA", "TOCS", "TODS", "TOS", "TOPLAS", "CACM", "PaPoC"]

# Other ways of writing the same venue (compact form -> canonical).
_ALIASES = {
    "usenixannualtechnicalconference": "ATC", "annualtechnicalconference": "ATC",
    "nips": "NeurIPS", "pvldb": "VLDB", "vldbendowment": "VLDB", "vldbendow": "VLDB",
    "vldbj": "VLDB Journal", "vldbjournal": "VLDB Journal",
    "usenixsecurity": "USENIX Security", "usenixsec": "USENIX Security",
    "s&p": "IEEE S&P", "ieeesp": "IEEE S&P", "oakland": "IEEE S&P", "securityandprivacy": "IEEE S&P",
    "thewebconf": "WWW", "webconf": "WWW", "sigkdd": "KDD", "supercomputing": "SC",
    "communicationsoftheacm": "CACM", "hotchips": "Hot Chips",
}

# Publisher and proceedings prefixes that say nothing about which venue it is.
_PREFIXES = ("proceedingsofthe", "proceedingsof", "proceedings", "proc", "acmieee", "ieeeacm",
             "usenix", "acm", "ieee")
# Words after a venue's name that leave it the same venue: `SIGMOD Conference`, `OSDI Symposium`.
_SUFFIXES = ("conference", "conf", "symposium", "symp")

# Words that fill the venue's place in a note without naming one (`[2019, year, 10 refs]`, a
# template's placeholder left in): never a venue. Compact forms.
_NOT_VENUES = frozenset(("year", "years", "yr", "date", "venue", "conf", "conference", "journal", "refs", "ref",
                        "citations", "unknown", "tbd", "todo", "na", "none", "preprint", "title", "paper"))


_NOT_COMPACT_RE = re.compile(r"[^0-9a-z&]")


def _compact(name: str) -> str:
    return _NOT_COMPACT_RE.sub("", name.casefold())


KNOWN_VENUES: dict[str, str] = {_compact(name): name for name in _CANONICAL}
KNOWN_VENUES.update(_ALIASES)

# A year suffix: FAST22, FAST'22, FAST '22, FAST 2022, FAST-22. The name must end in a letter
# (or a closing bracket) so that a name's own digits are never taken for a year.
_SUFFIX_RE = re.compile(r"(?P<name>.*?[^\W\d_)\]&]|.*?[)\]&])[\s'`\-]*(?P<year>(?:19|20)\d\d|\d\d)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "′": "'", "`": "'"})


def _full_year(digits: str) -> int:
    """`22` -> 2022, `98` -> 1998: computing venues start in the 1960s."""
    value = int(digits)
    if len(digits) == 4:
        return value
    return 1900 + value if value >= 60 else 2000 + value


def _known(name: str) -> str | None:
    """The canonical name of a well-known venue, with or without a publisher prefix."""
    key = _compact(name)
    if key in KNOWN_VENUES:
        return KNOWN_VENUES[key]
    bare = next((key[:-len(suffix)] for suffix in _SUFFIXES if key.endswith(suffix) and len(key) > len(suffix)), key)
    for candidate in dict.fromkeys((key, bare)):
        if candidate in KNOWN_VENUES:
            return KNOWN_VENUES[candidate]
        for prefix in _PREFIXES:
            if candidate.startswith(prefix) and candidate[len(prefix):] in KNOWN_VENUES:
                return KNOWN_VENUES[candidate[len(prefix):]]
    return None


@lru_cache(maxsize=65536)
def normalize_venue(raw: str) -> tuple[str, int | None]:
    """`FAST22`, `FAST '22`, `FAST 2022`, `USENIX FAST` -> ("FAST", 2022 or None).

    Well-known venues get their canonical name; others keep the spelling as written, minus the
    year suffix and extra spaces. An empty input gives ("", None).
    """
    text = " ".join(unicodedata.normalize("NFKC", raw).translate(_QUOTES).split())
    year: int | None = None
    match = _SUFFIX_RE.fullmatch(text)
    if match is not None:
        text, year = match.group("name").rstrip(" '-"), _full_year(match.group("year"))
    return (_known(text) or text), year


@lru_cache(maxsize=65536)  # pure; every word span of every annotation asks it
def _is_known(raw: str) -> bool:
    name, _ = normalize_venue(raw)
    return _compact(name) in KNOWN_VENUES and raw.strip() != ""


_YEAR_FIELD_RE = re.compile(r"(?:19|20)\d\d")
_REFS_FIELD_RE = re.compile(r"\d[\d_]*\+?\s*(?:refs?|references|citations?|cites?)\b", re.IGNORECASE)
_ANNOTATION_SPACE = " \t\u00a0\u3000"
_FIELD_SEPARATOR_RE = re.compile(r"[,，]")


def _fields(raw: str) -> list[str]:
    """An annotation's comma-separated fields as written, empty ones dropped."""
    body = raw
    body = body[2:] if body.startswith("\\[") else body[1:]
    body = body[:-2] if body.endswith("\\]") else body[:-1]
    fields = (field.strip(_ANNOTATION_SPACE) for field in _FIELD_SEPARATOR_RE.split(body))
    return [field for field in fields if field]


@lru_cache(maxsize=65536)  # pure, and fields (years, venues, citation counts) repeat across notes
def _known_venue_in(field: str) -> str | None:
    """The first span of up to three words of `field` that is a well-known venue, or None."""
    tokens = field.split()
    for start in range(len(tokens)):
        for size in (3, 2, 1):
            if start + size <= len(tokens):
                span = " ".join(tokens[start:start + size])
                if _is_known(span) and not _YEAR_FIELD_RE.fullmatch(tokens[start]):
                    return span
    return None


def venue_in_annotation(annotation: Annotation) -> str | None:
    """The venue part of an annotation, exactly as written, or None.

    A well-known venue anywhere wins (`USENIX ATC`, `FAST '22`, `2010 OSDI VMWare`); then a
    whole field between the year and the citation count (`[2020, PaPoC, 48 refs]`,
    `[1993, USENIX Winter, 400 refs]`), where authors put the venue; then what the annotation
    parser took for one (`HotStorage20`). Other words (`Google`, `best paper`) are notes: a
    company must not become a venue.
    """
    return _venue_in(annotation.raw, annotation.venue)


@lru_cache(maxsize=8192)  # the annotation parser's venue is read from `raw` too; annotations repeat across notes
def _venue_in(raw: str, parsed_venue: str | None) -> str | None:
    fields = _fields(raw)
    for field in fields:
        known = _known_venue_in(field)
        if known is not None:
            return known
    year_at = next((i for i, f in enumerate(fields) if _YEAR_FIELD_RE.fullmatch(f)), None)
    refs_at = next((i for i, f in enumerate(fields) if _REFS_FIELD_RE.fullmatch(f)), None)
    found = fields[year_at + 1] if year_at is not None and refs_at is not None and refs_at == year_at + 2 else parsed_venue
    return None if found is None or _compact(found) in _NOT_VENUES else found


# ---------------------------------------------------------------------------------------
# Where a link points: paper hosts, arXiv ids, DOIs

# Hosts whose links are papers (a host matches itself and its subdomains).
PAPER_HOSTS = (
    "arxiv.org", "doi.org", "dl.acm.org", "portal.acm.org", "usenix.org", "ieeexplore.ieee.org",
    "openreview.net", "proceedings.mlr.press", "papers.nips.cc", "papers.neurips.cc",
    "proceedings.neurips.cc", "neurips.cc", "vldb.org", "cidrdb.org", "semanticscholar.org",
    "springer.com", "sciencedirect.com", "aclanthology.org", "jmlr.org", "openaccess.thecvf.com",
    "proceedings.mlsys.org",
)
_PAPER_HOST_SET = frozenset(PAPER_HOSTS)
# Hosts where only some paths are papers.
PAPER_PAGES = (
    ("research.google", "/pubs/"), ("research.google.com", "/pubs/"),
    ("microsoft.com", "/en-us/research/publication/"),
)
_NEW_ARXIV = r"(\d{4}\.\d{4,5})(?:v\d+)?"
# Old-style ids (`cs/0112017`, `math.GT/0309136`): the subject class is not part of the id.
_OLD_ARXIV = r"([a-z][a-z-]*)(?:\.[a-z]{2})?/(\d{7})(?:v\d+)?"
_ARXIV_PATH_RE = re.compile(
    rf"/(?:abs|pdf|html|format|ps|src)/(?:arxiv:)?(?:{_NEW_ARXIV}|{_OLD_ARXIV})(?:\.pdf)?/?", re.IGNORECASE
)
_ARXIV_DOI_RE = re.compile(rf"10\.48550/arxiv\.(?:{_NEW_ARXIV}|{_OLD_ARXIV})", re.IGNORECASE)
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
# Publisher paths that hold a DOI: dl.acm.org/doi/abs/10..., link.springer.com/article/10...
_DOI_PATH_RE = re.compile(
    r"/(?:doi|article|chapter|book|content/pdf)/(?:[a-z]+/)?(10\.\d{4,9}/\S+)", re.IGNORECASE
)


@lru_cache(maxsize=65536)  # pure, and a blog links the same papers from many notes
def url_parts(url: str) -> tuple[str, str, str] | None:
    """(host without www., path, query) of an http(s) URL, or None when it is not one."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed netloc such as an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https", "ftp") or not host:
        return None
    return host.removeprefix("www."), unquote(parts.path), parts.query


_SHOWN_URL_LENGTH = 60


def shown_title(title: str) -> str:
    """A title as a list shows it: a bare URL as its host and path (`usenix.org/conference/osdi22/...`),
    shortened in the middle past 60 characters; any other title as it is."""
    split = None if any(char.isspace() for char in title) else url_parts(title)
    if split is None:
        return title
    host, path, _ = split
    shown = host + path.rstrip("/")
    if len(shown) <= _SHOWN_URL_LENGTH:
        return shown
    keep = _SHOWN_URL_LENGTH - 1
    return shown[: keep - keep // 3] + "…" + shown[len(shown) - keep // 3:]


def _on_host(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _host_and_parents(host: str) -> Iterator[str]:
    """`a.b.example.org` -> itself, `b.example.org`, `example.org`, `org`."""
    while True:
        yield host
        _, dot, host = host.partition(".")
        if not dot:
            return


@lru_cache(maxsize=65536)
def is_paper_url(url: str) -> bool:
    """True for a link to a paper host or to a `.pdf` file."""
    split = url_parts(url)
    if split is None:
        return False
    host, path, _ = split
    return (
        path.lower().endswith(".pdf")
        or not _PAPER_HOST_SET.isdisjoint(_host_and_parents(host))
        or any(_on_host(host, domain) and path.startswith(prefix) for domain, prefix in PAPER_PAGES)
    )


def _arxiv_from(match: re.Match[str]) -> str:
    new, archive, number = match.groups()
    return new if new else f"{archive.lower()}/{number}"


@lru_cache(maxsize=65536)
def arxiv_id(url: str) -> str | None:
    """The arXiv id of an abs/pdf/html link or an arXiv DOI, without version: `1910.02054`, `cs/0112017`."""
    split = url_parts(url)
    if split is None:
        return None
    host, path, _ = split
    if _on_host(host, "arxiv.org"):
        match = _ARXIV_PATH_RE.fullmatch(path)
        return _arxiv_from(match) if match else None
    doi = doi_of(url)
    match = _ARXIV_DOI_RE.fullmatch(doi) if doi else None
    return _arxiv_from(match) if match else None


def arxiv_year(identifier: str) -> int | None:
    """The year an arXiv id was given: `2404.14294` -> 2024, `cs/0112017` -> 2001 (its YYMM says so).

    Old-style ids began in 1991, so their two-digit years from 91 on are the 1990s.
    """
    digits = identifier.rpartition("/")[2]
    if not digits[:2].isdigit():
        return None
    year = int(digits[:2])
    if "/" in identifier:
        return 1900 + year if year >= 91 else 2000 + year
    return 2000 + year


@lru_cache(maxsize=65536)
def doi_of(url: str) -> str | None:
    """The DOI a link names (doi.org, dl.acm.org/doi/..., Springer, Wiley), lowercased, or None."""
    split = url_parts(url)
    if split is None:
        return None
    host, path, _ = split
    if _on_host(host, "doi.org"):
        found = _DOI_RE.fullmatch(path.lstrip("/").removeprefix("doi:"))
        doi = found.group(0) if found else None
    else:
        found = _DOI_PATH_RE.search(path)
        doi = found.group(1) if found else None
        if doi and _on_host(host, "springer.com"):
            doi = doi.removesuffix(".pdf")
    return doi.rstrip("/.").lower() if doi else None


@lru_cache(maxsize=65536)
def normalize_url(url: str) -> str:
    """A URL without scheme, `www.`, trailing slash, fragment or utm_ parameters."""
    split = url_parts(url)
    if split is None:
        return url.strip()
    host, path, query = split
    kept = "&".join(p for p in query.split("&") if p and not p.lower().startswith("utm_"))
    return host + path.rstrip("/") + ("?" + kept if kept else "")
