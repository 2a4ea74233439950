"""Stage 2: each source file read into a Document, with what to tell the user about it."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .body_store import BodyStore
from .cache import BuildCache
from .config import Config
from .content import Document, load_document, read_source
from .discover import SourceFile
from .errors import ContentError, Diagnostic, UndatedPost
from .inputs import settled
from .mojibake_hint import may_hold_mojibake
from .xml_characters import replace_in_text, replaced_message

if TYPE_CHECKING:
    from .mojibake import EncodingRepair


@dataclass(frozen=True, slots=True)
class Loaded:
    """A source file read: its document (None when it cannot be used) and what to tell the user."""

    document: Document | None
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    # False when the file was read so soon after a change that another change within the same
    # timestamp tick would not show in its stat (see inputs.settled): it is read again next time.
    settled: bool = True


def remembered_load(source: SourceFile, config: Config, cache: BuildCache, store: BodyStore | None = None) -> Loaded:
    """load_source(), or the last build's result when the file's stat says it has not changed since."""
    started = time.time_ns()
    try:
        stat = source.path.stat()
    except OSError:
        return load_source(source, config, store)
    stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, stat.st_dev)
    # A file changed this recently may change again within one timestamp tick, unseen by its
    # stat: it is read again next time rather than trusted from memory (see inputs.py).
    key = (source.relative, source.kind, str(source.path), stamp, config.timezone, config.repair_encoding,
           str(config.content_root), repr(config.front_matter_defaults))
    trusted = settled(stat, started)
    loaded = cache.remember("documents", key, lambda: load_source(source, config, store), keep=trusted)
    return loaded if trusted else replace(loaded, settled=False)


def load_source(source: SourceFile, config: Config, store: BodyStore | None = None) -> Loaded:
    """The file read and parsed; with a `store`, the document's body is moved there."""
    try:
        raw, text = read_source(source)
        repair = _repair_encoding(text) if config.repair_encoding and may_hold_mojibake(text, raw) else None
        warnings: list[Diagnostic] = []
        if repair is not None:
            text = repair.text
            warnings.append(Diagnostic(source.relative, None, (
                f"repaired mis-decoded text ({repair.restored} characters restored, {repair.guessed} guessed)")))
        text, replaced = replace_in_text(text)
        if replaced:
            warnings.append(Diagnostic(source.relative, replaced[0].line, replaced_message(replaced)))
        document = load_document(source, text, config, store=store, warn=warnings.append)
        if document.kind != "page" and not document.body.strip():
            # Jekyll publishes it as it is; an author may have saved it too early.
            warnings.append(Diagnostic(source.relative, None, "the post has no body: it is published empty"))
        return Loaded(document, tuple(warnings))
    except UndatedPost as error:
        return Loaded(None, warnings=(Diagnostic(error.path, None, error.message),))
    except ContentError as error:
        return Loaded(None, errors=(Diagnostic.from_error(error),))


def _repair_encoding(text: str) -> EncodingRepair | None:
    # Imported here: the detector's dependencies take longer to load than a small site takes to build.
    from .mojibake import repair_mojibake

    return repair_mojibake(text)


__all__ = ["Loaded", "load_source", "remembered_load"]
