"""The papers index: finding papers in outlines, merging them across posts, pages and exports."""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from generator.config.settings import BuildOptions, load_config
from generator.outline.detect import looks_like_outline
from generator.outline.links import parse_annotation
from generator.outline.model import Node, Outline
from generator.outline.parser import parse_outline
from generator.papers.index import index_papers, note_keys
from generator.papers.notes import (
    Paper,
    PaperNote,
    arxiv_id,
    doi_of,
    is_paper_url,
    merge_keys,
    normalize_url,
    normalize_venue,
    paper_notes,
    paper_notes_in_markdown,
    to_bibtex,
    to_json,
)
from generator.site.papers import paper_data_files, plan_paper_pages
from generator.site.templates import render_page, shared_context, template_environment
from tests.conftest import REPO, build_files

FIXTURES = Path(__file__).parent / "fixtures" / "papers"


# ---------------------------------------------------------------------------------------
# Fixture file: outline in, notes out

def _dump(notes: tuple[PaperNote, ...]) -> str:
    lines = [
        f"L{n.line} {n.title} | {n.year} {n.refs} {n.venue_raw} [{'; '.join(n.notes)}] | "
        f"{' '.join(n.urls)}".rstrip()
        for n in notes
    ]
    return "".join(line + "\n" for line in lines)


def _read_cases(path: Path) -> list[tuple[str, str, str]]:
    """(title, outline, expected) per block: title, '.', outline, '.', expected, '.'."""
    cases: list[tuple[str, str, str]] = []
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("%%")]
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title = lines[index]
        sections: list[str] = []
        index += 2  # the title and its "."
        for _ in range(2):
            end = lines.index(".", index)
            sections.append("".join(line + "\n" for line in lines[index:end]))
            index = end + 1
        cases.append((title, sections[0], sections[1]))
    return cases


def _update(path: Path) -> None:
    """Rewrite the expected sections from what the code does now."""
    head = [line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("%%")]
    blocks = [f"{title}\n.\n{source}.\n{_dump(paper_notes(parse_outline(source)))}.\n"
              for title, source, _ in _read_cases(path)]
    path.write_text("\n".join(head) + "\n\n" + "\n".join(blocks), encoding="utf-8")


NOTE_CASES = _read_cases(FIXTURES / "notes.txt")


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in NOTE_CASES], ids=[c[0] for c in NOTE_CASES])
def test_notes_fixture(source: str, expected: str) -> None:
    assert _dump(paper_notes(parse_outline(source))) == expected


def test_note_fields_and_anchor() -> None:
    outline = parse_outline("1. Paxos Made Live    [2007, PODC, 1100 refs, Google]\n   https://dl.acm.org/doi/10.1145/1281100.1281103\n")
    (note,) = paper_notes(outline, line_offset=10)
    assert note == PaperNote("Paxos Made Live", 2007, 1100, "PODC", ("Google",),
                             ("https://dl.acm.org/doi/10.1145/1281100.1281103",), outline.nodes[0].anchor, 11)
    assert merge_keys(note) == (((("doi", "10.1145/1281100.1281103"),
                                  ("url", "dl.acm.org/doi/10.1145/1281100.1281103"))), ("paxos made live",), "PODC")


def test_notes_survive_the_build_cache() -> None:
    # RenderedBody (which will hold the notes) is pickled by the build cache.
    notes = paper_notes(parse_outline("1. Paper A    [2019, SOSP, 187 refs, Google]\n   https://arxiv.org/abs/1910.02054\n"))
    assert notes and pickle.loads(pickle.dumps(notes)) == notes


def test_ten_thousand_levels_without_recursion() -> None:
    # Built bottom-up rather than parsed: 10,000 levels of indentation is 50 million spaces of text.
    depth = 10_000
    deepest = "The deepest paper    [2020, OSDI, 3 refs]"
    node = Node("1.", deepest, (), parse_annotation(deepest), (), (), depth + 1, "ol-deep", depth)
    for level in reversed(range(depth)):
        node = Node("1.", f"level {level}", (), None, (), (node,), level + 1, f"ol-{level}", level)
    outline = Outline((node,), depth + 1, depth + 1, frozenset())
    notes = paper_notes(outline)
    found = [(n.title, n.line, n.venue_raw, n.anchor) for n in notes]
    assert found == [("The deepest paper", depth + 1, "OSDI", "ol-deep")]


