"""Where search results land, in Chromium: a set of queries (English, Chinese, mixed; words in a
node, in an ancestor's label, in a post's title) each followed from the results page.

The rule: a result opens the deepest node whose own text holds the words (an ancestor whose
label holds them when no node below it does), with its ancestors unfolded and the words marked;
a post whose title holds the words is the first result and opens the post itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.search import index
from generator.search.index import pagefind_available
from tests.browser_support import chromium, needs_browser, serve_folder
from tests.conftest import build_files

pytestmark = [*needs_browser, pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is missing")]


def _post(title: str, prose: str, outline: str) -> str:
    return f"---\ntitle: {title}\n---\n{prose}\n\n```outline\n{outline}```\n"


CONSENSUS = _post("Consensus notes", "Notes on replication.", """\
1. CRaft: erasure coding for Raft
    1. splits each entry into fragments, saving erasure bandwidth
    2. the leader does the coding before it replicates
2. Paxos made simple
    1. the proposer picks a ballot number
        1. quorum intersection makes a higher ballot win
3. Chain replication
    1. chain reads go to the tail
""")
MODELS = _post("模型压缩笔记", "关于部署的笔记。", """\
1. 量化方法
    1. 训练后量化可以降低推理延迟
2. 剪枝
    1. 结构化剪枝与 GPU kernel 配合
3. 蒸馏
    1. 教师模型指导学生
""")
FLASH = _post("FlashAttention reading", "An IO-aware attention kernel.", """\
1. Tiling
    1. SRAM tiles avoid HBM round trips
2. Recomputation
    1. the backward pass recomputes attention from saved statistics
""")
STORAGE = _post("Storage systems", "Disks and more.", """\
1. Log-structured merge trees
    1. compaction borrows FlashAttention style tiling of work
2. Erasure codes in practice
    1. Reed-Solomon over many disks
""")

# (query, where the first result lands: "post:<title>" for the post itself, else words that
# the landed node's own text holds)
QUERIES = [
    ("ballot", "ballot"),
    ("chain", "chain reads"),  # the node and its parent hold it: the deepest wins
    ("quorum intersection", "quorum intersection"),
    ("erasure coding", "erasure coding"),
    ("Reed-Solomon", "reed-solomon"),
    ("recomputes", "recomputes"),
    ("SRAM", "sram"),
    ("推理延迟", "推理延迟"),
    ("教师", "教师"),
    ("GPU 剪枝", "gpu 剪枝"),
    ("FlashAttention", "post:FlashAttention reading"),
    ("模型压缩", "post:模型压缩笔记"),
    ("Consensus notes", "post:Consensus notes"),
]

OWN_TEXT = """id => {
  const node = document.getElementById(id);
  if (!node) return null;
  const copy = node.cloneNode(true);
  copy.querySelectorAll('[id^="ol-"]').forEach(inner => inner.remove());
  return copy.textContent;
}"""
SHOWN = """id => {
  const node = document.getElementById(id);
  if (!node || !node.checkVisibility()) return false;  // a closed ancestor hides it
  const box = node.getBoundingClientRect();
  return box.top < innerHeight && box.bottom > 0;
}"""


@pytest.fixture(scope="module", params=[index.BATCH_BYTES, 1], ids=["one bundle", "a bundle a post"])
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The four posts built (in one batch, or each in its own, merged by the results page) and
    served; yields (site URL, {post URL: title})."""
    root = tmp_path_factory.mktemp("landing")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "BATCH_BYTES", request.param)
        result = build_files(root, {
            "_config.yml": "title: Landing\npermalink: /:year/:title/\n",
            "_posts/2024-01-01-consensus.md": CONSENSUS,
            "_posts/2024-01-02-models.md": MODELS,
            "_posts/2024-01-03-flash.md": FLASH,
            "_posts/2024-01-04-storage.md": STORAGE,
        })
    assert result.ok and result.site is not None and not result.search.skipped, (result.errors, result.search)
    assert result.search.batches == (1 if request.param > 1 else 4)
    titles = {entry.url: entry.document.title for entry in result.site.posts}
    with serve_folder(Path(root / "_site")) as url:
        yield url, titles


def _landing(page, url: str, query: str, expected: str, titles: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """'' when the first result of `query` lands where the rule says, else what went wrong."""
    page.goto(url + "/search/?q=" + query)
    link = page.locator(".pagefind-ui__result-link").first
    link.wait_for(timeout=15_000)
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(l => l.getAttribute('href'))")
    published = set(titles)
    wrong = [href for href in hrefs if unquote(urlsplit(href).path) not in published]
    if wrong:
        return f"{query}: links not in the permalinks' form: {wrong}"
    excerpts = page.eval_on_selector_all(".pagefind-ui__result-excerpt", "es => es.map(e => e.textContent.trim())")
    if not excerpts or not all(excerpts):
        return f"{query}: a result without an excerpt: {excerpts}"
    lines = page.eval_on_selector_all(
        ".pagefind-ui__result-title",
        "ts => ts.map(t => Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)))")
    if any(count > 2 for count in lines):
        return f"{query}: a breadcrumb of more than two lines: {lines}"
    link.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # outline.js opens the target after load
    path = unquote(urlsplit(page.url).path)
    if expected.startswith("post:"):
        shown = titles.get(path)
        return "" if shown == expected[5:] else f"{query}: opened {path} ({shown}), not the post {expected[5:]}"
    target = unquote(page.evaluate("location.hash").lstrip("#"))
    own = page.evaluate(OWN_TEXT, target)
    if own is None:
        return f"{query}: no node #{target} on {path}"
    missing = [word for word in expected.split() if word not in own.casefold()]
    if missing:
        return f"{query}: landed on #{target} ({own.strip()!r}), without {missing}"
    if not page.evaluate(SHOWN, target):
        return f"{query}: #{target} is not shown on arrival"
    if not page.locator("mark.search-hit").count():
        return f"{query}: the words are not marked on arrival"
    return ""


def test_results_land_where_the_rule_says(site: tuple[str, dict[str, str]]) -> None:
    url, titles = site
    with chromium() as browser:
        page = browser.new_page()
        misses = [miss for query, expected in QUERIES if (miss := _landing(page, url, query, expected, titles))]
    landed = 1 - len(misses) / len(QUERIES)
    assert landed >= 0.95, misses
