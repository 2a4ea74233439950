"""Stage 2a: find the site's files and say what each one is (post, draft, page, asset)."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.config.settings import Config
from generator.config.symlinks import LINKED_FOLDER, LinkCheck, walk
from generator.content.collections import published_collections
from generator.errors import Diagnostic

POST_EXTENSIONS = frozenset({".md", ".markdown", ".html"})
PAGE_EXTENSIONS = frozenset({".md", ".markdown", ".html", ".htm", ".xml"})
# Jekyll 4.3's own defaults (Configuration::DEFAULT_EXCLUDES), so a Jekyll site's tooling never
# ends up in the output while its README and LICENSE are published as Jekyll publishes them; and
# a Jekyll-shaped site's templates/ and static/, which are paperfold's theme (config/theme.py).
DEFAULT_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/", "templates/", "static/",
)
# A page starts with this line, as Jekyll's Utils.has_yaml_header? reads it; any other file of a
# page's extension is copied as it is.
FRONT_MATTER_LINE = re.compile(rb"---\s*\r?\n")
THEME_FOLDERS = ("_layouts", "_includes", "_sass", "_plugins")
SASS_FOLDER = "_sass"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file: where it is, how to name it in messages, and what it is."""

    path: Path
    relative: str
    kind: str  # "post", "draft", "page" or "asset"