def test_deep_parsed_outline() -> None:
    depth = 1_500  # deeper than Python's default recursion limit, through the real parser
    text = "".join(" " * level + f"{level}. level\n" for level in range(depth))
    text += " " * depth + "1. Deep https://arxiv.org/abs/2001.00001\n"
    assert [n.title for n in paper_notes(parse_outline(text))] == ["Deep"]


def test_markdown_list_items_outside_fences() -> None:
    text = (
        "Prose that cites a paper [2014, 3900 refs] is not a list item.\n\n"
        "* **In Search of an Understandable Consensus Algorithm** \\[2014, ATC, 3900 refs\\]\n"
        "- see [ZeRO](https://arxiv.org/abs/1910.02054)\n"
        "- just a link https://github.com/etcd-io/raft\n"
        "```\n1. Inside a fence    [2019, 10 refs]\n```\n"
        "1. After the fence    [2020]\n"
    )
    notes = paper_notes_in_markdown(text, line_offset=4)
    assert [(n.title, n.year, n.venue_raw, n.line, n.anchor) for n in notes] == [
        ("In Search of an Understandable Consensus Algorithm", 2014, "ATC", 7, ""),
        ("see ZeRO", None, None, 8, ""),
        ("After the fence", 2020, None, 13, ""),
    ]


# ---------------------------------------------------------------------------------------
# Venues and identifiers

@pytest.mark.parametrize(("raw", "expected"), [
    ("FAST22", ("FAST", 2022)), ("FAST '22", ("FAST", 2022)), ("FAST'22", ("FAST", 2022)),
    ("FAST ’22", ("FAST", 2022)), ("FAST 2022", ("FAST", 2022)), ("FAST", ("FAST", None)),
    ("fast", ("FAST", None)), ("USENIX FAST", ("FAST", None)), ("USENIX ATC", ("ATC", None)),
    ("ATC'19", ("ATC", 2019)), ("NIPS", ("NeurIPS", None)), ("NIPS'17", ("NeurIPS", 2017)),
    ("PVLDB", ("VLDB", None)), ("Proc. VLDB Endow.", ("VLDB", None)), ("HotStorage20", ("HotStorage", 2020)),
    ("EUROSYS", ("EuroSys", None)), ("SIGMOD2019", ("SIGMOD", 2019)), ("SOSP'99", ("SOSP", 1999)),
    ("ACM SoCC", ("SoCC", None)), ("PaPoC", ("PaPoC", None)), ("USENIX Winter", ("USENIX Winter", None)),
    ("Acta  Informatica", ("Acta Informatica", None)), ("", ("", None)),
])
def test_normalize_venue(raw: str, expected: tuple[str, int | None]) -> None:
    assert normalize_venue(raw) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://arxiv.org/abs/1910.02054", "1910.02054"),
    ("https://arxiv.org/abs/1910.02054v3", "1910.02054"),
    ("https://arxiv.org/pdf/1910.02054.pdf", "1910.02054"),
    ("http://www.arxiv.org/pdf/1910.02054v2.pdf", "1910.02054"),
    ("https://arxiv.org/pdf/2104.04473v5", "2104.04473"),
    ("https://export.arxiv.org/abs/2104.04473/", "2104.04473"),
    ("https://arxiv.org/html/2312.07104v2", "2312.07104"),
    ("https://arxiv.org/abs/cs/0112017", "cs/0112017"),
    ("https://arxiv.org/pdf/cs/0112017v1.pdf", "cs/0112017"),
    ("https://arxiv.org/abs/math.GT/0309136", "math/0309136"),
    ("https://doi.org/10.48550/arXiv.1910.02054", "1910.02054"),
    ("https://arxiv.org/list/cs.DC/recent", None),
    ("https://example.org/abs/1910.02054", None),
])
def test_arxiv_id(url: str, expected: str | None) -> None:
    assert arxiv_id(url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://doi.org/10.1145/279227.279229", "10.1145/279227.279229"),
    ("http://dx.doi.org/10.1145/279227.279229", "10.1145/279227.279229"),
    ("https://dl.acm.org/doi/10.1145/1281100.1281103", "10.1145/1281100.1281103"),
    ("https://dl.acm.org/doi/abs/10.1145/1281100.1281103", "10.1145/1281100.1281103"),
    ("https://dl.acm.org/doi/pdf/10.1145/1281100.1281103", "10.1145/1281100.1281103"),
    ("https://link.springer.com/article/10.1007/s002360050048", "10.1007/s002360050048"),
    ("https://link.springer.com/content/pdf/10.1007/s002360050048.pdf", "10.1007/s002360050048"),
    ("https://doi.org/10.1007/S002360050048", "10.1007/s002360050048"),
    ("https://ieeexplore.ieee.org/document/5958223", None),
    ("https://www.usenix.org/conference/fast22/presentation/wang", None),
])
def test_doi_of(url: str, expected: str | None) -> None:
    assert doi_of(url) == expected


