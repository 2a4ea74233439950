"""What a build and its search indexing report: plain values, importable without the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.counts import counted
from generator.errors import Diagnostic

if TYPE_CHECKING:
    from generator.site.model import Site


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What indexing did: pages and records (outline nodes) indexed, or why it was skipped.

    `batches` were indexed by Pagefind and `reused` copied from the last index (search/index.py);
    `peak_bytes` is the largest Pagefind process's peak memory.
    """

    pages: int = 0
    records: int = 0
    seconds: float = 0.0
    skipped: str = ""
    batches: int = 0
    reused: int = 0
    peak_bytes: int = 0

    def summary(self) -> str:
        """One line for the terminal: what was indexed, in how long and how much memory."""
        return (f"search index: {counted(self.pages, 'page')} ({counted(self.records, 'outline node')}), "
                f"{counted(self.batches, 'batch', 'batches')} indexed, {self.reused} reused, "
                f"in {self.seconds:.2f} s, Pagefind peak {self.peak_bytes / 2**20:.0f} MB")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: counts for the summary line, every warning and error, the Site.

    `site` is None when the build found nothing changed and read no source; `shortcut` is True
    when it rebuilt only the pages showing edited bodies (incremental/body_edit.py).
    """

    destination: Path
    posts: int = 0
    pages: int = 0
    tags: int = 0
    categories: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    site: Site | None = None
    search: SearchResult = field(default_factory=SearchResult)
    shortcut: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def print_result(result: BuildResult, out: TextIO, err: TextIO) -> None:
    """Warnings and errors as `path:line: message`, then one summary line."""
    for warning in result.warnings:
        print(warning, file=err)
    for error in result.errors:
        print(error, file=err)
    if result.errors:
        print(f"build failed: {counted(len(result.errors), 'error')}; {result.destination} was left as it was", file=err)
        return
    searched = f"; {result.search.summary()}" if result.search.seconds else ""
    print(
        f"built {counted(result.posts, 'post')}, {counted(result.pages, 'page')}, {counted(result.tags, 'tag')}, "
        f"{counted(result.categories, 'category', 'categories')} into {result.destination} in {result.seconds:.2f} s"
        f"{searched}",
        file=out,
    )
