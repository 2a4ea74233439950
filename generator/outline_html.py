"""Render an outline tree as collapsible HTML that folds without JavaScript.

Shape (whitespace aside)::

    <div class="outline" data-items="N"><ul class="ol-list">
      <li class="ol-node" id="ANCHOR" data-depth="0">ROW        (an item with children)
        <details open><summary class="ol-fold" aria-label="LABEL TEXT"></summary>
          CONT?<ul class="ol-list">…</ul></details></li>
      <li class="ol-node" id="ANCHOR" data-depth="1">ROW CONT?</li>   (a leaf)
    </ul></div>

ROW is `<span class="ol-row">` + label + text (links as `<a class="ol-url">`) + annotation
badge + `#` anchor link; CONT is `<div class="ol-cont">` with the continuation lines,
preformatted by CSS (`white-space: pre-wrap`). The row stays outside <summary>: a summary
is a button, and links inside a button are lost to screen readers (axe `nested-interactive`).
The summary is an empty fold toggle named after its row; the stylesheet puts it in the
row's chevron column, and outline.js lets a click on the row fold it too. A parent's
continuation lines fold with its children, as they did when the row was the summary.
A text-only node's `li` also has the class `ol-textonly` and its row has no label.
Everything is HTML-escaped text, never Markdown, and every character of the source
except indentation is in the visible text, in order.
Iterative: a 10,000-level outline renders without recursion.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.outline_model import Link, Node, Outline, gc_paused

__all__ = ["outline_map", "render_outline"]


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


def _text_and_badge(node: Node) -> str:
    """The node's text with links, and its annotation as a badge shown exactly as written."""
    text = node.text
    links = node.links if node.links and node.links[0].line_index == 0 else ()
    annotation = node.annotation
    if annotation is None or annotation.start < 0:
        body = _linked(text, links, 0, 0, len(text)) if links else _escape(text)
        return f'<span class="ol-text">{body}</span>'
    data = ""
    if annotation.year is not None:
        data += f' data-year="{annotation.year}"'
    if annotation.refs is not None:
        data += f' data-refs="{annotation.refs}"'
    if annotation.venue is not None:
        data += f' data-venue="{_escape(annotation.venue)}"'
    return (
        f'<span class="ol-text">{_linked(text, links, 0, 0, annotation.start)}</span>'
        f'<span class="ol-ann"{data}>{_linked(text, links, 0, annotation.start, annotation.end)}</span>'
        f"{_escape(text[annotation.end :])}"
    )


def _continuation(node: Node) -> str:
    """The node's continuation lines as one preformatted block, or "" when it has none."""
    links = node.links
    lines = [
        _linked(line, links, index, 0, len(line)) if links else _escape(line)
        for index, line in enumerate(node.continuation, 1)
    ]
    return '<div class="ol-cont">' + "\n".join(lines) + "</div>"


def _fold_name(node: Node) -> str:
    """The fold toggle's accessible name: the node's label and own text, badge left out."""
    text = node.text
    annotation = node.annotation
    if annotation is not None and annotation.start >= 0:
        text = text[: annotation.start]
    # Never empty: a node has a label or some text (an all-blank item would be no item).
    return _escape(f"{node.label} {text.strip()}".strip() if node.label else text.strip())


def render_outline(outline: Outline, *, open_depth: int = 2, search_ignored: bool = False) -> str:
    """The outline as nested lists of <details>; nodes with depth < open_depth start open.

    Depth counts from 0 at the top level, so the default shows three levels of items.
    `search_ignored` marks the block for Pagefind to skip (the site indexes outlines per node).
    """
    with gc_paused():
        return _render(outline, open_depth, " data-pagefind-ignore" if search_ignored else "")


def _render(outline: Outline, open_depth: int, attributes: str = "") -> str:
    parts: list[str] = [f'<div class="outline"{attributes} data-items="{outline.item_count}">\n<ul class="ol-list">\n']
    append = parts.append
    escape = _escape
    labels: dict[str, str] = {"": ""}  # labels repeat ("1.", "2.", "n."): escape each once
    # One iterator per open level: its position is where the walk resumes after a subtree.
    levels: list[Iterator[Node]] = [iter(outline.nodes)]
    while levels:
        node = next(levels[-1], None)
        if node is None:
            levels.pop()
            if levels:
                append("</ul></details></li>\n")
            continue
        depth = len(levels) - 1
        label = labels.get(node.label)
        if label is None:
            label = labels[node.label] = f'<span class="ol-label">{escape(node.label)}</span> '
        if node.annotation is None and not node.links:
            text = f'<span class="ol-text">{escape(node.text)}</span>'
        else:
            text = _text_and_badge(node)
        # Anchors are [a-z0-9-] by construction: no escaping needed.
        row = (
            f'<span class="ol-row">{label}{text} <a class="ol-anchor" href="#{node.anchor}" '
            f'aria-label="Link to this item">#</a></span>'
        )
        cont = _continuation(node) if node.continuation else ""
        css = "ol-node" if label else "ol-node ol-textonly"
        if node.children:
            state = " open" if depth < open_depth else ""
            append(
                f'<li class="{css}" id="{node.anchor}" data-depth="{depth}">{row}<details{state}>'
                f'<summary class="ol-fold" aria-label="{_fold_name(node)}"></summary>{cont}\n<ul class="ol-list">\n'
            )
            levels.append(iter(node.children))
        else:
            append(f'<li class="{css}" id="{node.anchor}" data-depth="{depth}">{row}{cont}</li>\n')
    append("</ul>\n</div>\n")
    return "".join(parts)


def outline_map(outline: Outline) -> tuple[tuple[str, str], ...]:
    """(anchor, "label text") for each top-level item, for the post's outline map."""
    return tuple((node.anchor, f"{node.label} {node.text}") for node in outline.nodes if node.label)
