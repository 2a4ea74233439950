"""The stages as a build calls them, each call memoised by the build cache beside it.

A stage is a plain function of frozen values and never imports the cache; where part of its work
can be reused, it takes the memo as an argument (`memo=`, `related_of=`, `place_of=`, `render=`).
`CachedStages` calls each stage with this build's cache behind those arguments: a file whose stat
is unchanged is not read again (from serve's memory), a body whose text and settings are
unchanged is not rendered again (from memory or disk), and the values made from the whole site
(related posts, the papers index, the papers' pages, page keys) are the last build's while their
inputs are equal. `Outputs` keeps the output manifest: only files whose key changed are written.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from generator.config.settings import Config
from generator.content.discover import SourceFile
from generator.content.document import Document, source_path
from generator.content.liquid_scope import liquid_files, site_scope
from generator.content.load import Loaded
from generator.content.place import place
from generator.errors import ContentError, Diagnostic
from generator.incremental.body_edit import LastBuild
from generator.incremental.cache import CACHE_FOLDER, BuildCache, Manifest
from generator.incremental.memo import cached_bodies, remembered_load
from generator.incremental.seal import read_sealed, write_sealed
from generator.incremental.uptodate import SiteInputs, summary_of
from generator.markdown.bodies import Unresolved, render_linked_bodies
from generator.markdown.render import RenderedBody
from generator.papers.notes import PaperNote
from generator.results import BuildResult
from generator.site.layouts import site_layouts
from generator.site.model import Entry, Site, build_site, related_posts
from generator.site.papers import SitePapers, plan_paper_pages, site_papers
from generator.site.plans import PagePlan, SiteKeys, page_key, plan_pages, site_keys
from generator.site.sass import Stylesheet, compile_stylesheet, is_sass_page, sass_inputs
from generator.site.templates import template_environment
from generator.site.write import OutputFile


class CachedStages:
    """The stages of one whole build, with the build cache behind them."""

    def __init__(self, config: Config, cache: BuildCache, inputs: SiteInputs) -> None:
        self.config, self.cache, self.inputs = config, cache, inputs
        self.store = cache.body_store()
        self.layouts = site_layouts(config, inputs.templates)

    def load(self, sources: Iterable[SourceFile]) -> dict[SourceFile, Loaded]:
        """Each post, draft and page read (assets are copied, not read)."""
        return {source: remembered_load(source, self.config, self.cache, self.store)
                for source in sources if source.kind != "asset"}

    def bodies(self, documents: list[Document]) -> tuple[list[RenderedBody], list[Unresolved]]:
        render = functools.partial(cached_bodies, cache=self.cache, store=self.store)
        return render_linked_bodies(documents, self.config, site_documents=documents, render=render)

    def site(self, rendered: list[tuple[Document, RenderedBody]]) -> tuple[Site, tuple[ContentError, ...]]:
        cache, config, config_key = self.cache, self.config, repr(self.config)
        return build_site(
            config, rendered, related_of=lambda tags: cache.reuse("related", tags, lambda: related_posts(tags)),
            # By the document's identity: a document from memory is the same object as last time, and
            # the remembered value holds it, so its id is not reused while the entry lives.
            place_of=lambda document: cache.remember("places", (id(document), config_key), lambda: (
                document, place(document, config)))[1])

    def papers(self, site: Site) -> SitePapers:
        """The papers of every post: from the last build in memory (serve), else from the cache on
        disk when no post's notes changed (an edit to prose), else merged anew (seconds for a big blog)."""
        url_prefix = self.config.url + self.config.baseurl
        # The notes themselves are read (from the body store) only when the index is made anew.
        inputs = (url_prefix, tuple((e.document.title, e.url, e.body.papers_digest) for e in site.posts))

        def from_disk_or_anew() -> SitePapers:
            digest = hashlib.sha1(repr(inputs).encode()).hexdigest()
            kept = self.cache.load_stage("papers", digest)
            if isinstance(kept, SitePapers):
                return kept
            made = site_papers(_NotesOfPosts(site.posts), url_prefix, (e.body.paper_keys for e in site.posts))
            self.cache.save_stage("papers", digest, made)
            return made

        return self.cache.reuse("papers", inputs, from_disk_or_anew)

    def paper_plans(self, site: Site, papers: SitePapers, theme_key: str) -> list[PagePlan]:
        sources_by_url = {e.url: e.source for e in site.posts}
        return self.cache.reuse("paper pages", (papers, theme_key, sources_by_url), lambda: list(plan_paper_pages(
            papers.papers, theme_key, sources_by_url=sources_by_url, digests=papers.digests)))

    def site_keys(self, site: Site, theme_key: str, papers: SitePapers) -> SiteKeys:
        return site_keys(site, theme_key, papers.digests, memo=self.cache.remember)

    def plan_pages(self, site: Site, keys: SiteKeys, site_owned: frozenset[str],
                   stand_ins: frozenset[str]) -> list[PagePlan]:
        return list(plan_pages(site, self.config, keys, memo=self.cache.remember, site_owned=site_owned,
                               stand_ins=stand_ins, layouts=self.layouts))

    def outputs(self, plans: list[PagePlan], files: list[OutputFile], copies: list[OutputFile],
                keys: SiteKeys) -> Outputs:
        return Outputs(self.config.destination, self.cache, self.inputs.manifest, keys, plans, files, copies)

    def stylesheets(self, sources: Iterable[SourceFile]) -> tuple[list[Stylesheet], set[SourceFile], list[Diagnostic]]:
        """The site's Sass compiled (see site/sass.py), the sources compiled and the load folders'
        warnings; a stylesheet is compiled again only when it or a file in its load folders changed."""
        pages = [source for source in sources if is_sass_page(source)]
        if not pages:
            return [], set(), []
        inputs = sass_inputs(self.config)
        shared = hashlib.sha1(repr(inputs.style).encode())
        liquid = liquid_files(self.config)
        for (root, files) in inputs.folders:
            for below, path in files:
                shared.update(f"\0{root}\0{below}\0".encode() + path.read_bytes())
        sheets = []
        for source in pages:
            digest = shared.copy()
            # Its Liquid reads the site's variables and includes: their digest is the scope's.
            scope = site_scope(self.config, liquid, source_path(source, self.config))
            digest.update(b"\0" + scope.digest.encode())
            digest.update(b"\0" + source.path.read_bytes())
            name = "sass-" + hashlib.sha1(source.relative.encode()).hexdigest()
            kept = self.cache.load_stage(name, digest.hexdigest())
            if not isinstance(kept, Stylesheet):
                kept = compile_stylesheet(source, self.config, inputs, scope)
                if not kept.errors:
                    self.cache.save_stage(name, digest.hexdigest(), kept)
            sheets.append(kept)
        return sheets, set(pages), list(inputs.warnings)

    def templates(self) -> jinja2.Environment:
        return template_environment(self.config, self.inputs.templates, _bytecode_cache(self.config))

    def finish(self, result: BuildResult, outputs: Outputs, publish_from: datetime | None,
               texts: dict[SourceFile, Loaded], site: Site, keys: SiteKeys, papers: SitePapers,
               templates: jinja2.Environment) -> None:
        """Keep what the next build needs: the manifest, the bodies in use, and (in memory) the
        state serve's shortcut starts from."""
        manifest = Manifest(str(self.config.destination), outputs.keys, self.inputs.digest,
                            summary_of(result, publish_from), outputs.reads)
        self.cache.save_manifest(manifest)
        self.cache.prune_bodies_later()  # serve prunes after its reload signal, a one-shot build before it returns
        self.cache.keep_state(LastBuild(self.config, {str(source.path): source for source in texts},
                                        {str(source.path): loaded for source, loaded in texts.items()},
                                        site, keys, papers, manifest, result, publish_from, templates,
                                        self.layouts))


