"""The lean page Pagefind indexes for a post: the published page's anchors and words, no more."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.search.index import indexed_html, pagefind_available
from generator.search.pagefind import PagefindService
from tests.conftest import build_files

POST = """\
---
title: Reading «Raft» & 纠删码
tags: [consensus, 存储]
categories: [systems]
---
Some prose with a [link](https://example.org) before the outline.

```outline
1. CRaft: erasure coding in Raft    [2020, FAST, 12 refs]
    https://www.usenix.org/conference/fast20/presentation/wang-zizhong
    1. the leader encodes entries into fragments
        1. 纠删码 的 分片 复制
        2. a leaf with a continuation
            that wraps onto this line
    2. recovery needs k of n fragments
2. Paxos made simple
3. a node without children
```

Prose after it, and a second outline:

```outline
1. Second outline's top
    1. its child holding the word zebra
```
"""

# Words of the published page's controls and labels, which the lean page leaves out (and its counts).
CONTROLS = {"expand", "all", "collapse", "outline", "items", "item", "papers", "paper", "levels", "map", "category"}


def _fragments(service: PagefindService, html: str) -> list[dict[str, Any]]:
    index = service.request({"type": "NewIndex", "config": {"force_language": "zh"}})["index_id"]
    service.request({"type": "AddFile", "index_id": index, "url": "/post/", "file_path": None,
                     "file_contents": html})
    files = service.request({"type": "GetFiles", "index_id": index})["files"]
    fragments = [gzip.decompress(base64.b64decode(file["content"])) for file in files
                 if file["path"].startswith("fragment/")]
    return [json.loads(fragment[len(b"pagefind_dcd"):]) for fragment in fragments]


def _words(content: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", content.replace("\u200b", ""))}


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")
def test_the_lean_page_gives_pagefind_the_published_pages_anchors_and_words(tmp_path: Path) -> None:
    from pagefind.service import get_executable

    result = build_files(tmp_path, {"_config.yml": "title: Lean\npaperfold:\n  search: false\n",
                                    "_posts/2024-01-02-raft.md": POST})
    entry = result.site.posts[0]
    published = (tmp_path / "_site" / entry.output_path).read_text(encoding="utf-8")
    meta = re.search(r'<span hidden data-pagefind-meta="[^"]*"></span>',
                     indexed_html(entry, "en").decode()).group(0)  # type: ignore[union-attr]
    published = published.replace("data-pagefind-body>", "data-pagefind-body>" + meta, 1)
    executable = get_executable()
    assert executable is not None
    with PagefindService(executable) as service:
        [full] = _fragments(service, published)
        [lean] = _fragments(service, indexed_html(entry, "en").decode())
    assert [(a["id"], a["text"]) for a in lean["anchors"]] == [(a["id"], a["text"]) for a in full["anchors"]]
    assert len(lean["anchors"]) == 9 and lean["meta"] == full["meta"]
    left_out = {word for word in _words(full["content"]) - _words(lean["content"]) if not word.isdigit()}
    assert left_out <= CONTROLS
    assert _words(lean["content"]) <= _words(full["content"])
    assert {"zebra", "usenix", "wraps", "craft", "纠删码", "consensus", "存储", "systems"} <= _words(lean["content"])
