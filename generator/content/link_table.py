"""The URLs that Jekyll's link tags name: `{% post_url NAME %}` and `{% link PATH %}`.

`post_url` names a post by its file name without the date's folder or extension
(`2010-07-21-name`), or with the folders below `_posts/` (`sub/2010-07-21-name`); `link` names any
file by its path in the site's source (`_posts/2010-07-21-name.md`, `about.md`, `files/a.pdf`).
URLs are without the base path: Markdown links that start with "/" get it when the page is
rendered, and those written after `{{ site.baseurl }}` (as Jekyll 3, GitHub Pages' own, needs) do
not get it twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote

from generator.config.settings import Config
from generator.content.document import Document, source_path
from generator.content.place import place
from generator.content.urls import escape_path, url_for_path


def link_target(tag: str, argument: str) -> str:
    """How a link tag names what it links to, as the site's table of URLs knows it: "post_url NAME", "link PATH"."""
    return f"{tag} {argument.strip('/')}"


def link_table(documents: Sequence[Document], config: Config, wanted: Iterable[str]) -> dict[str, str]:
    """URL by `link_target`, for every document, and for the other files `wanted` names."""
    table: dict[str, str] = {}
    for document in sorted(documents, key=lambda each: each.source.relative):
        url = escape_path(unquote(place(document, config)[0]))  # a page's own path is not escaped yet
        in_source = source_path(document.source, config)
        table.setdefault(link_target("link", in_source), url)
        if document.kind in ("post", "draft"):
            stem = PurePosixPath(in_source).with_suffix("")
            below = stem.as_posix().rpartition("_posts/")[2].rpartition("_drafts/")[2]
            table.setdefault(link_target("post_url", below), url)
            table.setdefault(link_target("post_url", stem.name), url)
    for target in wanted:
        tag, _, path = target.partition(" ")
        if tag == "link" and target not in table and (config.content_root / path).is_file():
            table[target] = url_for_path(path)
    return table
