"""Where a document goes: its URL (its front matter's permalink, else the site's pattern, as
Jekyll gives it) and the file that serves it, by the rules of content/urls.py.

Apart from content/urls.py, which document.py uses to read a document: the two would otherwise import
each other.
"""

from __future__ import annotations

from generator.config.settings import Config
from generator.content.document import Document
from generator.content.urls import document_output_path, expand_permalink, post_placeholders


def place(document: Document, config: Config) -> tuple[str, str]:
    """The document's URL and the file that serves it, relative to the output folder."""
    url = permalink_for(document, config)
    return url, document_output_path(url, ".html" if document.kind != "page" else _page_extension(document))


def permalink_for(document: Document, config: Config) -> str:
    """The URL Jekyll would give this document (front matter permalink first)."""
    if document.kind == "page":
        if document.permalink:
            return expand_permalink(document.permalink, {"output_ext": _page_extension(document)})
        relative = document.source.path.relative_to(config.content_root).with_suffix("").as_posix()
        extension = _page_extension(document)
        return "/" + (relative[: -len("index")] if relative.endswith("index") else relative + extension)
    pattern = document.permalink or config.permalink
    values = post_placeholders(document.date, document.slug, document.categories, ".html")
    return expand_permalink(pattern, values)


def _page_extension(document: Document) -> str:
    return ".xml" if document.extension == ".xml" else ".html"


__all__ = ["permalink_for", "place"]
