"""A cache folder committed with a site is data to check, never code to run (issue 22, case 2a)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import jinja2.bccache
import pytest

from generator.incremental.cache import CACHE_FOLDER
from generator.incremental.seal import KEY_FILE_VARIABLE, read_sealed, write_sealed
from tests.conftest import build_files, files_of

POST = ("---\ntitle: Notes\ntags: [raft]\n---\nSome prose.\n\n```\n"
        "1. In Search of an Understandable Consensus Algorithm    [2014, ATC, 1200 refs]\n"
        "    1. leader election\n```\n")
FILES = {"_config.yml": "title: t\npaperfold:\n  search: false\n", "_posts/2024-01-01-notes.md": POST}


class _Payload:
    """What a hostile repository would commit: unpickling it makes a folder (as `os.system` could do anything)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def _plant(folder: Path, marker: Path) -> int:
    """Every file under `folder` replaced by the payload (after Jinja's header for compiled templates)."""
    planted = 0
    for path in (p for p in folder.rglob("*") if p.is_file()):
        header = jinja2.bccache.bc_magic if path.parent.name == "templates" else b""
        path.write_bytes(header + pickle.dumps(_Payload(marker)))
        planted += 1
    return planted


@pytest.mark.parametrize("folder", ["stages", "bodies", "templates", "."])
def test_a_planted_cache_file_is_a_miss_not_run(site_dir: Path, tmp_path: Path, folder: str) -> None:
    assert build_files(site_dir, FILES).ok
    built = files_of(site_dir / "_site")
    marker = tmp_path / "pwned"
    assert _plant(site_dir / CACHE_FOLDER / folder, marker)
    # into a new folder: every page is rendered again, every cached file looked up
    result = build_files(site_dir, {}, destination=tmp_path / "again")
    assert result.ok and not marker.exists()
    assert files_of(tmp_path / "again") == built
    # each planted file was treated as missing and written again, sealed (the first folder's manifest
    # when a build goes there again): the next build runs nothing either
    assert build_files(site_dir, {}).ok and not marker.exists()
    assert files_of(site_dir / "_site") == built
    assert all(read_sealed(path) is not None for path in (site_dir / CACHE_FOLDER / folder).rglob("*") if path.is_file())


def test_a_cache_sealed_with_another_key_is_not_read(site_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_files(site_dir, FILES).ok
    body = next(path for path in (site_dir / CACHE_FOLDER / "bodies").rglob("*") if path.is_file())
    assert read_sealed(body) is not None
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(tmp_path / "other" / "cache-key"))  # someone else's paperfold
    assert read_sealed(body) is None


def test_the_key_is_made_once_readable_by_its_owner_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "keys" / "cache-key"
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(key))
    write_sealed(tmp_path / "cache" / "value", b"kept")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    made = key.read_bytes()
    assert read_sealed(tmp_path / "cache" / "value") == b"kept"
    assert key.read_bytes() == made
    assert list(key.parent.iterdir()) == [key]  # no temporary file left beside it


def test_a_sealed_file_renamed_or_changed_does_not_verify(tmp_path: Path) -> None:
    write_sealed(tmp_path / "one", b"kept")
    (tmp_path / "one").rename(tmp_path / "two")
    assert read_sealed(tmp_path / "two") is None
    write_sealed(tmp_path / "one", b"kept")
    data = (tmp_path / "one").read_bytes()
    (tmp_path / "one").write_bytes(data[:-1] + b"x")
    assert read_sealed(tmp_path / "one") is None
    (tmp_path / "one").write_bytes(b"short")
    assert read_sealed(tmp_path / "one") is None


def test_without_a_key_the_site_builds_without_a_cache(site_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(blocked / "cache-key"))  # under a file: cannot be made
    assert build_files(site_dir, FILES).ok
    assert not (site_dir / CACHE_FOLDER / "bodies").exists()
