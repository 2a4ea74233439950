"""Footnotes as kramdown writes them, so a Jekyll post's notes read and link as they did there.

kramdown marks a note with its number alone (`1`, not `[1]`), links back with `&#8617;` (a
repeated reference's back link numbered `&#8617;<sup>2</sup>`), and puts the notes in
`<div class="footnotes" role="doc-endnotes">` with the ids `fn:label` and `fnref:label`
(`fnref:label:1` for the second reference), which links from other pages keep. markdown-it's
footnote plugin parses them; these are its renderer rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_FOOTNOTE_LABEL = re.compile(r"[\w-]+")


def use_kramdown_footnotes(engine: MarkdownIt) -> MarkdownIt:
    """kramdown's footnote markup for the footnote plugin's tokens (the plugin must be in use)."""
    engine.add_render_rule("footnote_anchor_name", _footnote_name)
    engine.add_render_rule("footnote_ref", _reference)
    engine.add_render_rule("footnote_block_open", lambda *_: '<div class="footnotes" role="doc-endnotes">\n<ol>\n')
    engine.add_render_rule("footnote_block_close", lambda *_: "</ol>\n</div>\n")
    engine.add_render_rule("footnote_open", _note_open)
    engine.add_render_rule("footnote_anchor", _back_link)
    return engine


def _footnote_name(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    """A footnote's ids as kramdown makes them, `fn:label` and `fnref:label`, which links to them keep."""
    label = tokens[index].meta.get("label")
    return ":" + (label if isinstance(label, str) and _FOOTNOTE_LABEL.fullmatch(label) else
                  str(tokens[index].meta["id"] + 1))


def _repeat(token: Token) -> int:
    """0 for a note's first reference, n for its (n+1)th."""
    sub_id = token.meta.get("subId", -1)
    return sub_id if isinstance(sub_id, int) and sub_id > 0 else 0


def _reference(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    name = _footnote_name(self, tokens, index, options, env)
    repeat = _repeat(tokens[index])
    own_id = f"fnref{name}" + (f":{repeat}" if repeat else "")
    return (f'<sup id="{own_id}" role="doc-noteref"><a href="#fn{name}" class="footnote" rel="footnote">'
            f'{tokens[index].meta["id"] + 1}</a></sup>')


def _note_open(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    return f'<li id="fn{_footnote_name(self, tokens, index, options, env)}" role="doc-endnote">'


def _back_link(self: Any, tokens: Sequence[Token], index: int, options: Any, env: dict[str, Any]) -> str:
    name = _footnote_name(self, tokens, index, options, env)
    repeat = _repeat(tokens[index])
    target = f"fnref{name}" + (f":{repeat}" if repeat else "")
    mark = "&#8617;" + (f"<sup>{repeat + 1}</sup>" if repeat else "")
    return f' <a href="#{target}" class="reversefootnote" role="doc-backlink">{mark}</a>'