@pytest.mark.parametrize(("url", "paper"), [
    ("https://www.usenix.org/conference/osdi22/presentation/yu", True),
    ("https://openreview.net/forum?id=abc", True),
    ("https://proceedings.mlr.press/v97/x19a.html", True),
    ("https://papers.nips.cc/paper/2017/hash/abc", True),
    ("https://proceedings.neurips.cc/paper/2020/file/x.pdf", True),
    ("http://www.vldb.org/pvldb/vol13/p3072-huang.pdf", True),
    ("https://www.cidrdb.org/cidr2021/papers/cidr2021_paper01.pdf", True),
    ("https://www.semanticscholar.org/paper/abc", True),
    ("https://link.springer.com/chapter/10.1007/978-3-540-1", True),
    ("https://www.sciencedirect.com/science/article/pii/S0167", True),
    ("https://example.org/a/paper.PDF", True),
    ("https://example.org/a/paper.pdf?download=1", True),
    ("https://github.com/etcd-io/raft", False),
    ("https://blog.acolyer.org/", False),
    ("https://notarxiv.org/abs/1910.02054", False),
])
def test_is_paper_url(url: str, paper: bool) -> None:
    assert is_paper_url(url) is paper


def test_normalize_url() -> None:
    same = ["https://www.usenix.org/conference/fast22/presentation/wang/",
            "http://usenix.org/conference/fast22/presentation/wang#abstract",
            "https://WWW.USENIX.ORG/conference/fast22/presentation/wang?utm_source=x"]
    assert {normalize_url(url) for url in same} == {"usenix.org/conference/fast22/presentation/wang"}
    assert normalize_url("https://openreview.net/forum?id=abc") == "openreview.net/forum?id=abc"


# ---------------------------------------------------------------------------------------
# Merging

def _note(title: str, *urls: str, year: int | None = None, venue: str | None = None,
          refs: int | None = None, anchor: str = "a") -> PaperNote:
    return PaperNote(title, year, refs, venue, (), urls, anchor, 1)


def test_arxiv_abs_and_versioned_pdf_are_one_paper() -> None:
    papers = index_papers([
        ("Consensus", "/consensus.html", (_note("ZeRO", "https://arxiv.org/abs/1910.02054", year=2020,
                                                 venue="SC", refs=900, anchor="ol-zero-1"),)),
        ("LLM", "/llm.html", (_note("ZeRO: Memory Optimizations", "https://arxiv.org/pdf/1910.02054v2.pdf",
                                    year=2020, refs=950, anchor="ol-zero-2"),)),
    ])
    assert len(papers) == 1
    (zero,) = papers
    assert zero.arxiv_id == "1910.02054" and zero.venue == "SC" and zero.refs == 950 and zero.year == 2020
    assert zero.notes == (("Consensus", "/consensus.html", "ol-zero-1"), ("LLM", "/llm.html", "ol-zero-2"))
    assert zero.urls == ("https://arxiv.org/abs/1910.02054", "https://arxiv.org/pdf/1910.02054v2.pdf")


def test_old_style_arxiv_ids_merge() -> None:
    papers = index_papers([("A", "/a", (_note("One", "https://arxiv.org/abs/cs/0112017v2"),
                                         _note("Other title", "http://arxiv.org/pdf/cs/0112017.pdf")))])
    assert len(papers) == 1 and papers[0].arxiv_id == "cs/0112017"


