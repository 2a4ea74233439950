"""What the last build produced, so the next one redoes only what changed.

Two records live in `.paperfold-cache/` beside `_config.yml` (Jekyll keeps `.jekyll-cache` there):
rendered bodies keyed by a digest of their source text and settings, and the output manifest
(each output file with the key of the inputs it was rendered from). A site folder may be anyone's
repository, so every file there is sealed (seal.py) and one this user's paperfold did not write
is a miss, never unpickled.

A BuildCache kept across builds (serve keeps one) also remembers, in memory, what the last build
computed: loaded documents, bodies, the papers index. Each build keeps only what it used, so the
memory holds one site's worth of values, never more.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from generator import __version__
from generator.content.store import BodyStore
from generator.incremental.prune import prune_bodies
from generator.incremental.seal import open_sealed, read_sealed, write_sealed
from generator.site.write import written_by_paperfold

if TYPE_CHECKING:
    from generator.markdown.render import RenderedBody

CACHE_FOLDER = ".paperfold-cache"
T = TypeVar("T")
# serve keeps one BodyStore for its session, and each whole build appends what it loaded or
# rendered anew while what that replaced stays in the file: past this many times what the first
# build into it put there, plus this much for small sites, a new one starts.
STORE_RENEW_FACTOR = 2
STORE_RENEW_SLACK = 64 * 2**20
# A body-only edit (serve's shortcut) prunes the cached bodies once it has written this many:
# a prune scans the folder, about 6 ms per 1,000 bodies, too much for every save of a big blog.
SHORTCUT_PRUNE_AFTER = 50


@functools.cache
def code_digest() -> str:
    """A digest of paperfold's own code: a cache written by other code is never trusted."""
    digest = hashlib.sha1(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """The output folder as the last build left it: file path -> key of its inputs.

    `inputs` is the digest of every input file's stat, the config and the theme when that build
    read them (empty when a file was too fresh to trust its stat); `summary` is what that build
    reported, so an unchanged site can say the same again without reading a file.
    """

    destination: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    inputs: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)  # pages.SITE_PARTS each page read


