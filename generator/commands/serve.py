"""`paperfold serve` on the command line: its options, and the call to serve()."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.commands.options import options_from
from generator.config.symlinks import ALLOW_FLAG


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return value


def register(commands: Any) -> None:
    """Add `serve` to the CLI's subparsers (`run=` takes the parsed arguments, returns the exit status)."""
    command = commands.add_parser("serve", help="build, serve on http://127.0.0.1:4000/ and rebuild on every save")
    command.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder (default: .)")
    command.add_argument("-d", "--destination", type=Path,
                         help="output folder (default: its own, SOURCE/.paperfold-cache/serve; never _site)")
    command.add_argument("--drafts", action="store_true", help="include posts from _drafts/")
    command.add_argument("--future", action="store_true", help="include posts dated in the future")
    command.add_argument("--baseurl", help="serve under this path (overrides _config.yml), e.g. /blog")
    command.add_argument(ALLOW_FLAG, action="store_true",
                         help="read files whose symbolic links lead outside the site (not read by default)")
    command.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this machine only)")
    command.add_argument("--port", type=_port, default=4000, help="port to listen on (default: 4000)")
    command.add_argument("--open", dest="open_browser", action="store_true", help="open the site in a web browser")
    command.set_defaults(run=_run_serve)


def _run_serve(arguments: argparse.Namespace) -> int:
    # The server's libraries (tornado, livereload) load only for this command: `build` starts faster.
    from generator.serve.run import serve

    return serve(options_from(arguments), arguments.host, arguments.port, arguments.open_browser)