def test_doi_org_and_acm_doi_links_merge() -> None:
    papers = index_papers([
        ("A", "/a", (_note("Paxos Made Live", "https://doi.org/10.1145/1281100.1281103", year=2007),)),
        ("B", "/b", (_note("Paxos made live: an engineering perspective",
                           "https://dl.acm.org/doi/abs/10.1145/1281100.1281103", year=2007),)),
    ])
    assert len(papers) == 1 and papers[0].doi == "10.1145/1281100.1281103" and len(papers[0].notes) == 2


def test_normalized_urls_merge() -> None:
    papers = index_papers([
        ("A", "/a", (_note("WiscKey", "https://www.usenix.org/conference/fast16/technical-sessions/presentation/lu/"),)),
        ("B", "/b", (_note("Separating keys from values", "http://usenix.org/conference/fast16/technical-sessions/presentation/lu#x"),)),
    ])
    assert len(papers) == 1


def test_title_merges_when_years_agree_or_one_is_missing() -> None:
    papers = index_papers([
        ("A", "/a", (_note("In Search of an Understandable Consensus Algorithm (Raft)", year=2014,
                           venue="ATC"),)),
        ("B", "/b", (_note("In search of an understandable consensus algorithm", year=2014),)),
        ("C", "/c", (_note("IN SEARCH OF AN UNDERSTANDABLE CONSENSUS ALGORITHM."),)),
    ])
    assert len(papers) == 1 and len(papers[0].notes) == 3 and papers[0].venue == "ATC"


def test_same_title_different_years_stay_apart() -> None:
    papers = index_papers([
        ("A", "/a", (_note("A Survey of Consensus", year=2019),)),
        ("B", "/b", (_note("A survey of consensus", year=2021),)),
        ("C", "/c", (_note("A Survey of Consensus", year=2021),)),
    ])
    assert [(p.year, len(p.notes)) for p in papers] == [(2021, 2), (2019, 1)]


def test_a_missing_year_does_not_bridge_two_years() -> None:
    papers = index_papers([
        ("A", "/a", (_note("Lecture Notes", year=2019, anchor="x"), _note("Lecture Notes", anchor="y"),
                     _note("Lecture Notes", year=2021, anchor="z"))),
    ])
    assert sorted((p.year, len(p.notes)) for p in papers) == [(2019, 2), (2021, 1)]


def test_different_papers_on_one_host_stay_apart() -> None:
    papers = index_papers([("A", "/a", (_note("One", "https://arxiv.org/abs/2001.00001"),
                                         _note("Two", "https://arxiv.org/abs/2001.00002"),
                                         _note("Three", "https://dl.acm.org/"), _note("Four", "https://dl.acm.org/")))])
    assert len(papers) == 4


def test_venue_spelling_and_order() -> None:
    papers = index_papers([
        ("A", "/a", (_note("Zed", year=2020, venue="FAST22"), _note("Alpha", year=2020, venue="papoc"),
                     _note("Beta", year=None, venue="PaPoC"), _note("Gamma", year=2022, venue="PaPoC"))),
    ])
    assert [(p.title, p.year, p.venue) for p in papers] == [
        ("Gamma", 2022, "PaPoC"), ("Alpha", 2020, "PaPoC"), ("Zed", 2020, "FAST"), ("Beta", None, "PaPoC"),
    ]


def test_index_is_deterministic_and_counts_per_post() -> None:
    notes = (_note("ZeRO", "https://arxiv.org/abs/1910.02054", anchor="x"),
             _note("ZeRO", "https://arxiv.org/pdf/1910.02054.pdf", anchor="y"), _note("Other", year=2001))
    posts = [("A", "/a", notes), ("B", "/b", notes[:1])]
    assert index_papers(posts) == index_papers(list(posts))
    assert note_keys(notes).paper_count == 2 and note_keys(()).paper_count == 0


# ---------------------------------------------------------------------------------------
# JSON and BibTeX

