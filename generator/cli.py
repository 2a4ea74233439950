"""The command line: a thin layer that parses options and calls the same functions tests call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from generator import __version__
from generator.build import build
from generator.commands.check_command import register as register_check
from generator.commands.options import options_from
from generator.commands.scaffold import register as register_init
from generator.commands.serve import register as register_serve
from generator.config.settings import load_config, require_blog
from generator.config.symlinks import ALLOW_FLAG
from generator.errors import SiteError, print_site_error
from generator.progress import terminal_progress
from generator.results import print_result

NO_ORIGIN_WARNING = ("_config.yml: warning: no url is set, so sitemap.xml, robots.txt and feed.xml carry relative "
                     "URLs, which sitemaps and feeds do not allow: set url: https://you.github.io or pass --url")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `paperfold`; returns the exit status (0 ok, 1 problems in the site, 2 usage)."""
    parser, commands = _parser()
    given = sys.argv[1:] if argv is None else list(argv)
    word = _command_word(given)
    if word is not None and word not in commands:
        print(unknown_command(word, commands), file=sys.stderr)
        return 2
    arguments = parser.parse_args(given)
    if not getattr(arguments, "command", None):
        parser.print_help()
        return 2
    try:
        return int(arguments.run(arguments))
    except SiteError as error:
        print_site_error(error, sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> tuple[argparse.ArgumentParser, tuple[str, ...]]:
    """The parser, and the names of its commands."""
    parser = argparse.ArgumentParser(prog="paperfold", description="Static sites for paper-reading notes.")
    parser.add_argument("--version", action=_PrintVersion, nargs=0, help="print paperfold's version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build_command = commands.add_parser("build", help="build the site into the destination folder")
    _site_options(build_command)
    build_command.add_argument("--fresh", action="store_true", help="ignore the cache and rebuild everything")
    build_command.set_defaults(run=_run_build)

    new = commands.add_parser("new", help="start a new post in _posts/ (or _drafts/ with --draft)")
    new.add_argument("title")
    new.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder (default: .)")
    new.add_argument("--tags", default="", help="comma-separated tags")
    new.add_argument("--category", default="", help="the post's category")
    new.add_argument("--draft", action="store_true", help="write it to _drafts/ without a date")
    new.set_defaults(run=_run_new)

    fix = commands.add_parser("fix-encoding", help="repair mis-decoded (mojibake) text in files, or convert them to UTF-8")
    fix.add_argument("files", nargs="+", type=Path)
    fix.add_argument("--write", action="store_true", help="rewrite the files, keeping each original as FILE.bak")
    fix.add_argument("--from", dest="source_encoding", metavar="ENCODING",
                     help="convert files that are not UTF-8 from this encoding (gbk, cp1252, ...)")
    fix.set_defaults(run=_run_fix_encoding)

    register_serve(commands)
    register_init(commands)
    register_check(commands)
    return parser, tuple(commands.choices)


class _PrintVersion(argparse.Action):
    """--version; the version is looked up only when asked for: importing importlib.metadata
    would slow every command's start."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> NoReturn:
        print(f"paperfold {installed_version()}")
        parser.exit()


def installed_version() -> str:
    """The version pip installed; the package's own when run from a checkout that was never installed."""
    from importlib import metadata

    try:
        return metadata.version("paperfold")
    except metadata.PackageNotFoundError:
        return __version__


def _command_word(argv: Sequence[str]) -> str | None:
    """The word in the command's place, unless an option before it (--help, --version) acts first."""
    for word in argv:
        if word.startswith("-"):
            if word in ("-h", "--help", "--version", "--"):
                return None
            continue
        return word
    return None


def unknown_command(word: str, commands: Sequence[str]) -> str:
    """The message for a command that is not one: the commands it may be a typo or a start of."""
    import difflib  # only a mistyped command needs it

    nearest = [name for name in commands if word and name.startswith(word)]
    nearest += [name for name in difflib.get_close_matches(word, commands, n=3) if name not in nearest]
    if not nearest:
        return (f"paperfold: unknown command '{word}'; the commands are {', '.join(commands)} "
                "(paperfold --help says what each does)")
    quoted = [f"'{name}'" for name in nearest]
    either = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"paperfold: unknown command '{word}'; did you mean {either}?"


def _site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder (default: .)")
    command.add_argument("-d", "--destination", type=Path, help="output folder (default: SOURCE/_site)")
    command.add_argument("--drafts", action="store_true", help="include posts from _drafts/")
    command.add_argument("--future", action="store_true", help="include posts dated in the future")
    command.add_argument("--baseurl", help="serve under this path (overrides _config.yml), e.g. /blog")
    command.add_argument("--url", help="the site's origin for absolute URLs (overrides _config.yml's url), "
                                       "e.g. https://you.github.io")
    command.add_argument(ALLOW_FLAG, action="store_true",
                         help="read files whose symbolic links lead outside the site (not read by default)")


def _run_build(arguments: argparse.Namespace) -> int:
    config = load_config(options_from(arguments))
    require_blog(config.source)
    with terminal_progress(sys.stderr) as progress:
        result = build(config, progress=progress)
    if result.ok and not config.url:
        # Only for a build to publish: a preview from `serve` is fine with relative URLs.
        print(NO_ORIGIN_WARNING, file=sys.stderr)
    print_result(result, sys.stdout, sys.stderr)
    return 0 if result.ok else 1


def _run_fix_encoding(arguments: argparse.Namespace) -> int:
    from generator.encoding.fix import fix_encoding_command  # the detector loads its language model lazily

    return fix_encoding_command(arguments.files, arguments.write, sys.stdout, arguments.source_encoding)


def _run_new(arguments: argparse.Namespace) -> int:
    from generator.commands.new import (
        create_post,  # imported by the command that uses it: `build` starts faster
    )

    tags = tuple(t.strip() for t in arguments.tags.split(",") if t.strip())
    path = create_post(arguments.source, arguments.title, tags=tags, category=arguments.category, draft=arguments.draft,
                       warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    print(f"created {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
