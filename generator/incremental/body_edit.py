"""A shortcut through the pipeline for serve's usual rebuild: an edit to bodies alone.

When every file changed since the last build is a post or page whose front matter stays as it
was, and whose new body shows the same summary (what listings show of it), the same Liquid tags
and the same papers, then the site's structure and every listing's key stay as they were too:
only the pages that show those bodies change (`pages.plan_body_pages`). serve keeps the last
build's state (LastBuild) in its cache, and this redoes just that, instead of a pass over every
post. Anything else (a new, deleted or renamed file, a changed title, date or tag, a template,
the config) goes through the whole pipeline. Both write the same bytes: tests/test_incremental.py
compares them with a clean build after random edits.
"""

from __future__ import annotations

import functools
import os
import time
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import jinja2

from generator.config.settings import Config
from generator.config.symlinks import LinkCheck
from generator.content.discover import SourceFile
from generator.content.load import Loaded
from generator.errors import ContentError
from generator.incremental.cache import BuildCache, Manifest
from generator.incremental.memo import cached_bodies, remembered_load
from generator.incremental.uptodate import summary_of
from generator.markdown.bodies import body_keys, render_linked_bodies
from generator.markdown.fence import FenceMemo, PieceKey, RenderedPiece
from generator.markdown.site_pages import lists_post_contents
from generator.results import BuildResult, SearchResult
from generator.search.index import build_search_index
from generator.site.layouts import Layouts
from generator.site.model import Entry, Site, with_new_bodies
from generator.site.papers import SitePapers
from generator.site.plans import SiteKeys, entry_digest, page_key, plan_body_pages
from generator.site.templates import render_page, shared_context
from generator.site.write import update_site, written_by_paperfold

