"""Jekyll's front matter `defaults:` from `_config.yml`: read by the config stage, applied to each
file's front matter by the content stage, with Jekyll 4's rules for which scope wins."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Jekyll 4 still accepts the singular names, with a deprecation warning.
SINGULAR_TYPES = {"post": "posts", "page": "pages", "draft": "drafts"}
# Jekyll 4 reads drafts into the posts collection, so `type: posts` reaches them; the docs also
# name a `drafts` type, which Jekyll 3 had, and paperfold honours it too.
TYPES_OF_KIND = {"post": ("posts",), "draft": ("posts", "drafts"), "page": ("pages",)}

# Where in _config.yml a value is: a path of keys and list indices from the top.
LineOf = Callable[[tuple[str | int, ...]], int | None]


@dataclass(frozen=True, slots=True)
class FrontMatterDefault:
    """One entry of `defaults:`: which files it is for, and the front matter they get."""

    path: str  # as written: '' is every file; a prefix of the path from the source folder, or a glob
    type: str | None  # posts, pages, drafts (or a collection paperfold does not have); None is every type
    values: Mapping[str, Any]
    glob: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "glob", _glob_pattern(self.path) if "*" in self.path else None)

    def applies_to(self, relative_path: str, kind: str) -> bool:
        """Jekyll's FrontmatterDefaults#applies?: the type matches, and the path starts with the
        scope's path (a glob's match is a path Jekyll finds on disk, so it ends at a '/')."""
        if self.type is not None and self.type not in TYPES_OF_KIND.get(kind, ()):
            return False
        if not self.path:
            return True
        if self.glob is not None:
            return self.glob.match(relative_path) is not None
        return relative_path.startswith(self.path)

    def outranks(self, other: FrontMatterDefault) -> bool:
        """Jekyll's has_precedence?: the longer path wins, then a scope with a type, then the later."""
        path, other_path = self.path.removeprefix("/"), other.path.removeprefix("/")
        if len(path) != len(other_path):
            return len(path) > len(other_path)
        return self.type is not None or other.type is None


def front_matter_with_defaults(defaults: tuple[FrontMatterDefault, ...], relative_path: str, kind: str,
                               front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """The file's front matter over the defaults that apply to it (Jekyll's FrontmatterDefaults#all,
    then the file's own keys merged on top: the file wins, mappings are merged key by key)."""
    merged: dict[str, Any] = {}
    winner: FrontMatterDefault | None = None
    for default in defaults:
        if not default.applies_to(relative_path, kind):
            continue
        if winner is None or default.outranks(winner):
            merged, winner = deep_merge(merged, default.values), default
        else:
            merged = deep_merge(default.values, merged)
    return deep_merge(merged, front_matter) if merged else dict(front_matter)


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's Utils.deep_merge_hashes: `over` wins, except that two mappings are merged."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def parse_defaults(value: Any, line_of: LineOf, problems: list[str]) -> tuple[FrontMatterDefault, ...]:
    """`defaults:` as written in _config.yml; each badly shaped entry is a problem naming its line."""
    if value is None:
        return ()

    def problem(where: tuple[str | int, ...], message: str) -> None:
        line = line_of(where)
        problems.append(f"_config.yml{f':{line}' if line else ''}: {message}")

    if not isinstance(value, list):
        problem(("defaults",), "'defaults' must be a list of {scope: ..., values: ...} entries")
        return ()
    found: list[FrontMatterDefault] = []
    for index, entry in enumerate(value):
        where: tuple[str | int, ...] = ("defaults", index)
        shown = f"defaults[{index}]"
        if not isinstance(entry, dict):
            problem(where, f"{shown} must be a mapping with 'scope' and 'values'")
            continue
        values, scope = entry.get("values"), entry.get("scope") or {}
        if not isinstance(values, dict):
            problem((*where, "values") if "values" in entry else where,
                    f"{shown}.values must be a mapping of front matter keys")
            continue
        if not isinstance(scope, dict):
            problem((*where, "scope"), f"{shown}.scope must be a mapping with 'path' and/or 'type'")
            continue
        path, kind = scope.get("path"), scope.get("type")
        if path is not None and not isinstance(path, str):
            problem((*where, "scope", "path"), f"{shown}.scope.path must be text (a folder, a file or a glob)")
            continue
        if kind is not None and not isinstance(kind, str):
            problem((*where, "scope", "type"), f"{shown}.scope.type must be posts, pages or drafts")
            continue
        kind = SINGULAR_TYPES.get(kind, kind) if kind is not None else None
        found.append(FrontMatterDefault(path or "", kind, MappingProxyType({str(k): v for k, v in values.items()})))
    return tuple(found)


def _glob_pattern(glob: str) -> re.Pattern[str]:
    """A scope's glob as Ruby's Dir.glob reads it, matching a whole leading part of a path. Jekyll
    globs from the source folder, and a leading '/' leaves it (matching nothing): kept so here."""
    pattern = []
    for token in re.findall(r"\*\*/|\*\*|\*|\?|\{[^{}]*\}|\[[^\]]*\]|[^*?{\[]+|.", glob):
        if token == "**/":
            pattern.append("(?:[^/]*/)*")
        elif token == "**":
            pattern.append(".*")
        elif token == "*":
            pattern.append("[^/]*")
        elif token == "?":
            pattern.append("[^/]")
        elif token.startswith("{") and token.endswith("}"):
            pattern.append("(?:" + "|".join(map(re.escape, token[1:-1].split(","))) + ")")
        elif token.startswith("[") and token.endswith("]") and len(token) > 2:
            pattern.append("[" + token[1:-1].replace("\\", "\\\\") + "]")
        else:
            pattern.append(re.escape(token))
    return re.compile("".join(pattern) + "(?=/|$)")
