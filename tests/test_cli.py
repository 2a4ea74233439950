"""The command line's messages and exit codes, pinned word for word."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import generator
from generator.cli import main, unknown_command
from tests.conftest import REPO, write_files


def test_build_prints_one_summary_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"_config.yml": "title: t\n", "content/_posts/2024-01-01-a.md": "---\ntags: [x]\n---\nhi\n"})
    assert main(["build", "-s", str(tmp_path), "-d", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    # With Pagefind installed, the same line says what the search index held and cost.
    searched = r"; search index: 1 page \(0 outline nodes\), 1 batch indexed, 0 reused, in \d+\.\d\d s, Pagefind peak \d+ MB"
    assert re.fullmatch(rf"built 1 post, 0 pages, 1 tag, 0 categories into {re.escape(str(tmp_path / 'out'))} in \d+\.\d\d s"
                        rf"({searched})?\n", out)


def test_counts_of_one_are_singular(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {
        "_config.yml": "title: t\nurl: https://example.org\n",
        "_posts/2024-01-01-a.md": "---\ncategory: notes\ntags: [x]\n---\nhi {% include note.html %}\n",
        "_includes/note.html": "there",
        "about.md": "---\ntitle: About\n---\nme\n",
    })
    assert main(["build", "-s", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert re.fullmatch(rf"built 1 post, 1 page, 1 tag, 1 category into {re.escape(str(tmp_path / '_site'))} "
                        r"in \d+\.\d\d s(; search index: [^\n]*)?\n", captured.out)


def test_failed_build_exits_1_and_lists_problems(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"content/_posts/2024-01-01-a.md": "---\ntags: 3\n---\n"})
    assert main(["build", "-s", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == ("content/_posts/2024-01-01-a.md:2: 'tags' must be a list or a space-separated string, not a number\n"
                   f"build failed: 1 error; {tmp_path / '_site'} was left as it was\n")


def test_config_problems_exit_1_without_traceback(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"_config.yml": "paginate: ten\n"})
    assert main(["build", "-s", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "_config.yml: 'paginate' must be a whole number, not 'ten'\n"


def test_refuses_destination_that_is_the_source(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"_config.yml": "title: t\n"})
    assert main(["build", "-s", str(tmp_path), "-d", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"error: refusing to write the site into the source folder {tmp_path}\n"


@pytest.mark.parametrize("files", [
    {},
    {"index.html": "<h1>My project</h1>\n", "README.md": "# My project\n", "404.html": "<h1>Not here</h1>\n",
     "docs/guide.html": "<p>guide</p>\n"},
], ids=["empty folder", "a project that is not a blog"])
def test_build_outside_a_blog_says_so_and_writes_nothing(tmp_path: Path, files: dict[str, str], capsys) -> None:  # type: ignore[no-untyped-def]
    folder = write_files(tmp_path / "project", files) if files else tmp_path / "project"
    folder.mkdir(exist_ok=True)
    assert main(["build", "-s", str(folder)]) == 1
    assert capsys.readouterr() == ("", (
        f"error: {folder} is not a blog: it has no _config.yml and no _posts/ (or content/_posts/); "
        f"run 'paperfold init {folder}' to make one\n"))
    assert not (folder / "_site").exists()


@pytest.mark.parametrize("posts", ["_posts", "content/_posts"])
def test_a_jekyll_site_without_config_still_builds(tmp_path: Path, posts: str) -> None:
    write_files(tmp_path, {f"{posts}/2024-01-01-a.md": "---\ntitle: A\n---\nhi\n", "README.md": "# blog\n"})
    assert main(["build", "-s", str(tmp_path)]) == 0
    assert (tmp_path / "_site/2024/01/01/a.html").is_file()


def test_new_post(tmp_path: Path) -> None:
    write_files(tmp_path, {"content/_posts/.keep": ""})
    assert main(["new", "Notes on Raft and Paxos", "-s", str(tmp_path), "--tags", "consensus,paper",
                 "--category", "Paper Reading"]) == 0
    [created] = (tmp_path / "content/_posts").glob("*-notes-on-raft-and-paxos.md")
    text = created.read_text()
    assert "title: Notes on Raft and Paxos\n" in text and "tags: [consensus, paper]\n" in text
    assert main(["build", "-s", str(tmp_path)]) == 0


def test_new_post_outside_a_blog_warns_where_it_writes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["new", "Hello", "-s", str(tmp_path)]) == 0
    [created] = (tmp_path / "_posts").glob("*-hello.md")
    captured = capsys.readouterr()
    assert captured.err == f"warning: {tmp_path} has no _config.yml: writing _posts/{created.name} there anyway\n"
    assert captured.out == f"created {created}\n"


def test_new_post_below_a_blog_names_the_blog(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"_config.yml": "title: t\n", "_posts/.keep": ""})
    inside = tmp_path / "_posts"
    assert main(["new", "Hello", "-s", str(inside), "--draft"]) == 0
    assert capsys.readouterr().err == (
        f"warning: {inside} has no _config.yml: writing _drafts/hello.md there anyway "
        f"(the blog {tmp_path} is above it: to write there, pass -s {tmp_path})\n")
    assert (inside / "_drafts/hello.md").is_file()


def test_new_post_in_a_blog_says_nothing_but_where(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"_config.yml": "title: t\n"})
    assert main(["new", "Hello", "-s", str(tmp_path)]) == 0
    [created] = (tmp_path / "_posts").glob("*-hello.md")
    assert capsys.readouterr() == (f"created {created}\n", "")


def test_new_post_front_matter_has_a_key_a_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, {"content/_posts/.keep": ""})
    assert main(["new", "Plain: no tags", "-s", str(tmp_path)]) == 0
    [created] = (tmp_path / "content/_posts").glob("*-plain-no-tags.md")
    header = created.read_text().split("---\n")[1]
    assert header.startswith("layout: post\ntitle: 'Plain: no tags'\ndate: ") and header.count("\n") == 3
    assert main(["new", "  ", "-s", str(tmp_path)]) == 1
    assert capsys.readouterr().err.endswith("error: a post needs a title\n")


def test_version_is_the_installed_distributions(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"paperfold {metadata.version('paperfold')}\n"


def test_version_from_a_checkout_that_was_never_installed(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"paperfold {generator.__version__}\n"


@pytest.mark.parametrize(("typed", "message"), [
    ("biuld", "paperfold: unknown command 'biuld'; did you mean 'build'?"),
    ("serv", "paperfold: unknown command 'serv'; did you mean 'serve'?"),
    ("fix", "paperfold: unknown command 'fix'; did you mean 'fix-encoding'?"),
    ("chek", "paperfold: unknown command 'chek'; did you mean 'check'?"),
    ("publish", ("paperfold: unknown command 'publish'; the commands are build, new, fix-encoding, serve, init, check "
                "(paperfold --help says what each does)")),
])
def test_a_mistyped_command_gets_the_nearest_suggested(typed: str, message: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([typed, "-s", "."]) == 2
    assert capsys.readouterr() == ("", message + "\n")


def test_several_near_commands_are_all_suggested() -> None:
    assert unknown_command("sreve", ("serve", "server", "build")) == (
        "paperfold: unknown command 'sreve'; did you mean 'serve' or 'server'?")


def test_python_dash_m_generator() -> None:
    completed = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=REPO, capture_output=True, text=True,
                               check=False)
    assert completed.returncode == 0 and "build" in completed.stdout


def test_fix_encoding_command_shows_a_diff_and_writes_only_when_asked(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    post = tmp_path / "post.md"
    clean = "1. 分布式系统的一致性\n"
    post.write_text(clean.encode("utf-8").decode("cp1252", errors="ignore"), encoding="utf-8")
    damaged = post.read_text(encoding="utf-8")
    assert main(["fix-encoding", str(post)]) == 0
    out = capsys.readouterr().out
    assert f"+{clean.strip()}" in out and post.read_text(encoding="utf-8") == damaged
    assert out.endswith("post.md: repaired mis-decoded text (9 characters restored, 1 guessed)\n")
    assert main(["fix-encoding", "--write", str(post)]) == 0
    assert post.read_text(encoding="utf-8") == clean
    assert (tmp_path / "post.md.bak").read_text(encoding="utf-8") == damaged
