"""Incremental builds equal clean builds, byte for byte, after any sequence of edits (hypothesis).

Every way of rebuilding: a new process each time (the cache on disk only), one BuildCache kept
from build to build (the cache in memory too), and that plus the changed files named, as
`paperfold serve` does (an edit to bodies alone then takes incremental/body_edit.py's shortcut).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.incremental.cache
from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.incremental.cache import CACHE_FOLDER, BuildCache, Manifest
from tests.conftest import NOW, files_of, write_files

CONFIG = "title: t\npaginate: 2\npermalink: /:categories/:year/:month/:day/:title.html\npaperfold:\n  search: false\n"
WORDS = st.sampled_from(["raft", "paxos", "Zab", "LSM", "分布式", "GPU", "ZeRO", "flash"])
TAGS = st.lists(WORDS, max_size=3, unique=True)


def _post(title: str, tags: list[str], body: str) -> str:
    return f"---\ntitle: \"{title}\"\ncategory: Notes\ntags: [{', '.join(tags)}]\n---\n{body}\n"


BODY = st.builds(
    lambda words, deep: "Intro " + " ".join(words) + "\n\n```\n1. " + " ".join(words) + "\n    1. child " + deep + "\n```\n",
    st.lists(WORDS, min_size=1, max_size=4), WORDS)
NAME = st.builds(lambda m, d, slug: f"2024-{m:02d}-{d:02d}-{slug}.md",
                 st.integers(1, 12), st.integers(1, 28), st.sampled_from(["a", "b", "c", "d", "e"]))
OPERATION = st.one_of(
    st.tuples(st.just("add"), NAME, WORDS, TAGS, BODY),
    st.tuples(st.just("edit"), st.integers(0, 10), WORDS, TAGS, BODY),
    st.tuples(st.just("delete"), st.integers(0, 10)),
    st.tuples(st.just("rename"), st.integers(0, 10), NAME),
    st.tuples(st.just("body"), st.integers(0, 10), st.lists(WORDS, min_size=1, max_size=4)),
    st.tuples(st.just("link"), st.integers(0, 10), st.integers(0, 10)),
)
MODES = st.sampled_from(["disk", "memory", "memory and changes"])


def _apply(posts: Path, operation: tuple) -> set[str]:  # type: ignore[type-arg]
    """Apply the operation; the paths it touched."""
    existing = sorted(posts.glob("*.md"))
    kind = operation[0]
    if kind == "add":
        _, name, title, tags, body = operation
        (posts / name).write_text(_post(title, tags, body), encoding="utf-8")
        return {str(posts / name)}
    if not existing:
        return set()
    target = existing[operation[1] % len(existing)]
    if kind == "edit":
        _, _, title, tags, body = operation
        target.write_text(_post(title, tags, body), encoding="utf-8")
    elif kind == "body":  # front matter and first paragraph kept: what listings show stays
        _, front_matter, body = target.read_text(encoding="utf-8").split("---\n", 2)
        first_paragraph = body.split("\n\n", 1)[0]
        outline = "\n```\n1. " + " ".join(operation[2]) + "\n    1. child\n```\n"
        target.write_text(f"---\n{front_matter}---\n{first_paragraph}\n{outline}", encoding="utf-8")
    elif kind == "link":  # a body edit naming another post, whose URL a later rename changes
        named = existing[operation[2] % len(existing)].stem
        target.write_text(target.read_text(encoding="utf-8") + f"\nSee [it]({{% post_url {named} %}}).\n",
                          encoding="utf-8")
    elif kind == "delete":
        target.unlink()
    elif kind == "rename" and not (posts / operation[2]).exists():
        target.rename(posts / operation[2])
        return {str(target), str(posts / operation[2])}
    return {str(target)}



@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPERATION, min_size=1, max_size=6), MODES, st.booleans())
def test_incremental_equals_clean(operations: list[tuple], mode: str, tight: bool) -> None:  # type: ignore[type-arg]
    # `tight`: a kept cache renews its body store and prunes after body edits at every chance,
    # as a long serve session does now and then.
    with (mock.patch.multiple(generator.incremental.cache, STORE_RENEW_SLACK=0, SHORTCUT_PRUNE_AFTER=1) if tight
          else contextlib.nullcontext()):
        _check_incremental(operations, mode)


def _check_incremental(operations: list[tuple], mode: str) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = write_files(root / "site", {
            "_config.yml": CONFIG,
            "content/_posts/2024-01-01-first.md": _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b\n```"),
            "content/_posts/2024-02-01-second.md": _post("Second", ["raft", "GPU"], "World"),
        })
        incremental = root / "incremental"
        kept = BuildCache(source, enabled=True) if mode != "disk" else None
        assert build(load_config(BuildOptions(source=source, destination=incremental)), now=NOW, cache=kept).ok
        for operation in operations:
            touched = _apply(source / "content" / "_posts", operation)
            result = build(load_config(BuildOptions(source=source, destination=incremental)), now=NOW, cache=kept,
                           changed=touched if mode == "memory and changes" else None)
            if not result.ok:  # two posts on one URL after a rename: a clean build fails the same way
                clean = build(load_config(BuildOptions(source=source, destination=root / "clean", fresh=True)), now=NOW)
                assert [str(e) for e in clean.errors] == [str(e) for e in result.errors]
                return
        clean_dir = root / "clean"
        shutil.rmtree(clean_dir, ignore_errors=True)
        assert build(load_config(BuildOptions(source=source, destination=clean_dir, fresh=True)), now=NOW).ok
        assert files_of(incremental) == files_of(clean_dir)


def _site(root: Path) -> Path:
    return write_files(root / "site", {
        "_config.yml": CONFIG,
        "content/_posts/2024-01-01-first.md": _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b\n```"),
        "content/_posts/2024-02-01-second.md": _post("Second", ["GPU"], "World"),
    })


def test_a_kept_cache_reuses_what_did_not_change(tmp_path: Path) -> None:
    source = _site(tmp_path)
    time.sleep(0.2)  # files this old are trusted by their stat (see SETTLED_NANOSECONDS)
    cache = BuildCache(source, enabled=True)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    first = build(load_config(options), now=NOW, cache=cache)
    second = build(load_config(options), now=NOW, cache=cache)
    assert first.site and second.site and second.files == 0
    assert all(a.document is b.document and a.body is b.body for a, b in zip(first.site.posts, second.site.posts))


def test_a_kept_cache_never_serves_a_file_rewritten_within_one_timestamp_tick(tmp_path: Path) -> None:
    source = _site(tmp_path)
    post = source / "content/_posts/2024-02-01-second.md"
    cache = BuildCache(source, enabled=True)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    for word in ("Alpha", "Bravo", "Gamma"):  # same size: only the content tells them apart
        post.write_text(_post("Second", ["GPU"], word), encoding="utf-8")
        result = build(load_config(options), now=NOW, cache=cache)
        assert result.site and result.site.posts[0].body.html == f"<p>{word}</p>\n"


def _edit_as_serve_does(tmp_path: Path, monkeypatch, text: str) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """Build with a kept cache, rewrite the first post, build again naming it as changed:
    (the result, how many times the whole pipeline ran for it, the output folder)."""
    import generator.pipeline

    source = _site(tmp_path)
    post = source / "content/_posts/2024-01-01-first.md"
    cache = BuildCache(source, enabled=True)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    assert build(load_config(options), now=NOW, cache=cache).ok
    runs: list[int] = []
    whole = generator.pipeline.run_pipeline
    monkeypatch.setattr(generator.pipeline, "run_pipeline", lambda *args: runs.append(1) or whole(*args))
    post.write_text(text, encoding="utf-8")
    return build(load_config(options), now=NOW, cache=cache, changed={str(post)}), len(runs), tmp_path / "out"


def test_an_edit_to_a_body_alone_rebuilds_only_the_pages_that_show_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the first paragraph (the excerpt listings show) and the number of items stay as they were
    result, whole_runs, out = _edit_as_serve_does(
        tmp_path, monkeypatch, _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b, again\n```"))
    assert result.ok and result.shortcut and whole_runs == 0
    assert result.files == 2  # the post's page and the feed
    assert "b, again" in (out / "notes/2024/01/01/first.html").read_text(encoding="utf-8")
    assert result.site and [e.document.title for e in result.site.posts] == ["Second", "First"]


def test_a_shortcut_writes_its_manifest_after_the_pages_and_no_stale_one_before(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result, _, out = _edit_as_serve_does(tmp_path, monkeypatch, _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b, again\n```"))
    assert result.shortcut
    source = tmp_path / "site"
    manifests = list((source / CACHE_FOLDER).glob("outputs-*.json"))
    assert manifests == []  # forgotten before the pages changed; serve writes it after its reload signal
    # a new process (a new cache) finds no manifest and rewrites nothing but the same bytes
    before = files_of(out)
    assert build(load_config(BuildOptions(source=source, destination=out)), now=NOW,
                 cache=BuildCache(source, enabled=True)).ok
    assert files_of(out) == before


def test_a_pending_manifest_is_written_when_asked(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result, _, out = _edit_as_serve_does(tmp_path, monkeypatch, _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b, again\n```"))
    cache_folder = tmp_path / "site" / CACHE_FOLDER
    assert result.shortcut and not list(cache_folder.glob("outputs-*.json"))
    cache = BuildCache(tmp_path / "site", enabled=True)
    cache.save_manifest(Manifest(str(out), {"index.html": "key"}), later=True)
    assert not list(cache_folder.glob("outputs-*.json"))
    cache.write_pending()
    assert cache.manifest(out).keys == {"index.html": "key"}
    cache.write_pending()  # nothing pending: nothing written
    assert cache.manifest(out).keys == {"index.html": "key"}


def test_an_edit_to_front_matter_takes_the_whole_pipeline(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result, whole_runs, out = _edit_as_serve_does(tmp_path, monkeypatch, _post("First, renamed", ["raft"], "Hello"))
    assert result.ok and not result.shortcut and whole_runs == 1
    assert "First, renamed" in (out / "index.html").read_text(encoding="utf-8")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(TAGS, st.integers(1, 12), st.integers(1, 28)), min_size=1, max_size=9), st.data())
def test_a_site_with_new_bodies_equals_the_site_built_anew(posts: list[tuple], data: st.DataObject) -> None:  # type: ignore[type-arg]
    """site.with_new_bodies gives the Site build_site gives for the same documents, new bodies and all."""
    import dataclasses

    from generator.content.discover import SourceFile
    from generator.content.document import Document
    from generator.markdown.render import RenderedBody
    from generator.site.model import build_site, with_new_bodies

    with tempfile.TemporaryDirectory() as folder:
        config = load_config(BuildOptions(source=write_files(Path(folder), {"_config.yml": CONFIG})))

    def body(text: str) -> RenderedBody:
        return RenderedBody(html_kept=text.encode(), outline_items=0, has_math=False, excerpt="",
                            liquid_problems=())

    documents = [
        Document(SourceFile(Path(f"/s/_posts/2024-{m:02d}-{d:02d}-p{i}.md"), f"_posts/2024-{m:02d}-{d:02d}-p{i}.md", "post"),
                 "post", f"P{i}", datetime(2024, m, d, tzinfo=timezone.utc), f"p{i}", ".md", ("notes",),
                 tuple(tags), "post", None, "", None, True, f"body {i}", 1)
        for i, (tags, m, d) in enumerate(posts)
    ]
    site, _ = build_site(config, [(doc, body(doc.body)) for doc in documents])
    edited = data.draw(st.sets(st.integers(0, len(documents) - 1), min_size=1))
    new_documents = [dataclasses.replace(doc, body_kept=doc.body + " edited") if i in edited else doc
                     for i, doc in enumerate(documents)]
    rendered = [(doc, body(doc.body)) for doc in new_documents]
    expected, _ = build_site(config, rendered)
    by_source = {doc.source.relative: (doc, new_body) for doc, new_body in rendered}
    replaced = {e.source: dataclasses.replace(e, document=by_source[e.source][0], body=by_source[e.source][1])
                for e in site.posts if by_source[e.source][0] is not e.document}
    assert with_new_bodies(site, replaced) == expected


def _many_posts(root: Path, extra: dict[str, str] | None = None) -> Path:
    """Six posts, tags apart: no post but its neighbours shows another's title."""
    files = {"_config.yml": CONFIG.replace("paginate: 2", "paginate: 10")}
    for number in range(1, 7):
        files[f"content/_posts/2024-0{number}-01-p{number}.md"] = _post(f"Post {number}", [f"t{number}"], f"Body {number}")
    return write_files(root / "site", {**files, **(extra or {})})


