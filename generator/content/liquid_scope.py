"""What a body's Liquid reads, as Jekyll gives it: `site` (the config's keys, `site.data` from
`_data/`, and the posts, pages, tags and categories as their front matter and URLs say), `page`
(the document's front matter, URL, date, path...), and the includes of `_includes/`.

Only bodies that hold Liquid get a scope; and only those that name the site's lists (or include a
file that does) get the lists, so that editing one post's title re-renders no other body but
those.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml

from generator.config.settings import Config
from generator.config.symlinks import LinkCheck, walk
from generator.config.yaml_values import load_yaml
from generator.content.document import Document, source_path
from generator.content.liquid import LiquidScope, holds_liquid
from generator.content.place import place
from generator.content.urls import escape_path

INCLUDES = "_includes"
DATA = "_data"
# What names the site's lists, which change with any post: `site.posts`, `site['tags']`...
_SITE_LISTS = re.compile(r"site\s*(?:\.\s*|\[\s*['\"])(posts|pages|categories|tags|time|html_pages|documents)\b")
_DATA_EXTENSIONS = (".yml", ".yaml", ".json")


@dataclass(frozen=True, slots=True)
class LiquidFiles:
    """The site's includes (by their name below `_includes/`) and data files (`site.data`)."""

    includes: Mapping[str, str]
    data: Mapping[str, Any]


def liquid_file_paths(config: Config) -> list[Path]:
    """The files of `_includes/` and `_data/` that Liquid may read, as the site's links allow."""
    check = LinkCheck(config)
    found: list[Path] = []
    for folder in (INCLUDES, DATA):
        root = config.source / folder
        if not root.is_dir() or root.is_symlink():
            continue
        for directory, _, files, _links in walk(root):
            found += [directory / name for name in sorted(files)
                      if check.refusal(directory / name, name) is None and not name.startswith(".")]
    return found


def liquid_files(config: Config) -> LiquidFiles:
    """The includes and data files, read (a data file that does not parse is left out)."""
    includes: dict[str, str] = {}
    data: dict[str, Any] = {}
    for path in liquid_file_paths(config):
        relative = path.relative_to(config.source).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if relative.startswith(INCLUDES + "/"):
            includes[relative[len(INCLUDES) + 1:]] = text
        elif path.suffix in _DATA_EXTENSIONS:
            _put_data(data, PurePosixPath(relative[len(DATA) + 1:]), text)
    return LiquidFiles(includes, data)


def _put_data(data: dict[str, Any], relative: PurePosixPath, text: str) -> None:
    try:
        value = json.loads(text) if relative.suffix == ".json" else load_yaml(text)
    except (ValueError, yaml.YAMLError):
        return
    folder = data
    for part in relative.parent.parts:
        folder = folder.setdefault(part, {})
    folder[relative.stem] = value


def liquid_scopes(documents: Sequence[Document], config: Config, site_documents: Sequence[Document],
                  files: LiquidFiles, contents: Mapping[str, str] | None = None) -> list[LiquidScope | None]:
    """Each document's scope, None for a body without Liquid; with the posts' HTML by their source
    (`contents`), each post in the site's lists has its `content` and `excerpt`."""
    base = _site_variables(config, files)
    lists: dict[str, Any] | None = None
    scopes: list[LiquidScope | None] = []
    for document in documents:
        body = document.body
        if not holds_liquid(body):
            scopes.append(None)
            continue
        site = base
        if names_site_lists(body, files):
            lists = lists if lists is not None else _site_lists(site_documents, config, contents or {})
            site = {**base, **lists}
        folder = PurePosixPath(source_path(document.source, config)).parent.as_posix()
        scopes.append(LiquidScope.of(site, document_variables(document, config), files.includes,
                                     str(config.source), "" if folder == "." else folder, config.baseurl, config.url))
    return scopes


def site_scope(config: Config, files: LiquidFiles, source: str) -> LiquidScope:
    """The scope of a file that reads only the site's variables: a stylesheet, which Jekyll runs
    through Liquid with no page of its own."""
    folder = PurePosixPath(source).parent.as_posix()
    return LiquidScope.of(_site_variables(config, files), {}, files.includes, str(config.source),
                          "" if folder == "." else folder, config.baseurl, config.url)


def names_site_lists(body: str, files: LiquidFiles) -> bool:
    """Whether the body's Liquid (or an include's, if it includes any) may read the site's lists."""
    if _SITE_LISTS.search(body):
        return True
    return "include" in body and any(_SITE_LISTS.search(text) for text in files.includes.values())


def _site_variables(config: Config, files: LiquidFiles) -> dict[str, Any]:
    return {**config.extra, "title": config.title, "description": config.description, "author": config.author,
            "url": config.url, "baseurl": config.baseurl, "permalink": config.permalink, "lang": config.lang,
            "paginate": config.paginate, "timezone": config.timezone, "data": dict(files.data),
            "BASE_PATH": config.baseurl}


def _site_lists(documents: Sequence[Document], config: Config, contents: Mapping[str, str]) -> dict[str, Any]:
    posts = sorted((d for d in documents if d.kind in ("post", "draft")), key=lambda d: d.date, reverse=True)
    post_variables = [document_variables(post, config) for post in posts]
    for post, variables in zip(posts, post_variables):
        if post.source.relative in contents:
            content = contents[post.source.relative]
            variables.update(content=content, excerpt=_first_block(content))
    pages = [document_variables(d, config) for d in documents if d.kind == "page"]
    tags: dict[str, list[Any]] = {}
    categories: dict[str, list[Any]] = {}
    for post, variables in zip(posts, post_variables):
        for tag in post.tags:
            tags.setdefault(tag, []).append(variables)
        for category in post.categories:
            categories.setdefault(category, []).append(variables)
    return {"posts": post_variables, "pages": pages, "html_pages": pages, "tags": tags, "categories": categories,
            "time": datetime.now(timezone.utc).replace(microsecond=0)}


_FIRST_TAG = re.compile(r"\s*<([A-Za-z][\w-]*)")


def _first_block(content: str) -> str:
    """Jekyll's excerpt of a post's HTML: its first block (Jekyll renders the source before the
    first blank line: a paragraph, or a figure an include wrote, or a heading), as HTML."""
    first = _FIRST_TAG.match(content)
    if first is None:
        return ""
    name = first.group(1).lower()
    depth = 0
    for tag in re.finditer(rf"<(/?){name}\b[^>]*?(/?)>", content[first.start(1) - 1:], re.IGNORECASE):
        if tag.group(2):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return content[first.start(1) - 1 : first.start(1) - 1 + tag.end()] + "\n"
    return ""


def document_variables(document: Document, config: Config) -> dict[str, Any]:
    """Jekyll's `page` (or `post`) before its content is rendered: front matter, URL and the rest."""
    url = escape_path(unquote(place(document, config)[0]))
    path = source_path(document.source, config)
    variables = {**document.front_matter, "title": document.title, "date": document.date, "url": url,
                 "categories": list(document.categories), "tags": list(document.tags), "path": path,
                 "layout": document.layout, "name": PurePosixPath(path).name}
    if document.kind in ("post", "draft"):
        variables.update(id=url.removesuffix(".html"), slug=document.slug, collection="posts",
                         draft=document.kind == "draft")
    if document.description:
        variables["description"] = document.description
    return variables


__all__ = ["LiquidFiles", "document_variables", "liquid_file_paths", "liquid_files", "liquid_scopes", "names_site_lists"]
