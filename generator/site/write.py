"""Stage 6: the output folder, written whole or not at all, and only where paperfold may write."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SiteError
from generator.site.system_calls import exchange

MARKER = ".paperfold-output"
# What the search index writes into the site folder (search/index.py): the index, and its staging folder.
INDEX_FOLDER = "pagefind"
INDEX_STAGING = ".pagefind-staging"  # where a new index is written before it replaces the last
# A file update_site writes beside the one it replaces, until it is renamed over it (mkstemp's name).
_TEMPORARY_FILE = re.compile(r"\.paperfold-[a-z0-9_]{8}")
MARKER_TEXT = "This folder is written by paperfold; it deletes and rewrites it on every build.\n"
# The marker's line naming the base path the site was built for, which `check` needs to resolve
# its links and cannot tell from the pages.
BASEURL_LINE = "baseurl: "
# Folders of a site's own that a build reads besides its content: Jekyll's (paperfold skips
# _includes, _layouts and _data, but the site may be built by Jekyll too), and the theme's, in the
# site and in paperfold's own theme.
JEKYLL_FOLDERS = ("_posts", "_drafts", "_includes", "_layouts", "_data")
THEME_FOLDERS = ("templates", "static")


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: where it goes and its bytes (or the file to copy them from)."""

    path: str
    data: bytes | None = None
    copy_from: Path | None = None


def staging_prefix(destination: Path) -> str:
    """How the names of what a build keeps beside the destination begin: the folder it fills, the
    folder it replaced (write_site), and its lock (site/lock.py)."""
    return f".{destination.name}.paperfold-"


def remove_dead_staging(destination: Path, *, inside: bool = False) -> None:
    """Remove the folders builds that died left beside the destination (mkdtemp's names and the
    replaced folder's); with `inside`, also the files a rebuild that died was writing in it
    (update_site) and the search index it was staging. Only for the holder of the destination's
    lock (site/lock.py): no live build is writing any of them then."""
    leftover = re.compile(re.escape(staging_prefix(destination)) + r"(?:[a-z0-9_]{8}|old)")
    try:
        entries = list(destination.parent.iterdir())
    except OSError:
        return  # no parent folder yet: nothing was left in it
    for entry in entries:
        if leftover.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
    if inside and written_by_paperfold(destination):
        shutil.rmtree(destination / INDEX_STAGING, ignore_errors=True)
        for folder, _, files in os.walk(destination):
            for name in files:
                if _TEMPORARY_FILE.fullmatch(name):
                    Path(folder, name).unlink(missing_ok=True)


def written_by_paperfold(destination: Path) -> bool:
    """Whether the destination holds a site paperfold wrote (not one removed since, say)."""
    return (destination / MARKER).is_file()


def marker_text(baseurl: str) -> str:
    """The marker of a site built for `baseurl` ('' or '/blog')."""
    return f"{MARKER_TEXT}{BASEURL_LINE}{json.dumps(baseurl)}\n"


def recorded_baseurl(destination: Path) -> str | None:
    """The base path the site in `destination` was built for; None when its marker does not say
    (a site paperfold did not write, or an older paperfold did)."""
    for line in (_read_marker(destination) or "").splitlines():
        if line.startswith(BASEURL_LINE):
            try:
                value = json.loads(line[len(BASEURL_LINE):])
            except ValueError:
                return None
            return value if isinstance(value, str) else None
    return None


def check_destination(destination: Path, source: Path, content_root: Path, theme_dirs: Iterable[Path] = ()) -> None:
    """Refuse a destination whose replacement would destroy something that is not ours, or that a
    build reads (the content, the theme folders of `theme_dirs`): the next build would read the
    output back, as templates even."""
    destination, source, content_root = destination.resolve(), source.resolve(), content_root.resolve()
    home = Path.home().resolve()
    if destination == Path(destination.anchor) or destination == home:
        raise SiteError(f"refusing to write the site to {destination}: choose a folder of its own")
    if destination == source or destination == content_root:
        raise SiteError(f"refusing to write the site into the source folder {destination}")
    if destination in source.parents:
        raise SiteError(f"refusing to write the site to {destination}: it contains the source folder {source}")
    read = [*(directory / name for directory in theme_dirs for name in THEME_FOLDERS),
            *(source / name for name in JEKYLL_FOLDERS)]
    for folder in map(Path.resolve, read):
        if destination == folder or folder in destination.parents:
            raise SiteError(f"refusing to write the site to {destination}: it is in {folder}, whose files a build reads")
    if content_root in destination.parents:
        first = destination.relative_to(content_root).parts[0]
        # A content/ folder is all content; a Jekyll site's root holds _site and other folders it skips.
        if content_root != source or not first.startswith(("_", ".")):
            raise SiteError(
                f"refusing to write the site to {destination}: it is inside the content folder and would be read back as content")
    if destination.exists() and not destination.is_dir():
        raise SiteError(f"refusing to write the site to {destination}: it is a file")
    if destination.is_dir() and not written_by_paperfold(destination) and _holds_files(destination):
        raise SiteError(f"refusing to replace {destination}: it is not empty and was not written by paperfold "
                        "(if it is an old build, by Jekyll say, remove it; or build elsewhere with -d)")


def _holds_files(folder: Path) -> bool:
    """Whether replacing this folder would lose anything but empty folders, and the staging folder
    of a search index that was being written when the folder was removed (search/index.py)."""
    for root, folders, files in os.walk(folder):
        if files or any(os.path.islink(os.path.join(root, name)) for name in folders):
            return True
        if root == str(folder):
            folders[:] = [name for name in folders if name != INDEX_STAGING]
    return False


