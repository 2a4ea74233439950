"""Whole builds of tiny sites written inline: what lands where, and what a failed build leaves."""

from __future__ import annotations

import os
import re
import time
from datetime import datetime, timezone
from pathlib import Path

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.incremental.cache import BuildCache
from tests.conftest import NOW, build_files, write_files

POST = "---\ntitle: {title}\ncategory: {category}\ntags: [raft, Paxos]\n---\n{{% include JB/setup %}}\n\nHello.\n"


def _site(**extra: str) -> dict[str, str]:
    files = {
        "_config.yml": "title: Test blog\npermalink: /:categories/:year/:month/:day/:title.html\n",
        "content/_posts/2024-1-5-first.md": POST.format(title="First", category="Paper Reading"),
        "content/_posts/2024-02-01-second.md": POST.format(title="Second", category="AI/ML"),
        "content/about.md": "---\ntitle: About\npermalink: /about/\n---\nAbout me.\n",
        "content/images/a.png": "not really a png",
    }
    files.update(extra)
    return files


def test_builds_every_kind_of_page(site_dir: Path) -> None:
    result = build_files(site_dir, _site())
    assert result.ok, result.errors
    out = site_dir / "_site"
    for relative in [
        "index.html", "paper reading/2024/01/05/first.html", "ai/ml/2024/02/01/second.html", "about/index.html",
        "tags/index.html", "tags/raft/index.html", "tags/paxos/index.html", "categories/index.html",
        "categories/paper-reading/index.html", "categories/ai-ml/index.html", "archive/index.html", "feed.xml",
        "sitemap.xml", "robots.txt", "404.html", ".nojekyll", "images/a.png", "static/css/site.css",
    ]:
        assert (out / relative).is_file(), relative
    index = (out / "index.html").read_text()
    assert 'href="/paper%20reading/2024/01/05/first.html"' in index
    assert index.index("Second") < index.index("First")  # newest first
    assert (result.posts, result.pages, result.tags, result.categories) == (2, 1, 2, 2)


def test_liquid_runs_in_bodies_and_its_errors_stop_the_build_at_their_line(site_dir: Path) -> None:
    # Every post has Jekyll-Bootstrap's setup include, which is passed over without a word.
    figures = {
        f"content/_posts/2024-03-0{day}-figure{day}.md": "---\ntitle: Figure\n---\n{% include JB/setup %}\n"
        "{% include figure.html src='a.png' %}\n{% assign x = 1 %}\nIn {{ page.title }}, at {{ site.baseurl }}/x.\n"
        for day in (1, 2)
    }
    result = build_files(site_dir, _site(**figures))
    assert [str(e) for e in result.errors] == [
        f"content/_posts/2024-03-0{day}-figure{day}.md:5: Liquid error: _includes/figure.html: no such file to include"
        for day in (1, 2)
    ]
    assert not result.warnings and not (site_dir / "_site").exists()
    write_files(site_dir, {"_includes/figure.html": "<img src=\"{{ include.src }}\" alt=\"{{ page.title }} {{ x }}\">"})
    result = build_files(site_dir, _site(**figures))
    assert result.ok and not result.warnings
    page = (site_dir / "_site/2024/03/01/figure1.html").read_text()
    assert '<img src="a.png" alt="Figure ">' in page and "In Figure, at /x." in page


def test_jekyll_bootstrap_posts_build_without_warnings(site_dir: Path) -> None:
    assert build_files(site_dir, _site()).warnings == ()


def test_pagination_and_neighbours(site_dir: Path) -> None:
    posts = {f"content/_posts/2024-01-{day:02d}-p{day}.md": f"---\ntitle: Post {day}\n---\nText {day}.\n"
             for day in range(1, 13)}
    result = build_files(site_dir, {"_config.yml": "paginate: 5\n", **posts})
    assert result.ok
    out = site_dir / "_site"
    assert (out / "page2/index.html").is_file() and (out / "page3/index.html").is_file()
    assert not (out / "page4").exists()
    middle = (out / "2024/01/06/p6.html").read_text()
    assert 'rel="prev" href="/2024/01/05/p5.html"' in middle and 'rel="next" href="/2024/01/07/p7.html"' in middle


