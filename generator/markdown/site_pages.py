"""Stage 3's last step: pages whose Liquid lists the site's posts (an archive, a site's own
atom.xml or sitemap.xml) rendered again once every post's HTML is known, so that `post.content`
and `post.excerpt` are there, as Jekyll renders pages after posts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.config.settings import Config
from generator.content.document import Document
from generator.content.liquid import holds_liquid
from generator.content.liquid_scope import LiquidFiles, liquid_files, names_site_lists
from generator.markdown.bodies import render_linked_bodies
from generator.markdown.render import RenderedBody


def _listing(documents: Sequence[Document], files: LiquidFiles) -> list[int]:
    return [index for index, document in enumerate(documents) if document.kind == "page"
            and holds_liquid(document.body) and names_site_lists(document.body, files)]


def lists_post_contents(documents: Iterable[Document], config: Config) -> bool:
    """Whether any of these documents is a page render_site_pages renders again with the posts' content."""
    return bool(_listing(list(documents), liquid_files(config)))


def render_site_pages(documents: Sequence[Document], bodies: Sequence[RenderedBody],
                      config: Config) -> list[RenderedBody]:
    """`bodies`, those of the pages that list the site's posts rendered again with their content."""
    listing = _listing(documents, liquid_files(config))
    if not listing:
        return list(bodies)
    contents = {document.source.relative: body.html for document, body in zip(documents, bodies)
                if document.kind in ("post", "draft")}
    again, _ = render_linked_bodies([documents[index] for index in listing], config, site_documents=documents,
                                    contents=contents)
    rendered = list(bodies)
    for index, body in zip(listing, again):
        rendered[index] = body
    return rendered


__all__ = ["lists_post_contents", "render_site_pages"]
