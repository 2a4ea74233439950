"""`paperfold serve`: build, serve the output folder, rebuild on every save, reload the browser.

It sits on top of build() and adds nothing to it. The live server is serve/server.py, the HTTP side
serve/http.py, the watching and debouncing serve/watch.py, the command line commands/serve.py."""

from __future__ import annotations

import sys

from generator.config.settings import BuildOptions
from generator.errors import SiteError, print_site_error
from generator.serve.http import is_loopback
from generator.serve.server import Reload, SiteServer


def serve(config_options: BuildOptions, host: str = "127.0.0.1", port: int = 4000, open_browser: bool = False) -> int:
    """`paperfold serve`: 0 after Ctrl-C, 1 when the server cannot start (bad config, port in use)."""
    try:
        server = SiteServer(config_options, host, port)
    except SiteError as error:
        print_site_error(error, sys.stderr)
        return 1
    if not is_loopback(host):
        print(f"warning: serving on {host}: the site is visible to the network, not only to this machine",
              file=sys.stderr)
    try:
        server.run(open_browser=open_browser)
    except KeyboardInterrupt:
        pass
    print("stopped", file=sys.stdout)
    return 0


__all__ = ["Reload", "SiteServer", "serve"]
