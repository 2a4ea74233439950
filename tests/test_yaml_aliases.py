"""YAML aliases repeat a bounded amount of values: a 600-byte bomb is an error at its line (issue 22, case 3)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config.yaml_values import MAX_ALIAS_EXPANSION, load_yaml
from tests.conftest import REPO, build_files, write_files

GOOD = {"_posts/2023-06-01-good.md": "---\ntitle: Good\n---\nStill here.\n"}
# A build that held every repeated value once would need far more than this.
MEMORY_LIMIT = 1536 * 2**20
TOO_MANY = f"aliases repeat more than {MAX_ALIAS_EXPANSION:,} characters of values"


def billion_laughs(key: str = "lol") -> str:
    """Nine lines of nine aliases each: 9^9 values once written out, in 332 bytes."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for before, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]")
    return "\n".join([*lines, f"{key}: *i"]) + "\n"


def big_anchor() -> str:
    """One 100 kB value used 10,000 times (180 kB of text)."""
    return f"big: &big {'x' * 100_000}\nmany: [{', '.join(['*big'] * 10_000)}]\n"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def paperfold_limited(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGUMENTS` in a process that may not take more than MEMORY_LIMIT."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, arguments)], capture_output=True, text=True,
                          env=environment, check=False, timeout=300, preexec_fn=_limited)


@pytest.mark.parametrize(("files", "message"), [
    ({"_posts/2023-06-02-bomb.md": f"---\ntitle: Bomb\n{billion_laughs()}---\nbody\n"},
     f"_posts/2023-06-02-bomb.md:8: front matter is not valid YAML: {TOO_MANY}"),
    ({"_posts/2023-06-02-anchor.md": f"---\ntitle: Anchor\n{big_anchor()}---\nbody\n"},
     f"_posts/2023-06-02-anchor.md:4: front matter is not valid YAML: {TOO_MANY}"),
    ({"_config.yml": f"title: t\n{billion_laughs()}"}, f"_config.yml:7: invalid YAML: {TOO_MANY}"),
    ({"_config.yml": f"title: t\n{big_anchor()}"}, f"_config.yml:3: invalid YAML: {TOO_MANY}"),
])
def test_aliases_that_repeat_too_much_are_an_error_at_their_line(tmp_path: Path, files: dict[str, str],
                                                                 message: str) -> None:
    site = write_files(tmp_path / "site", {**GOOD, **files})
    completed = paperfold_limited("build", "-s", site, "-d", tmp_path / "out")
    assert "Traceback" not in completed.stderr and "MemoryError" not in completed.stderr
    assert (completed.returncode, completed.stderr.splitlines()[0]) == (1, message)
    assert not (tmp_path / "out").exists()


def test_cache_keys_are_digests_of_the_text_not_of_what_aliases_repeat(tmp_path: Path) -> None:
    """With no limit on aliases at all, a bomb in a post, in the config and in its front matter
    defaults still builds within the memory limit: nothing repr()s or hashes the values themselves."""
    config = f"title: t\nurl: https://example.org\n{billion_laughs()}defaults:\n  - scope: {{path: ''}}\n    values: {{laughs: *i}}\n"
    site = write_files(tmp_path / "site", {**GOOD, "_config.yml": config,
                                           "_posts/2023-06-02-bomb.md": f"---\ntitle: Bomb\n{billion_laughs()}---\nx\n"})
    unlimited = ("import generator.config.yaml_values as values; values.MAX_ALIAS_EXPANSION = 10**18; "
                 "from generator.cli import main; raise SystemExit(main())")
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    for _ in range(2):  # the second build reads what the first one cached
        completed = subprocess.run([sys.executable, "-c", unlimited, "build", "-s", str(site), "-d", str(tmp_path / "out")],
                                   capture_output=True, text=True, env=environment, check=False, timeout=300,
                                   preexec_fn=_limited)
        assert (completed.returncode, completed.stderr) == (0, "")
    assert (tmp_path / "out/2023/06/02/bomb.html").is_file()


def test_aliases_as_sites_use_them_still_build(site_dir: Path) -> None:
    shared = "author: &me {name: Ada, url: 'https://example.org/ada'}\n"
    post = f"---\ntitle: Post\nnotes: &n [{', '.join(['a' * 100] * 50)}]\nagain: *n\nself: &s [1, *s]\n---\nx\n"
    result = build_files(site_dir, {"_config.yml": shared + "maintainer: *me\n", "_posts/2024-01-01-post.md": post})
    assert result.ok, result.errors
    assert result.site is not None and result.site.posts[0].document.front_matter["again"] == ["a" * 100] * 50


@settings(max_examples=60, deadline=None)
@given(levels=st.integers(1, 7), width=st.integers(1, 12), length=st.integers(0, 3000), block=st.booleans())
def test_an_alias_chain_loads_exactly_when_it_repeats_no_more_than_the_limit(levels: int, width: int, length: int,
                                                                            block: bool) -> None:
    """Level 0 is a value of `length` characters; each next level lists `width` aliases of the one before."""
    lines = [f"l0: &l0 {'v' * length}"]
    for level in range(1, levels + 1):
        aliases = [f"*l{level - 1}"] * width
        lines.append(f"l{level}: &l{level}" + ("".join(f"\n  - {a}" for a in aliases) if block else f" [{', '.join(aliases)}]"))
    text = "\n".join(lines) + "\n"
    # What each level's aliases repeat: `width` trees of the level below (a scalar counts 1 + its length).
    tree, repeated = 1 + length, 0
    for _ in range(levels):
        repeated += width * tree
        tree = 1 + width * tree
    if repeated <= MAX_ALIAS_EXPANSION:
        assert load_yaml(text)[f"l{levels}"] is not None
        return
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml(text)
    mark = raised.value.problem_mark  # type: ignore[attr-defined]
    assert text.splitlines()[mark.line][mark.column:].startswith("*l")
