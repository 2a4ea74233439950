"""The page Pagefind indexes for a post: its words and its outline nodes' anchors, little else.

Measured on the 1,000-post bench blog (bench/search_cost.py, bench/README.md), Pagefind's time
goes into the markup as much as into the words: the published page's head, site header, outline
map and toolbar, and each node's row, fold and nested list. So each post is given to it as a
page of its own: the title, date, categories and tags, then the body with every outline node a
flat <p id> of its own text (label, text, badge), its continuation lines a <p> after it. The
anchors (id, own text, position) and the words are what the published page gave, in the same
order; the outline map, which repeats the top nodes' text, and the controls' words are left out.
"""

from __future__ import annotations

import html
import re

from generator.site.model import Entry

# A node as outline/html.py writes it: a parent's row, fold, continuation and list opening, or a
# leaf's text, continuation and end. Text and continuation hold escaped text, <a> and <span> only
# (no <div>, </li> or <details>), so each step below is one substitution over a whole outline:
# a Python callback a node cost this process about what the markup cost Pagefind.
_NODE = re.compile(r'<li class="ol-node[^"]*" id="([^"]*)" data-depth="\d+">(?:<span class="ol-row">)?')
_CONTINUATION = r'<div class="ol-cont[^"]*">([^<]*(?:<(?!/div>)[^<]*)*)</div>'  # its text, tags and all
_PARENT_END = re.compile(rf'</span><details[^>]*><summary [^>]*></summary>(?:{_CONTINUATION})?\n<ul class="ol-list">\n')
_LEAF_CONTINUATION = re.compile(rf"{_CONTINUATION}</li>\n")
_BLOCK_START = re.compile(r'<div class="outline" data-items="\d+">\n<ul class="ol-list">\n')
_BLOCK_END = "</ul>\n</div>\n"


def lean_page(entry: Entry, lang: str, meta: str) -> str:
    """The post as Pagefind reads it; `meta` goes first in its body (the outline depths)."""
    document = entry.document
    title = html.escape(document.title)
    about = " ".join([document.date.strftime("%Y-%m-%d"), *(html.escape(each.name) for each in entry.categories),
                      *(f"#{html.escape(each.name)}" for each in entry.tags)])
    body = _flat_outlines(entry.body.html)
    return (f'<!DOCTYPE html><html lang="{html.escape(document.lang or lang)}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><article data-pagefind-body>{meta}<h1>{title}</h1>"
            f"<p>{about}</p>\n{body}</article></body></html>")


def _flat_outlines(body: str) -> str:
    pieces: list[str] = []
    end = 0
    while (block := _BLOCK_START.search(body, end)) is not None:
        close = body.find(_BLOCK_END, block.end())  # nested lists end in </ul></details>, never this
        if close < 0:
            break
        pieces += [body[end:block.start()], _flat(body[block.end():close])]
        end = close + len(_BLOCK_END)
    pieces.append(body[end:])
    return "".join(pieces)


def _flat(items: str) -> str:
    items = _NODE.sub(r'<p id="\1">', items)
    items = _PARENT_END.sub("</p>\n<p>\\1</p>\n", items)
    items = _LEAF_CONTINUATION.sub("</p>\n<p>\\1</p>\n", items)
    items = items.replace("</ul></details></li>\n", "").replace("</li>\n", "</p>\n")
    return items.replace("\n<p></p>", "")
