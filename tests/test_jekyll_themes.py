"""Blogs in the shapes of popular Jekyll themes build with paperfold as with Jekyll (issue #24).

Each site of tests/fixtures/jekyll_themes/ (minima, jekyll-now, poole/lanyon, minimal-mistakes,
beautiful-jekyll, al-folio, an ML blog with math, an interactive ML blog, a systems notes blog) is
built by Jekyll 4.3 (skipped when `jekyll` is not installed) and by paperfold, and compared in four
aspects (tests/jekyll_compare.py): the output paths, the text of every post and page, the element
ids in each body, and no Liquid or kramdown markup shown as text where Jekyll shows none.

Where paperfold differs today, the (site, aspect) is in EXPECTED_FAILURES with the case of #24
responsible: strict, so when a fix lands the test passes, pytest reports XPASS as a failure, and
that line of the table is to be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.jekyll_compare import (
    ASPECTS,
    CONTENT_END,
    CONTENT_START,
    JEKYLL,
    SITES,
    THEMES,
    SiteBuilds,
    build_sites,
    compared_pages,
    jekyll_body,
    missing_plugin,
    output_paths,
    paperfold_body,
    shown_text,
    word_differences,
)

# (site, aspect) -> why paperfold differs from Jekyll there today: the case of #24, or "not in #24".
# Empty: every site gives Jekyll's paths, text and ids. What differs by design is left out of the
# comparison where jekyll_compare.py says why (paperfold's own files, its list of posts as home).
EXPECTED_FAILURES: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    return [pytest.param(site, aspect, id=f"{site}-{aspect}", marks=[pytest.mark.xfail(
        strict=True, reason=EXPECTED_FAILURES[site, aspect])] if (site, aspect) in EXPECTED_FAILURES else [])
        for site in SITES for aspect in ASPECTS]


needs_jekyll = pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")


@pytest.fixture(scope="session")
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, SiteBuilds]:
    """Every site this run's tests compare, built once both ways (Jekyll two at a time)."""
    here = Path(__file__)
    params = [getattr(getattr(item, "callspec", None), "params", {}) for item in request.session.items if item.path == here]
    wanted = {found["site"] for found in params if "site" in found}
    return build_sites(sorted(wanted) or SITES, tmp_path_factory.mktemp("jekyll-themes"))


def _built_by_jekyll(sites: dict[str, SiteBuilds], site: str) -> SiteBuilds:
    built = sites[site]
    if plugin := missing_plugin(built.jekyll_failure):
        pytest.skip(f"Jekyll's plugin {plugin} is not installed (Debian: apt-get install ruby-{plugin})")
    assert not built.jekyll_failure, f"jekyll failed to build {site}:\n{built.jekyll_failure}"
    return built


@needs_jekyll
@pytest.mark.parametrize(("site", "aspect"), _cases())
def test_paperfold_builds_the_site_as_jekyll_does(sites: dict[str, SiteBuilds], site: str, aspect: str) -> None:
    differences = ASPECTS[aspect](_built_by_jekyll(sites, site))
    assert not differences, f"{site}: {aspect} differ from Jekyll's:\n" + "\n".join(differences)


@needs_jekyll
@pytest.mark.parametrize("site", SITES)
def test_every_post_and_page_of_the_site_is_compared(sites: dict[str, SiteBuilds], site: str) -> None:
    """Guards the fixtures: Jekyll wrote every post through a layout with the content marker."""
    built = _built_by_jekyll(sites, site)
    posts = sorted((THEMES / site / "_posts").iterdir())
    compared = compared_pages(built)
    assert len(compared) >= len(posts) + 1, compared  # every post, and a page at least
    assert all((jekyll_body((built.jekyll / path).read_text(encoding="utf-8")) or "").strip() for path in compared
               if path != "index.html"), "a compared page has an empty body: its layout marks the wrong place"
    assert output_paths(built.jekyll) >= set(compared)


def test_the_expected_failures_name_sites_and_aspects_that_exist() -> None:
    assert {site for site, _ in EXPECTED_FAILURES} <= set(SITES)
    assert {aspect for _, aspect in EXPECTED_FAILURES} <= set(ASPECTS)
    assert all(reason.startswith(("#24 case ", "not in #24: ")) for reason in EXPECTED_FAILURES.values())


def test_every_site_marks_where_its_layouts_show_the_content() -> None:
    for site in SITES:
        layouts = list((THEMES / site / "_layouts").glob("*.html"))
        assert layouts, site
        for layout in layouts:
            text = layout.read_text(encoding="utf-8")
            if "{{ content }}" in text:
                assert f"{CONTENT_START}{{{{ content }}}}{CONTENT_END}" in text, layout


def test_a_plugin_jekyll_lacks_is_named_from_its_output() -> None:
    output = ("Dependency Error: Yikes! It looks like you don't have jekyll-paginate or one of its dependencies "
              "installed. In order to use Jekyll as currently configured, you'll need to install this gem.")
    assert missing_plugin(output) == "jekyll-paginate"
    assert missing_plugin("Liquid Exception: undefined method in index.html") is None


def test_jekylls_body_is_the_innermost_marked_content() -> None:
    page = f"<body>{CONTENT_START}<div>{CONTENT_START}<p>Post</p>{CONTENT_END}</div>{CONTENT_END}</body>"
    assert jekyll_body(page) == "<p>Post</p>"
    assert jekyll_body("<body><p>no layout</p></body>") is None


def test_paperfolds_body_is_its_post_body_or_else_its_main() -> None:
    post = '<main><article><div class="post-body">\n<p>A <em>b</em></p>\n  </div>\n</article></main>'
    assert paperfold_body(post).strip() == "<p>A <em>b</em></p>"
    assert paperfold_body("<header>x</header><main id=\"main\"><h1>Posts</h1></main>") == "<h1>Posts</h1>"


def test_the_text_compared_is_what_a_reader_sees() -> None:
    fragment = ('<h2 id="a">Title</h2><p>It’s <strong>bold</strong>\n  and\tspaced</p><script>var x = "{{";</script>'
                "<ul><li>one</li><li>two</li></ul><p>math \\( E = mc^2 \\) &amp; more</p>")
    assert shown_text(fragment) == "Title It’s bold and spaced one two math \\(E = mc^2\\) & more"


def test_a_difference_names_the_words_before_it_and_each_sides_words() -> None:
    jekyll = ["It’s", "“quoted”", "–", "and", "—", "done"]
    paperfold = ["It's", '"quoted"', "--", "and", "---", "done"]
    assert word_differences(jekyll, paperfold, context=1) == [
        "after '': Jekyll 'It’s “quoted” – and', paperfold 'It\\'s \"quoted\" -- and'",
        "after 'and': Jekyll '— done', paperfold '--- done'"]
    assert word_differences(["a", "b", "c", "d"], ["a", "b", "x", "d"], context=1) == ["after 'b': Jekyll 'c d', paperfold 'x d'"]


@given(st.lists(st.sampled_from(["a", "b", "c", "“", "--"]), max_size=12),
       st.lists(st.sampled_from(["a", "b", "c", "“", "--"]), max_size=12))
def test_word_lists_differ_exactly_when_a_difference_is_named(jekyll: list[str], paperfold: list[str]) -> None:
    assert (word_differences(jekyll, paperfold) == []) == (jekyll == paperfold)
