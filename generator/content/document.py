"""Stage 2b: a source file becomes a Document: front matter checked, body kept with its line offset."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.config.defaults import front_matter_with_defaults
from generator.config.settings import Config
from generator.config.yaml_values import key_line as _key_line
from generator.config.yaml_values import load_yaml
from generator.content.discover import SourceFile
from generator.content.store import BodyStore, Stored, kept_text
from generator.content.urls import PLACEHOLDER, unwritable_reason
from generator.encoding.text import decode_source
from generator.errors import ContentError, Diagnostic, UndatedPost
from generator.xml_characters import FORBIDDEN, Found, replace_in_name, replace_in_values, replaced_message

# Jekyll's post file name: a date with one- or two-digit month and day, then the slug.
POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-(.+?)(\.[^.]+)$")
DRAFT_NAME = re.compile(r"^(.+?)(\.[^.]+)$")
JEKYLL_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_FRONT_MATTER = YAMLHandler()
# `layout: none`, and Jekyll's layout that is not there (`layout: null`, or `nil` from Ruby habits):
# the body is written as it is.
NO_LAYOUT = "none"
NO_LAYOUT_NAMES = frozenset({"none", "nil", "null"})
KNOWN_KEYS = frozenset(
    ["title", "date", "category", "categories", "tags", "tag", "layout", "permalink", "description", "excerpt", "draft", "published", "slug", "outline", "open_depth", "lang"]
)


@dataclass(frozen=True, slots=True)
class Document:
    """A post or page as the author wrote it: metadata checked and typed, body untouched.

    Documents compare by their metadata alone: whether two bodies are the same is `body_digest`'s
    to tell.
    """

    source: SourceFile
    kind: str  # "post", "draft" or "page"
    title: str
    date: datetime
    slug: str
    extension: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    layout: str
    permalink: str | None
    description: str
    excerpt: str | None
    published: bool
    body_kept: str | Stored = field(compare=False)  # `body`: in a BodyStore, as UTF-8, once a build loaded it
    body_line: int
    outline: bool | None = None
    open_depth: int | None = None
    lang: str | None = None
    front_matter: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Made from the body unless that is in a store already: the build cache keys bodies by it.
    body_digest: str = field(default="", compare=False)
    # Of the front matter as written and the file's path, which with the config's text make
    # `front_matter` (defaults apply by path): page keys take it, as repr() of values that aliases
    # repeat could run to gigabytes.
    front_matter_digest: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.body_kept, Stored):
            object.__setattr__(self, "body_digest", _text_digest(self.body_kept.encode("utf-8", "surrogatepass")))

    @property
    def body(self) -> str:
        return kept_text(self.body_kept)


def _text_digest(utf8: bytes) -> str:
    return hashlib.sha1(utf8).hexdigest()


@dataclass(frozen=True, slots=True)
class PostName:
    """What a post's file name says: its date and slug (None when it has no date)."""

    date: datetime | None
    slug: str
    extension: str


def parse_post_name(name: str, tz: tzinfo) -> PostName | None:
    """`2024-3-7-raft-notes.md` -> 2024-03-07, 'raft-notes', '.md'; None when not a dated name,
    ValueError when its date does not exist (`2023-02-30` is one that does: see _jekyll_datetime)."""
    match = POST_NAME.match(name)
    if not match:
        return None
    year, month, day, slug, extension = match.groups()
    try:
        when = _jekyll_datetime(int(year), int(month), int(day), tzinfo=tz)
    except ValueError:
        raise ValueError(f"the date in the file name, {year}-{month}-{day}, does not exist") from None
    return PostName(when, slug.rstrip("."), extension)


def _jekyll_datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, *,
                    tzinfo: tzinfo) -> datetime:
    """datetime(), but a day 29 to 31 past the month's end rolls over into the next month, as
    Ruby's Time does for Jekyll: `2023-02-30` is 2023-03-02. ValueError for any other impossible date."""
    if not 1 <= day <= 31:
        raise ValueError("day is out of range")
    first = datetime(year, month, 1, hour, minute, second, tzinfo=tzinfo)
    return first + timedelta(days=day - 1)


def read_source(source: SourceFile) -> tuple[bytes, str]:
    """The file's bytes, and the text of them with LF line ends; a ContentError for unreadable
    or undecodable files."""
    try:
        raw = source.path.read_bytes()
    except OSError as error:
        raise ContentError(source.relative, None, f"cannot read file: {error.strerror}") from None
    return raw, decode_source(raw, source.relative)