class Outputs:
    """Each output file's key of its inputs, and which files are stale: those whose key is not the
    one the last build's manifest holds, or that are missing from the output folder."""

    def __init__(self, destination: Path, cache: BuildCache, manifest: Manifest, site_keys: SiteKeys,
                 plans: list[PagePlan], files: list[OutputFile], copies: list[OutputFile]) -> None:
        self.destination, self.manifest, self.site_keys = destination, manifest, site_keys
        self.keys: dict[str, str] = {".nojekyll": "nojekyll"}
        self.reads: dict[str, tuple[str, ...]] = {}
        self.stale_pages: list[PagePlan] = []
        for plan in plans:
            self.reads[plan.output_path] = manifest.reads.get(plan.output_path, ())
            self.keys[plan.output_path] = page_key(plan, self.reads[plan.output_path], site_keys)
            if not self._unchanged(plan.output_path):
                self.stale_pages.append(plan)
        self.stale_files: list[OutputFile] = [] if manifest.keys else [OutputFile(".nojekyll", b"")]
        for data_file in files:
            self.keys[data_file.path] = cache.reuse("data key " + data_file.path, data_file.data,
                                                    functools.partial(_data_key, data_file.data))
            if not self._unchanged(data_file.path):
                self.stale_files.append(data_file)
        for copy in copies:
            self.keys[copy.path] = _copy_key(copy) if copy.copy_from else _data_key(copy.data)
            if not self._unchanged(copy.path):
                self.stale_files.append(copy)

    @property
    def removed(self) -> list[str] | None:
        """The last build's files that this build does not write, or None for a first build."""
        return sorted(self.manifest.keys.keys() - self.keys.keys()) if self.manifest.keys else None

    def rendered(self, plan: PagePlan, page_reads: tuple[str, ...]) -> None:
        """A page was rendered: its key is made of the SITE_PARTS it read this time."""
        self.reads[plan.output_path], self.keys[plan.output_path] = page_reads, page_key(plan, page_reads,
                                                                                          self.site_keys)

    def _unchanged(self, path: str) -> bool:
        # os.path rather than pathlib: this runs for every page of the site on every rebuild.
        return self.manifest.keys.get(path) == self.keys[path] and os.path.isfile(os.path.join(self.destination, path))


@dataclass(frozen=True)
class _NotesOfPosts:
    """The posts' paper notes, each post's read from the body store only as the index reaches it."""

    posts: tuple[Entry, ...]

    def __iter__(self) -> Iterator[tuple[str, str, tuple[PaperNote, ...]]]:
        return ((entry.document.title, entry.url, entry.body.papers) for entry in self.posts)


def _bytecode_cache(config: Config) -> jinja2.BytecodeCache:
    """Compiled templates kept between builds: compiling them costs more than a one-post rebuild."""
    # Apart by kind: code compiled for the sandbox checks every call and attribute, the other none.
    return _SealedBytecodeCache(config.source / CACHE_FOLDER / ("templates-trusted" if config.trusted_templates
                                                                else "templates"))


class _SealedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's FileSystemBytecodeCache, but its files sealed as the rest of the cache is (incremental/seal.py):
    Jinja's own unpickles and runs whatever file it finds under a template's name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_sealed(self._path(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_sealed(self._path(bucket), bucket.bytecode_to_string())

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"


def _data_key(data: bytes | None) -> str:
    return "data:" + hashlib.sha1(data or b"").hexdigest()


def _copy_key(copy: OutputFile) -> str:
    assert copy.copy_from is not None
    stat = copy.copy_from.stat()
    return f"copy:{copy.copy_from}:{stat.st_mtime_ns}:{stat.st_size}"


__all__ = ["CachedStages", "Outputs"]
