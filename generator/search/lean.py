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

# One node as outline/html.py writes it: a parent (row, fold, continuation, its list opening)
# or a leaf (text, continuation, end of item). Text and continuation hold no <div> or </li>:
# theirs is escaped text with <a> and <span> only.
_NODE = re.compile(
    r'<li class="ol-node[^"]*" id="(?P<id>[^"]*)" data-depth="\d+">'
    r'(?:<span class="ol-row">(?P<row>.*?)</span><details[^>]*><summary [^>]*></summary>(?P<pcont>.*?)\n'
    r'<ul class="ol-list">\n'
    r"|(?P<leaf>.*?)(?P<lcont><div class=\"ol-cont[^\"]*\">.*?</div>)?</li>\n)",
    re.DOTALL,
)
_BLOCK = re.compile(r'<div class="outline" data-items="\d+">\n<ul class="ol-list">\n(.*?)</ul>\n</div>\n', re.DOTALL)
_CLOSE_LEVEL = "</ul></details></li>\n"
_TAG = re.compile(r"<[^>]*>")


def lean_page(entry: Entry, lang: str, meta: str) -> str:
    """The post as Pagefind reads it; `meta` goes first in its body (the outline depths)."""
    document = entry.document
    title = html.escape(document.title)
    about = " ".join([document.date.strftime("%Y-%m-%d"), *(html.escape(each.name) for each in entry.categories),
                      *(f"#{html.escape(each.name)}" for each in entry.tags)])
    body = _BLOCK.sub(_flat_block, entry.body.html)
    return (f'<!DOCTYPE html><html lang="{html.escape(document.lang or lang)}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><article data-pagefind-body>{meta}<h1>{title}</h1>"
            f"<p>{about}</p>\n{body}</article></body></html>")


def _flat_block(block: re.Match[str]) -> str:
    return _NODE.sub(_flat_node, block.group(1)).replace(_CLOSE_LEVEL, "")


def _flat_node(node: re.Match[str]) -> str:
    text = node.group("row") if node.group("row") is not None else node.group("leaf")
    continuation = node.group("pcont") or node.group("lcont") or ""
    flat = f'<p id="{node.group("id")}">{_TAG.sub("", text)}</p>\n'
    if continuation:
        flat += f"<p>{_TAG.sub('', continuation)}</p>\n"
    return flat