def discover(config: Config) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Every file the build reads, sorted, plus warnings for what it skips on purpose (and errors,
    severity "error", for names it cannot use)."""
    root = config.content_root
    found: list[SourceFile] = []
    warnings: list[Diagnostic] = []
    skip = _Exclusions(config)
    links = LinkCheck(config)
    refused = links.refusal(root, _shown(config, root))
    if refused is not None:
        return (), (refused,)
    for folder, subdirs, files, linked in walk(root):
        relative_folder = folder.relative_to(root).as_posix()
        relative_folder = "" if relative_folder == "." else relative_folder + "/"
        kept_dirs = []
        for name in sorted(subdirs):
            relative = relative_folder + name
            if folder / name == config.destination or skip.excluded(relative, name, is_folder=True):
                continue
            if not _utf8_name(name):
                warnings.append(_not_utf8(config, folder / name))
                continue
            if name in linked:
                warnings.append(Diagnostic(_shown(config, folder / name), None, LINKED_FOLDER))
                continue
            if not relative_folder and name == "_includes":
                continue  # no pages: its files are included by Liquid (content/liquid_scope.py)
            if not relative_folder and name in THEME_FOLDERS:
                if name == SASS_FOLDER:
                    continue  # read by the Sass stage (site/sass.py), for the stylesheets that import from it
                warnings.append(Diagnostic(
                    _shown(config, folder / name), None,
                    "skipped: a Jekyll theme folder; paperfold's theme provides layouts and includes"))
                continue
            kept_dirs.append(name)
        subdirs[:] = kept_dirs
        shown_folder = _shown(config, folder)
        shown_prefix = "" if shown_folder == "." else shown_folder + "/"
        for name in sorted(files):
            relative = relative_folder + name
            if skip.excluded(relative, name):
                continue
            if not _utf8_name(name):
                warnings.append(_not_utf8(config, folder / name))
                continue
            kind = _kind_of(relative, skip)
            if kind == "post" and os.path.splitext(name)[1].lower() not in POST_EXTENSIONS:
                # Jekyll neither publishes nor copies them (an image kept beside its post, say).
                warnings.append(Diagnostic(shown_prefix + name, None,
                                           "skipped: only .md, .markdown and .html files in _posts are posts"))
                continue
            if kind is None:
                continue
            refused = links.refusal(folder / name, shown_prefix + name) if name in linked else None
            if refused is not None:
                warnings.append(refused)
                continue
            if kind == "page" and not _has_front_matter(folder / name):
                kind = "asset"
            found.append(SourceFile(folder / name, shown_prefix + name, kind))
    return tuple(sorted(found, key=lambda f: f.relative)), tuple(warnings)


def _kind_of(relative: str, skip: _Exclusions) -> str | None:
    parts = relative.split("/")
    folders = parts[:-1]
    suffix = os.path.splitext(parts[-1])[1].lower()
    if "_posts" in folders:
        return "post"
    if "_drafts" in folders:
        return "draft" if suffix in POST_EXTENSIONS else None
    # _data, _config folders and the like feed Jekyll plugins, not pages; one that `include:`
    # names (al-folio's and minimal-mistakes' _pages/) holds pages and files as any folder does,
    # and so does a published collection's (content/collections.py places them).
    if any(part.startswith("_") and not skip.included("/".join(parts[:depth + 1]), part)
           for depth, part in enumerate(folders)):
        return None
    return "page" if suffix in PAGE_EXTENSIONS else "asset"


def _has_front_matter(path: Path) -> bool:
    """Whether the file's first line opens front matter (a file that cannot be read is left to
    the loader, which says why)."""
    try:
        with path.open("rb") as file:
            return FRONT_MATTER_LINE.fullmatch(file.readline()) is not None
    except OSError:
        return True


def _utf8_name(name: str) -> bool:
    """Whether a name from the file system is UTF-8: other bytes come as surrogates, and could
    be neither printed, nor hashed, nor made into a URL."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_utf8(config: Config, path: Path) -> Diagnostic:
    printable = _shown(config, path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return Diagnostic(printable, None, "the name is not UTF-8: rename it", "error")


def _shown(config: Config, path: Path) -> str:
    """A path as messages print it: relative to where the user pointed us."""
    try:
        return path.relative_to(config.source).as_posix()
    except ValueError:
        return str(path)


class _Exclusions:
    """Jekyll's rule (EntryFilter): names starting with '.', '_', '#' or '~', or ending '~', are
    skipped unless included; `exclude:` and Jekyll's defaults are paths from the source folder,
    `include:` a path or any file's or folder's name."""

    def __init__(self, config: Config) -> None:
        self.include = _Patterns(config.include, names=True)
        self.exclude = _Patterns(DEFAULT_EXCLUDES + config.exclude, names=False)
        self.collections = frozenset("_" + name for name in published_collections(config))

    def included(self, relative: str, name: str) -> bool:
        """Whether `include:` names this folder, or it is a collection Jekyll publishes."""
        return relative in self.collections or self.include.match(relative, name, is_folder=True)

    def excluded(self, relative: str, name: str, is_folder: bool = False) -> bool:
        if self.include.match(relative, name, is_folder) or (is_folder and relative in self.collections):
            return False
        if self.exclude.match(relative, name, is_folder):
            return True
        if is_folder and name.startswith("_"):
            return name not in ("_posts", "_drafts") and name not in THEME_FOLDERS and "/" not in relative
        return name.startswith((".", "#", "_", "~")) or name.endswith("~")


class _Patterns:
    """`exclude:`/`include:` entries as Jekyll's glob_include? matches them against a path from the
    source folder: a glob (whose '*' crosses '/'), the start of the path (so `vendor/bundle/` is
    everything in it), or a folder named with its '/'; with `names`, against a file's name too."""

    def __init__(self, patterns: tuple[str, ...], *, names: bool) -> None:
        self.names = names
        # An empty entry would be the start of every path.
        self.starts = tuple(filter(None, (p.lstrip("/") for p in patterns)))
        # One compiled regex for every glob: fnmatch per pattern per file costs more than the walk.
        globs = "|".join(f"(?:{fnmatch.translate(p)})" for p in self.starts)
        self.globs = re.compile(globs) if globs else None

    def match(self, relative: str, name: str, is_folder: bool) -> bool:
        return any(self._match(path, is_folder) for path in ((relative, name) if self.names else (relative,)))

    def _match(self, path: str, is_folder: bool) -> bool:
        return (path.startswith(self.starts) or (is_folder and path + "/" in self.starts)
                or (self.globs is not None and self.globs.match(path) is not None))