# How many edits' outline pieces serve keeps: each holds a post's parsed outlines and their HTML.
FENCES_KEPT = 8


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What a successful build leaves for the next one in the same process (serve's)."""

    config: Config
    sources: dict[str, SourceFile]  # posts, drafts and pages by path, as the watcher names them
    loaded: dict[str, Loaded]  # by source path
    site: Site
    keys: SiteKeys
    papers: SitePapers
    manifest: Manifest  # as written: each output's key and the SITE_PARTS it read
    result: BuildResult
    publish_from: datetime | None
    templates: jinja2.Environment  # loaded templates: a shortcut has the same config and theme
    layouts: Layouts  # and the same layouts (an edit to _layouts/ is not to bodies alone)
    # The outline pieces (outline_fence) of the bodies the last few shortcuts rendered, by the
    # sources edited: a writer goes back and forth between a few posts.
    fences: Mapping[tuple[str, ...], dict[PieceKey, RenderedPiece]] = field(default_factory=dict)

    @property
    def unsettled(self) -> tuple[str, ...]:
        """Sources read too soon after a change to trust their stat: read again next time."""
        return tuple(path for path, loaded in self.loaded.items() if not loaded.settled)


def rebuild_bodies(last: LastBuild, config: Config, now: datetime, changed: Iterable[str], cache: BuildCache,
                   started: float, index_search: bool) -> BuildResult | None:
    """The build after an edit to bodies alone, or None when the edit was more than that."""
    if config != last.config or (last.publish_from is not None and now >= last.publish_from):
        return None
    if not written_by_paperfold(config.destination):
        return None  # the site folder was removed (a clean, say): the whole site is to be written
    paths = set(changed) | set(last.unsettled)
    if not paths or not all(path in last.sources and os.path.isfile(path) for path in paths):
        return None
    links = LinkCheck(config)
    if any(links.refusal(Path(path), path) is not None for path in paths):
        return None  # the whole pipeline passes over it, with its warning
    loaded = dict(last.loaded)
    for path in paths:
        # A file in `changed` has a new stat, so this reads it (the memory is keyed by stat).
        loaded[path] = remembered_load(last.sources[path], config, cache)
        if not _same_but_body(last.loaded[path], loaded[path]):
            return None
    if lists_post_contents((entry.document for entry in last.site.pages), config):
        return None  # a page showing every post's content (an archive, a feed) is rendered again with them
    entries = {e.source: e for e in (*last.site.posts, *last.site.pages)}
    edited = [(entries[doc.source.relative], doc) for doc in (loaded[path].document for path in paths)
              if doc is not None and doc.source.relative in entries]
    fences = FenceMemo(ChainMap(*last.fences.values()))
    site_documents = [entry.document for entry in (*last.site.posts, *last.site.pages)]
    bodies, unresolved = render_linked_bodies([doc for _, doc in edited], config, site_documents=site_documents,
                                              render=functools.partial(cached_bodies, cache=cache, fences=fences))
    if unresolved:
        return None  # the whole pipeline reports it
    replaced: dict[str, Entry] = {}
    for (entry, document), body in zip(edited, bodies):
        new = replace(entry, document=document, body=body)
        if (body.liquid_problems != entry.body.liquid_problems or body.papers_digest != entry.body.papers_digest
                or (entry.source in last.keys.summaries and entry_digest(new) != last.keys.summaries[entry.source])):
            return None
        replaced[entry.source] = new
    site = with_new_bodies(last.site, replaced)
    outputs, reads = dict(last.manifest.keys), dict(last.manifest.reads)
    stale = [plan for plan in plan_body_pages(site, config, last.keys, frozenset(replaced), memo=cache.remember,
                                             layouts=last.layouts)
             if outputs.get(plan.output_path) != page_key(plan, reads.get(plan.output_path, ()), last.keys)]
    shared = shared_context(site, config, last.papers.papers)
    try:
        pages = [render_page(last.templates, plan, shared) for plan in stale]
    except ContentError:
        return None  # the whole pipeline reports it, as it does every error
    for plan, page in zip(stale, pages):
        reads[plan.output_path], outputs[plan.output_path] = page.reads, page_key(plan, page.reads, last.keys)
    cache.forget_manifest(config.destination)
    written = update_site(config.destination, [page.file for page in pages], []) if pages else 0
    search = build_search_index(site, config) if index_search and written else SearchResult()
    result = replace(last.result, files=written, seconds=time.perf_counter() - started, site=site, search=search,
                     shortcut=True)
    # no digest of the inputs: this build read only the edited files
    manifest = replace(last.manifest, keys=outputs, inputs="", reads=reads,
                       summary=summary_of(result, last.publish_from))
    cache.save_manifest(manifest, later=True)  # the reload need not wait for it
    in_use = [*site.posts, *site.pages]
    cache.prune_bodies_later(lambda: body_keys([entry.document for entry in in_use],
                                               [entry.body for entry in in_use], config, site_documents))
    cache.keep_state(replace(last, loaded=loaded, site=site, manifest=manifest, result=result,
                             fences=_remembered_fences(last.fences, tuple(sorted(replaced)), fences.used)))
    return result


def _remembered_fences(last: Mapping[tuple[str, ...], dict[PieceKey, RenderedPiece]], edited: tuple[str, ...],
                       used: dict[PieceKey, RenderedPiece]) -> dict[tuple[str, ...], dict[PieceKey, RenderedPiece]]:
    """The pieces just used first, then those of the other sources edited most recently."""
    recent = [(sources, fences) for sources, fences in last.items() if sources != edited]
    return dict([(edited, used), *recent][:FENCES_KEPT])


def _same_but_body(old: Loaded, new: Loaded) -> bool:
    """Whether the file reads as before but for its body: no new message, the same front matter."""
    if old.errors or new.errors or old.warnings != new.warnings:
        return False
    if old.document is None or new.document is None:
        return old.document is new.document
    return new.document == old.document  # documents compare without their bodies


__all__ = ["LastBuild", "rebuild_bodies"]
