"""Jekyll Bootstrap's setup include, a blog's only Liquid, is passed over without starting
python-liquid: the same text as the engine writes, and the engine still there for any other tag."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

import generator.content.liquid
from generator.content.liquid import LiquidScope, render_liquid
from tests.conftest import REPO, write_files

WITHOUT_FILE = LiquidScope.of({"title": "t"}, {"title": "p"}, {}, "/nowhere", "_posts", "", "")
WITH_FILE = LiquidScope.of({"title": "t"}, {"title": "p"}, {"JB/setup": "set up {{ page.title }}"},
                           "/nowhere", "_posts", "", "")
PIECES = ["{% include JB/setup %}", "{% include JB/setup.html %}", "{%include JB/setup%}", "{%- include JB/setup -%}",
          "{% include \tJB/setup  %}", "{% include JB/setup x=1 %}", "{% include\nJB/setup %}", "{% include JB/setupx %}",
          "{{ page.title }}", "{% raw %}", "{% endraw %}", "{%", "%}", "{{", "}}", "{", "%", " ", "\n", "text"]


def _by_the_engine(text: str, scope: LiquidScope) -> object:
    with patch.object(generator.content.liquid, "writes_nothing", return_value=False):
        return render_liquid(text, scope)


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.sampled_from([WITHOUT_FILE, WITH_FILE]))
@example("---\n{% include JB/setup %}\n\n# Notes\n{% include JB/setup %}", WITHOUT_FILE)
@settings(deadline=None)  # the first example imports python-liquid
def test_the_setup_include_passed_over_writes_what_the_engine_writes(text: str, scope: LiquidScope) -> None:
    assert render_liquid(text, scope) == _by_the_engine(text, scope)


def _modules_after_building(site: Path) -> str:
    """python-liquid's modules imported by a build of `site`, in a process of its own."""
    script = ("import sys; from generator.cli import main; "
              f"assert main(['build', '-s', {str(site)!r}, '-d', {str(site.parent / 'out')!r}, '--fresh', '--url', 'https://x.org']) == 0; "
              "print(sorted(name for name in sys.modules if name.split('.')[0] == 'liquid'))")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1]


def test_a_blog_whose_only_liquid_is_the_setup_include_builds_without_python_liquid(tmp_path: Path) -> None:
    posts = {f"_posts/2024-01-{day:02d}-p.md": f"---\ntitle: P{day}\n---\n{{% include JB/setup %}}\n\nBody {day}.\n"
             for day in range(1, 4)}
    site = write_files(tmp_path / "plain", {"_config.yml": "title: t\npaperfold:\n  search: false\n", **posts})
    assert _modules_after_building(site) == "[]"
    # one tag more, in one post, and the engine is imported where it runs
    write_files(site, {"_posts/2024-01-01-p.md": "---\ntitle: P1\n---\n{% include JB/setup %}\n{{ page.title }}\n"})
    assert _modules_after_building(site) != "[]"
    assert "<p>P1</p>" in (tmp_path / "out/2024/01/01/p.html").read_text()
