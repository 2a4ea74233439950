"""A stage's call for one file, reused from the cache: a document as the last build read it while
its file's stat is unchanged, a body as some build rendered it while its text and settings are."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from generator.config.settings import Config
from generator.content.discover import SourceFile
from generator.content.load import Loaded, load_source
from generator.content.store import BodyStore
from generator.incremental.cache import BuildCache
from generator.incremental.inputs import settled
from generator.markdown.bodies import BodyJob, rendered_bodies
from generator.markdown.fence import FenceMemo
from generator.markdown.render import RenderedBody


def remembered_load(source: SourceFile, config: Config, cache: BuildCache, store: BodyStore | None = None) -> Loaded:
    """load_source(), or the last build's result when the file's stat says it has not changed since."""
    started = time.time_ns()
    try:
        stat = source.path.stat()
    except OSError:
        return load_source(source, config, store)
    stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, stat.st_dev)
    # A file changed this recently may change again within one timestamp tick, unseen by its
    # stat: it is read again next time rather than trusted from memory (see incremental/inputs.py).
    key = (source.relative, source.kind, str(source.path), stamp, config.timezone, config.repair_encoding,
           str(config.content_root), config.text_digest)
    trusted = settled(stat, started)
    loaded = cache.remember("documents", key, lambda: load_source(source, config, store), keep=trusted)
    return loaded if trusted else replace(loaded, settled=False)


def cached_bodies(jobs: Sequence[BodyJob], cache: BuildCache, fences: FenceMemo | None = None,
                  store: BodyStore | None = None) -> list[RenderedBody]:
    """One body per job, in order: cached ones loaded, the others rendered and then cached.

    With a `store`, each body's bulky fields go there as soon as it is loaded or rendered."""

    def kept(job: BodyJob, body: RenderedBody | None) -> RenderedBody | None:
        if store is None or body is None:
            return body
        body = body.kept_in(store)
        cache.keep_body(job.key(), body)
        return body

    found = [kept(job, cache.lookup(job.key(), store)) for job in jobs]
    missing = [index for index, body in enumerate(found) if body is None]
    for index, (body, parts) in zip(missing, rendered_bodies([jobs[index] for index in missing], fences, store)):
        cache.store(jobs[index].key(), body, parts=parts)
        found[index] = kept(jobs[index], body)
    return [body for body in found if body is not None]


__all__ = ["cached_bodies", "remembered_load"]
