"""Permalinks as Jekyll computes them, safe slugs, and the one helper that prefixes baseurl."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote, unquote

PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
# Characters Jekyll's escape_path leaves alone in a URL path (RFC 3986 pchar plus '/').
URL_SAFE = "/-._~!$&'()*+,;=:@"
PLACEHOLDER = re.compile(r":([a-z_]+)")
# The most bytes one file or folder name may take (NAME_MAX on Linux, and on most other systems).
NAME_MAX_BYTES = 255
# A tag's, category's or venue's slug names a folder; below NAME_MAX_BYTES, leaving room for the
# -2, -3 that tell apart names with one slug.
NAME_SLUG_MAX_BYTES = 200


@lru_cache(maxsize=65536)
def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def jekyll_slugify(text: str, *, pretty: bool = False, cased: bool = False) -> str:
    """Jekyll's Utils.slugify in 'default' or 'pretty' mode: runs of other characters become '-'."""
    pieces: list[str] = []
    in_gap = False
    for char in text:
        if _is_word_char(char) or (pretty and char in PRETTY_KEEP):
            pieces.append(char)
            in_gap = False
        elif not in_gap:
            pieces.append("-")
            in_gap = True
    slug = "".join(pieces)
    slug = slug.removeprefix("-")
    slug = slug.removesuffix("-")
    return slug if cased else slug.lower()


def name_slug(name: str) -> str:
    """A tag or category name as one safe path segment: C++ and C# differ, Chinese stays readable."""
    spelled = name.replace("++", "pp").replace("+", "-plus-").replace("#", "sharp").replace("&", "-and-")
    slug = jekyll_slugify(spelled.casefold())
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    if not slug or set(slug) <= {"-", "."}:
        return "x-" + digest
    if len(slug.encode("utf-8")) > NAME_SLUG_MAX_BYTES:
        # Too long for a folder name: a readable start, and the digest that keeps long names apart.
        start = slug.encode("utf-8")[:NAME_SLUG_MAX_BYTES - len(digest) - 1].decode("utf-8", "ignore")
        return start.rstrip("-") + "-" + digest
    return slug


def escape_path(path: str) -> str:
    """Percent-encode a path the way Jekyll does, leaving RFC 3986 path characters alone."""
    return quote(path, safe=URL_SAFE)


def expand_permalink(pattern: str, values: dict[str, str], *, keep_unknown: bool = False) -> str:
    """Fill `:placeholders` with escaped values, then tidy the result as Jekyll's URL#sanitize_url.
    An unknown placeholder is left out, or kept as written with `keep_unknown` (as Jekyll does
    for a page, whose placeholders it replaces one name at a time)."""

    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None and keep_unknown:
            return match.group()
        return escape_path(value or "")

    url = PLACEHOLDER.sub(fill, pattern)
    url = url.replace("..", "/").replace("./", "")
    url = re.sub(r"/{2,}", "/", url)
    return url if url.startswith("/") else "/" + url


def post_placeholders(when: datetime, slug: str, categories: tuple[str, ...], extension: str) -> dict[str, str]:
    """The values Jekyll 4 gives a post's permalink placeholders."""
    return {
        "year": f"{when.year:04d}", "month": f"{when.month:02d}", "i_month": str(when.month),
        "day": f"{when.day:02d}", "i_day": str(when.day), "short_year": f"{when.year % 100:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}", "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}", "second": f"{when.second:02d}",
        "week": f"{when.isocalendar()[1]:02d}", "short_day": when.strftime("%a"),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "title": jekyll_slugify(slug, pretty=True, cased=True),
        "slug": jekyll_slugify(slug),
        "output_ext": extension,
    }


# A page's file extensions that Jekyll writes as HTML (Page::HTML_EXTENSIONS): only these pages
# follow the site's permalink style, and only these are a folder's index.
HTML_EXTENSIONS = frozenset({".html", ".xhtml", ".htm"})


def page_pattern(basename: str, output_extension: str, site_permalink: str) -> str:
    """The permalink a page without its own gets (Jekyll's Page#template): its path and name, as a
    folder when the site's permalink ends in '/' (`pretty` does), with the output extension when it
    ends in `:output_ext` (`date`, `ordinal`, `weekdate`, `none` do), as it is otherwise. An HTML
    index page is its folder; any other page keeps its extension."""
    if output_extension not in HTML_EXTENSIONS:
        return "/:path/:basename:output_ext"
    if basename == "index":
        return "/:path/"
    return "/:path/:basename" + permalink_suffix(site_permalink)


def permalink_suffix(site_permalink: str) -> str:
    """How a page's or a collection's URL ends under the site's permalink (Jekyll's
    add_permalink_suffix): a folder for one ending in '/', the output extension for one ending in
    `:output_ext`, nothing otherwise."""
    return "/" if site_permalink.endswith("/") else ":output_ext" if site_permalink.endswith(":output_ext") else ""


def page_placeholders(relative: str, output_extension: str) -> dict[str, str]:
    """The values Jekyll gives a page's permalink placeholders, from its path in the source folder:
    its folder, and its name without extension or trailing dots."""
    folder, _, name = relative.rpartition("/")
    return {"path": folder, "basename": posixpath.splitext(name)[0].rstrip("."), "output_ext": output_extension}


def paginated_url(paginate_path: str, number: int) -> str:
    """jekyll-paginate's URL of a page of the post list: page 1 is the folder `paginate_path` is in
    (Ruby's File.dirname, which ignores a trailing '/'), later pages `paginate_path` with :num filled."""
    if number == 1:
        return posixpath.dirname(paginate_path.rstrip("/")).rstrip("/") + "/"
    return "/" + paginate_path.replace(":num", str(number), 1).strip("/") + "/"


def output_path_for(url: str, extension: str = ".html") -> str:
    """The file a URL is served from, relative to the output folder, never escaping it."""
    path = unquote(url)
    if path.endswith("/"):
        path += "index.html"
    elif not posixpath.splitext(path)[1]:
        path += extension
    return safe_relative_path(path)


def document_output_path(url: str, output_extension: str) -> str:
    """The file Jekyll writes a post or page to: a URL ending in '/' is a folder's index, and the
    output extension is appended unless the URL already ends with it (dots in a title do not count)."""
    path = unquote(url)
    if path.endswith("/"):
        path += "index"
    if not path.endswith(output_extension):
        path += output_extension
    return safe_relative_path(path)


def safe_relative_path(path: str) -> str:
    """A path inside the output folder: no '..', no absolute part, no empty segments."""
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts) or "index.html"


def unwritable_reason(path: str) -> str | None:
    """Why no file system could hold this path, as words that follow its name; None when one can."""
    if "\x00" in path:
        return "holds a NUL character, which no file name can"
    longest = max(len(part.encode("utf-8", "surrogatepass")) for part in path.split("/"))
    if longest > NAME_MAX_BYTES:
        return f"has a part of {longest} bytes, more than the {NAME_MAX_BYTES} a file name can hold"
    return None


def url_for_path(relative: str) -> str:
    """The public URL of an output file (site-relative, before baseurl): index.html folds away."""
    url = "/" + relative
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return escape_path(url)


def with_baseurl(baseurl: str, url: str) -> str:
    """The one place internal links get the base path, so GitHub project pages work."""
    if url.startswith(("http://", "https://", "//", "mailto:", "#")):
        return url
    return baseurl + (url if url.startswith("/") else "/" + url)
