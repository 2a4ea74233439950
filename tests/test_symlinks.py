"""Symbolic links in a site folder, as Jekyll's safe mode treats them: what leads outside the site
is not read (a repository may hold a link to /etc/passwd), what stays inside is read as any file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.config.settings import BuildOptions, load_config
from generator.incremental.cache import BuildCache
from tests.conftest import NOW, build_files, files_of, write_files

POST = "---\ntitle: {title}\n---\n{body}\n"
SITE = {"_config.yml": "title: t\n", "content/_posts/2024-01-01-real.md": POST.format(title="Real", body="Mine.")}
SECRET = "root:x:0:0:SECRET-TEXT:/root:/bin/bash\n"
OUTSIDE = "is a symbolic link to outside the site; not read (set paperfold.allow_symlinks_outside: true in _config.yml to allow)"
NOT_FOLLOWED = "is a symbolic link to a folder; not followed (paperfold reads no folder through a link)"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the site, of the kind a link in a hostile repository would point at."""
    return write_files(tmp_path / "elsewhere", {"passwd": SECRET, "post.md": POST.format(title="Secret", body=SECRET)})


def _link(site: Path, relative: str, target: Path | str) -> None:
    (site / relative).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, site / relative)


def _leaked(out: Path) -> list[str]:
    return [path for path, data in files_of(out).items() if b"SECRET-TEXT" in data]


@pytest.mark.parametrize("relative, target", [
    ("content/_posts/2020-01-01-passwd.md", "passwd"),  # a post
    ("content/_posts/2020-01-02-fine.md", "post.md"),  # a post with front matter
    ("content/about.md", "post.md"),  # a page
    ("content/images/photo.png", "passwd"),  # an asset, copied as it is
    ("static/css/site.css", "passwd"),  # the site's override of a theme file
    ("templates/404.html", "passwd"),  # a template override
])
def test_a_file_linking_outside_the_site_is_not_read(site_dir: Path, secret: Path, relative: str, target: str) -> None:
    _link(site_dir, relative, secret / target)
    result = build_files(site_dir, SITE)
    assert result.ok and [str(w) for w in result.warnings] == [f"{relative}: {OUTSIDE}"]
    assert _leaked(site_dir / "_site") == []
    assert (site_dir / "_site/2024/01/01/real.html").is_file()
    if relative.startswith(("static/", "templates/")):  # the bundled theme's file stands in for it
        assert (site_dir / "_site/static/css/site.css").read_text().strip()
        assert (site_dir / "_site/404.html").read_text().strip()


def test_links_that_stay_inside_the_site_are_read(site_dir: Path) -> None:
    write_files(site_dir, {"notes/draft.md": POST.format(title="Linked", body="Kept inside."), "notes/style.css": "/* own */"})
    _link(site_dir, "content/_posts/2024-02-01-linked.md", site_dir / "notes/draft.md")
    _link(site_dir, "static/css/site.css", "../../notes/style.css")  # relative links too
    result = build_files(site_dir, SITE)
    assert result.ok and result.warnings == ()
    assert "Kept inside." in (site_dir / "_site/2024/02/01/linked.html").read_text()
    assert (site_dir / "_site/static/css/site.css").read_text() == "/* own */"


@pytest.mark.parametrize("allow", [["_config.yml"], ["--allow-symlinks-outside"]])
def test_the_user_may_allow_links_outside_the_site(tmp_path: Path, secret: Path, allow: list[str]) -> None:
    site = write_files(tmp_path / "site", {**SITE, "_config.yml": "title: t\npaperfold:\n  allow_symlinks_outside: true\n"}
                       if allow == ["_config.yml"] else SITE)
    _link(site, "content/_posts/2020-01-01-mine.md", secret / "post.md")
    _link(site, "static/css/site.css", secret / "passwd")
    flags = [] if allow == ["_config.yml"] else allow
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "out"), *flags]) == 0
    assert _leaked(tmp_path / "out") == ["2020/01/01/mine.html", "feed.xml", "index.html", "static/css/site.css"]


