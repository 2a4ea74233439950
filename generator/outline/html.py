"""Render an outline tree as collapsible HTML that folds without JavaScript.

Shape (whitespace aside)::

    <div class="outline" data-items="N"><ul class="ol-list">
      <li class="ol-node ol-parent" id="ANCHOR" data-depth="0">        (an item with children)
        <span class="ol-row">ROW</span>
        <details open><summary class="ol-fold" aria-label="LABEL TEXT"></summary>
          CONT?<ul class="ol-list">…</ul></details></li>
      <li class="ol-node" id="ANCHOR" data-depth="1">ROW CONT?</li>   (a leaf)
    </ul></div>

ROW is the label (`<span class="ol-label">`) and the text, bare, with links as
`<a class="ol-url">` and the annotation as a `<span class="ol-ann">` badge; a leaf's li is
its own row, so a leaf is two elements and a parent six. Pages of 3,000 items load in
about half the time they took with a row, text and `#` link element for every node:
outline.js offers one copy-link button, moved to the row in use.
CONT is `<div class="ol-cont">` with the continuation lines, preformatted by CSS
(`white-space: pre-wrap`); `ol-cont ol-code` when any of them is indented further than the
leftmost, which only lines up in the monospace face (pseudo-code, aligned notes).
The row stays outside <summary>: a summary is a button, and links inside a button are lost
to screen readers (axe `nested-interactive`). The summary is an empty fold toggle named
after its row; the stylesheet puts it in the row's chevron column, and outline.js lets a
click on the row fold it too. A parent's continuation lines fold with its children.
A text-only node's `li` also has the class `ol-textonly` and its row has no label.
Everything is HTML-escaped text, never Markdown, and every character of the source
except indentation is in the visible text, in order.
Iterative: a 10,000-level outline renders without recursion.
"""

from __future__ import annotations

from generator.outline.model import Annotation, Link, Outline, gc_paused

__all__ = ["outline_block", "outline_map", "render_outline", "render_outline_items"]


def _escape(text: str) -> str:
    """html.escape(quote=True), plus NUL as U+FFFD (an HTML parser would drop it)."""
    # Most text needs no escaping: testing with `in` is cheaper than five replace calls.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&#x27;")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text


def _link_html(link: Link) -> str:
    """One link, keeping every character as written: the full URL is the link text."""
    url = _escape(link.url)
    if not link.written_as_markdown:
        return f'<a href="{url}" class="ol-url">{url}</a>'
    # `[text](url)`: the text is the link, the brackets and URL stay visible but quiet.
    return (
        f'<a href="{url}" class="ol-url ol-mdlink"><span class="ol-md">[</span>'
        f'{_escape(link.text)}<span class="ol-md">]({url})</span></a>'
    )


def _linked(text: str, links: tuple[Link, ...], line_index: int, start: int, end: int) -> str:
    """Escape `text[start:end]`, turning the links of that line that lie inside into <a>."""
    pieces: list[str] = []
    position = start
    for link in links:
        if link.line_index != line_index or link.start < position or link.end > end:
            continue
        pieces.append(_escape(text[position : link.start]))
        pieces.append(_link_html(link))
        position = link.end
    pieces.append(_escape(text[position:end]))
    return "".join(pieces)


def _text_and_badge(text: str, links: tuple[Link, ...], annotation: Annotation | None) -> str:
    """A node's text with links, and its annotation as a badge shown exactly as written."""
    if links and links[0].line_index != 0:
        links = ()  # only continuation lines hold links
    if annotation is None or annotation.start < 0:
        return _linked(text, links, 0, 0, len(text)) if links else _escape(text)
    data = ""
    if annotation.year is not None:
        data += f' data-year="{annotation.year}"'
    if annotation.refs is not None:
        data += f' data-refs="{annotation.refs}"'
    if annotation.venue is not None:
        data += f' data-venue="{_escape(annotation.venue)}"'
    return (
        f"{_linked(text, links, 0, 0, annotation.start)}"
        f'<span class="ol-ann"{data}>{_linked(text, links, 0, annotation.start, annotation.end)}</span>'
        f"{_escape(text[annotation.end :])}"
    )


