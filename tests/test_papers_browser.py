"""The papers page, tag pages and self-hosted math in Chromium, at 360 and 1280 px, light and dark.

Needs the `playwright` package and Debian's /usr/bin/chromium, and axe-core for the accessibility
checks (tests/npm_packages.py installs it); each is skipped, saying why, when missing. The network
is blocked: only the test server answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser_support import needs_browser, serve_folder
from tests.conftest import REPO, build_files
from tests.test_theme_browser import browser  # noqa: F401 - the module's Chromium

try:
    from playwright.sync_api import Browser, Page
except ImportError:  # pragma: no cover - depends on the machine
    pass

AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")
LONG_URL = "https://www.example.com/" + "a" * 60 + "/" + "b" * 40 + ".pdf"
LONG_WORD = "Unbreakable" + "x" * 118

pytestmark = needs_browser


def _outline(number: int) -> str:
    venues = ["OSDI", "osdi", "SOSP", "Usenix ATC", "year", "EuroSys", "NSDI"]
    lines = [f"{i + 1}. Paper {number}-{i} on storage    [{2010 + (i + number) % 14}, {venues[i % 7]}, {i * 7} refs]"
             for i in range(12)]
    lines.append(f"13. {LONG_URL}")
    lines.append(f"14. {LONG_WORD}    [2020, OSDI, 1 refs]")
    lines.append("15. Mixtral https://arxiv.org/abs/2401.04088")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("papers")
    files = {"_config.yml": "title: Papers\npaperfold:\n  math: self\n"}
    for number in range(67):
        files[f"_posts/20{10 + number % 14}-0{1 + number % 9}-1{number % 10}-notes-{number}.md"] = (
            f"---\ntitle: Reading notes {number} on distributed storage systems\ndescription: Reading notes {number}"
            f" on distributed storage systems\ntags: [storage]\n---\n```\n{_outline(number)}\n```\n")
    files["_posts/2024-05-05-math.md"] = "---\ntitle: Math\ntags: [math]\n---\nEuler: $$e^{i\\pi} + 1 = 0$$\n"
    result = build_files(root, files)
    assert result.ok, [str(error) for error in result.errors]
    return root / "_site"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser, served: str) -> Iterator[Callable[..., Page]]:  # noqa: F811 - browser is the imported fixture
    contexts = []

    def open_(path: str, width: int = 1280, scheme: str = "light") -> Page:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)  # type: ignore[arg-type]
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served) else route.abort())
        page = context.new_page()
        response = page.goto(served + path)
        assert response is not None and response.ok, path
        return page

    yield open_
    for context in contexts:
        context.close()


def _serious(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""))


def test_papers_never_overflow_and_a_url_title_shows_as_host_and_path(open_page: Callable[..., Page]) -> None:
    for width in (360, 768, 1280, 1920):
        page = open_page("/papers/", width)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{width} px: the page scrolls sideways ({scroll} > {inner})"
        widest = page.evaluate("Math.max(...[...document.querySelectorAll('table.papers td, table.papers th')]"
                               ".map(cell => cell.getBoundingClientRect().right))")
        assert widest <= inner, f"{width} px: a cell ends at {widest}"
        assert page.locator("table.papers a", has_text="example.com/aaaa").count() == 1
        assert page.locator("table.papers a", has_text=LONG_URL).count() == 0


def test_the_charts_and_the_tag_page_read_well_in_both_schemes(open_page: Callable[..., Page]) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: install npm (the test run then installs it)")
    problems = []
    for width in WIDTHS:
        for scheme in SCHEMES:
            for path in ("/papers/", "/tags/storage/", "/tags/"):
                page = open_page(path, width, scheme)
                problems += [f"{path} {width} {scheme}: {problem}" for problem in _serious(page)]
            page = open_page("/papers/", width, scheme)
            bar, text, background = page.evaluate(
                """() => { const chart = document.querySelector('#papers-per-year');
                   const style = element => getComputedStyle(element);
                   return [style(chart.querySelector('.bar')).fill, style(chart.querySelector('text')).fill,
                           style(document.body).backgroundColor]; }""")
            assert bar != background and text != background, (width, scheme)
    assert not problems, "\n".join(problems)


def test_a_tag_of_67_posts_is_a_short_page(open_page: Callable[..., Page]) -> None:
    # As cards (title, date, tags and excerpt each) these 67 posts were 14,695 px tall at 360 px
    # and 10,937 px at 1280 px; one line a post under its year, 4,851 and 3,226.
    for width, most in ((360, 6_000), (1280, 4_000)):
        page = open_page("/tags/storage/", width)
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"tag page of 67 posts at {width} px: {height} px tall")
        assert height < most, f"{width} px: {height} px tall"
        assert page.locator(".archive-list li").count() == 67


def test_self_hosted_math_renders_with_the_network_blocked(open_page: Callable[..., Page], site: Path) -> None:
    assert not list(site.rglob("*.woff")) and len(list((site / "static/vendor/katex/fonts").glob("*.woff2"))) == 20
    for width in WIDTHS:
        page = open_page("/2024/05/05/math.html", width, "dark")
        page.wait_for_selector(".post-body .katex", timeout=10_000)
        assert page.evaluate("document.fonts.check('16px KaTeX_Main')")