def load_document(source: SourceFile, text: str, config: Config, mtime: float | None = None,
                  store: BodyStore | None = None, warn: Callable[[Diagnostic], None] | None = None) -> Document:
    """Split front matter from body and type every value we use; raise ContentError when wrong.
    With a `store`, the body goes there. `warn` is told of characters XML cannot hold that YAML's
    escapes or the file's path gave (see xml_characters; the text has none left)."""
    # With no `timezone:`, Jekyll uses the build machine's zone, and GitHub Pages builds in UTC.
    tz = config.tz or timezone.utc
    own_metadata, body, body_line = split_front_matter(text, source.relative)
    own_metadata, escaped = replace_in_values(own_metadata, functools.partial(_key_line, text))
    named = tuple(Found(None, match.group()) for match in FORBIDDEN.finditer(source_path(source, config)))
    for found, place in ((escaped, " in a front matter value"), (named, " in the file's path")):
        if found and warn is not None:
            warn(Diagnostic(source.relative, found[0].line, replaced_message(found, place)))
    metadata = front_matter_with_defaults(config.front_matter_defaults, source_path(source, config), source.kind,
                                          own_metadata)
    name = source.path.name
    if source.kind == "post":
        try:
            post_name = parse_post_name(name, tz)
        except ValueError as error:
            raise ContentError(source.relative, None, str(error)) from None
        if post_name is None:
            raise UndatedPost(source.relative, None, "skipped: a post's file name must start with its date (YYYY-MM-DD-)")
        file_date, slug, extension = post_name.date, post_name.slug, post_name.extension
    else:
        match = DRAFT_NAME.match(name)
        slug, extension = (match.group(1), match.group(2)) if match else (name, "")
        file_date = datetime.fromtimestamp(mtime or source.path.stat().st_mtime, tz)
    slug = str(metadata.get("slug") or replace_in_name(slug))
    when = _date_value(metadata.get("date"), file_date, tz, source.relative, _key_line(text, "date"))
    try:
        # Jekyll shows and files a post by its date in the site's time zone, whatever offset was written.
        when = when.astimezone(tz)
        when.astimezone(timezone.utc)  # as feeds and the sitemap show it
    except OverflowError:
        raise ContentError(source.relative, _key_line(text, "date"),
                           f"date {str(metadata.get('date'))!r} is out of range (years 1 to 9999, in UTC too)") from None
    kept: str | Stored = body
    digest = ""  # Document makes it
    if store is not None:  # encoded once, for the digest and the store
        utf8 = body.encode("utf-8", "surrogatepass")
        kept, digest = store.put(utf8), _text_digest(utf8)
    document = Document(
        source=source,
        kind=source.kind,
        title=_text_value(metadata, "title", source.relative, text) or _titleize(slug),
        date=when,
        slug=slug,
        extension=extension.lower(),
        categories=_categories(metadata, source.relative, text, _folder_categories(source, config)),
        tags=_names(metadata.get("tags", metadata.get("tag")), "tags", source.relative, text),
        layout=_layout_value(metadata, source.relative, text),
        permalink=_permalink_value(metadata, source.relative, text),
        description=_text_value(metadata, "description", source.relative, text) or "",
        excerpt=_text_value(metadata, "excerpt", source.relative, text),
        published=metadata.get("published") is not False and metadata.get("draft") is not True,
        body_kept=kept,
        body_digest=digest,
        body_line=body_line,
        outline=_bool_value(metadata, "outline", source.relative, text),
        open_depth=_depth_value(metadata, source.relative, text),
        lang=_text_value(metadata, "lang", source.relative, text),
        front_matter=MappingProxyType(dict(metadata)),
        front_matter_digest=_text_digest(
            (source.relative + "\0" + text[:len(text) - len(body)]).encode("utf-8", "surrogatepass")),
    )
    return document


def source_path(source: SourceFile, config: Config) -> str:
    """The file's path from the source folder, as Jekyll names it to `defaults:` scopes."""
    return source.path.relative_to(config.content_root).as_posix()


