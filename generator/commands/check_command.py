"""`paperfold check` on the command line: its options, and the call to check_site()."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.config.settings import BuildOptions, load_config
from generator.config.symlinks import ALLOW_FLAG
from generator.site.write import recorded_baseurl


def register(commands: Any) -> None:
    """Add `check` to the CLI's subparsers (an argparse `_SubParsersAction`)."""
    command: argparse.ArgumentParser = commands.add_parser(
        "check", help="check the built site's internal links and #fragments")
    command.add_argument("-s", "--source", type=Path, default=Path("."),
                         help="site folder whose _config.yml gives the baseurl (default: .)")
    command.add_argument("-d", "--destination", type=Path, help="built site to check (default: SOURCE/_site)")
    command.add_argument("--baseurl", help="the base path the site was built for, e.g. /blog (default: the one "
                                           "paperfold built it for, else _config.yml's)")
    command.add_argument(ALLOW_FLAG, action="store_true", help="read a _config.yml that links outside the site")
    command.set_defaults(run=run_check)


def run_check(arguments: argparse.Namespace) -> int:
    """Print every broken link, then a summary; 0 when nothing is broken, 1 otherwise."""
    from generator.commands.check import check_site  # its HTML parser is not needed by the other commands

    config = load_config(BuildOptions(source=arguments.source, destination=arguments.destination,
                                      baseurl=arguments.baseurl, allow_symlinks_outside=arguments.allow_symlinks_outside))
    # The base path the build recorded beats _config.yml's: `build --baseurl` overrides that.
    recorded = recorded_baseurl(config.destination) if arguments.baseurl is None else None
    report = check_site(config.destination, config.baseurl if recorded is None else recorded, site_url=config.url)
    for problem in report.broken:
        print(problem, file=sys.stderr)
    print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
    hint = report.base_path_hint() if arguments.baseurl is None and recorded is None else ""
    if hint:
        print(hint, file=sys.stderr)
    return 0 if report.ok else 1


__all__ = ["register", "run_check"]