def _written_after_title_edit(source: Path, out: Path) -> set[str]:
    """Build, change the third post's title, build again: the files the second build rewrote."""
    assert build(load_config(BuildOptions(source=source, destination=out)), now=NOW).ok
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    time.sleep(0.01)
    post = source / "content/_posts/2024-03-01-p3.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Post 3", "Post three"), encoding="utf-8")
    assert build(load_config(BuildOptions(source=source, destination=out)), now=NOW).ok
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html") if p.stat().st_mtime_ns != before.get(p)}


def test_a_title_edit_rewrites_the_pages_that_show_the_title_and_no_other(tmp_path: Path) -> None:
    written = _written_after_title_edit(_many_posts(tmp_path), tmp_path / "out")
    assert "notes/2024/03/01/p3.html" in written and "index.html" in written and "tags/t3/index.html" in written
    assert "notes/2024/02/01/p2.html" in written and "notes/2024/04/01/p4.html" in written  # its neighbours
    assert "notes/2024/06/01/p6.html" not in written and "tags/t6/index.html" not in written


def test_a_template_that_reads_site_posts_is_rendered_again_when_a_title_changes(tmp_path: Path) -> None:
    sidebar = '{% extends "base.html" %}{% block main %}{% for p in site.posts %}[{{ p.document.title }}]{% endfor %}{% endblock %}'
    out = tmp_path / "out"
    written = _written_after_title_edit(_many_posts(tmp_path, {"templates/post.html": sidebar}), out)
    assert "notes/2024/06/01/p6.html" in written
    assert "[Post three]" in (out / "notes/2024/06/01/p6.html").read_text(encoding="utf-8")


