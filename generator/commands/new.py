"""`paperfold new`: a post file with front matter and an outline to start from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml

from generator.config.settings import BuildOptions, is_blog, load_config
from generator.content.urls import jekyll_slugify
from generator.errors import SiteError

TEMPLATE_BODY = """
Why I read these, in a sentence or two.

```
1. First paper title [2024, VENUE, 0 refs]
   https://example.org/paper
    1. What it claims
    2. How it works
n. related materials
```
"""


def create_post(source: Path, title: str, *, tags: tuple[str, ...] = (), category: str = "",
                draft: bool = False, now: datetime | None = None,
                warn: Callable[[str], None] | None = None) -> Path:
    """Write `_posts/YYYY-MM-DD-slug.md` (or `_drafts/slug.md`); never overwrite a file.
    Outside a blog it writes all the same, and tells `warn` where."""
    if not title.strip():
        raise SiteError("a post needs a title")
    config = load_config(BuildOptions(source=source))
    slug = jekyll_slugify(title) or "post"
    when = now or datetime.now(config.tz)
    folder = config.content_root / ("_drafts" if draft else "_posts")
    name = f"{slug}.md" if draft else f"{when:%Y-%m-%d}-{slug}.md"
    path = folder / name
    if path.exists():
        raise SiteError(f"{path} already exists: not overwriting it")
    front: dict[str, object] = {"layout": "post", "title": title}
    if not draft:
        front["date"] = when.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    if category:
        front["category"] = category
    # One key a line, as Jekyll posts are written; only the tags as a list on their line.
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False)
    if tags:
        header += yaml.safe_dump({"tags": list(tags)}, allow_unicode=True, default_flow_style=None, width=1_000_000)
    if warn is not None and not is_blog(config.source):
        warn(_outside_a_blog(config.source, path))
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{header}---\n{TEMPLATE_BODY}", encoding="utf-8")
    return path


def _outside_a_blog(source: Path, path: Path) -> str:
    """Where a post goes in a folder that is not a blog, and the blog above it, if there is one:
    `new` run from inside _posts/, say, would otherwise start a _posts/ of its own there."""
    message = f"{source} has no _config.yml: writing {path.relative_to(source).as_posix()} there anyway"
    blog = next((folder for folder in source.parents if (folder / "_config.yml").is_file()), None)
    if blog is not None:
        message += f" (the blog {blog} is above it: to write there, pass -s {blog})"
    return message
