"""A site's Sass stylesheets compiled to CSS, as Jekyll's Sass converter (jekyll-sass-converter 2,
on libsass) does: a `.scss` or `.sass` file outside the underscore folders that starts with front
matter (the dashes alone will do) becomes a `.css` file beside where it was, with a source map
(`main.css.map`, as Jekyll writes by default), its `@import`s found in the `sass:` config's
`load_paths` and `sass_dir` (`_sass`). One without front matter is copied as it is.

libsass reads the partials only from a copy of the load folders made under the site's symbolic
link rules (config/symlinks.py): a partial linked from outside the site is not there to import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.config.settings import Config
from generator.config.symlinks import LINKED_FOLDER, LinkCheck, walk
from generator.content.discover import SASS_FOLDER, SourceFile
from generator.content.document import source_path, split_front_matter
from generator.content.liquid import LiquidScope, render_liquid
from generator.errors import ContentError, Diagnostic
from generator.site.write import OutputFile

SASS_SUFFIXES = frozenset({".scss", ".sass"})
# jekyll-sass-converter's styles, and its default on libsass (sassc).
STYLES = ("nested", "expanded", "compact", "compressed")
DEFAULT_STYLE = "compact"
_FRONT_MATTER_START = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
# Where libsass says an error is: "on line 3:7 of path" (then "from line ... of path" for imports).
_ERROR_AT = re.compile(r"on line (\d+):\d+ of (.+?)\n")


@dataclass(frozen=True, slots=True)
class SassInputs:
    """The `sass:` settings and every file in the load folders that libsass may read, by folder
    (in the order libsass searches them), each as (path below the folder, file)."""

    style: str
    folders: tuple[tuple[Path, tuple[tuple[str, Path], ...]], ...]
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def files(self) -> list[Path]:
        return [path for _, files in self.folders for _, path in files]


@dataclass(frozen=True, slots=True)
class Stylesheet:
    """What one Sass file made: its CSS and source map, or the errors that stopped it."""

    files: tuple[OutputFile, ...]
    errors: tuple[Diagnostic, ...] = ()


def is_sass_page(source: SourceFile) -> bool:
    """Whether Jekyll compiles this asset: a Sass file that starts with front matter."""
    if source.kind != "asset" or source.path.suffix.lower() not in SASS_SUFFIXES:
        return False
    try:
        with source.path.open("rb") as stream:
            return _FRONT_MATTER_START.match(stream.read(16)) is not None
    except OSError:
        return False


def sass_inputs(config: Config) -> SassInputs:
    """The load folders of `_config.yml`'s `sass:` (its `load_paths`, then `sass_dir`), read under
    the site's link rules, with warnings for the links refused."""
    settings: Mapping[str, Any] = config.extra.get("sass") or {}
    if not isinstance(settings, Mapping):
        settings = {}
    style = str(settings.get("style") or DEFAULT_STYLE).lstrip(":")
    load_paths = settings.get("load_paths") or []
    names = [str(name) for name in ([load_paths] if isinstance(load_paths, str) else load_paths)]
    names.append(str(settings.get("sass_dir") or SASS_FOLDER))
    links, warnings = LinkCheck(config), []
    folders = []
    for name in dict.fromkeys(names):
        root = config.source / name
        shown = PurePosixPath(name).as_posix()
        if not root.is_dir():
            continue
        refused = links.refusal(root, shown)
        if refused is not None:
            warnings.append(refused)
            continue
        files = []
        for folder, subfolders, names_here, linked in walk(root):
            below = folder.relative_to(root).as_posix()
            prefix = "" if below == "." else below + "/"
            warnings.extend(Diagnostic(f"{shown}/{prefix}{sub}", None, LINKED_FOLDER) for sub in sorted(subfolders)
                            if sub in linked)
            for file_name in sorted(names_here):
                path = folder / file_name
                refused = links.refusal(path, f"{shown}/{prefix}{file_name}") if file_name in linked else None
                if refused is not None:
                    warnings.append(refused)
                elif path.is_file():
                    files.append((prefix + file_name, path))
        folders.append((root, tuple(files)))
    return SassInputs(style if style in STYLES else DEFAULT_STYLE, tuple(folders), tuple(warnings))


def sass_input_files(config: Config, sources: Iterable[SourceFile]) -> list[Path]:
    """The files the site's Sass may import, when it has a stylesheet to compile (for the inputs' digest)."""
    return sass_inputs(config).files if any(map(is_sass_page, sources)) else []


