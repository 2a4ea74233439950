"""`paperfold check`: crawl a built site and report internal links that would break once published.

The rules are GitHub Pages' rules, since that is where these sites go: a site served under a base
path (a project page, `/blog`) only owns URLs below it, `/x/` is `x/index.html`, and `/x` is
`x`, `x.html` or `x/index.html`. External links are not fetched: the check runs offline and fast.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.config.settings import normalize_baseurl
from generator.counts import counted
from generator.errors import SiteError

# Which attributes of which elements name a URL the browser will fetch or follow.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",), "iframe": ("src",),
    "embed": ("src",), "audio": ("src",), "video": ("src", "poster"), "track": ("src",),
    "input": ("src",),
}
# Fragments a browser accepts on any page: '#' alone and '#top' scroll to the top.
ALWAYS_FINE_FRAGMENTS = frozenset({"", "top"})
# What _check_link returns for a link that is not this site's to check (compared by identity).
_EXTERNAL = "external"


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """One link that will not work once the site is published."""

    page: str  # the page holding the link, relative to the site folder
    target: str  # the link as written in the page
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: broken link to {self.target} ({self.reason})"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check looked at and everything it found broken, in page order."""

    destination: Path
    baseurl: str
    pages: int
    links: int
    broken: tuple[BrokenLink, ...]

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        counts = f"{counted(self.pages, 'page')}, {counted(self.links, 'link')}"
        if self.ok:
            return f"checked {counts} in {self.destination}: no broken links"
        return f"{counted(len(self.broken), 'broken link')} (checked {counts} in {self.destination})"

    def base_path_hint(self) -> str:
        """When every broken link is below one folder the site does not have, '/blog/' say, the
        likely reason: the site was built for that base path. '' when they are not."""
        if len(self.broken) < 2:
            return ""  # one link is no pattern
        folders = set()
        for problem in self.broken:
            path = urlsplit(problem.target.strip()).path
            if not path.startswith("/"):
                return ""
            folders.add(path.split("/")[1])
        prefix = "/" + folders.pop() if len(folders) == 1 else ""
        if prefix in ("", "/", self.baseurl) or (self.destination / prefix[1:]).exists():
            return ""
        return (f"all {len(self.broken)} failures start with {prefix}/: was the site built with --baseurl {prefix}? "
                f"pass --baseurl {prefix}")


@dataclass(frozen=True, slots=True)
class _Page:
    """What the check needs of one HTML file: its outgoing URLs and the ids it defines."""

    links: tuple[str, ...]
    ids: frozenset[str]


def check_site(destination: Path, baseurl: str, *, site_url: str = "") -> CheckReport:
    """Check every internal link and fragment of every .html file under `destination`.

    `baseurl` is the path the site is served under ('' or '/blog'); `site_url` (e.g.
    'https://me.github.io') makes absolute links to the site's own pages count as internal.
    """
    destination = destination.resolve()
    if not destination.is_dir():
        raise SiteError(f"no built site at {destination}: run `paperfold build` first")
    baseurl = normalize_baseurl(baseurl)
    own_host = urlsplit(site_url).netloc.lower() if site_url else ""
    pages = sorted(p.relative_to(destination).as_posix() for p in destination.rglob("*.html") if p.is_file())
    if not pages:
        raise SiteError(f"no pages to check in {destination}: it has no .html file (run `paperfold build` first?)")
    read = _page_reader(destination)
    broken: list[BrokenLink] = []
    checked = 0
    for relative in pages:
        page_url = baseurl + "/" + relative
        reported: set[BrokenLink] = set()
        for link in read(relative).links:
            problem = _check_link(link, page_url, relative, destination, baseurl, own_host, read)
            if problem is _EXTERNAL:
                continue
            checked += 1
            if problem is not None:
                found = BrokenLink(relative, link, problem)
                if found not in reported:  # a nav bar repeats a bad link; say it once per page
                    reported.add(found)
                    broken.append(found)
    return CheckReport(destination, baseurl, len(pages), checked, tuple(broken))


def _check_link(link: str, page_url: str, page: str, destination: Path, baseurl: str, own_host: str,
                read: Callable[[str], _Page]) -> str | None:
    """None when the link works, _EXTERNAL when it is not ours to check, else the reason it fails."""
    parts = urlsplit(link.strip())
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return _EXTERNAL  # mailto:, tel:, data:, javascript:
    if parts.netloc and parts.netloc.lower() != own_host:
        return _EXTERNAL  # another host, or any host when the site's own url is not known
    fragment = unquote(parts.fragment)
    if not parts.path and not parts.netloc:
        # '#x' or '?q' alone: this very page.
        return _missing_fragment(fragment, read(page).ids) if parts.fragment else None
    path = unquote(parts.path) or "/"  # 'https://own.host' alone is the site's root
    if not path.startswith("/"):
        path = posixpath.join(posixpath.dirname(page_url), path)
    path = posixpath.normpath(path) + ("/" if path.endswith("/") and path != "/" else "")
    if baseurl and path != baseurl and not path.startswith(baseurl + "/"):
        return f"ignores the base path {baseurl}"
    target = _served_file(destination, path[len(baseurl):])
    if target is None:
        return "no such file"
    if parts.fragment and target.endswith(".html"):
        return _missing_fragment(fragment, read(target).ids)
    return None


def _missing_fragment(fragment: str, ids: frozenset[str]) -> str | None:
    if fragment in ALWAYS_FINE_FRAGMENTS or fragment in ids:
        return None
    return f'no element with id "{fragment}"'


def _served_file(destination: Path, path: str) -> str | None:
    """The file GitHub Pages answers this site path with, relative to the site folder, or None."""
    relative = path.strip("/")
    if path.endswith("/") or not relative:
        candidates = [posixpath.join(relative, "index.html")]
    else:
        candidates = [relative, relative + ".html", posixpath.join(relative, "index.html")]
    for candidate in candidates:
        if (destination / candidate).is_file():
            return candidate.lstrip("/")
    return None


def _page_reader(destination: Path) -> Callable[[str], _Page]:
    """Parse each page once, whether it is crawled or is the target of a fragment link."""

    @cache
    def read(relative: str) -> _Page:
        parser = _LinkParser()
        parser.feed((destination / relative).read_text(encoding="utf-8", errors="replace"))
        parser.close()
        return _Page(tuple(parser.links), frozenset(parser.ids))

    return read


class _LinkParser(HTMLParser):
    """Collects URL attributes and element ids (plus `name` on <a>, the old anchor form)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = URL_ATTRIBUTES.get(tag, ())
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in wanted:
                self.links.extend(_srcset_urls(value) if name == "srcset" else [value])

    handle_startendtag = handle_starttag


def _srcset_urls(value: str) -> list[str]:
    """`a.png 1x, b.png 2x` -> ['a.png', 'b.png'] (the descriptors are not URLs)."""
    urls = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            urls.append(words[0])
    return urls
