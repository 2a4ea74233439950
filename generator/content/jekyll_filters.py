"""Jekyll's Liquid filters (Jekyll::Filters and Jekyll::Filters::URLFilters), as Jekyll 4.3 writes
their output, for the Liquid engine of content/liquid.py."""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

from liquid import Environment
from liquid.builtin.drops import IterableDrop
from liquid.filter import with_context
from liquid.undefined import Undefined

# What the render was given that filters need (the site's URL, paperfold's Markdown): a key no
# template can name, since a Liquid identifier holds no ":".
RENDER_KEY = "paperfold:render"


def _render_value(context: Any, name: str) -> Any:
    return getattr(context.globals[RENDER_KEY], name)


def _items(value: object) -> list[Any]:
    if isinstance(value, Mapping):
        return [[key, item] for key, item in value.items()]
    if isinstance(value, (list, tuple, IterableDrop)):
        return list(value)
    return [] if value is None or isinstance(value, Undefined) else [value]


def _text(value: object) -> str:
    return "" if value is None or isinstance(value, Undefined) else str(value)


def _property(item: object, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else None


def _as_date(value: object) -> datetime | date | None:
    if isinstance(value, (datetime, date)):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_string(value: object, month: str, kind: object, style: object) -> object:
    when = _as_date(value)
    if when is None:
        return value
    if kind == "ordinal":
        named = when.strftime(month)
        return f"{named} {_ordinal(when.day)}, {when.year}" if style == "US" else f"{_ordinal(when.day)} {named} {when.year}"
    return when.strftime(f"%d {month} %Y")


def date_to_string(value: object, kind: object = None, style: object = None) -> object:
    return _date_string(value, "%b", kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
    return _date_string(value, "%B", kind, style)


def date_to_xmlschema(value: object) -> object:
    when = _as_date(value)
    return when.isoformat() if isinstance(when, datetime) else value


def date_to_rfc822(value: object) -> object:
    when = _as_date(value)
    return when.strftime("%a, %d %b %Y %H:%M:%S %z") if isinstance(when, datetime) else value


def xml_escape(value: object) -> str:
    # Ruby's encode(xml: :attr) without its surrounding quotes: an apostrophe stays as it is.
    return html.escape(_text(value), quote=False).replace('"', "&quot;")


def cgi_escape(value: object) -> str:
    return quote_plus(_text(value), safe="~")


def uri_escape(value: object) -> str:
    return quote(_text(value), safe="!#$&'()*+,/:;=?@[]~%")


_SLUG_KEEP = {"pretty": "._~!$&'()+,;=@", "default": ""}


def slugify(value: object, mode: object = "default") -> str:
    """Jekyll's Utils.slugify: runs of other characters become one "-", in lower case."""
    text = _text(value)
    if mode == "none":
        return text
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    elif mode == "ascii":
        slug = re.sub(r"[^a-zA-Z0-9]+", "-", text)
    else:
        keep = _SLUG_KEEP.get(str(mode), "")
        slug = "".join(c if _letter_or_digit(c) or c in keep else "\0" for c in text)
        slug = re.sub("\0+", "-", slug)
    return slug.strip("-").lower()


def _letter_or_digit(character: str) -> bool:
    category = unicodedata.category(character)
    return category[0] in "LM" or category == "Nd"


def number_of_words(value: object) -> int:
    return len(_text(value).split())


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = [_text(item) for item in _items(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def normalize_whitespace(value: object) -> str:
    return re.sub(r"\s+", " ", _text(value)).strip()


def jsonify(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_value)


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, (date, Undefined)):
        return None if isinstance(value, Undefined) else value.isoformat()
    if isinstance(value, IterableDrop):
        return list(value)
    return str(value)


def inspect(value: object) -> str:
    return html.escape(_ruby_inspect(value), quote=False)


def _ruby_inspect(value: object) -> str:
    if value is None or isinstance(value, Undefined):
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_ruby_inspect(k)}=>{_ruby_inspect(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_ruby_inspect, value)) + "]"
    return str(value)


def _matches(item: object, name: str, wanted: object) -> bool:
    found = _property(item, name)
    if isinstance(found, (list, tuple)):
        return any(_text(each) == _text(wanted) for each in found)
    return _text(found) == _text(wanted)


def where(value: object, name: object, wanted: object) -> list[Any]:
    return [item for item in _items(value) if _matches(item, str(name), wanted)]


def find(value: object, name: object, wanted: object) -> object:
    return next((item for item in _items(value) if _matches(item, str(name), wanted)), None)


def group_by(value: object, name: object) -> list[dict[str, Any]]:
    return _groups((_text(_property(item, str(name))), item) for item in _items(value))


def _groups(keyed: Iterable[tuple[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for key, item in keyed:
        groups.setdefault(key, []).append(item)
    return [{"name": key, "items": items, "size": len(items)} for key, items in groups.items()]


@lru_cache(maxsize=256)
def _condition(environment: Environment, expression: str) -> Any:
    return environment.from_string("{% if " + expression + " %}1{% endif %}")


def _expression_values(context: Any, value: object, variable: object, expression: object,
                       condition: bool) -> Iterable[tuple[Any, str]]:
    """Each item with what `expression` renders to with the item as `variable` (a condition's "1" or "")."""
    template = (_condition(context.env, str(expression)) if condition
                else context.env.from_string("{{ " + str(expression) + " }}"))
    scope = dict(context.globals)
    for item in _items(value):
        yield item, template.render(**{**scope, str(variable): item})


@with_context
def where_exp(value: object, variable: object, expression: object, *, context: Any) -> list[Any]:
    return [item for item, truth in _expression_values(context, value, variable, expression, True) if truth]


@with_context
def find_exp(value: object, variable: object, expression: object, *, context: Any) -> object:
    return next((item for item, truth in _expression_values(context, value, variable, expression, True) if truth), None)


@with_context
def group_by_exp(value: object, variable: object, expression: object, *, context: Any) -> list[dict[str, Any]]:
    return _groups((key, item) for item, key in _expression_values(context, value, variable, expression, False))


def sort(value: object, name: object = None, nils: object = "first") -> list[Any]:
    items = _items(value)
    if name is None or isinstance(name, Undefined):
        return sorted(items, key=_sort_key)
    present = [item for item in items if _property(item, str(name)) is not None]
    missing = [item for item in items if _property(item, str(name)) is None]
    present.sort(key=lambda item: _sort_key(_property(item, str(name))))
    return [*missing, *present] if nils != "last" else [*present, *missing]


def _sort_key(value: object) -> tuple[int, Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    if isinstance(value, datetime):
        return (1, value.timestamp())
    return (2, _text(value))


def push(value: object, item: object) -> list[Any]:
    return [*_items(value), item]


def pop(value: object, count: object = 1) -> list[Any]:
    items = _items(value)
    return items[: max(0, len(items) - int(str(count)))]


def shift(value: object, count: object = 1) -> list[Any]:
    return _items(value)[int(str(count)):]


def unshift(value: object, item: object) -> list[Any]:
    return [item, *_items(value)]


def sample(value: object, count: object = None) -> object:
    # Jekyll picks at random; a fixed seed keeps a build's output the same from one build to the next.
    items = _items(value)
    chooser = random.Random(0)
    if count is None or isinstance(count, Undefined):
        return chooser.choice(items) if items else None
    return chooser.sample(items, min(len(items), int(str(count))))


def smartify(value: object) -> str:
    """kramdown's typographic symbols and quotes, as Jekyll's smartify writes them."""
    text = _text(value).replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    return re.sub(r"'([^']*)'", "\u2018\\1\u2019", text)


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def _site_path(value: object, context: Any) -> str | None:
    """The path below the site's base path (with it), None for a value Jekyll leaves as it is: nil, or a full URL."""
    if value is None or isinstance(value, Undefined) or _SCHEME.match(str(value)):
        return None
    path = str(value)
    base = _render_value(context, "baseurl").rstrip("/")
    joined = (base + "/" + path.lstrip("/")) if path else base
    return joined if joined.startswith("/") else "/" + joined


@with_context
def relative_url(value: object, *, context: Any) -> object:
    path = _site_path(value, context)
    return value if path is None else path


@with_context
def absolute_url(value: object, *, context: Any) -> object:
    path = _site_path(value, context)
    return value if path is None else _render_value(context, "site_url").rstrip("/") + path


@with_context
def markdownify(value: object, *, context: Any) -> str:
    render: Callable[[str], str] | None = _render_value(context, "markdownify")
    return render(_text(value)) if render else _text(value)


FILTERS: dict[str, Callable[..., Any]] = {
    "relative_url": relative_url, "absolute_url": absolute_url, "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822, "date_to_string": date_to_string, "date_to_long_string": date_to_long_string,
    "xml_escape": xml_escape, "cgi_escape": cgi_escape, "uri_escape": uri_escape, "where": where,
    "where_exp": where_exp, "find": find, "find_exp": find_exp, "group_by": group_by, "group_by_exp": group_by_exp,
    "sort": sort, "jsonify": jsonify, "markdownify": markdownify, "slugify": slugify,
    "number_of_words": number_of_words, "array_to_sentence_string": array_to_sentence_string,
    "normalize_whitespace": normalize_whitespace, "smartify": smartify, "push": push, "pop": pop,
    "shift": shift, "unshift": unshift, "inspect": inspect, "sample": sample,
}