def compile_stylesheet(source: SourceFile, config: Config, inputs: SassInputs, scope: LiquidScope) -> Stylesheet:
    """The CSS (at the file's path with `.css`) and its source map, or an error at the file and line
    where libsass stopped (in the stylesheet or in a partial it imports)."""
    import sass  # not at the top: most builds compile no Sass

    relative = source_path(source, config)
    css_path = relative.rsplit(".", 1)[0] + ".css"
    try:
        _, text, body_line = split_front_matter(source.path.read_text(encoding="utf-8-sig"), source.relative)
    except ContentError as error:
        return Stylesheet((), (Diagnostic.from_error(error),))
    except (OSError, UnicodeDecodeError) as error:
        return Stylesheet((), (Diagnostic(source.relative, None, f"cannot read the stylesheet: {error}", "error"),))
    # Jekyll runs Liquid on a stylesheet with front matter before Sass reads it.
    liquid = render_liquid(text, scope)
    if liquid.problem:
        line = body_line + liquid.problem.line - 1 if liquid.problem.line else None
        return Stylesheet((), (Diagnostic(source.relative, line, liquid.problem.message, "error"),))
    text = liquid.text
    with tempfile.TemporaryDirectory(prefix="paperfold-sass-") as scratch:
        copies = _copy_load_folders(Path(scratch), inputs)
        main = Path(scratch, "main", source.path.name)
        main.parent.mkdir()
        main.write_text(text, encoding="utf-8")
        css_name = Path(css_path).name
        missing = Path(scratch, "not-found")
        try:
            css, source_map = sass.compile(
                filename=str(main), output_style=inputs.style, importers=[(0, _importer(list(copies), missing))],
                source_map_filename=str(main.with_name(css_name + ".map")), output_filename_hint=str(main.with_name(css_name)),
                source_map_contents=True)
        except sass.CompileError as error:
            message = str(error).replace(f"{missing}{os.sep}", "")
            return Stylesheet((), (_error_at(message, main, source.relative, body_line, copies, config.source),))
    origins = {str(main.parent / copy): site_path for copy, site_path in _site_paths(copies, config)}
    return Stylesheet((OutputFile(css_path, css.encode("utf-8")),
                       OutputFile(css_path + ".map", _jekyll_source_map(source_map, source.path.name, main.parent,
                                                                        origins).encode("utf-8"))))


# What libsass tries for `@import "name"` in a folder, in its order (libsass 3.6's resolve_includes).
_CANDIDATES = ("{}", "_{}", "_{}.scss", "_{}.sass", "_{}.css", "{}.scss", "{}.sass", "{}.css")
_INDEX_FILES = ("_index.scss", "_index.sass", "index.scss", "index.sass")


def _importer(folders: list[Path], missing: Path) -> Callable[[str, str], list[tuple[str]] | None]:
    """libsass's own search for an import (beside the importing file, then each load folder), but
    in the copied folders alone: libsass would also search the working folder, where the site's
    link rules were never applied. A CSS import (`x.css`, a URL) is left to libsass, which keeps it
    as a CSS @import; a name found nowhere is one libsass reports as not found."""
    def find(path: str, previous: str) -> list[tuple[str]] | None:
        if path.endswith(".css") or "://" in path or path.startswith(("url(", "//")):
            return None
        for folder in (Path(os.path.abspath(previous)).parent, *folders):
            found = _import_candidate(folder, PurePosixPath(path))
            if found is not None:
                return [(str(found),)]
        return [(str(missing / path),)]
    return find


def _import_candidate(folder: Path, wanted: PurePosixPath) -> Path | None:
    base = folder.joinpath(*wanted.parent.parts)
    for pattern in _CANDIDATES:
        if (base / pattern.format(wanted.name)).is_file():
            return base / pattern.format(wanted.name)
    if wanted.suffix in SASS_SUFFIXES:
        return None
    return next((base / wanted.name / index for index in _INDEX_FILES if (base / wanted.name / index).is_file()), None)


def _copy_load_folders(scratch: Path, inputs: SassInputs) -> dict[Path, tuple[Path, tuple[tuple[str, Path], ...]]]:
    """Each load folder's readable files copied under `scratch`, by the copy's folder."""
    copies = {}
    for index, (root, files) in enumerate(inputs.folders):
        folder = scratch / str(index)
        for below, path in files:
            (folder / below).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / below)
        folder.mkdir(exist_ok=True)
        copies[folder] = (root, files)
    return copies


def _site_paths(copies: Mapping[Path, tuple[Path, tuple[tuple[str, Path], ...]]],
                config: Config) -> Iterable[tuple[str, str]]:
    """(a copied file's path from the main file's folder, the file's path from the site)."""
    for folder, (root, files) in copies.items():
        for below, _ in files:
            yield f"../{folder.name}/{below}", os.path.relpath(root / below, config.source)


def _jekyll_source_map(source_map: str, name: str, main_folder: Path, origins: Mapping[str, str]) -> str:
    """libsass's source map with the sources named as Jekyll (run in the site's folder) names them:
    the stylesheet by its file name, each partial by its path from the site."""
    data = json.loads(source_map)
    data["sources"] = [name if index == 0 else origins.get(str(main_folder / each), each)
                       for index, each in enumerate(data.get("sources", []))]
    return json.dumps(data, indent="\t", ensure_ascii=False)


def _error_at(message: str, main: Path, shown: str, body_line: int,
              copies: Mapping[Path, tuple[Path, tuple[tuple[str, Path], ...]]], site: Path) -> Diagnostic:
    """libsass's error at the file and line of the site where it is (the stylesheet's line counted
    from the top of the file, front matter included)."""
    first = message.strip().splitlines()[0].removeprefix("Error: ").strip() if message.strip() else "Sass error"
    found = _ERROR_AT.search(message + "\n")
    if found is None:
        return Diagnostic(shown, None, f"Sass: {first}", "error")
    # libsass names the file from the working folder.
    line, where = int(found.group(1)), Path(os.path.abspath(found.group(2)))
    if where == Path(os.path.abspath(main)):
        return Diagnostic(shown, body_line + line - 1, f"Sass: {first}", "error")
    for folder, (root, _) in copies.items():
        if where.is_relative_to(os.path.abspath(folder)):
            partial = Path(os.path.relpath(root / where.relative_to(os.path.abspath(folder)), site)).as_posix()
            return Diagnostic(partial, line, f"Sass: {first}", "error")
    return Diagnostic(shown, None, f"Sass: {first}", "error")


__all__ = ["SassInputs", "Stylesheet", "compile_stylesheet", "is_sass_page", "sass_input_files", "sass_inputs"]