TRICKY = Paper(
    title="Braces {and} 100% & $cash$ #1 with_under ^hat ~tilde \\back", year=2020, venue="OSDI", refs=5,
    urls=("https://example.org/a{b}?q=1%20", "https://arxiv.org/abs/2001.00001"), arxiv_id="2001.00001",
    doi="10.1145/1.2", notes=(("Post", "/post.html", "ol-x"), ("Page", "/page.html", "")),
)


def _balanced(text: str) -> bool:
    depth = 0
    for token in re.findall(r"\\.|[{}]", text):
        if token in "{}":
            depth += 1 if token == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_json_is_well_formed() -> None:
    data = json.loads(to_json((TRICKY,), url_prefix="https://blog.example"))
    assert data == [{
        "title": TRICKY.title, "year": 2020, "venue": "OSDI", "refs": 5, "urls": list(TRICKY.urls),
        "arxiv": "2001.00001", "doi": "10.1145/1.2", "venue_as_written": [],
        "notes": [{"post": "Post", "url": "https://blog.example/post.html#ol-x"},
                  {"post": "Page", "url": "https://blog.example/page.html"}],
    }]


def test_bibtex_is_well_formed_and_escaped() -> None:
    plain = Paper("An Untitled Note", None, None, None, (), None, None, (("P", "/p", ""),))
    journal = Paper("Linearizability", 1990, "TOPLAS", None, (), None, None, ())
    bib = to_bibtex((TRICKY, plain, journal))
    entries = re.findall(r"^@(\w+)\{([^,]+),\n(.*?)\n\}$", bib, re.MULTILINE | re.DOTALL)
    assert [(kind, key) for kind, key, _ in entries] == [
        ("inproceedings", "braces2020"), ("misc", "untitled"), ("article", "linearizability1990"),
    ]
    assert _balanced(bib)
    assert (r"title = {{Braces \{and\} 100\% \& \$cash\$ \#1 with\_under \^{}hat \~{}tilde "
            r"\textbackslash{}back}}") in bib
    assert "url = {https://example.org/a%7Bb%7D?q=1%20}" in bib
    assert "journal = {TOPLAS}" in bib and "booktitle = {OSDI}" in bib and "eprint = {2001.00001}" in bib


def test_bibtex_keys_are_unique_and_stable() -> None:
    def paper(title: str, year: int | None, url: str) -> Paper:
        return Paper(title, year, None, None, (url,), None, None, ())

    papers = (paper("ZeRO: Memory", 2020, "u1"), paper("ZeRO: Offload", 2020, "u2"),
              paper("Raft", 2014, "u3"), paper("ZeRO: Memory", 2020, "u4"), paper("论文", None, "u5"),
              paper("另一篇", None, "u6"))
    keys = re.findall(r"^@\w+\{([^,]+),", to_bibtex(papers), re.MULTILINE)
    assert len(set(keys)) == len(keys) == 6
    assert keys[1:3] == ["zero2020offload", "raft2014"]
    assert keys[0].startswith("zero2020memory-") and keys[3].startswith("zero2020memory-")
    assert keys == re.findall(r"^@\w+\{([^,]+),", to_bibtex(papers), re.MULTILINE)


# ---------------------------------------------------------------------------------------
# Pages, on a small site built inline

POST = """---
title: "{title}"
---
Notes.

```
1. ZeRO: Memory Optimizations Toward Training Trillion Parameter Models    [2020, SC, 900 refs]
   {zero}
2. Orca: A Distributed Serving System <for> Transformers    [2022, OSDI, 400 refs]
   https://www.usenix.org/conference/osdi22/presentation/yu
```
"""


def _bundled_notes(text: str) -> tuple[PaperNote, ...]:
    """The notes of every outline fence of a post: bare fences that look like outlines."""
    notes: list[PaperNote] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "fence" and not token.info.strip() and looks_like_outline(token.content):
            notes.extend(paper_notes(parse_outline(token.content)))
    return tuple(notes)