def write_site(destination: Path, files: Iterable[OutputFile], *,
               fill: Callable[[Path], int] | None = None, marker: str = MARKER_TEXT) -> int:
    """Write every file into a new folder beside the destination, then swap it in; returns the count.

    `fill`, when given, first writes files of its own into that folder, and says how many.
    `marker` is the text of the marker file saying paperfold wrote the folder (marker_text).
    A SiteError when the file system refuses (a full disk), the destination then as it was.
    """
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(destination), dir=destination.parent))
    except OSError as error:
        raise cannot_write(destination, error) from None
    count = 0
    try:
        if fill is not None:
            count = fill(staging)
        for output in files:
            write_file(staging, output)
            count += 1
        (staging / MARKER).write_text(marker, encoding="utf-8")
        carried = _carry_index(destination, staging)
        try:
            replace_folder(staging, destination, destination.with_name(staging_prefix(destination) + "old"))
        except BaseException:
            if carried:
                os.replace(staging / INDEX_FOLDER, destination / INDEX_FOLDER)
            raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise cannot_write(destination, error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _carry_index(destination: Path, staging: Path) -> bool:
    """Move the last build's search index into the new folder: the search stage that follows
    reuses its bundles whose pages are unchanged and replaces it whole, or removes it when search
    is off (search/index.py). Without it, any change that rewrites every page (a new paperfold, a
    config edit) indexed the whole site again."""
    index = destination / INDEX_FOLDER
    if not written_by_paperfold(destination) or not index.is_dir() or index.is_symlink() \
            or os.path.lexists(staging / INDEX_FOLDER):
        return False
    os.replace(index, staging / INDEX_FOLDER)
    return True


def update_site(destination: Path, changed: Iterable[OutputFile], removed: Iterable[str], *,
                marker: str | None = None) -> int:
    """Incremental write: every changed file is written beside the one it replaces, and only once
    all are written are they renamed over them and stale files removed, so that a failure (a full
    disk: a SiteError) leaves the previous output whole. Returns the count (the marker not counted).
    `marker`, when given, replaces the marker file's text if it says something else."""
    staged: list[tuple[Path, Path]] = []
    made_folders: list[Path] = []
    try:
        for output in changed:
            staged.append(_write_beside(destination, output, made_folders))
        count = len(staged)
        if marker is not None and _read_marker(destination) != marker:
            staged.append(_write_beside(destination, OutputFile(MARKER, marker.encode()), made_folders))
    except BaseException as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(made_folders):
            _prune_empty_folders(folder, destination)
        if isinstance(error, OSError):
            raise cannot_write(destination, error) from None
        raise
    try:
        # Renames only: they need no room on the disk, and no reader sees half of a file.
        for temporary, target in staged:
            os.replace(temporary, target)
        for relative in removed:
            target = destination / relative
            if target.is_file():
                target.unlink()
                _prune_empty_folders(target.parent, destination)
    except OSError as error:
        raise cannot_write(destination, error, "some of its files are the new ones") from None
    return count


def _read_marker(destination: Path) -> str | None:
    try:
        return (destination / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_file(root: Path, output: OutputFile) -> None:
    """One file under `root`, a staging folder this build made and alone fills."""
    target = _staged_target(root, output)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if output.copy_from is not None:
        shutil.copyfile(output.copy_from, target)
    else:
        Path(target).write_bytes(output.data or b"")


def _write_beside(root: Path, output: OutputFile, made_folders: list[Path]) -> tuple[Path, Path]:
    """The file written to a temporary name beside its target under `root`: (temporary, target).
    Folders it had to make are added to `made_folders`, outermost first."""
    target = _target(root, output)
    if not target.parent.is_dir():  # one stat per file: a rebuild may write thousands
        made_folders.extend(reversed([folder for folder in (target.parent, *target.parent.parents)
                                      if not folder.exists()]))
        target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".paperfold-", dir=target.parent)  # see _TEMPORARY_FILE
    try:
        with os.fdopen(handle, "wb") as stream:
            if output.copy_from is not None:
                with output.copy_from.open("rb") as source:
                    shutil.copyfileobj(source, stream)
            else:
                stream.write(output.data or b"")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary), target


def _target(root: Path, output: OutputFile) -> Path:
    target = root / output.path
    if root.resolve() not in target.resolve().parents:
        raise SiteError(f"refusing to write {output.path}: outside the output folder")
    return target


def _staged_target(root: Path, output: OutputFile) -> str:
    """`_target` for a staging folder: nothing in it is a symbolic link (the build made every folder
    in it and copies files' bytes), so where a path leads is read from the path alone. Resolving
    both paths, as `_target` must in a folder others may have written, was a quarter of a file's
    write (some 100 of 380 microseconds, a stat of every folder on the way, twice)."""
    folder = os.path.abspath(root)
    target = os.path.normpath(os.path.join(folder, output.path))
    if not target.startswith(os.path.join(folder, "")):
        raise SiteError(f"refusing to write {output.path}: outside the output folder")
    return target


def cannot_write(destination: Path, error: OSError, left: str = "it was left as it was") -> SiteError:
    """The message for a file system that refused a write into `destination`, and what that left."""
    where = f" ({error.filename})" if error.filename else ""
    return SiteError(f"cannot write {destination}: {error.strerror or error}{where}; {left}")


def replace_folder(new: Path, target: Path, retired: Path) -> None:
    """Put the folder `new` in the place of `target` (if there is one) and remove the old one.

    Where the system swaps two names at once (site.system_calls.exchange), no moment finds `target`
    missing or the old one under another name; elsewhere the old one is renamed to `retired`
    first, and back should the second rename fail.
    """
    if not target.exists():
        os.replace(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # the old one, under the new one's name now
        return
    if retired.exists():
        shutil.rmtree(retired)
    os.replace(target, retired)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _prune_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