def test_drafts_future_and_unpublished(site_dir: Path) -> None:
    files = _site(**{
        "content/_drafts/idea.md": "---\ntitle: Idea\n---\nDraft.\n",
        "content/_posts/2030-01-01-later.md": "---\ntitle: Later\n---\nx\n",
        "content/_posts/2024-01-03-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nx\n",
        "content/_posts/undated.md": "---\ntitle: Undated\n---\nx\n",
    })
    result = build_files(site_dir, files)
    assert result.posts == 2
    assert "content/_posts/2030-01-01-later.md: skipped: dated 2030-01-01, in the future (build with --future to include it)" in [str(w) for w in result.warnings]
    assert "content/_posts/undated.md: skipped: a post's file name must start with its date (YYYY-MM-DD-)" in [str(w) for w in result.warnings]
    with_everything = build_files(site_dir, {}, drafts=True, future=True)
    assert with_everything.posts == 4


def test_errors_leave_previous_output_untouched(site_dir: Path) -> None:
    assert build_files(site_dir, _site()).ok
    before = (site_dir / "_site/index.html").read_bytes()
    broken = build_files(site_dir, {"content/_posts/2024-03-01-bad.md": "---\ntitle: 'oops\n---\nx\n",
                                    "content/_posts/2024-03-02-bad2.md": "---\ndate: soon\n---\nx\n"})
    assert [str(e) for e in broken.errors] == [
        "content/_posts/2024-03-01-bad.md:2: front matter is not valid YAML: while scanning a quoted scalar, found unexpected end of stream",
        "content/_posts/2024-03-02-bad2.md:2: date 'soon' is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +0800)",
    ]
    assert (site_dir / "_site/index.html").read_bytes() == before
    assert not list(site_dir.glob("._site.paperfold*"))  # no staging folder left behind


def test_two_sources_on_one_url_is_an_error_naming_both(site_dir: Path) -> None:
    result = build_files(site_dir, _site(**{
        "content/_posts/2024-01-05-first.markdown": POST.format(title="Again", category="Paper Reading")}))
    assert sorted(str(e) for e in result.errors) == [
        ("content/_posts/2024-01-05-first.markdown: writes the same page (/paper%20reading/2024/01/05/first.html) "
         "as content/_posts/2024-1-5-first.md"),
        ("content/_posts/2024-1-5-first.md: writes the same page (/paper%20reading/2024/01/05/first.html) "
         "as content/_posts/2024-01-05-first.markdown"),
    ]


def test_titles_are_escaped(site_dir: Path) -> None:
    result = build_files(site_dir, {"content/_posts/2024-01-01-x.md": "---\ntitle: \"</title><script>alert(1)</script>\"\n---\nx\n"})
    assert result.ok
    page = (site_dir / "_site/2024/01/01/x.html").read_text()
    assert "</title><script>alert(1)" not in page and "&lt;/title&gt;&lt;script&gt;" in page
    assert "<\\/title><script>alert(1)<\\/script>" in page  # inside JSON-LD, unable to close the script


def test_text_shaped_like_a_body_placeholder_stays_as_written(site_dir: Path) -> None:
    # bodies go into pages as bytes after Jinja, in place of nonce-marked placeholders (site/templates.py)
    fake = "\ue0000123456789abcdef:0\ue001"
    result = build_files(site_dir, {"content/_posts/2024-01-01-x.md": f"---\ntitle: \"{fake}\"\n---\nbody {fake}\n"})
    assert result.ok
    page = (site_dir / "_site/2024/01/01/x.html").read_text(encoding="utf-8")
    assert page.count(fake) >= 2 and f"<p>body {fake}</p>" in page
    assert f"<![CDATA[<p>body {fake}</p>" in (site_dir / "_site/feed.xml").read_text(encoding="utf-8")


def test_tags_differing_by_case_are_one_tag(site_dir: Path) -> None:
    result = build_files(site_dir, {
        "content/_posts/2024-01-01-a.md": "---\ntags: [ML]\n---\nx\n",
        "content/_posts/2024-01-02-b.md": "---\ntags: [ml]\n---\nx\n",
        "content/_posts/2024-01-03-c.md": "---\ntags: ML C++ C#\n---\nx\n",
    })
    assert result.site is not None
    assert [(t.ref.name, t.ref.slug, len(t.posts)) for t in result.site.tags] == [
        ("ML", "ml", 3), ("C#", "csharp", 1), ("C++", "cpp", 1)]


