"""Symbolic links in a site, as Jekyll's safe mode treats them: a repository can hold a link to
/etc/passwd or ~/.ssh/id_rsa, so a file whose link leads out of the site is not read unless the
user allows it; one that stays inside is read as any other. A linked folder below the site's top
folders is never followed (its target may be anywhere, or an ancestor: a loop).

Every reader of the site's files (discover, the theme's templates/ and static/, the body-edit
shortcut, _config.yml) asks this module; what it refuses is not read at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from generator.errors import Diagnostic

ALLOW_KEY = "paperfold.allow_symlinks_outside"
ALLOW_FLAG = "--allow-symlinks-outside"
OUTSIDE_THE_SITE = f"is a symbolic link to outside the site; not read (set {ALLOW_KEY}: true in _config.yml to allow)"
LINKED_FOLDER = "is a symbolic link to a folder; not followed (paperfold reads no folder through a link)"


def leads_outside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether `path`, every link on its way followed, is inside none of `roots` (resolved folders)."""
    # realpath rather than Path.resolve: a link to itself resolves to itself instead of raising,
    # and reading it then reports the loop.
    real = Path(os.path.realpath(path))
    return not any(real.is_relative_to(root) for root in roots)


class SiteFolders(Protocol):
    """What the check reads of a Config: settings.py, which applies the policy to _config.yml
    itself, imports this module, so it names the fields rather than the class."""

    @property
    def source(self) -> Path: ...
    @property
    def theme_dirs(self) -> tuple[Path, ...]: ...
    @property
    def allow_symlinks_outside(self) -> bool: ...


class LinkCheck:
    """The one check: whether a file of this site may be read, and the warning when not."""

    def __init__(self, config: SiteFolders) -> None:
        # The site, and paperfold's own theme: a site may link to a file of the theme it overrides.
        self.roots = (config.source, *(Path(os.path.realpath(directory / folder))
                                       for directory in config.theme_dirs[1:] for folder in ("templates", "static")))
        self.allow_outside = config.allow_symlinks_outside

    def refusal(self, path: Path, shown: str) -> Diagnostic | None:
        """The warning (naming the path as `shown`) for a path that leads outside the site, else
        None: the path may be read."""
        if self.allow_outside or not leads_outside(path, self.roots):
            return None
        return Diagnostic(shown, None, OUTSIDE_THE_SITE)


def walk(root: Path) -> Iterator[tuple[Path, list[str], list[str], frozenset[str]]]:
    """os.walk(root) without following links: (folder, subfolders, files, the names among both that
    are symbolic links). Linked subfolders are listed but never entered; as with os.walk, removing
    a name from `subfolders` skips that folder, and an unreadable folder is passed over."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        folders: list[str] = []
        files: list[str] = []
        for entry in entries:
            # scandir knows both from the folder listing: no stat per file.
            (folders if _is_folder(entry) else files).append(entry.name)
        links = frozenset(entry.name for entry in entries if entry.is_symlink())
        yield folder, folders, files, links
        pending.extend(folder / name for name in reversed(folders) if name not in links)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
