"""Stage 5a's choice of template for a post or page: the layout its front matter names, mapped
onto paperfold's theme.

A Jekyll site names layouts the theme has never heard of (`layout: prediction_post`), often its
own `_layouts/prediction_post.html`, which itself says `layout: post`. paperfold renders Jinja
templates, not those Liquid layouts, so a name maps to the site's own Jinja template of that name
(`templates/prediction_post.html`) when there is one, else to what the site's layout finally
inherits from, else to the post or page template by the document's kind: a layout name never
stops a build, and each name that falls back is one warning.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from generator.config.settings import Config, default_theme_dir
from generator.config.symlinks import LinkCheck
from generator.content.document import NO_LAYOUT, split_front_matter
from generator.counts import counted
from generator.errors import ContentError, Diagnostic
from generator.site.model import Entry

LAYOUTS_FOLDER = "_layouts"
# The names Jekyll themes give the layouts of a post and a page, and of the page around both:
# paperfold's post or page template, by the document's kind.
KIND_LAYOUTS = frozenset({"post", "page", "default", ""})


@dataclass(frozen=True, slots=True)
class Layouts:
    """The site's own Jinja templates by name, and the layout each of its `_layouts/` names in
    its front matter ('' when none)."""

    own_templates: frozenset[str] = frozenset()
    parents: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def template(self, layout: str, kind_template: str) -> str:
        """The template that renders a document of this layout, `kind_template` (post.html or
        page.html) when the layout leads to no other."""
        return self._resolved(layout) or kind_template

    def _resolved(self, layout: str) -> str | None:
        """The site's template the layout leads to, '' for the kind's own, None when it leads nowhere."""
        name, seen = layout, set()
        while name not in seen:
            seen.add(name)
            if name in KIND_LAYOUTS:
                return ""
            if name + ".html" in self.own_templates:
                return name + ".html"
            if not self.parents.get(name):
                return None
            name = self.parents[name]
        return None  # layouts that inherit from each other, which Jekyll refuses too

    def warnings(self, entries: Iterable[Entry]) -> list[Diagnostic]:
        """One warning for each layout name that leads to no template, naming its first file."""
        first: dict[str, Entry] = {}
        kinds: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        for entry in sorted(entries, key=lambda entry: entry.source):
            layout = entry.document.layout
            if layout == NO_LAYOUT or self._resolved(layout) is not None:
                continue
            first.setdefault(layout, entry)
            kinds.setdefault(layout, set()).add("page" if entry.document.kind == "page" else "post")
            counts[layout] = counts.get(layout, 0) + 1
        found = []
        for layout, entry in first.items():
            which = " and ".join(sorted(kinds[layout], reverse=True)) + (" templates" if len(kinds[layout]) > 1
                                                                          else " template")
            own = f" (a Jekyll layout in {LAYOUTS_FOLDER}/)" if layout in self.parents else ""
            hint = (f"templates/{layout}.html is paperfold's own {layout} page: put a Jinja template under another "
                    "name in templates/ and name that in layout: to render it"
                    if layout + ".html" in theme_template_names()
                    else f"put a Jinja template at templates/{layout}.html to render it")
            found.append(Diagnostic(entry.source, None, (
                f"layout '{layout}'{own} is not a template of paperfold's theme: rendered with the {which} "
                f"({counted(counts[layout], 'file uses', 'files use')} it; {hint})")))
        return found


# A site without layouts of its own: every name is the post or page template.
THEME_LAYOUTS = Layouts()


def site_layouts(config: Config, templates: Mapping[str, Path]) -> Layouts:
    """The layouts of this site: its own templates among the theme's (`templates`, from
    config/theme.py) and what each of its Jekyll layouts inherits from."""
    own_folder = config.source / "templates"
    own = frozenset(name for name, path in templates.items()
                    if path.is_relative_to(own_folder) and name not in theme_template_names())
    parents = {}
    for path in layout_files(config):
        try:
            front_matter = split_front_matter(path.read_text(encoding="utf-8", errors="replace"), path.name)[0]
        except ContentError:
            front_matter = {}  # the layout is not rendered: what it inherits from is all it could say
        parent = front_matter.get("layout")
        parents[os.path.splitext(path.name)[0]] = parent if isinstance(parent, str) else ""
    return Layouts(own, MappingProxyType(parents))


@functools.cache
def theme_template_names() -> frozenset[str]:
    """paperfold's own templates (the archive, tag pages, search...): a site may restyle them
    under the same names, but they render paperfold's pages, never a document of that layout."""
    return frozenset(path.name for path in (default_theme_dir() / "templates").iterdir())


def layout_files(config: Config) -> list[Path]:
    """The site's Jekyll layouts, `_layouts/*` (but those whose links the site may not follow)."""
    folder = config.content_root / LAYOUTS_FOLDER
    links = LinkCheck(config)
    if not folder.is_dir() or links.refusal(folder, LAYOUTS_FOLDER) is not None:
        return []
    return sorted(path for path in folder.iterdir()
                  if not path.name.startswith(".") and links.refusal(path, path.name) is None and path.is_file())


__all__ = ["THEME_LAYOUTS", "Layouts", "layout_files", "site_layouts"]