def test_a_post_with_many_tags_makes_a_site_linear_in_their_number(tmp_path: Path) -> None:
    """Each tag page listed the post with all its tags: 10,000 tags wrote 6.7 GB."""
    def tag_pages(count: int) -> dict[str, bytes]:
        names = ", ".join(f"t{number}" for number in range(count))
        categories = ", ".join(f"c{number}" for number in range(count))
        files = {"content/_posts/2024-01-01-a.md": f"---\ntitle: A\ntags: [{names}]\ncategories: [{categories}]\n---\nx\n",
                 "_config.yml": "permalink: /:title/\n"}
        assert build_files(tmp_path / str(count), files).ok
        out = tmp_path / str(count) / "_site"
        return {path: (out / path).read_bytes() for path in ("tags/t7/index.html", "categories/c7/index.html", "a/index.html")}

    small, large = tag_pages(30), tag_pages(120)
    for listing in ("tags/t7/index.html", "categories/c7/index.html"):
        # A tag page is a compact list: one line a post, without the post's own tags.
        assert small[listing] == large[listing]
        page = large[listing].decode()
        assert page.count('class="tag" rel="tag"') == 0 and page.count('<a href="/a/">A</a>') == 1
    # The post's own page still shows every one.
    assert large["a/index.html"].count(b'class="tag" rel="tag"') == 120
    assert large["a/index.html"].count(b'class="category"') == 120


def test_front_matter_defaults_scope_paths_from_the_content_folder(site_dir: Path) -> None:
    result = build_files(site_dir, {
        "_config.yml": "defaults:\n  - scope: {type: posts}\n    values: {tags: [defaulted], permalink: /articles/:title/}\n"
                       "  - scope: {path: notes}\n    values: {description: A note}\n",
        "content/_posts/2024-01-01-a.md": "---\ntitle: A\n---\nx\n",
        "content/notes/raft.md": "---\ntitle: Raft\n---\nx\n",
    })
    assert result.site is not None
    [post], [page] = result.site.posts, result.site.pages
    assert (post.url, post.document.tags, post.output_path) == ("/articles/a/", ("defaulted",), "articles/a/index.html")
    assert (page.url, page.document.tags, page.document.description) == ("/notes/raft.html", (), "A note")


def test_a_plain_tag_keeps_its_plain_slug_whatever_else_shares_it(site_dir: Path) -> None:
    """`<b>` also slugs to 'b'; `b` is the tag /tags/b/ was made for, whichever sorts first."""
    result = build_files(site_dir, {
        "content/_posts/2024-01-01-a.md": "---\ntags: [b]\n---\nx\n",
        "content/_posts/2024-01-02-b.md": "---\ntags: ['<b>', '(b)']\n---\nx\n",
    })
    assert result.site is not None
    assert sorted((t.ref.name, t.ref.url) for t in result.site.tags) == [
        ("(b)", "/tags/b-2/"), ("<b>", "/tags/b-3/"), ("b", "/tags/b/")]


def test_site_overrides_one_template_and_one_static_file(site_dir: Path) -> None:
    result = build_files(site_dir, _site(**{
        "templates/404.html": "custom {{ site.title }}",
        "static/css/site.css": "/* mine */",
    }))
    assert result.ok
    out = site_dir / "_site"
    assert (out / "404.html").read_text() == "custom Test blog"
    assert (out / "static/css/site.css").read_text() == "/* mine */"
    assert (out / "static/js/site.js").is_file()


def test_template_error_names_template_and_line(site_dir: Path) -> None:
    result = build_files(site_dir, _site(**{"templates/404.html": "line one\n{{ site.nothing_here }}\n"}))
    assert [str(e) for e in result.errors] == [
        "templates/404.html:2: undefined in template: 'site' has no attribute 'nothing_here'"]


def test_jekyll_root_layout_is_detected(site_dir: Path) -> None:
    result = build_files(site_dir, {
        "_config.yml": "permalink: /:categories/:title\n",
        "_posts/2024-01-01-a.md": "---\ncategory: Paper Reading\n---\nx\n",
        "_layouts/post.html": "{{ content }}", "archive.html": "---\nlayout: default\n---\n{% for p in site.posts %}{% endfor %}",
    })
    assert result.ok
    assert (site_dir / "_site/paper reading/a.html").is_file()


