"""The options of the commands that build a site, as the BuildOptions the config stage reads."""

from __future__ import annotations

import argparse

from generator.config.settings import BuildOptions


def options_from(arguments: argparse.Namespace) -> BuildOptions:
    """What `build` or `serve` was asked to build (serve has no --fresh or --url)."""
    return BuildOptions(source=arguments.source, destination=arguments.destination, drafts=arguments.drafts,
                        future=arguments.future, fresh=getattr(arguments, "fresh", False), baseurl=arguments.baseurl,
                        url=getattr(arguments, "url", None),
                        allow_symlinks_outside=arguments.allow_symlinks_outside)
