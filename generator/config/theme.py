"""The theme's files: the bundled theme's templates/ and static/, file by file overridden by the
site's own, with the symbolic links the site may follow (config/symlinks.py).

Read by the build's inputs (incremental/uptodate.py, which stats them) and by the templates'
loader (site/templates.py), which both need the same choice of files.
"""

from __future__ import annotations

from pathlib import Path

from generator.config.settings import SELF_HOSTED_MATH, Config, default_theme_dir
from generator.config.symlinks import LINKED_FOLDER, LinkCheck, walk
from generator.errors import Diagnostic


def theme_files(config: Config, folder: str) -> tuple[dict[str, Path], tuple[Diagnostic, ...]]:
    """The theme's files under `folder` (templates or static) by their path below it, the site's
    own overriding the bundled theme's one at a time, and the warnings for the site's links refused.
    Hidden files (a name starting with '.') are left out of static/."""
    chosen: dict[str, Path] = {}
    warnings: list[Diagnostic] = []
    links = LinkCheck(config)
    # The bundled theme first, for the site's files to replace; it is paperfold's own, and trusted.
    for directory in dict.fromkeys(reversed(config.theme_dirs)):
        root = directory / folder
        own = directory == config.source
        bundled = folder == "static" and directory == default_theme_dir()  # the checkout is both, for its own blog
        refused = links.refusal(root, folder) if own else None
        if refused is not None:
            warnings.append(refused)
            continue
        for here, subfolders, files, linked in walk(root):
            relative_folder = here.relative_to(root).as_posix() + "/"
            relative_folder = "" if relative_folder == "./" else relative_folder
            warnings.extend(Diagnostic(f"{folder}/{relative_folder}{name}", None, LINKED_FOLDER)
                            for name in sorted(subfolders) if own and name in linked)
            for name in files:
                if folder == "static" and name.startswith("."):
                    continue
                path, relative = here / name, relative_folder + name
                if bundled and config.math != "self" and relative.startswith(SELF_HOSTED_MATH):
                    continue  # KaTeX comes from its CDN: 600 KB a site need not carry
                if name in linked:
                    refused = links.refusal(path, f"{folder}/{relative}") if own else None
                    if refused is not None:
                        warnings.append(refused)
                        continue
                    if not path.is_file():
                        continue  # a link to nothing
                chosen[relative] = path
    return dict(sorted(chosen.items())), tuple(warnings)


__all__ = ["theme_files"]
