"""Stage 2a: what the build will read, and whether the last build already read exactly that.

A rebuild of an unchanged site then only walks the folders and stats the files, as make does,
instead of reading and parsing every post; and it imports none of the pipeline's libraries.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.config.settings import Config
from generator.config.theme import theme_files
from generator.content.discover import SourceFile, discover
from generator.content.liquid_scope import liquid_file_paths
from generator.errors import Diagnostic
from generator.incremental.cache import BuildCache, Manifest
from generator.incremental.inputs import input_digest, static_files
from generator.results import BuildResult
from generator.site.layouts import layout_files
from generator.site.sass import sass_input_files
from generator.site.write import INDEX_FOLDER, MARKER, OutputFile


@dataclass(frozen=True, slots=True)
class SiteInputs:
    """The sources found, the theme's templates (by name) and static files, their digest, and the last manifest."""

    sources: tuple[SourceFile, ...]
    warnings: tuple[Diagnostic, ...]
    templates: Mapping[str, Path]
    static: tuple[OutputFile, ...]
    digest: str
    manifest: Manifest


def read_inputs(config: Config, cache: BuildCache, *, digest: bool = True) -> SiteInputs:
    """The site's inputs; `digest=False` skips their digest (serve never skips a build), and a
    later one-shot build then reads everything once."""
    sources, warnings = discover(config)
    templates, template_warnings = theme_files(config, "templates")
    static_chosen, static_warnings = theme_files(config, "static")
    static = tuple(static_files(static_chosen))
    warnings += template_warnings + static_warnings
    # Files discovery refused are in no digest: with one there, the last build's report must not be repeated.
    refused = any(warning.severity == "error" for warning in warnings)
    # The warnings are digested too: a file passed over (a link refused, say) is in no list of files
    # read, and once it is gone, the report repeated must not name it.
    # The site's Jekyll layouts too, whose inheritance chooses templates (site/layouts.py).
    digested = input_digest(config, [*(s.path for s in sources), *templates.values(), *static_chosen.values(),
                                     *layout_files(config), *sass_input_files(config, sources),
                                     *liquid_file_paths(config)],
                            notes=map(str, warnings)) if digest and not refused else ""
    manifest = cache.manifest(config.destination) if (config.destination / MARKER).is_file() else Manifest()
    return SiteInputs(sources, warnings, MappingProxyType(templates), static, digested, manifest)


def unchanged_result(inputs: SiteInputs, config: Config, now: datetime, index_search: bool,
                     started: float) -> BuildResult | None:
    """The last build's report again, when it read these very inputs and its output is all there."""
    manifest = inputs.manifest
    if not inputs.digest or manifest.inputs != inputs.digest or not manifest.summary:
        return None
    summary = manifest.summary
    if summary["publish_from"] and now >= datetime.fromisoformat(summary["publish_from"]):
        return None  # a post dated in the future then is due now
    wants_index = index_search and config.search and find_spec("pagefind") is not None
    if wants_index and not (config.destination / INDEX_FOLDER).is_dir():
        return None
    if not all(os.path.isfile(os.path.join(config.destination, path)) for path in manifest.keys):
        return None
    return BuildResult(
        destination=config.destination, posts=summary["posts"], pages=summary["pages"], tags=summary["tags"],
        categories=summary["categories"], warnings=tuple(Diagnostic(*w) for w in summary["warnings"]),
        seconds=time.perf_counter() - started,
    )


def summary_of(result: BuildResult, publish_from: datetime | None) -> dict[str, Any]:
    """What `unchanged_result` needs to repeat this build's report."""
    return {
        "posts": result.posts, "pages": result.pages, "tags": result.tags, "categories": result.categories,
        "warnings": [[w.path, w.line, w.message, w.severity] for w in result.warnings],
        "publish_from": publish_from.isoformat() if publish_from else None,
    }


__all__ = ["SiteInputs", "read_inputs", "summary_of", "unchanged_result"]
