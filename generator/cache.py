"""What the last build produced, so the next one redoes only what changed.

Two records live in `.paperfold-cache/` beside `_config.yml` (Jekyll keeps `.jekyll-cache` there):
rendered bodies keyed by a digest of their source text and settings, and the output manifest
(each output file with the key of the inputs it was rendered from).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .markdown import RenderedBody

CACHE_FOLDER = ".paperfold-cache"


@functools.cache
def code_digest() -> str:
    """A digest of paperfold's own code: a cache written by other code is never trusted."""
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """The output folder as the last build left it: file path -> key of its inputs."""

    destination: str = ""
    keys: dict[str, str] = field(default_factory=dict)


class BuildCache:
    """Rendered bodies and the output manifest; a missing or unreadable cache is just empty."""

    def __init__(self, source: Path, enabled: bool) -> None:
        self.root = source / CACHE_FOLDER
        self.enabled = enabled

    def lookup(self, key_parts: tuple[object, ...]) -> RenderedBody | None:
        """The cached body for these inputs, or None."""
        path = self._body_path(key_parts)
        if not self.enabled or not path.is_file():
            return None
        try:
            with path.open("rb") as stream:
                cached = pickle.load(stream)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            return None  # a stale or damaged entry is rendered again
        return cached if isinstance(cached, RenderedBody) else None

    def store(self, key_parts: tuple[object, ...], body: RenderedBody) -> None:
        self._store(self._body_path(key_parts), pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))

    def _body_path(self, key_parts: tuple[object, ...]) -> Path:
        digest = hashlib.sha1(repr((code_digest(), key_parts)).encode("utf-8")).hexdigest()
        return self.root / "bodies" / digest[:2] / digest

    def manifest(self, destination: Path) -> Manifest:
        if not self.enabled:
            return Manifest()
        try:
            data = json.loads(self._manifest_path(destination).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Manifest()
        if not isinstance(data, dict) or data.get("destination") != str(destination) or data.get("code") != code_digest():
            return Manifest()
        keys = data.get("keys")
        return Manifest(str(destination), dict(keys)) if isinstance(keys, dict) else Manifest()

    def save_manifest(self, destination: Path, keys: dict[str, str]) -> None:
        data = {"code": code_digest(), "destination": str(destination), "keys": keys}
        self._store(self._manifest_path(destination), json.dumps(data, sort_keys=True).encode("utf-8"))

    def _manifest_path(self, destination: Path) -> Path:
        """One manifest per output folder, so building to two places keeps both incremental."""
        return self.root / f"outputs-{hashlib.sha1(str(destination).encode()).hexdigest()[:12]}.json"

    def _store(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only source folder still builds, only without a cache