def test_a_body_edit_adding_a_link_tag_takes_the_shortcut_with_the_url(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result, whole_runs, out = _edit_as_serve_does(
        tmp_path, monkeypatch, _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b\n```\n\n[2]({% post_url 2024-02-01-second %})"))
    assert result.ok and result.shortcut and whole_runs == 0
    assert 'href="/notes/2024/02/01/second.html"' in (out / "notes/2024/01/01/first.html").read_text(encoding="utf-8")


def test_a_body_edit_goes_through_the_pipeline_when_a_page_lists_the_posts_content(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    archive = "---\nlayout: null\n---\n{% for post in site.posts %}{{ post.content }}{% endfor %}"
    write_files(tmp_path / "site", {"content/archive.html": archive})
    result, whole_runs, out = _edit_as_serve_does(
        tmp_path, monkeypatch, _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b, again\n```"))
    assert result.ok and not result.shortcut and whole_runs == 1
    assert "b, again" in (out / "archive.html").read_text(encoding="utf-8")


def test_a_site_folder_removed_while_serving_is_written_whole_again(tmp_path: Path) -> None:
    source = _site(tmp_path)
    post = source / "content/_posts/2024-01-01-first.md"
    cache = BuildCache(source, enabled=True)
    options = BuildOptions(source=source, destination=tmp_path / "out")
    assert build(load_config(options), now=NOW, cache=cache).ok
    whole = files_of(tmp_path / "out")
    shutil.rmtree(tmp_path / "out")  # a "clean" while serve runs
    (tmp_path / "out" / "pagefind").mkdir(parents=True)  # what a search index still being written leaves
    post.write_text(_post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b\n```"), encoding="utf-8")
    result = build(load_config(options), now=NOW, cache=cache, changed={str(post)})
    assert result.ok and not result.shortcut
    assert files_of(tmp_path / "out") == whole


def test_a_cache_restored_into_a_fresh_checkout_renders_only_the_edited_body(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # What the Pages workflow does: a new clone (new inodes and times on every file, no _site/) with
    # the last run's .paperfold-cache/ restored beside it.
    import generator.markdown.bodies

    first = write_files(tmp_path / "run1", {"_config.yml": CONFIG, **{
        f"_posts/2024-01-0{day}-post{day}.md": _post(f"Post {day}", ["raft"], f"Body {day}\n\n```\n1. a{day}\n    1. b\n```")
        for day in range(1, 6)}})
    assert build(load_config(BuildOptions(source=first)), now=NOW).ok
    second = shutil.copytree(first, tmp_path / "run2", ignore=shutil.ignore_patterns("_site"),
                             copy_function=shutil.copy)
    write_files(second, {"_posts/2024-01-03-post3.md": _post("Post 3", ["raft"], "Edited\n\n```\n1. new\n```")})
    rendered: list[str] = []
    render_job = generator.markdown.bodies.render_job
    monkeypatch.setattr(generator.markdown.bodies, "render_job",
                        lambda job, *rest: rendered.append(job.body) or render_job(job, *rest))
    result = build(load_config(BuildOptions(source=second)), now=NOW)
    assert result.ok and result.posts == 5
    assert rendered == ["Edited\n\n```\n1. new\n```\n"]
