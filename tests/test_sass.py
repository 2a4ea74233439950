"""A site's Sass stylesheets compiled as Jekyll compiles them (issue #24): the CSS and source map
Debian's Jekyll 4.3 writes, the `sass:` settings, errors at their file and line, the site's link
rules for partials, and a rebuild after an edit to a partial."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.incremental.inputs import SETTLED_NANOSECONDS
from tests.conftest import build_files, write_files

MAIN = '---\n---\n@import "base";\n.x { .y { color: $c; } }\n'
BASE = "$c: red;\nbody { margin: 0 }\n"
SETTLED = SETTLED_NANOSECONDS / 1e9 + 0.05


def _sass_site(**more: str | bytes) -> dict[str, str | bytes]:
    return {"_config.yml": "title: t\n", "assets/main.scss": MAIN, "_sass/base.scss": BASE, **more}


def test_a_stylesheet_with_front_matter_is_compiled_with_its_source_map_as_jekyll_writes_them(tmp_path: Path) -> None:
    result = build_files(tmp_path, _sass_site())
    assert not result.errors
    out = tmp_path / "_site" / "assets"
    # Byte for byte what Debian's Jekyll 4.3 (jekyll-sass-converter 2.2, libsass) writes, run in the site's folder.
    assert (out / "main.css").read_text() == (
        "body { margin: 0; }\n\n.x .y { color: red; }\n\n/*# sourceMappingURL=main.css.map */")
    assert (out / "main.css.map").read_text() == (
        '{\n\t"version": 3,\n\t"file": "main.css",\n\t"sources": [\n\t\t"main.scss",\n\t\t"_sass/base.scss"\n\t],\n'
        '\t"sourcesContent": [\n\t\t"@import \\"base\\";\\n.x { .y { color: $c; } }\\n",\n'
        '\t\t"$c: red;\\nbody { margin: 0 }\\n"\n\t],\n\t"names": [],\n'
        '\t"mappings": "ACCA,AAAA,IAAI,CAAC,EAAE,MAAM,EAAE,CAAE,GAAE;;ADAnB,AAAK,EAAH,CAAG,EAAE,CAAC,EAAE,KAAK,ECDX,GAAG,GDCgB"\n}')
    assert not (out / "main.scss").exists()
    assert not any("_sass" in str(warning) for warning in result.warnings)


def test_sass_without_front_matter_and_the_indented_syntax(tmp_path: Path) -> None:
    build_files(tmp_path, _sass_site(**{"css/plain.scss": "a { b: c }\n",
                                        "css/s.sass": '---\n---\n@import "base"\n.z\n  color: $c\n'}))
    out = tmp_path / "_site" / "css"
    assert (out / "plain.scss").read_text() == "a { b: c }\n"  # copied as it is, as Jekyll does
    assert (out / "s.css").read_text() == "body { margin: 0; }\n\n.z { color: red; }\n\n/*# sourceMappingURL=s.css.map */"


def test_the_sass_settings_choose_the_style_and_the_load_folders(tmp_path: Path) -> None:
    build_files(tmp_path, {
        "_config.yml": "sass:\n  style: :compressed\n  sass_dir: styles\n  load_paths: [vendor/lib]\n",
        "assets/main.scss": '---\n---\n@import "base";\n@import "lib";\n',
        "styles/_base.scss": "a { b: c }\n", "vendor/lib/_lib.scss": "d { e: f }\n",
    })
    assert (tmp_path / "_site" / "assets" / "main.css").read_text() == "a{b:c}d{e:f}\n\n/*# sourceMappingURL=main.css.map */"


def test_a_sass_error_names_the_file_and_line_and_the_build_exits_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_files(tmp_path, _sass_site(**{"assets/main.scss": "---\ntitle: x\n---\n\n.a { b: $nope; }\n"}))
    assert main(["build", "-s", str(tmp_path)]) == 1
    assert capsys.readouterr().err == ('assets/main.scss:5: Sass: Undefined variable: "$nope".\n'
                                       f"build failed: 1 error; {tmp_path / '_site'} was left as it was\n")
    write_files(tmp_path, {"assets/main.scss": MAIN, "_sass/base.scss": "$c: red;\nbody { margin: $gone }\n"})
    assert main(["build", "-s", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith('_sass/base.scss:2: Sass: Undefined variable: "$gone".\n')


def test_a_partial_linked_from_outside_the_site_is_not_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(tmp_path, {"secret.scss": "$c: blue;\n"})
    write_files(site, _sass_site())
    (site / "_sass" / "base.scss").unlink()
    (site / "_sass" / "base.scss").symlink_to(tmp_path / "secret.scss")
    result = build_files(site, {})
    assert [str(warning) for warning in result.warnings if "_sass" in str(warning)] == [
        ("_sass/base.scss: is a symbolic link to outside the site; not read "
         "(set paperfold.allow_symlinks_outside: true in _config.yml to allow)")]
    assert [str(error) for error in result.errors] == [
        'assets/main.scss:3: Sass: File to import not found or unreadable: base.']


@pytest.mark.parametrize("cached", [True, False], ids=["kept-cache", "new-process"])
def test_an_edit_to_a_partial_rebuilds_the_stylesheet(tmp_path: Path, cached: bool) -> None:
    write_files(tmp_path, _sass_site())
    time.sleep(SETTLED)  # files a build may trust the stats of, so an unchanged site is not read again
    build_files(tmp_path, {})
    css = tmp_path / "_site" / "assets" / "main.css"
    assert "color: red" in css.read_text()
    (tmp_path / "_sass" / "base.scss").write_text(BASE.replace("red", "green"))
    time.sleep(SETTLED)
    if not cached:
        (tmp_path / ".paperfold-cache").rename(tmp_path / "old-cache")
    build_files(tmp_path, {})
    assert "color: green" in css.read_text()


def test_imports_are_found_in_the_load_folders_alone_not_in_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"elsewhere/_base.scss": "$c: blue;\n", "elsewhere/_more.scss": "i { j: k }\n"})
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = build_files(tmp_path / "site", _sass_site(**{
        "assets/main.scss": '---\n---\n@import "base", "parts/more", "x.css";\n.x { .y { color: $c; } }\n',
        "_sass/parts/more/_index.scss": "g { h: i }\n"}))
    assert not result.errors
    assert (tmp_path / "site" / "_site" / "assets" / "main.css").read_text().startswith(
        "@import url(x.css);\nbody { margin: 0; }\n\ng { h: i; }\n\n.x .y { color: red; }\n")
