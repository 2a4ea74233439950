"""`paperfold check`: each GitHub Pages resolution rule on a hand-written site folder, and the CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.commands.check import BrokenLink, check_site
from generator.commands.check_command import register
from generator.errors import SiteError
from generator.site.write import recorded_baseurl
from tests.conftest import build_files, write_files


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html><head><title>t</title></head><body id="top-of-page">{body}</body></html>\n'


def _broken(destination: Path, baseurl: str = "", **options: str) -> list[str]:
    return [str(problem) for problem in check_site(destination, baseurl, **options).broken]


def test_every_github_pages_resolution_rule_is_accepted(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page(
            '<a href="/x/">folder</a> <a href="/x">folder without slash</a> <a href="/page">extensionless</a>'
            ' <a href="/page.html">file</a> <a href="/a%20b/">space</a> <a href="/%E4%B8%AD.html">cjk</a>'
            ' <a href="/page.html?from=home">query</a> <a href="/">root</a> <a href="">self</a>'
            ' <a href="sub/inner.html">relative</a> <a href="./page.html">dot</a>'
            ' <link rel="stylesheet" href="/static/site.css"><script src="/static/site.js"></script>'
            ' <img src="/img/a.png" srcset="/img/a.png 1x, /img/a@2x.png 2x" alt="">'),
        "x/index.html": _page('<a href="../page.html">up</a> <a href="..">up to the root</a>'),
        "page.html": _page("<h2 id='sec'>S</h2>"),
        "a b/index.html": _page(""),
        "中.html": _page(""),
        "sub/inner.html": _page('<a href="../x/">up</a> <a href="inner.html#frag">same folder</a><p id="frag">'),
        "static/site.css": "body {}",
        "static/site.js": "",
        "img/a.png": "png",
        "img/a@2x.png": "png",
    })
    report = check_site(site, "")
    assert report.broken == ()
    assert report.ok
    assert report.pages == 6
    assert report.links == 20


def test_missing_files_are_reported_word_for_word(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page('<a href="/x/y">gone</a> <img src="/img/none.png" alt=""> <a href="/dir/">no index</a>'
                            ' <a href="../../outside.html">outside</a>'),
        "dir/other.html": _page(""),
    })
    assert _broken(site) == [
        "index.html: broken link to /x/y (no such file)",
        "index.html: broken link to /img/none.png (no such file)",
        "index.html: broken link to /dir/ (no such file)",
        "index.html: broken link to ../../outside.html (no such file)",
    ]


def test_fragments_must_name_an_element_id_or_an_anchor_name(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page(
            '<a href="#main">skip</a><main id="main"></main> <a href="#">top</a> <a href="#top">top</a>'
            ' <a href="/notes.html#sec-2">ok</a> <a href="/notes#old-style">a name</a>'
            ' <a href="/notes.html#%E4%B8%AD%E6%96%87">encoded</a>'
            ' <a href="#nowhere">bad</a> <a href="/notes.html#missing">bad too</a>'
            ' <a href="/style.css#x">not html: not checked</a>'),
        "notes.html": _page('<h2 id="sec-2">Two</h2><a name="old-style"></a><h3 id="中文">CJK</h3>'),
        "style.css": "",
    })
    assert _broken(site) == [
        'index.html: broken link to #nowhere (no element with id "nowhere")',
        'index.html: broken link to /notes.html#missing (no element with id "missing")',
    ]


def test_root_absolute_links_that_ignore_the_base_path_are_reported(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page(
            '<link rel="stylesheet" href="/static/x.css"> <a href="/blog/static/x.css">ok</a>'
            ' <a href="/blog">base itself</a> <a href="/blog/">base</a> <a href="/blogger/">look-alike</a>'
            ' <a href="static/x.css">relative</a> <a href="/blog/nope.html">missing</a>'),
        "static/x.css": "",
    })
    assert _broken(site, "/blog") == [
        "index.html: broken link to /static/x.css (ignores the base path /blog)",
        "index.html: broken link to /blogger/ (ignores the base path /blog)",
        "index.html: broken link to /blog/nope.html (no such file)",
    ]
    # The same page is fine when served from the root ... except for the link that is missing anyway.
    assert _broken(site, "") == [
        "index.html: broken link to /blog/static/x.css (no such file)",
        "index.html: broken link to /blog (no such file)",
        "index.html: broken link to /blog/ (no such file)",
        "index.html: broken link to /blogger/ (no such file)",
        "index.html: broken link to /blog/nope.html (no such file)",
    ]


def test_baseurl_is_normalized(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"index.html": _page('<a href="/blog/">home</a>')})
    assert _broken(site, "blog/") == []
    assert check_site(site, "blog/").baseurl == "/blog"


def test_external_links_are_not_checked(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page(
            '<a href="https://example.org/nope">x</a> <a href="http://example.org">x</a>'
            ' <a href="//cdn.example.org/lib.js">x</a> <a href="mailto:me@example.org">x</a>'
            ' <a href="tel:+100">x</a> <img src="data:image/png;base64,AAAA" alt="">'
            ' <a href="javascript:void(0)">x</a>'),
    })
    report = check_site(site, "")
    assert report.ok and report.links == 0


def test_absolute_links_to_the_sites_own_host_are_checked(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {
        "index.html": _page('<link rel="canonical" href="https://me.github.io/blog/">'
                            ' <a href="https://me.github.io/blog/gone/">x</a> <a href="https://ME.github.io">x</a>'),
    })
    assert _broken(site, "/blog", site_url="https://me.github.io") == [
        "index.html: broken link to https://me.github.io/blog/gone/ (no such file)",
        "index.html: broken link to https://ME.github.io (ignores the base path /blog)",
    ]
    assert _broken(site, "/blog") == []  # without the site's url they are someone else's links


def test_a_link_repeated_on_a_page_is_reported_once_but_counted_each_time(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"index.html": _page('<a href="/gone">1</a>' * 3),
                                           "other.html": _page('<a href="/gone">1</a>')})
    report = check_site(site, "")
    assert report.links == 4
    assert report.broken == (BrokenLink("index.html", "/gone", "no such file"),
                             BrokenLink("other.html", "/gone", "no such file"))
    assert report.summary() == f"2 broken links (checked 2 pages, 4 links in {site.resolve()})"


def test_summary_of_a_clean_site(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"index.html": _page('<a href="/">home</a>')})
    assert check_site(site, "").summary() == f"checked 1 page, 1 link in {site.resolve()}: no broken links"


def test_a_missing_site_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="no built site at .*: run `paperfold build` first"):
        check_site(tmp_path / "nothing", "")


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="paperfold")
    register(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(argv)
    return int(arguments.run(arguments))


def test_cli_lists_broken_links_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_files(tmp_path / "site", {"index.html": _page('<a href="/static/x.css">x</a>'),
                                           "static/x.css": ""})
    assert _run(["check", "-d", str(site), "--baseurl", "/blog"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "index.html: broken link to /static/x.css (ignores the base path /blog)",
        f"1 broken link (checked 1 page, 1 link in {site.resolve()})",
    ]
    assert _run(["check", "-d", str(site)]) == 0
    assert capsys.readouterr().out == f"checked 1 page, 1 link in {site.resolve()}: no broken links\n"


def test_cli_reads_baseurl_and_destination_from_the_source_folder(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = write_files(tmp_path / "blog", {
        "_config.yml": "baseurl: /blog\n",
        "_site/index.html": _page('<a href="/blog/">home</a> <a href="/about/">about</a>'),
        "_site/about/index.html": _page(""),
    })
    assert _run(["check", "-s", str(source)]) == 1
    assert "index.html: broken link to /about/ (ignores the base path /blog)" in capsys.readouterr().err
    assert _run(["check", "-s", str(source), "--baseurl", ""]) == 1  # now /blog/ is the broken one
    assert "index.html: broken link to /blog/ (no such file)" in capsys.readouterr().err


BLOG = {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\nSee [the about page]({{ site.baseurl }}/about/).\n",
        "about.md": "---\ntitle: About\npermalink: /about/\n---\nme\n"}


def test_check_finds_the_base_path_the_build_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "blog"
    assert build_files(source, BLOG, baseurl="/blog").ok
    assert recorded_baseurl(source / "_site") == "/blog"
    monkeypatch.chdir(tmp_path)  # no _config.yml here to say anything
    assert _run(["check", "-d", str(source / "_site")]) == 0
    assert capsys.readouterr().out.endswith(": no broken links\n")
    # A rebuild for another base path, which rewrites only the pages it changes, records that one.
    assert build_files(source, BLOG, baseurl="/notes").ok
    assert recorded_baseurl(source / "_site") == "/notes"
    assert _run(["check", "-s", str(source)]) == 0
    assert build_files(source, BLOG).ok
    assert recorded_baseurl(source / "_site") == ""
    assert _run(["check", "-s", str(source)]) == 0
    capsys.readouterr()
    assert _run(["check", "-s", str(source), "--baseurl", "/blog"]) == 1  # said outright, it wins


def test_when_the_base_path_is_unknown_a_shared_prefix_is_pointed_out(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # Built elsewhere (by Jekyll, say): no record of the base path it was built for.
    site = write_files(tmp_path / "site", {
        "index.html": _page('<a href="/blog/">home</a> <a href="/blog/about/">about</a>'
                            ' <link rel="stylesheet" href="/blog/static/x.css"> <a href="about/">relative</a>'),
        "about/index.html": _page('<a href="/blog/">home</a>'),
        "static/x.css": "",
    })
    assert _run(["check", "-d", str(site)]) == 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        f"4 broken links (checked 2 pages, 5 links in {site.resolve()})",
        "all 4 failures start with /blog/: was the site built with --baseurl /blog? pass --baseurl /blog",
    ]
    assert _run(["check", "-d", str(site), "--baseurl", "/blog"]) == 0


@pytest.mark.parametrize("links", [
    '<a href="/blog/gone/">x</a>',  # one link is no pattern
    '<a href="/blog/gone/">x</a> <a href="/other/">x</a>',  # two prefixes
    '<a href="/blog/gone/">x</a> <a href="gone/">x</a>',  # a relative link: no base path would mend it
    '<a href="/real/gone/">x</a> <a href="/real/gone.html">x</a>',  # a folder the site has
])
def test_no_base_path_is_suggested_without_one_shared_missing_prefix(tmp_path: Path, links: str) -> None:
    site = write_files(tmp_path / "site", {"index.html": _page(links), "real/index.html": _page("")})
    report = check_site(site, "")
    assert not report.ok and report.base_path_hint() == ""
