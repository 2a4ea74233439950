"""A file system that refuses a write (a full disk): a clear error, exit 1, the last output whole."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any, Self

import pytest

from generator.build import build
from generator.cli import main
from generator.config.settings import BuildOptions, load_config
from generator.errors import SiteError
from generator.search.index import pagefind_available
from generator.site import write
from tests.conftest import NOW, files_of, write_files

POSTS = {"_config.yml": "title: t\npaperfold:\n  search: false\n",
         "_posts/2023-06-01-a.md": "---\ntitle: A\n---\nfirst\n", "_posts/2023-06-02-b.md": "---\ntitle: B\n---\nsecond\n"}


def _full_disk_after(writes: int) -> Any:
    """os.fdopen and Path.write_bytes whose streams take `writes` writes, then fail as a full disk does."""
    left = [writes]

    def take() -> None:
        left[0] -= 1
        if left[0] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    class Stream:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def write(self, data: bytes) -> int:
            take()
            return int(self.stream.write(data))

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

    real_fdopen, real_write_bytes = os.fdopen, Path.write_bytes

    def fdopen(handle: int, mode: str = "r", *args: Any) -> Stream:
        return Stream(real_fdopen(handle, mode, *args))

    def write_bytes(path: Path, data: bytes) -> int:
        take()
        return real_write_bytes(path, data)
    return fdopen, write_bytes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".paperfold-*") if p.name != write.MARKER) + sorted(
        p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


@pytest.mark.parametrize("first_build", [True, False])
def test_a_full_disk_leaves_the_last_output_whole(tmp_path: Path, first_build: bool, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site, out = write_files(tmp_path / "site", POSTS), tmp_path / "out"
    assert main(["build", "-s", str(site), "-d", str(out)]) == 0
    before = files_of(out)
    # Both posts change, so a rebuild writes at least two pages; the second write finds the disk full.
    write_files(site, {name: text.replace("\n---\n", "\n---\nedited ") for name, text in POSTS.items()
                       if name.startswith("_posts")})
    fdopen, write_bytes = _full_disk_after(1)
    monkeypatch.setattr(write.os, "fdopen", fdopen)
    monkeypatch.setattr(write.Path, "write_bytes", write_bytes)
    capsys.readouterr()
    arguments = ["build", "-s", str(site), "-d", str(out)] + (["--fresh"] if first_build else [])
    assert main(arguments) == 1
    assert capsys.readouterr().err == f"error: cannot write {out}: No space left on device; it was left as it was\n"
    assert files_of(out) == before and _leftovers(out) == []


def test_a_search_index_that_cannot_be_written_is_an_error_and_leaves_no_half(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.search import index as search

    def write_half(site: object, config: object, staging: Path, on_start: object) -> tuple[int, int]:
        write_files(staging, {"pagefind.js": "half"})
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(search, "pagefind_available", lambda: True)
    monkeypatch.setattr(search, "_write_index", write_half)
    site, out = write_files(tmp_path / "site", {**POSTS, "_config.yml": "title: t\n"}), tmp_path / "out"
    assert main(["build", "-s", str(site), "-d", str(out)]) == 1
    assert capsys.readouterr().err == (f"error: cannot write {out / 'pagefind'}: No space left on device; "
                                       "the pages were written, and the search index is the last build's\n")
    assert not (out / "pagefind").exists() and not (out / ".pagefind-staging").exists()


@pytest.mark.skipif(not pagefind_available(), reason="the search index needs the Pagefind binary")
def test_a_search_index_never_makes_a_removed_site_folder_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.search import index as search

    site, out = write_files(tmp_path / "site", {**POSTS, "_config.yml": "title: t\n"}), tmp_path / "out"
    config = load_config(BuildOptions(source=site, destination=out))
    built = build(config, now=NOW, index_search=False)

    def removed_once_checked(destination: Path) -> bool:  # a clean, just after the index looked
        there = write.written_by_paperfold(destination)
        shutil.rmtree(destination)
        return there

    monkeypatch.setattr(search, "written_by_paperfold", removed_once_checked)
    assert built.site is not None and search.build_search_index(built.site, config).skipped == (
        "search index not built: the site folder was removed while it was being indexed")
    assert not out.exists()  # the next build writes it whole, where it refused a folder holding an index


def test_a_failed_rebuild_removes_the_folders_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    site, out = write_files(tmp_path / "site", POSTS), tmp_path / "out"
    assert main(["build", "-s", str(site), "-d", str(out)]) == 0
    before = files_of(out)
    write_files(site, {"_posts/2024-01-01-new.md": "---\ntitle: New\ntags: [fresh]\n---\nnew\n"})
    monkeypatch.setattr(write.os, "fdopen", _full_disk_after(1)[0])
    assert main(["build", "-s", str(site), "-d", str(out)]) == 1
    assert files_of(out) == before and not (out / "2024").exists() and not (out / "tags/fresh").exists()


@pytest.mark.parametrize("path", ["../out.html", "a/../../out.html", "/tmp/out.html", ".", "a/.."])
def test_a_page_whose_path_leads_out_of_the_staging_folder_is_refused(tmp_path: Path, path: str) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(SiteError) as refused:
        write.write_file(staging, write.OutputFile(path, b"x"))
    assert str(refused.value) == f"refusing to write {path}: outside the output folder"
    assert list(tmp_path.rglob("out.html")) == []


def test_a_page_path_is_read_as_written_within_the_staging_folder(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    write.write_file(staging, write.OutputFile("a/../b/index.html", b"page"))
    write.write_file(staging, write.OutputFile("b/c/d/index.html", b"deep"))
    assert files_of(staging) == {"b/index.html": b"page", "b/c/d/index.html": b"deep"}