def _continuation(continuation: tuple[str, ...], links: tuple[Link, ...]) -> str:
    """A node's continuation lines as one preformatted block, in the code face when indented."""
    lines = "\n".join(continuation)
    if links:
        html = "\n".join([_linked(line, links, index, 0, len(line)) for index, line in enumerate(continuation, 1)])
    else:
        html = _escape(lines)  # "\n" is no character escaping changes: the lines escaped at once
    # Lines are kept relative to the leftmost one: a line that starts with white space is indented
    # past it, and such indentation (pseudo-code) only lines up when every character is as wide.
    code = lines.startswith((" ", "\t")) or "\n " in lines or "\n\t" in lines
    return ('<div class="ol-cont ol-code">' if code else '<div class="ol-cont">') + html + "</div>"


def _fold_name(label: str, text: str, annotation: Annotation | None) -> str:
    """The fold toggle's accessible name: the node's label and own text, badge left out."""
    if annotation is not None and annotation.start >= 0:
        text = text[: annotation.start]
    # Never empty: a node has a label or some text (an all-blank item would be no item).
    return _escape(f"{label} {text.strip()}".strip() if label else text.strip())


def render_outline(outline: Outline, *, open_depth: int = 2, search_ignored: bool = False) -> str:
    """The outline as nested lists of <details>; nodes with depth < open_depth start open.

    Depth counts from 0 at the top level, so the default shows three levels of items.
    `search_ignored` marks the block for Pagefind to skip (the site indexes outlines per node).
    """
    with gc_paused():
        return outline_block(outline.item_count, _items(outline, open_depth), search_ignored=search_ignored)


def render_outline_items(outline: Outline, *, open_depth: int = 2) -> str:
    """The items alone, for an outline read in pieces (outline.top_level_pieces): the pieces'
    items, one after the other in `outline_block`, are what render_outline gives the whole."""
    with gc_paused():
        return _items(outline, open_depth)


def outline_block(item_count: int, items: str, *, search_ignored: bool = False) -> str:
    attributes = " data-pagefind-ignore" if search_ignored else ""
    return f'<div class="outline"{attributes} data-items="{item_count}">\n<ul class="ol-list">\n{items}</ul>\n</div>\n'


# Closes a node with children: its list, its fold, its item.
_CLOSE_LEVEL = "</ul></details></li>\n"


def _items(outline: Outline, open_depth: int) -> str:
    parts: list[str] = []
    append = parts.append
    escape = _escape
    labels: dict[str, str] = {"": ""}  # labels repeat ("1.", "2.", "n."): escape each once
    # Nodes come in document order; every ancestor of a node has children, so the levels open
    # around it are exactly its depth, and a shallower node first closes the deeper ones.
    open_levels = 0
    for node, depth in zip(outline.in_order, outline.depths):
        if depth < open_levels:
            append(_CLOSE_LEVEL * (open_levels - depth))
            open_levels = depth
        # Unpacked once: a tuple unpacks faster than its fields are read one by one.
        label, text, continuation, annotation, links, children, _, anchor, _ = node
        label_html = labels.get(label)
        if label_html is None:
            label_html = labels[label] = f'<span class="ol-label">{escape(label)}</span> '
        # Each text apart: most need no escaping, and then no new string is made (escaping all the
        # texts joined in one call, then cutting them apart again, made one for every node).
        if annotation is None and not links:
            text_html = escape(text)
        else:
            text_html = _text_and_badge(text, links, annotation)
        cont = _continuation(continuation, links) if continuation else ""
        # Anchors are [a-z0-9-] by construction: no escaping needed.
        if children:
            append(
                f'<li class="{"ol-node ol-parent" if label else "ol-node ol-parent ol-textonly"}" id="{anchor}" '
                f'data-depth="{depth}"><span class="ol-row">{label_html}{text_html}</span>'
                f'<details{" open" if depth < open_depth else ""}>'
                f'<summary class="ol-fold" aria-label="{_fold_name(label, text, annotation)}"></summary>'
                f'{cont}\n<ul class="ol-list">\n'
            )
            open_levels += 1
        else:
            append(
                f'<li class="{"ol-node" if label else "ol-node ol-textonly"}" id="{anchor}" data-depth="{depth}">'
                f"{label_html}{text_html}{cont}</li>\n"
            )
    append(_CLOSE_LEVEL * open_levels)
    return "".join(parts)


def outline_map(outline: Outline) -> tuple[tuple[str, str], ...]:
    """(anchor, "label text") for each top-level item, for the post's outline map."""
    return tuple((node.anchor, f"{node.label} {node.text}") for node in outline.nodes if node.label)
