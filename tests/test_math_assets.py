"""The KaTeX files math pages load from a CDN are pinned by their hashes, checked against npm's package."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from tests.conftest import REPO

KATEX = REPO / "tests" / "axe" / "node_modules" / "katex"
TEMPLATE = REPO / "templates" / "_math.html"
PINNED = re.compile(r'(?:href|src)="https://cdn\.jsdelivr\.net/npm/katex@([\d.]+)/([^"]+)"\s+integrity="([^"]+)"')


@pytest.mark.skipif(not KATEX.is_dir(), reason="KaTeX from npm is missing (the test run installs it when npm is there)")
def test_every_katex_file_is_pinned_to_the_hash_of_its_release() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    pinned = PINNED.findall(text)
    assert len(pinned) == text.count("cdn.jsdelivr.net") == 3
    installed = re.search(r'"version": "([^"]+)"', (KATEX / "package.json").read_text(encoding="utf-8"))
    for version, path, integrity in pinned:
        assert installed and version == installed.group(1), path
        digest = base64.b64encode(hashlib.sha384((KATEX / path).read_bytes()).digest()).decode()
        assert integrity == f"sha384-{digest}", path
