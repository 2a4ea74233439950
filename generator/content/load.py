"""Stage 2: each source file read into a Document, with what to tell the user about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.config.settings import Config
from generator.content.discover import SourceFile
from generator.content.document import Document, load_document, read_source
from generator.content.store import BodyStore
from generator.encoding.hint import may_hold_mojibake
from generator.errors import ContentError, Diagnostic, UndatedPost
from generator.xml_characters import replace_in_text, replaced_message

if TYPE_CHECKING:
    from generator.encoding.repair import EncodingRepair


@dataclass(frozen=True, slots=True)
class Loaded:
    """A source file read: its document (None when it cannot be used) and what to tell the user."""

    document: Document | None
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    # False when the file was read so soon after a change that another change within the same
    # timestamp tick would not show in its stat (see incremental/inputs.py, settled): it is read again next time.
    settled: bool = True


def load_source(source: SourceFile, config: Config, store: BodyStore | None = None) -> Loaded:
    """The file read and parsed; with a `store`, the document's body is moved there."""
    try:
        raw, text = read_source(source)
        repair = _repair_encoding(text) if config.repair_encoding and may_hold_mojibake(text, raw) else None
        warnings: list[Diagnostic] = []
        if repair is not None:
            text = repair.text
            warnings.append(Diagnostic(source.relative, None, repair.summary))
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
    from generator.encoding.repair import repair_mojibake

    return repair_mojibake(text)


__all__ = ["Loaded", "load_source"]
