"""The one exception family: everything a user can get wrong is a SiteError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


class SiteError(Exception):
    """A problem with the site's input or settings, reported without a traceback."""


class ConfigError(SiteError):
    """One or more problems in `_config.yml` or the command line, all collected."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ContentError(SiteError):
    """Something wrong in a user's file, located as precisely as we can."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class UndatedPost(ContentError):
    """A file in _posts whose name has no date: Jekyll skips it, and so do we, with a warning."""


def print_site_error(error: SiteError, stream: TextIO) -> None:
    """How the command line shows a SiteError: each config problem on its line, else `error: ...`."""
    if isinstance(error, ConfigError):
        for problem in error.problems:
            print(problem, file=stream)
    else:
        print(f"error: {error}", file=stream)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning or error as printed to the user: `path:line: message`."""

    path: str
    line: int | None
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    @classmethod
    def from_error(cls, error: ContentError) -> Diagnostic:
        return cls(error.path, error.line, error.message, "error")
