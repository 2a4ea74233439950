"""Incremental builds equal clean builds, byte for byte, after any sequence of edits (hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import BuildOptions, load_config
from tests.conftest import NOW, write_files

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
)


def _apply(posts: Path, operation: tuple) -> None:  # type: ignore[type-arg]
    existing = sorted(posts.glob("*.md"))
    kind = operation[0]
    if kind == "add":
        _, name, title, tags, body = operation
        (posts / name).write_text(_post(title, tags, body), encoding="utf-8")
    elif existing:
        target = existing[operation[1] % len(existing)]
        if kind == "edit":
            _, _, title, tags, body = operation
            target.write_text(_post(title, tags, body), encoding="utf-8")
        elif kind == "delete":
            target.unlink()
        elif kind == "rename" and not (posts / operation[2]).exists():
            target.rename(posts / operation[2])


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPERATION, min_size=1, max_size=6))
def test_incremental_equals_clean(operations: list[tuple]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = write_files(root / "site", {
            "_config.yml": CONFIG,
            "content/_posts/2024-01-01-first.md": _post("First", ["raft"], "Hello\n\n```\n1. a\n    1. b\n```"),
            "content/_posts/2024-02-01-second.md": _post("Second", ["raft", "GPU"], "World"),
        })
        incremental = root / "incremental"
        assert build(load_config(BuildOptions(source=source, destination=incremental)), now=NOW).ok
        for operation in operations:
            _apply(source / "content" / "_posts", operation)
            result = build(load_config(BuildOptions(source=source, destination=incremental)), now=NOW)
            if not result.ok:  # two posts on one URL after a rename: a clean build fails the same way
                clean = build(load_config(BuildOptions(source=source, destination=root / "clean", fresh=True)), now=NOW)
                assert [str(e) for e in clean.errors] == [str(e) for e in result.errors]
                return
        clean_dir = root / "clean"
        shutil.rmtree(clean_dir, ignore_errors=True)
        assert build(load_config(BuildOptions(source=source, destination=clean_dir, fresh=True)), now=NOW).ok
        assert _files(incremental) == _files(clean_dir)