def test_second_build_renders_nothing_and_matches_a_fresh_build(site_dir: Path, tmp_path: Path) -> None:
    first = build_files(site_dir, _site())
    assert first.ok and first.files > 10
    second = build_files(site_dir, {})
    assert second.ok and second.files == 0
    edited = build_files(site_dir, {"content/_posts/2024-1-5-first.md": POST.format(title="First, edited", category="Paper Reading")})
    assert edited.ok and 0 < edited.files < first.files
    fresh = build_files(site_dir, {}, destination=tmp_path / "fresh", fresh=True)
    assert fresh.ok
    incremental = {p.relative_to(site_dir / "_site"): p.read_bytes() for p in (site_dir / "_site").rglob("*") if p.is_file()}
    clean = {p.relative_to(tmp_path / "fresh"): p.read_bytes() for p in (tmp_path / "fresh").rglob("*") if p.is_file()}
    assert incremental == clean


def _settle() -> None:
    time.sleep(0.2)  # files this old are trusted by their stat (generator/incremental/inputs.py)


def test_an_unchanged_site_is_not_read_again(site_dir: Path) -> None:
    first = build_files(site_dir, _site())
    _settle()
    recorded = build_files(site_dir, {})  # reads everything, records the inputs' stats
    skipped = build_files(site_dir, {})
    assert first.ok and recorded.ok and skipped.ok
    assert skipped.site is None and skipped.files == 0  # nothing was loaded
    assert (skipped.posts, skipped.pages, skipped.tags, skipped.categories) == (2, 1, 2, 2)
    assert [str(w) for w in skipped.warnings] == [str(w) for w in first.warnings]


def test_any_change_reads_the_site_again(site_dir: Path) -> None:
    build_files(site_dir, _site())
    _settle()
    build_files(site_dir, {})
    post = site_dir / "content/_posts/2024-02-01-second.md"
    os.utime(post)  # touched, not edited: still read again
    assert build_files(site_dir, {}).site is not None
    _settle()
    build_files(site_dir, {})
    (site_dir / "_site/feed.xml").unlink()  # an output file gone
    rebuilt = build_files(site_dir, {})
    assert rebuilt.site is not None and (site_dir / "_site/feed.xml").is_file()


def test_a_post_that_falls_due_is_published_without_any_edit(site_dir: Path) -> None:
    files = _site(**{"content/_posts/2026-12-01-later.md": POST.format(title="Later", category="x")})
    write_files(site_dir, files)
    config = load_config(BuildOptions(source=site_dir))
    assert build(config, now=NOW).posts == 2
    _settle()
    assert build(config, now=NOW).posts == 2
    assert build(config, now=NOW).site is None  # skipped: nothing changed and nothing is due
    due = build(config, now=datetime(2026, 12, 2, tzinfo=timezone.utc))
    assert due.posts == 3 and due.site is not None


def test_a_fresh_build_also_records_its_inputs(site_dir: Path) -> None:
    build_files(site_dir, _site())
    _settle()
    assert build_files(site_dir, {}, fresh=True).site is not None  # --fresh always reads everything
    assert build_files(site_dir, {}).site is None  # and what it read is as good as any build's


