"""`paperfold init`: a new blog folder that builds at once and deploys to GitHub Pages as it is.

The files come from the `scaffold/` folder beside this module (package data). A path segment
`dot-x` there is written as `.x`: package-data globs skip dotfiles, and a real `.gitignore` or
`.github/` inside the package would act on paperfold's own repository.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import SiteError

if TYPE_CHECKING:
    from generator.commands.install_source import InstallSource

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
DOT_PREFIX = "dot-"
# A clone of a new, empty GitHub repository holds only .git: still an empty folder for a blog.
IGNORED_WHEN_EMPTY = frozenset({".git"})


@dataclass(frozen=True, slots=True)
class ScaffoldResult:
    """Where the blog went, which files were written and which existing ones were left alone."""

    folder: Path
    created: tuple[str, ...]
    kept: tuple[str, ...]
    notes: tuple[str, ...] = ()


def scaffold_files() -> dict[str, Path]:
    """Every file of a new blog: its path in the blog (POSIX, dots restored) -> the template file."""
    files: dict[str, Path] = {}
    for path in sorted(SCAFFOLD_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = path.relative_to(SCAFFOLD_DIR).parts
            files["/".join(_restore_dot(part) for part in parts)] = path
    return files


def _restore_dot(part: str) -> str:
    return "." + part[len(DOT_PREFIX):] if part.startswith(DOT_PREFIX) else part


def install_source() -> InstallSource:
    """What installed the paperfold that is running (commands/install_source.py), imported only
    by `init`: it reads the installed package's metadata, which `build` never needs."""
    from generator.commands.install_source import install_source as running

    return running()


def blog_files(source: InstallSource) -> dict[str, bytes]:
    """Every file of a new blog and its bytes: the template files, and what installs this paperfold."""
    from generator.commands.install_source import WHEEL_FOLDER, requirements_text

    files = {relative: path.read_bytes() for relative, path in scaffold_files().items()}
    files[".github/paperfold-requirements.txt"] = requirements_text(source).encode("utf-8")
    if source.wheel is not None:
        files[f"{WHEEL_FOLDER}/{source.wheel.name}"] = source.wheel.read_bytes()
    return files


def create_blog(folder: Path, force: bool = False, source: InstallSource | None = None) -> ScaffoldResult:
    """Write a new blog into `folder`; refuse a non-empty folder unless forced; never overwrite a file.

    Its workflow installs `source` (by default the paperfold that is running, as pip installed it)."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"cannot create a blog in {folder}: it is a file")
    if folder.is_dir() and not force:
        present = sorted(p.name for p in folder.iterdir() if p.name not in IGNORED_WHEN_EMPTY)
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise SiteError(f"{folder} is not empty ({shown}): use --force to add the blog's files to it; "
                            "files already there are kept, never overwritten")
    if not scaffold_files():
        raise SiteError(f"the blog template is missing from {SCAFFOLD_DIR}: reinstall paperfold")
    source = source or install_source()
    files = blog_files(source)
    created: list[str] = []
    kept: list[str] = []
    # Decide everything before writing anything, so a conflict leaves the folder as it was.
    for relative in files:
        target = folder / relative
        if os.path.lexists(target):
            kept.append(relative)
            continue
        blocking = next((p for p in target.parents if p != folder and p.is_relative_to(folder)
                         and os.path.lexists(p) and not p.is_dir()), None)
        if blocking is not None:
            raise SiteError(f"cannot create {relative}: {blocking} is a file, not a folder")
        created.append(relative)
    for relative in created:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # 'x' mode: if something appeared there since we looked, fail rather than overwrite it.
        with target.open("xb") as stream:
            stream.write(files[relative])
    return ScaffoldResult(folder, tuple(created), tuple(kept), source.notes)


def register(commands: Any) -> None:
    """Add `init` to the CLI's subparsers (an argparse `_SubParsersAction`)."""
    command: argparse.ArgumentParser = commands.add_parser(
        "init", help="create a new blog folder, ready to build and to publish on GitHub Pages")
    command.add_argument("folder", type=Path, help="the folder for the new blog (created if missing)")
    command.add_argument("--force", action="store_true",
                         help="add the blog's files to a folder that is not empty (existing files are kept)")
    command.set_defaults(run=run_init)


def run_init(arguments: argparse.Namespace) -> int:
    """Create the blog and say what was written, what was kept, and what to do next."""
    result = create_blog(arguments.folder, force=arguments.force)
    for relative in result.created:
        print(f"created {relative}")
    for relative in result.kept:
        print(f"kept {relative} (it already exists; not overwritten)")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"new blog in {arguments.folder}: build it with `paperfold build -s {arguments.folder}`")
    return 0
