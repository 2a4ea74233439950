"""A body or document kept in a BodyStore reads, compares and pickles as the one it was."""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.content.discover import SourceFile
from generator.content.document import load_document
from generator.content.store import BodyStore, Stored
from generator.incremental.cache import BuildCache
from generator.markdown.bodies import body_jobs, render_job
from generator.markdown.render import MarkdownSettings, RenderedBody, render_body
from generator.papers.index import note_keys
from tests.conftest import NOW, write_files

BODY = st.lists(st.sampled_from([
    "A paragraph with 中文.\n", (
        "```\n1. Paper title    [2020, OSDI, 3 refs]\n   https://arxiv.org/abs/2001.00001\n"
        "    1. a note\n```\n"
    ), "* a list\n", "$x^2$\n", "<b>raw</b>\n", "\n",
]), max_size=8).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(BODY, min_size=1, max_size=5))
def test_kept_bodies_read_as_they_were(bodies: list[str]) -> None:
    store = BodyStore()
    rendered = [render_body(body, MarkdownSettings()) for body in bodies]
    kept = [body.kept_in(store) for body in rendered]
    for body, moved in zip(rendered, kept):
        assert isinstance(moved.html_kept, Stored)
        assert moved.html_utf8 == body.html_utf8 and moved.html == body.html
        assert moved.search_sections == body.search_sections
        assert moved.papers == body.papers and moved.outline_map == body.outline_map
        assert moved.paper_keys == body.paper_keys == note_keys(body.papers).packed
        assert moved == body and moved.kept_in(BodyStore()) is moved
        # pickled, a kept body is the body itself again
        loaded = pickle.loads(pickle.dumps(moved))
        assert loaded.html_kept == body.html_kept and loaded.search_kept == body.search_kept
        assert loaded.papers_kept == body.papers_kept and loaded.map_kept == body.map_kept
        assert loaded.keys_kept == body.keys_kept
        # in parts (the build cache, the pool's answers), with or without a store
        parts = pickle.loads(pickle.dumps(moved.parts()))
        for again in (RenderedBody.from_parts(parts, None), RenderedBody.from_parts(parts, store)):
            assert again == body and again.html_utf8 == body.html_utf8 and again.papers == body.papers
            assert again.outline_map == body.outline_map and again.search_sections == body.search_sections
            assert again.paper_keys == body.paper_keys
            assert (again.outline_items, again.paper_count, again.excerpt) == (body.outline_items, body.paper_count,
                                                                              body.excerpt)


def test_a_store_is_read_from_other_threads_while_it_grows() -> None:
    store = BodyStore()
    first = store.put(b"x" * 100_000)
    seen: list[bytes] = []
    reader = threading.Thread(target=lambda: seen.extend(first.load() for _ in range(50)))
    reader.start()
    later = [store.put(bytes([n]) * (n + 1)) for n in range(200)]
    reader.join()
    assert seen == [b"x" * 100_000] * 50
    assert [stored.load() for stored in later] == [bytes([n]) * (n + 1) for n in range(200)]


@settings(max_examples=100, deadline=None)
@given(st.lists(BODY, min_size=1, max_size=4))
def test_kept_documents_read_and_render_as_they_were(bodies: list[str]) -> None:
    # A real folder, empty: a source folder that does not exist is refused.
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = load_config(BuildOptions(source=root))
        store = BodyStore()
        sources = [SourceFile(root / f"_posts/2024-01-0{n + 1}-p.md", f"_posts/2024-01-0{n + 1}-p.md", "post")
                   for n in range(len(bodies))]
        texts = [f"---\ntitle: P\n---\nx{body}" for body in bodies]
        documents = [load_document(source, text, config) for source, text in zip(sources, texts)]
        kept = [load_document(source, text, config, store=store) for source, text in zip(sources, texts)]
        for document, moved in zip(documents, kept):
            assert isinstance(moved.body_kept, Stored) and moved.body == document.body
            assert moved == document and moved.body_digest == document.body_digest
        for job, moved_job in zip(body_jobs(documents, config), body_jobs(kept, config)):
            assert moved_job.key() == job.key() and moved_job.size >= len(job.body.encode()) > 0
            # sent to a worker, a job carries its text, whether kept in a store or not
            for sent in (pickle.loads(pickle.dumps(job)), pickle.loads(pickle.dumps(moved_job))):
                assert sent.body == job.body and sent.key() == job.key()
                assert render_job(sent) == render_job(job)


def test_builds_with_one_cache_keep_one_store(tmp_path: Path) -> None:
    # serve rebuilds the whole site after a front matter edit: each rebuild must not leave one
    # more store file open, as each kept what the next still reads.
    post = "---\ntitle: {title}\n---\n```\n1. Paper title    [2020, OSDI, 3 refs]\n    1. a note\n```\n"
    source = write_files(tmp_path / "site", {"_config.yml": "title: t\npaperfold:\n  search: false\n",
                                             "_posts/2024-01-01-a.md": post.format(title="A"),
                                             "_posts/2024-01-02-b.md": post.format(title="B")})
    config = load_config(BuildOptions(source=source, destination=tmp_path / "out"))
    cache = BuildCache(source, enabled=True)
    assert build(config, NOW, cache=cache, index_search=False).ok
    open_files = len(os.listdir("/proc/self/fd"))
    for number in range(5):
        (source / "_posts/2024-01-01-a.md").write_text(post.format(title=f"A{number}"), encoding="utf-8")
        result = build(config, NOW, cache=cache, index_search=False)
        assert result.ok and result.files > 0
    assert len(os.listdir("/proc/self/fd")) == open_files
    assert "A4" in (tmp_path / "out/index.html").read_text(encoding="utf-8")