class BuildCache:
    """Rendered bodies and the output manifest; a missing or unreadable cache is just empty."""

    def __init__(self, source: Path, enabled: bool) -> None:
        self.root = source / CACHE_FOLDER
        self.enabled = enabled
        self._last_build: dict[str, dict[Hashable, object]] = {}
        self._this_build: dict[str, dict[Hashable, object]] = {}
        self._state: object | None = None
        self._pending: Manifest | None = None
        self._body_store: BodyStore | None = None
        self._store_baseline: int | None = None  # the store's size after the first build into it
        self._written: set[Path] = set()  # bodies written since the last prune: the folder grew
        # The bodies in use, when a prune is due: named when it is done, after serve's reload signal.
        self._pending_prune: Callable[[], list[Path]] | None = None

    def body_store(self) -> BodyStore:
        """Where the builds with this cache keep documents' text and bodies' bulk: one file for all,
        as what one build put there is still read by the next (serve would open one per rebuild).

        Once the file is mostly what later builds replaced (STORE_RENEW_FACTOR), a new one starts
        and the memory of the last build is let go, as its values point into the old file: this
        build then reads documents and bodies from disk, as after a restart. The old file goes
        when nothing reads it any more (serve's search indexer may still)."""
        store, baseline = self._body_store, self._store_baseline
        if store is not None and baseline is not None and store.size > STORE_RENEW_FACTOR * baseline + STORE_RENEW_SLACK:
            self._body_store, self._store_baseline, self._last_build = None, None, {}
        if self._body_store is None:
            self._body_store = BodyStore()
        return self._body_store

    def remember(self, table: str, key: Hashable, make: Callable[[], T], *, keep: bool = True) -> T:
        """make()'s value, or the value the last build made for the same key; `keep=False` to not keep it."""
        last = self._last_build.get(table, {})
        value = last[key] if self.enabled and key in last else make()
        if keep and self.enabled:
            self._this_build.setdefault(table, {})[key] = value
        return value  # type: ignore[return-value]

    def reuse(self, slot: str, inputs: object, make: Callable[[], T]) -> T:
        """make()'s value, or the last build's for this slot when its inputs were equal.

        For values made from the whole site (the papers index): hashing every input would cost
        as much as a lookup saves, while `==` on tuples skips the objects the last build also had.
        """
        last = cast("tuple[object, T] | None", self._last_build.get("slots", {}).get(slot))
        if self.enabled and last is not None and last[0] == inputs:
            value = last[1]
        else:
            value = make()
        if self.enabled:
            self._this_build.setdefault("slots", {})[slot] = (inputs, value)
        return value  # type: ignore[no-any-return]

    def finish_build(self) -> None:
        """What this build used becomes what the next one may reuse; the rest is let go."""
        self._last_build, self._this_build = self._this_build, {}
        if self._store_baseline is None and self._body_store is not None:
            self._store_baseline = self._body_store.size

    def discard_build(self) -> None:
        """Forget what this build remembered, and keep the last one's for the next (a build that
        touched a few files only: the next whole build still finds everything else from memory)."""
        self._this_build = {}

    def keep_state(self, state: object) -> None:
        """Hand the next build this build's state (incremental.body_edit.LastBuild), in memory only."""
        self._state = state if self.enabled else None

    def take_state(self) -> object | None:
        """The state the last build kept, once: a build that fails leaves none for the next."""
        state, self._state = self._state, None
        return state

    def lookup(self, key_parts: tuple[object, ...], store: BodyStore | None = None) -> RenderedBody | None:
        """The body for these inputs, from memory or disk (its bulky fields then put in `store`), or None."""
        if not self.enabled:
            return None
        from generator.markdown.render import (
            RenderedBody,  # not at the top: a no-change build never renders Markdown
        )

        remembered = self._last_build.get("bodies", {}).get(key_parts)
        if isinstance(remembered, RenderedBody):
            self._this_build.setdefault("bodies", {})[key_parts] = remembered
            return remembered
        data = read_sealed(self._body_path(key_parts))
        if data is None:
            return None  # missing, or not written by this user's paperfold: rendered again
        try:
            cached = RenderedBody.from_parts(pickle.loads(data), store)
        except (pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # stale: rendered again
        self._this_build.setdefault("bodies", {})[key_parts] = cached
        return cached

    def store(self, key_parts: tuple[object, ...], body: RenderedBody, *, parts: bytes | None = None) -> None:
        """Keep a body for later builds; `parts`, when given, is `body.parts()` already pickled."""
        self.keep_body(key_parts, body)
        path = self._body_path(key_parts)
        write_sealed(path, parts or pickle.dumps(body.parts(), protocol=pickle.HIGHEST_PROTOCOL))
        self._written.add(path)

    def keep_body(self, key_parts: tuple[object, ...], body: RenderedBody) -> None:
        """Keep this body in memory for the next build in this process (the one looked up or
        stored, moved to a BodyStore)."""
        if self.enabled:
            self._this_build.setdefault("bodies", {})[key_parts] = body

    def prune_bodies_later(self, in_use: Callable[[], Iterable[tuple[object, ...]]] | None = None) -> None:
        """Cut the cached bodies back to a few times what is in use (see cache_prune) when
        write_pending is called, if the build wrote any (else the folder cannot have grown).
        In use: the bodies this build looked up, or `in_use()`'s keys for a build that looked up
        only some (serve's shortcut after a body-only edit, which prunes once it has written
        SHORTCUT_PRUNE_AFTER)."""
        if not self._written or (in_use is not None and len(self._written) < SHORTCUT_PRUNE_AFTER):
            return
        # A build that ignores the cache (--fresh) still writes every body it uses.
        written = list(self._written)
        looked_up = list(cast("dict[tuple[object, ...], object]", self._this_build.get("bodies", {})))

        def used() -> list[Path]:
            # Keys hash into paths at about 17 ms per 1,000: not before the reload signal.
            return [self._body_path(key) for key in (in_use() if in_use else looked_up)] if self.enabled else written
        self._pending_prune = used
        self._written = set()

    def load_stage(self, name: str, digest: str) -> object | None:
        """What `save_stage` kept under this name, if it was kept for this digest of its inputs."""
        if not self.enabled:
            return None
        with open_sealed(self.root / "stages" / name) as stream:
            if stream is None:
                return None
            try:
                kept_digest, code, value = pickle.load(stream)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                return None
        return value if kept_digest == digest and code == code_digest() else None

    def save_stage(self, name: str, digest: str, value: object) -> None:
        """Keep the result of a whole-site stage (the papers index) for a later build's process."""
        # Pickled straight to the file: the papers of a big blog pickle to tens of megabytes.
        write_sealed(self.root / "stages" / name, lambda stream: pickle.dump((digest, code_digest(), value), stream,
                                                                           protocol=pickle.HIGHEST_PROTOCOL))

    def _body_path(self, key_parts: tuple[object, ...]) -> Path:
        # Text is hashed as UTF-8 bytes: repr() of a 50 kB post costs more than hashing it.
        digest = hashlib.sha1(code_digest().encode())
        for part in key_parts:
            digest.update(b"\0" + (part.encode("utf-8", "surrogatepass") if isinstance(part, str) else repr(part).encode()))
        hexdigest = digest.hexdigest()
        return self.root / "bodies" / hexdigest[:2] / hexdigest

    def manifest(self, destination: Path) -> Manifest:
        if not self.enabled:
            return Manifest()
        sealed = read_sealed(self._manifest_path(destination))
        try:
            data = json.loads(sealed) if sealed is not None else None
        except ValueError:
            return Manifest()
        if not isinstance(data, dict) or data.get("destination") != str(destination) or data.get("code") != code_digest():
            return Manifest()
        if not written_by_paperfold(destination):
            return Manifest()  # the folder was removed or replaced since: a whole build writes it anew
        keys, inputs, summary, reads = data.get("keys"), data.get("inputs"), data.get("summary"), data.get("reads")
        if not isinstance(keys, dict) or not isinstance(reads, dict):
            return Manifest()
        return Manifest(str(destination), dict(keys), inputs if isinstance(inputs, str) else "",
                        summary if isinstance(summary, dict) else {},
                        {path: tuple(names) for path, names in reads.items()})

    def save_manifest(self, manifest: Manifest, *, later: bool = False) -> None:
        """Write the manifest now, or with `later` when write_pending is called (serve: after its
        reload signal; the next build at the latest). Whoever defers it forgets the old one first."""
        self._pending = manifest if later else None
        if not later:
            self._write_manifest(manifest)

    def forget_manifest(self, destination: Path) -> None:
        """No manifest for these outputs until the next is saved: one that named outputs about to
        change would have a later build skip them, were the process to stop in between."""
        self._manifest_path(destination).unlink(missing_ok=True)

    def write_pending(self) -> None:
        """Do what a build left for later: write its manifest, prune the cached bodies."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._write_manifest(pending)
        used, self._pending_prune = self._pending_prune, None
        if used is not None:
            prune_bodies(self.root / "bodies", used())

    def _write_manifest(self, manifest: Manifest) -> None:
        data = {"code": code_digest(), "destination": manifest.destination, "keys": manifest.keys,
                "inputs": manifest.inputs, "summary": manifest.summary,
                "reads": {path: names for path, names in manifest.reads.items() if names}}
        # In the keys' own order: sorting 7,000 keys doubles the cost of a rebuild's one write.
        write_sealed(self._manifest_path(Path(manifest.destination)), json.dumps(data).encode("utf-8"))

    def _manifest_path(self, destination: Path) -> Path:
        """One manifest per output folder, so building to two places keeps both incremental."""
        return self.root / f"outputs-{hashlib.sha1(str(destination).encode()).hexdigest()[:12]}.json"
