"""`paperfold init` names the paperfold that made a blog, as pip recorded installing it, in a form
a GitHub runner can install; or says why it cannot."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.commands.install_source import (
    InstallSource,
    public_git_url,
    requirements_text,
    source_from_record,
)
from generator.commands.scaffold import create_blog
from tests.test_workflow import actionlint

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=True).stdout.strip()


def _checkout(tmp_path: Path, remote: str | None) -> Path:
    folder = tmp_path / "paperfold"
    folder.mkdir()
    _git(folder, "init", "-q", "-b", "main")
    (folder / "pyproject.toml").write_text("[project]\nname = 'paperfold'\n")
    _git(folder, "add", ".")
    _git(folder, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one")
    if remote:
        _git(folder, "remote", "add", "origin", remote)
    return folder


def _editable(folder: Path) -> str:
    return json.dumps({"url": folder.as_uri(), "dir_info": {"editable": True}})


def test_from_an_index_the_same_version_is_pinned() -> None:
    source = source_from_record("0.3.1", None)
    assert source.requirement == "paperfold==0.3.1" and source.wheel is None


def test_from_a_git_url_the_same_commit_is_pinned() -> None:
    record = json.dumps({"url": "https://github.com/you/paperfold.git",
                         "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}})
    assert source_from_record("0.1.0", record) == InstallSource(
        f"paperfold @ git+https://github.com/you/paperfold.git@{COMMIT}")


@pytest.mark.parametrize(("remote", "public"), [
    ("git@github.com:you/paperfold.git", "https://github.com/you/paperfold.git"),
    ("ssh://git@github.com/you/paperfold.git", "https://github.com/you/paperfold.git"),
    ("https://you:secret-token@github.com/you/paperfold", "https://github.com/you/paperfold"),
    ("/home/you/paperfold", None),
    ("file:///home/you/paperfold", None),
    ("../paperfold", None),
])
def test_remotes_become_urls_a_runner_can_clone(remote: str, public: str | None) -> None:
    assert public_git_url(remote) == public


def test_an_editable_checkout_installs_its_commit_from_its_remote(tmp_path: Path) -> None:
    folder = _checkout(tmp_path, "git@github.com:you/paperfold.git")
    commit = _git(folder, "rev-parse", "HEAD")
    source = source_from_record("0.1.0", _editable(folder))
    assert source.requirement == f"paperfold @ git+https://github.com/you/paperfold.git@{commit}"
    # Never fetched from that remote: the commit is not there yet, and init says so.
    assert source.notes == (f"commit {commit[:12]} of {folder} is not on origin yet: push it before the blog's first run",)


def test_uncommitted_changes_are_named(tmp_path: Path) -> None:
    folder = _checkout(tmp_path, "https://github.com/you/paperfold.git")
    (folder / "pyproject.toml").write_text("[project]\nname = 'changed'\n")
    notes = source_from_record("0.1.0", _editable(folder)).notes
    assert any("has uncommitted changes" in note for note in notes)


def test_a_checkout_no_runner_can_reach_is_said_so(tmp_path: Path) -> None:
    folder = _checkout(tmp_path, None)
    source = source_from_record("0.1.0", _editable(folder))
    assert source.requirement is None
    (note,) = source.notes
    assert note.startswith(f"paperfold was installed from the git checkout {folder}, and it has no remote, "
                           "which a GitHub runner cannot reach. Write the paperfold to install in "
                           ".github/paperfold-requirements.txt")
    text = requirements_text(source)
    assert all(line.startswith("#") for line in text.splitlines()), "no requirement may be guessed"


def test_a_folder_that_is_no_checkout_is_said_so(tmp_path: Path) -> None:
    source = source_from_record("0.1.0", _editable(tmp_path))
    assert source.requirement is None and "which is not a git checkout" in source.notes[0]


def _wheel(tmp_path: Path) -> Path:
    wheel = tmp_path / "dist" / "paperfold-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("paperfold-0.1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: paperfold\nVersion: 0.1.0\n")
        archive.writestr("paperfold-0.1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr("paperfold-0.1.0.dist-info/RECORD", "")
    return wheel


def test_a_local_wheel_travels_with_the_blog(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    record = json.dumps({"url": wheel.as_uri(), "archive_info": {"hashes": {"sha256": "00"}}})
    source = source_from_record("0.1.0", record)
    assert source.requirement == "./.github/paperfold/paperfold-0.1.0-py3-none-any.whl" and source.wheel == wheel
    blog = tmp_path / "blog"
    create_blog(blog, source=source)
    assert (blog / ".github/paperfold" / wheel.name).read_bytes() == wheel.read_bytes()
    requirements = blog / ".github/paperfold-requirements.txt"
    assert requirements.read_text().splitlines()[-1] == source.requirement
    # The line resolves from the blog's top folder, where the workflow runs pip.
    dry_run = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps", "--no-index",
                              "-r", str(requirements.relative_to(blog))], cwd=blog, capture_output=True, text=True,
                             check=False)
    assert dry_run.returncode == 0 and "Would install paperfold-0.1.0" in dry_run.stdout, dry_run.stderr


def test_a_remote_archive_is_pinned_by_its_hash() -> None:
    record = json.dumps({"url": "https://example.org/paperfold-0.1.0-py3-none-any.whl",
                         "archive_info": {"hashes": {"sha256": "ab12"}}})
    assert source_from_record("0.1.0", record).requirement == \
        "paperfold @ https://example.org/paperfold-0.1.0-py3-none-any.whl#sha256=ab12"


def test_a_new_blogs_workflow_passes_actionlint_and_names_its_paperfold(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    result = create_blog(blog, source=InstallSource(f"paperfold @ git+https://github.com/you/paperfold@{COMMIT}"))
    assert ".github/paperfold-requirements.txt" in result.created
    assert actionlint(blog / ".github/workflows/pages.yml").returncode == 0
    lines = (blog / ".github/paperfold-requirements.txt").read_text().splitlines()
    assert lines[-1] == f"paperfold @ git+https://github.com/you/paperfold@{COMMIT}"
