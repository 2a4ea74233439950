"""Where a document goes: its URL (its front matter's permalink, else the site's pattern, as
Jekyll gives it) and the file that serves it, by the rules of content/urls.py.

Apart from content/urls.py, which document.py uses to read a document: the two would otherwise import
each other.
"""

from __future__ import annotations

from generator.config.settings import Config
from generator.content.collections import collection_url
from generator.content.document import Document, source_path
from generator.content.urls import (
    document_output_path,
    expand_permalink,
    page_pattern,
    page_placeholders,
    post_placeholders,
)


def place(document: Document, config: Config) -> tuple[str, str]:
    """The document's URL and the file that serves it, relative to the output folder."""
    url = permalink_for(document, config)
    return url, document_output_path(url, ".html" if document.kind != "page" else _page_extension(document))


def permalink_for(document: Document, config: Config) -> str:
    """The URL Jekyll would give this document (front matter permalink first)."""
    if document.kind == "page":
        extension = _page_extension(document)
        relative = source_path(document.source, config)
        in_collection = None if document.permalink else collection_url(relative, config, extension, document=True)
        if in_collection is not None:
            return in_collection
        values = page_placeholders(relative, extension)
        pattern = document.permalink or page_pattern(values["basename"], extension, config.permalink)
        return expand_permalink(pattern, values, keep_unknown=True)
    pattern = document.permalink or config.permalink
    values = post_placeholders(document.date, document.slug, document.categories, ".html")
    return expand_permalink(pattern, values)


def _page_extension(document: Document) -> str:
    # Jekyll's identity converter keeps .htm and .xml; Markdown becomes .html.
    return document.extension if document.extension in (".xml", ".htm") else ".html"


__all__ = ["permalink_for", "place"]
