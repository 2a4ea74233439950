"""`paperfold init`: a new blog that builds at once, links cleanly, and never costs the user a file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from generator.commands.check import check_site
from generator.commands.install_source import InstallSource
from generator.commands.scaffold import SCAFFOLD_DIR, create_blog, register, scaffold_files
from generator.config.settings import BuildOptions, load_config
from generator.errors import SiteError
from tests.conftest import NOW, REPO

BLOG_FILES = {
    "_config.yml", "_posts/2024-05-20-reading-notes-on-pollux.md", "_drafts/next-papers-to-read.md",
    "about.md", ".gitignore", ".github/workflows/pages.yml", ".github/paperfold-requirements.txt",
}


def _build(source: Path, destination: Path, **options: object) -> BuildResult:
    result = build(load_config(BuildOptions(source=source, destination=destination, **options)), now=NOW)  # type: ignore[arg-type]
    assert result.ok, [str(error) for error in result.errors]
    return result


def test_a_new_blog_has_every_file(tmp_path: Path) -> None:
    blog = tmp_path / "new" / "blog"
    result = create_blog(blog, force=False)
    assert set(result.created) == BLOG_FILES
    assert result.kept == ()
    assert result.folder == blog
    for relative, template in scaffold_files().items():
        assert (blog / relative).read_bytes() == template.read_bytes()
    assert (blog / ".gitignore").read_text().splitlines() == ["_site/", ".paperfold-cache/"]


def test_the_blog_carries_the_repositorys_own_workflow(tmp_path: Path) -> None:
    create_blog(tmp_path / "blog", force=False)
    assert (tmp_path / "blog/.github/workflows/pages.yml").read_bytes() == \
        (REPO / ".github/workflows/pages.yml").read_bytes()


def test_no_dot_files_in_the_package_data() -> None:
    # Package-data globs skip dotfiles: a '.gitignore' in there would silently vanish on install.
    assert not [p for p in SCAFFOLD_DIR.rglob(".*")]


def test_a_new_blog_builds_and_every_link_resolves(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    create_blog(blog, force=False)
    result = _build(blog, blog / "_site")
    assert (result.posts, result.pages) == (1, 1)
    assert result.warnings == ()
    post = result.site.posts[0] if result.site else None
    assert post is not None and post.document.title == "Reading Notes: Pollux, Co-adaptive Cluster Scheduling"
    assert post.body.outline_items >= 10, "the sample's fence must render as an outline"
    html = (blog / "_site" / post.output_path).read_text(encoding="utf-8")
    assert "[2021, OSDI, 57 refs]" in html
    assert 'href="https://www.usenix.org/conference/osdi21/presentation/qiao"' in html
    assert (blog / "_site/about/index.html").is_file()
    report = check_site(blog / "_site", "")
    assert not report.broken, "\n".join(map(str, report.broken))
    assert report.pages > 5 and report.links > 50


def test_a_new_blogs_first_post_has_a_plain_url(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    create_blog(blog, force=False)
    result = _build(blog, blog / "_site")
    assert result.site is not None
    [post] = result.site.posts
    assert post.url == "/2024/05/20/reading-notes-on-pollux.html"
    assert post.document.categories == ("Paper Reading",)  # still filed under its category
    assert 'href="/2024/05/20/reading-notes-on-pollux.html"' in (blog / "_site/index.html").read_text()


def test_a_new_blog_works_under_a_base_path(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    create_blog(blog, force=False)
    _build(blog, tmp_path / "out", baseurl="/blog")
    report = check_site(tmp_path / "out", "/blog")
    assert not report.broken, "\n".join(map(str, report.broken))
    # ... and the check would notice if it did not: the same pages are wrong at the root.
    assert check_site(tmp_path / "out", "").broken != ()


def test_the_draft_is_left_out_unless_asked_for(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    create_blog(blog, force=False)
    assert _build(blog, tmp_path / "out").posts == 1
    # A draft is dated by its file's time, so this build runs at the real now, not the tests' NOW.
    with_drafts = build(load_config(BuildOptions(source=blog, destination=tmp_path / "out-drafts", drafts=True)))
    assert with_drafts.posts == 2
    assert "Next Papers to Read" in {post.document.title for post in with_drafts.site.posts}  # type: ignore[union-attr]


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "occupied"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(SiteError) as caught:
        create_blog(folder, force=False)
    assert str(caught.value) == (f"{folder} is not empty (notes.txt): use --force to add the blog's files to it; "
                                 "files already there are kept, never overwritten")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_fresh_git_clone_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert set(create_blog(tmp_path / "repo", force=False).created) == BLOG_FILES


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "blog").write_text("x")
    with pytest.raises(SiteError, match="it is a file"):
        create_blog(tmp_path / "blog", force=True)


def test_force_adds_missing_files_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    (folder / ".github/workflows").mkdir(parents=True)
    (folder / "_config.yml").write_text("title: Mine\n")
    (folder / ".github/workflows/pages.yml").write_text("name: my own workflow\n")
    (folder / "README.md").write_text("readme")
    result = create_blog(folder, force=True)
    assert set(result.kept) == {"_config.yml", ".github/workflows/pages.yml"}
    assert set(result.created) == BLOG_FILES - set(result.kept)
    assert (folder / "_config.yml").read_text() == "title: Mine\n"
    assert (folder / ".github/workflows/pages.yml").read_text() == "name: my own workflow\n"
    assert (folder / "README.md").read_text() == "readme"
    # The user's edits after an init survive a second init.
    (folder / "about.md").write_text("edited")
    again = create_blog(folder, force=True)
    assert again.created == () and set(again.kept) == BLOG_FILES
    assert (folder / "about.md").read_text() == "edited"


def test_force_keeps_a_symlink_even_when_it_points_nowhere(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "about.md").symlink_to(tmp_path / "elsewhere.md")
    result = create_blog(folder, force=True)
    assert "about.md" in result.kept
    assert not (tmp_path / "elsewhere.md").exists()


def test_a_file_where_a_folder_must_go_stops_before_writing_anything(tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "_posts").write_text("not a folder")
    with pytest.raises(SiteError, match=r"cannot create _posts/.*: .*_posts is a file, not a folder"):
        create_blog(folder, force=True)
    assert [p.name for p in folder.iterdir()] == ["_posts"]


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="paperfold")
    register(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(argv)
    return int(arguments.run(arguments))


def test_cli_says_what_it_created_and_what_it_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "about.md").write_text("mine")
    assert _run(["init", str(folder), "--force"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "created _config.yml" in lines
    assert "kept about.md (it already exists; not overwritten)" in lines
    assert lines[-1] == f"new blog in {folder}: build it with `paperfold build -s {folder}`"


def test_cli_says_what_the_workflow_installs_when_it_cannot_tell(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.commands.scaffold

    unknown = InstallSource(None, ("paperfold was installed from the folder /x, which is not a git checkout. Write ...",))
    monkeypatch.setattr(generator.commands.scaffold, "install_source", lambda: unknown)
    assert _run(["init", str(tmp_path / "blog")]) == 0
    assert capsys.readouterr().err.splitlines() == [f"note: {unknown.notes[0]}"]
    assert (tmp_path / "blog/.github/paperfold-requirements.txt").read_text().endswith(f"# {unknown.notes[0]}\n")