def test_pages_render(site_dir: Path) -> None:
    files = {
        "_config.yml": "title: Test blog\nurl: https://blog.example\nbaseurl: /notes\n",
        "content/_posts/2024-01-05-first.md": POST.format(title="First & <b>", zero="https://arxiv.org/abs/1910.02054"),
        "content/_posts/2024-02-01-second.md": POST.format(title="Second", zero="https://arxiv.org/pdf/1910.02054v2.pdf"),
    }
    result = build_files(site_dir, files)
    assert result.ok, result.errors and result.site is not None
    site = result.site
    assert site is not None
    config = load_config(BuildOptions(source=site_dir))
    posts = [(e.document.title, e.url, _bundled_notes(e.document.body)) for e in site.posts]
    papers = index_papers(posts)
    assert [(p.title[:4], len(p.notes)) for p in papers] == [("Orca", 2), ("ZeRO", 2)]

    plans = list(plan_paper_pages(papers, "site-key", sources_by_url={e.url: e.source for e in site.posts}))
    assert [(p.output_path, p.template) for p in plans] == [
        ("papers/index.html", "papers.html"),
        ("papers/venues/osdi/index.html", "papers_list.html"),
        ("papers/venues/sc/index.html", "papers_list.html"),
        ("papers/years/2022/index.html", "papers_list.html"),
        ("papers/years/2020/index.html", "papers_list.html"),
    ]
    assert plans[0].sources == ("content/_posts/2024-01-05-first.md", "content/_posts/2024-02-01-second.md")
    assert len({p.key for p in plans}) == len(plans)
    assert [p.key for p in plan_paper_pages(papers, "site-key")] == [p.key for p in plans]
    assert next(plan_paper_pages(papers, "other")).key != plans[0].key
    changed = (papers[0], papers[1]._replace(refs=901))
    changed_keys = [p.key for p in plan_paper_pages(changed, "site-key")]
    assert changed_keys[0] != plans[0].key and changed_keys[1] == plans[1].key  # OSDI lists only Orca

    environment = template_environment(config)
    shared = shared_context(site, config)
    pages = {plan.output_path: (render_page(environment, plan, shared).file.data or b"").decode("utf-8")
             for plan in plans}
    index = pages["papers/index.html"]
    html5lib.HTMLParser(strict=False).parse(index)
    assert '<table class="papers" data-papers>' in index
    assert 'data-sort="year" data-numeric' in index and 'data-papers-filter' in index and " hidden>" in index
    assert 'data-year="2020" data-venue="SC" data-refs="900" data-notes="2"' in index
    assert "Orca: A Distributed Serving System &lt;for&gt; Transformers" in index
    assert "First &amp; &lt;b&gt;" in index
    first = site.posts[1]
    zero_anchor = papers[1].notes[1][2]
    assert f'href="/notes{first.url}#{zero_anchor}"' in index
    assert 'href="/notes/papers/venues/osdi/"' in index and 'href="/notes/papers/years/2020/"' in index
    assert '<option value="OSDI">OSDI (1)</option>' in index
    assert 'src="/notes/static/js/papers.js"' in index and 'href="/notes/static/css/papers.css"' in index
    assert "https://blog.example/notes/papers/" in index  # canonical
    venue = pages["papers/venues/osdi/index.html"]
    assert "Papers at OSDI" in venue and "Orca" in venue and "ZeRO" not in venue
    assert "data-papers-filter" not in venue and 'href="/notes/papers/"' in venue
    assert "Papers from 2020" in pages["papers/years/2020/index.html"]

    data = dict(paper_data_files(papers, url_prefix=config.url + config.baseurl))
    records = json.loads(data["papers.json"])
    assert records[1]["arxiv"] == "1910.02054"
    assert records[1]["notes"][1]["url"] == f"https://blog.example/notes{first.url}#{zero_anchor}"
    assert _balanced(data["papers.bib"].decode("utf-8"))


def test_bundled_blog_notes_zero_twice() -> None:
    posts = []
    for path in sorted((REPO / "content" / "_posts").glob("*.md")):
        posts.append((path.stem, "/" + path.stem, _bundled_notes(path.read_text(encoding="utf-8"))))
    papers = index_papers(posts)
    zero = [p for p in papers if p.title.startswith("ZeRO: Memory")]
    assert len(zero) == 1 and len(zero[0].notes) == 2 and zero[0].arxiv_id == "1910.02054"
    assert sum(len(notes) for _, _, notes in posts) > len(papers) >= 90


if __name__ == "__main__" and "--update" in sys.argv:
    _update(FIXTURES / "notes.txt")
