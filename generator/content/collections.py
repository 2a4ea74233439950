"""Jekyll collections (`collections:` in _config.yml, each read from its `_name/` folder): those
with `output: true` are published as Jekyll writes them, their documents as pages at the
collection's permalink (`/:collection/:path` with the site's style's ending, unless it names its
own) and their other files copied beside them."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from generator.config.settings import Config
from generator.content.urls import expand_permalink, jekyll_slugify, permalink_suffix

# Jekyll's own collections, which paperfold reads as posts and drafts.
BUILT_IN = frozenset({"posts", "drafts"})


def published_collections(config: Config) -> dict[str, str]:
    """The collections Jekyll writes, by name, with the permalink each names ('' for none)."""
    configured = config.extra.get("collections")
    # A list is Jekyll's short form: names alone, none of them published.
    if not isinstance(configured, Mapping):
        return {}
    published = {}
    for name, settings in configured.items():
        if name not in BUILT_IN and isinstance(settings, Mapping) and settings.get("output") is True:
            permalink = settings.get("permalink")
            published[str(name)] = permalink if isinstance(permalink, str) else ""
    return published


def collection_url(relative: str, config: Config, output_extension: str, *, document: bool) -> str | None:
    """The URL Jekyll gives a file of a published collection (`relative` from the source folder),
    None for a file in no such collection. A document's URL ends as the collection's permalink
    says; any other file keeps its name and extension (Jekyll's StaticFile#url)."""
    folder, _, inside = relative.partition("/")
    permalink = published_collections(config).get(folder[1:]) if folder.startswith("_") and inside else None
    if permalink is None:
        return None
    path, extension = posixpath.splitext(inside)
    basename = posixpath.basename(path)
    values = {"collection": folder[1:], "path": path, "output_ext": output_extension if document else "",
              "name": jekyll_slugify(basename) if document else basename,
              "title": jekyll_slugify(basename, pretty=True, cased=True) if document else ""}
    pattern = permalink or "/:collection/:path" + permalink_suffix(config.permalink)
    url = expand_permalink(pattern, values)
    return url if document else url.rstrip("/") + extension


__all__ = ["collection_url", "published_collections"]