def test_an_edit_that_changes_no_paper_note_does_not_merge_the_papers_again(site_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import generator.site.papers

    outline = "\n```\n1. Raft [2014, ATC, 3900 refs]\n    https://raft.github.io/raft.pdf\n```\n"
    build_files(site_dir, _site(**{"content/_posts/2024-03-01-raft.md": "---\ntitle: Raft\n---\nIntro." + outline}))
    papers_json = (site_dir / "_site/papers.json").read_bytes()

    def no_merge(*_: object) -> None:
        raise AssertionError("the papers were merged again")

    monkeypatch.setattr(generator.site.papers, "index_papers", no_merge)
    edited = build_files(site_dir, {"content/_posts/2024-03-01-raft.md": "---\ntitle: Raft\n---\nIntro, edited." + outline})
    assert edited.ok and (site_dir / "_site/papers.json").read_bytes() == papers_json


LINKER = ("---\ntitle: Linker\n---\nIntro.\n\n[one]({% post_url 2024-1-5-first %}) [deep]({% post_url sub/2024-03-01-deep %}) "
          "[about]({% link about.md %}) [pdf]({{ site.baseurl }}{% link files/a.pdf %})\n")


def _hrefs(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    body = text[text.index('<div class="post-body">'):]
    return re.findall(r'href="([^"]*)"', body[: body.index("</div>")])


def test_link_tags_give_the_urls_of_what_they_name(site_dir: Path) -> None:
    files = _site(**{"_config.yml": "title: t\nbaseurl: /blog\npermalink: /:categories/:year/:month/:day/:title.html\n",
                     "content/_posts/sub/2024-03-01-deep.md": "---\ntitle: Deep\n---\nDeep.\n",
                     "content/files/a.pdf": "%PDF", "content/_posts/2024-04-01-linker.md": LINKER})
    result = build_files(site_dir, files)
    assert result.ok, [str(e) for e in result.errors]
    assert _hrefs(site_dir / "_site/2024/04/01/linker.html") == [
        "/blog/paper%20reading/2024/01/05/first.html", "/blog/2024/03/01/deep.html", "/blog/about/", "/blog/files/a.pdf"]
    assert not [str(w) for w in result.warnings if "Liquid" in str(w)]


def test_a_linking_post_follows_the_post_it_names_to_its_new_url(site_dir: Path) -> None:
    write_files(site_dir, _site(**{"content/_posts/2024-04-01-linker.md": LINKER.split(" [deep]")[0] + "\n"}))
    cache = BuildCache(site_dir, enabled=True)
    options = BuildOptions(source=site_dir, destination=site_dir / "_site")
    assert build(load_config(options), now=NOW, cache=cache).ok
    linker = site_dir / "_site/2024/04/01/linker.html"
    assert _hrefs(linker) == ["/paper%20reading/2024/01/05/first.html"]
    (site_dir / "content/_posts/2024-1-5-first.md").write_text(POST.format(title="First", category="Storage"))
    for kept in (cache, None):  # in memory, and from the disk cache alone
        assert build(load_config(options), now=NOW, cache=kept).ok
        assert _hrefs(linker) == ["/storage/2024/01/05/first.html"]


def test_a_link_tag_naming_nothing_fails_the_build_at_its_line(site_dir: Path) -> None:
    result = build_files(site_dir, _site(**{
        "content/_posts/2024-04-01-linker.md": "---\ntitle: L\n---\nFirst line.\n\n[x]({% post_url 2020-01-01-gone %})\n"}))
    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "content/_posts/2024-04-01-linker.md:6: {% post_url 2020-01-01-gone %}: no post has that name"]


def test_posts_without_bodies_and_files_beside_posts_build_as_in_jekyll(site_dir: Path) -> None:
    result = build_files(site_dir, {
        "_posts/2024-01-01-empty.md": "", "_posts/2024-01-02-front.md": "---\ntitle: Front\n---\n",
        "empty.md": "", "_posts/images/raft.png": b"\x89PNG\r\n\x1a\n\x00\x00",
    })
    assert result.ok and [str(w) for w in result.warnings] == [
        "_posts/images/raft.png: skipped: only .md, .markdown and .html files in _posts are posts",
        "_posts/2024-01-01-empty.md: the post has no body: it is published empty",
        "_posts/2024-01-02-front.md: the post has no body: it is published empty",
    ]
    built = {p.relative_to(site_dir / "_site").as_posix() for p in (site_dir / "_site").rglob("*")}
    # A page needs front matter: an empty file is copied, as Jekyll copies it.
    assert {"2024/01/01/empty.html", "2024/01/02/front.html", "empty.md"} <= built
    assert not any(name.endswith(".png") for name in built)


def test_a_sites_own_robots_sitemap_and_404_are_published_as_jekyll_does(site_dir: Path) -> None:
    robots = "User-agent: *\nDisallow: /drafts/\n"
    result = build_files(site_dir, _site(**{
        "content/robots.txt": robots,
        "content/404.html": "---\ntitle: Lost\n---\n<p>Nothing here, sorry.</p>\n",
    }))
    assert result.ok, [str(e) for e in result.errors]
    out = site_dir / "_site"
    assert (out / "robots.txt").read_text() == robots
    assert "Nothing here, sorry." in (out / "404.html").read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<urlset" in sitemap and "404" not in sitemap  # paperfold's own, the site has none
    assert result.warnings == () and not (out / "sitemap.txt").exists()


def test_liquid_templates_for_robots_and_sitemap_give_way_to_paperfolds_own_unless_they_are_pages(
        site_dir: Path) -> None:
    result = build_files(site_dir, _site(**{
        "_config.yml": "title: t\nurl: https://example.org\n",
        "content/robots.txt": "---\nlayout: null\n---\nSitemap: {{ site.url }}/sitemap.xml\n",
        "content/sitemap.xml": "---\nlayout: null\n---\n<urlset>{% for post in site.posts %}{{ post.url }}{% endfor %}</urlset>\n",
        "content/sitemap.txt": "---\ntitle: Sitemap\n---\n{% for post in site.posts %}{{ site.url }}{{ post.url }}\n{% endfor %}",
    }))
    assert result.ok, [str(e) for e in result.errors]
    out = site_dir / "_site"
    assert (out / "robots.txt").read_text().endswith("Sitemap: https://example.org/sitemap.xml\n")
    # A page (sitemap.xml) is the site's own, its Liquid run; a .txt with front matter is an asset.
    assert (out / "sitemap.xml").read_text(encoding="utf-8") == (
        "<urlset>/ai/ml/2024/02/01/second.html/paper%20reading/2024/01/05/first.html</urlset>\n")
    assert sorted(str(w) for w in result.warnings) == [
        ("content/robots.txt: not written: paperfold writes its own robots.txt at robots.txt in its place, "
         "instead of running this Liquid template"),
        ("content/sitemap.txt: not written: paperfold writes its own sitemap at sitemap.txt in its place, "
         "instead of running this Liquid template"),
    ]
    assert (out / "sitemap.txt").read_text().split() == [
        "https://example.org/", "https://example.org/ai/ml/2024/02/01/second.html",
        "https://example.org/paper%20reading/2024/01/05/first.html", "https://example.org/about/",
        "https://example.org/sitemap.xml"]  # the site's own sitemap.xml is a page of it now
    front_matter_only = "---\nlayout: null\n---\nUser-agent: *\n"
    write_files(site_dir, {"content/robots.txt": front_matter_only})
    assert build(load_config(BuildOptions(source=site_dir)), now=NOW).ok
    assert (out / "robots.txt").read_text() == "User-agent: *\n"


def test_two_files_at_one_path_are_an_error_naming_both(site_dir: Path) -> None:
    # (A page at /tags/, /categories/ or /archive/ is the site's own, as in Jekyll: not one of these.)
    result = build_files(site_dir, _site(**{"content/papers.json": "[]", "content/search/index.md": "---\ntitle: T\n---\nx\n"}))
    assert sorted(str(e) for e in result.errors) == [
        "papers.json: two files would be written here: from paperfold's papers index and from content/papers.json",
        "search/index.html: two files would be written here: from content/search/index.md and from paperfold's search.html template",
    ]


def test_a_post_at_another_files_url_is_an_error_naming_both(site_dir: Path) -> None:
    # Written to static/js/site.js.html, as Jekyll writes it, the post would never be shown at its URL.
    result = build_files(site_dir, _site(**{
        "content/_posts/2024-03-01-js.md": "---\ntitle: JS\npermalink: /static/js/site.js\n---\nx\n",
        "content/photo.md": "---\ntitle: P\npermalink: /images/a.png\n---\nx\n"}))
    assert sorted(str(e) for e in result.errors) == [
        ("images/a.png: content/photo.md has this URL, where a server shows content/images/a.png instead "
         "(the page is written to images/a.png.html): give it another permalink"),
        ("static/js/site.js: content/_posts/2024-03-01-js.md has this URL, where a server shows paperfold's "
         "static/js/site.js instead (the post is written to static/js/site.js.html): give it another permalink"),
    ]


def test_an_excerpt_separator_marks_where_excerpts_end(site_dir: Path) -> None:
    post = "---\ntitle: Long\n---\nFirst paragraph.\n\nSecond, *still* in it.\n\n<!--more-->\n\nThe rest.\n"
    result = build_files(site_dir, _site(**{"_config.yml": "title: t\nexcerpt_separator: <!--more-->\n",
                                            "content/_posts/2024-05-01-long.md": post}))
    assert result.ok and result.site is not None
    excerpts = {entry.document.title: entry.body.excerpt for entry in result.site.posts}
    assert excerpts["Long"] == "First paragraph. Second, still in it."
    assert excerpts["First"] == "Hello."  # no separator in it: its first paragraph
    index = (site_dir / "_site/index.html").read_text(encoding="utf-8")
    assert "First paragraph. Second, still in it." in index and "The rest." not in index