def split_front_matter(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """(metadata, body, line number of the body's first line); no front matter gives {}."""
    if not _FRONT_MATTER.detect(text):
        return {}, text, 1
    try:
        header, body = _FRONT_MATTER.split(text)
    except ValueError:
        raise ContentError(shown, 1, "front matter is not closed: '---' starts it and no '---' ends it") from None
    try:
        metadata = load_yaml(header)
    except yaml.YAMLError as error:
        # An unclosed quote is noticed at the end of the header; where it opened is more useful.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ContentError(shown, line, f"front matter is not valid YAML: {_yaml_problem(error, header, line)}") from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ContentError(shown, 2, f"front matter must be a mapping of keys, not a {_type_name(metadata)}")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return {str(k): v for k, v in metadata.items()}, body, body_line


def _yaml_problem(error: yaml.YAMLError, header: str, line: int) -> str:
    """PyYAML's words, with the usual cause named where PyYAML's own message hides it."""
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"{context}, {problem}" if context else problem
    lines = header.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or source_line.startswith("\t"):
        return text + " (YAML is indented with spaces, not tabs)"
    if "mapping values are not allowed" in problem:
        return text + " (put quotes around a value that contains ': ')"
    return text


_TYPE_NAMES = {"dict": "mapping", "list": "list", "int": "number", "float": "number", "NoneType": "empty value"}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _date_value(value: Any, fallback: datetime | None, tz: tzinfo, shown: str, line: int | None) -> datetime:
    if value is None:
        if fallback is None:
            raise ContentError(shown, None, "no date: put one in the file name or the front matter")
        return fallback
    if isinstance(value, datetime):
        # A YAML timestamp without an offset is UTC, as Ruby's YAML reads it for Jekyll; only a
        # date written as text (quoted), or a bare date, is in the site's time zone.
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(), tz)
    match = JEKYLL_DATE.match(str(value))
    if match:
        year, month, day, hour, minute, second, offset = match.groups()
        try:
            zone = _offset(offset) if offset else tz
            return _jekyll_datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                   int(second or 0), tzinfo=zone)
        except ValueError:
            pass
    raise ContentError(shown, line, f"date {str(value)!r} is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +0800)")


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _text_value(metadata: Mapping[str, Any], key: str, shown: str, text: str) -> str | None:
    value = metadata.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ContentError(shown, _key_line(text, key), f"'{key}' must be text, not a {_type_name(value)}")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _permalink_value(metadata: Mapping[str, Any], shown: str, text: str) -> str | None:
    """The permalink, unless no file could be written at it (a NUL, a part too long for a name)."""
    permalink = _text_value(metadata, "permalink", shown, text) or None
    # As the file's path will be: percent-decoded, placeholders (whose values are checked once
    # placed) left out.
    reason = permalink and unwritable_reason(unquote(PLACEHOLDER.sub("", permalink)))
    if reason:
        raise ContentError(shown, _key_line(text, "permalink"), f"permalink {reason}")
    return permalink


def _layout_value(metadata: Mapping[str, Any], shown: str, text: str) -> str:
    if "layout" in metadata and metadata["layout"] is None:
        return NO_LAYOUT
    layout = _text_value(metadata, "layout", shown, text) or "post"
    return NO_LAYOUT if layout in NO_LAYOUT_NAMES else layout


def _bool_value(metadata: Mapping[str, Any], key: str, shown: str, text: str) -> bool | None:
    value = metadata.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise ContentError(shown, _key_line(text, key), f"'{key}' must be true or false, not {value!r}")


def _depth_value(metadata: Mapping[str, Any], shown: str, text: str) -> int | None:
    value = metadata.get("open_depth")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContentError(shown, _key_line(text, "open_depth"), f"'open_depth' must be a whole number, not {value!r}")
    return value


def _names(value: Any, key: str, shown: str, text: str) -> tuple[str, ...]:
    """Jekyll's tags: a list, or a string split on spaces; numbers are kept as their text."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, list):
        items = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ContentError(shown, _key_line(text, key), f"'{key}' must be a list or a space-separated string, not a number")
    else:
        raise ContentError(shown, _key_line(text, key), f"'{key}' must be a list or a space-separated string, not a {_type_name(value)}")
    names: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise ContentError(shown, _key_line(text, key), f"'{key}' must hold names, not a {_type_name(item)}")
        name = str(item).strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _folder_categories(source: SourceFile, config: Config) -> tuple[str, ...]:
    """Jekyll's categories from the path: `papers/_posts/x.md` is in category 'papers'."""
    if source.kind not in ("post", "draft"):
        return ()
    parts = source.path.relative_to(config.content_root).parts
    special = "_posts" if source.kind == "post" else "_drafts"
    return tuple(replace_in_name(part) for part in parts[: parts.index(special)]) if special in parts else ()


def _categories(metadata: Mapping[str, Any], shown: str, text: str, folders: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Jekyll's order: folder categories, then `categories` (a string splits on spaces), then `category`
    (one name, even with spaces); exact duplicates dropped."""
    found: list[str] = list(folders)
    found.extend(_names(metadata.get("categories"), "categories", shown, text))
    single = metadata.get("category")
    if single is not None:
        if isinstance(single, (dict, list)):
            found.extend(_names(single, "category", shown, text))
        else:
            found.append(str(single).strip())
    return tuple(dict.fromkeys(name for name in found if name))


def _titleize(slug: str) -> str:
    """Jekyll's fallback title (Utils.titleize_slug): split on '-' only, each piece capitalised."""
    return " ".join(word.capitalize() for word in slug.split("-"))