def test_linked_folders_are_not_followed_and_are_named(site_dir: Path, secret: Path) -> None:
    _link(site_dir, "content/_posts/more", secret)
    _link(site_dir, "content/pictures", secret)
    _link(site_dir, "static/fonts", secret)
    _link(site_dir, "templates/parts", secret)
    write_files(secret, {"footer.html": "SECRET-TEXT"})
    result = build_files(site_dir, SITE)
    assert sorted(str(w) for w in result.warnings) == [
        f"content/_posts/more: {NOT_FOLLOWED}", f"content/pictures: {NOT_FOLLOWED}",
        f"static/fonts: {NOT_FOLLOWED}", f"templates/parts: {NOT_FOLLOWED}"]
    assert _leaked(site_dir / "_site") == []


def test_a_template_cannot_include_a_file_through_a_linked_folder(site_dir: Path, secret: Path) -> None:
    write_files(secret, {"footer.html": "SECRET-TEXT"})
    _link(site_dir, "templates/parts", secret)
    result = build_files(site_dir, {**SITE, "templates/404.html": "{% include 'parts/footer.html' %}"})
    assert [str(e) for e in result.errors] == ["templates/parts/footer.html: template not found (needed for 404.html)"]


def test_a_top_folder_linking_outside_the_site_is_not_read(tmp_path: Path, secret: Path) -> None:
    site = write_files(tmp_path / "site", {"_config.yml": "title: t\n"})
    write_files(secret, {"_posts/2020-01-01-p.md": POST.format(title="S", body=SECRET), "css/site.css": SECRET,
                         "404.html": SECRET})
    for folder, target in (("content", secret), ("static", secret), ("templates", secret)):
        _link(site, folder, target)
    result = build(load_config(BuildOptions(source=site)), now=NOW)
    assert result.ok and sorted(str(w) for w in result.warnings) == [
        f"content: {OUTSIDE}", f"static: {OUTSIDE}", f"templates: {OUTSIDE}"]
    assert _leaked(site / "_site") == [] and result.posts == 0


def test_a_config_file_linking_outside_the_site_is_refused_unless_the_command_line_allows_it(
        tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(secret, {"shared.yml": "title: Shared settings\n"})
    site = write_files(tmp_path / "site", {"content/_posts/2024-01-01-real.md": SITE["content/_posts/2024-01-01-real.md"]})
    _link(site, "_config.yml", secret / "shared.yml")
    assert main(["build", "-s", str(site)]) == 1
    assert capsys.readouterr().err == (
        "_config.yml: is a symbolic link to outside the site; not read (build with --allow-symlinks-outside to allow)\n")
    assert not (site / "_site").exists()
    assert main(["build", "-s", str(site), "--allow-symlinks-outside"]) == 0
    assert "Shared settings" in (site / "_site/index.html").read_text()


def test_a_post_replaced_by_a_link_while_serving_is_not_read(tmp_path: Path, secret: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    time.sleep(0.2)  # files this old are trusted by their stat (see SETTLED_NANOSECONDS)
    cache = BuildCache(site, enabled=True)
    options = BuildOptions(source=site, destination=tmp_path / "out")
    assert build(load_config(options), now=NOW, cache=cache).ok
    post = site / "content/_posts/2024-01-01-real.md"
    post.unlink()
    os.symlink(secret / "post.md", post)
    result = build(load_config(options), now=NOW, cache=cache, changed={str(post)})
    assert [str(w) for w in result.warnings] == [f"content/_posts/2024-01-01-real.md: {OUTSIDE}"]
    assert _leaked(tmp_path / "out") == []


def test_an_unchanged_rebuild_forgets_a_warning_once_its_link_is_gone(site_dir: Path, secret: Path) -> None:
    write_files(site_dir, SITE)
    _link(site_dir, "content/images/photo.png", secret / "passwd")
    time.sleep(0.2)  # old enough for the build to record a digest of its inputs (see SETTLED_NANOSECONDS)
    options = BuildOptions(source=site_dir)
    assert [w.path for w in build(load_config(options), now=NOW).warnings] == ["content/images/photo.png"]
    (site_dir / "content/images/photo.png").unlink()
    assert build(load_config(options), now=NOW).warnings == ()
