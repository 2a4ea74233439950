"""Jekyll's Liquid, run by python-liquid before Markdown: objects, filters and tags as Jekyll 4.3
writes them (the expected texts are what Debian's Jekyll wrote for the same template), errors at
their line, limits, and the cache."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from liquid.exceptions import LiquidError
from liquid.lex import get_lexer
from liquid.token import Token

from generator.content.liquid import LiquidProblem, LiquidScope, render_liquid
from generator.content.liquid_lexer import tokenize
from generator.markdown.render import MarkdownSettings, render_body
from tests.conftest import build_files, write_files

PEOPLE = [{"name": "Ann", "team": "a"}, {"name": "Bob", "team": "b"}, {"name": "Cy", "team": "a"}]
SCOPE = LiquidScope.of(
    {"title": 'My "Blog" & co', "baseurl": "/blog", "url": "https://example.org", "data": {"people": PEOPLE}},
    {"title": 'First & "post"', "date": datetime(2020, 1, 2, tzinfo=timezone.utc), "tags": ["x", "y"]},
    {"note.html": '<span class="note">{{ include.text }}/{{ include.n }}</span>\n'},
    "/nowhere", "_posts", "/blog", "https://example.org")


@pytest.mark.parametrize("template, jekyll", [
    ("{{ page.title }} in {{ site.title }}", 'First & "post" in My "Blog" & co'),
    ('{% include note.html text="hi there" n=3 %}', '<span class="note">hi there/3</span>\n'),
    ('{{ "/a/b.png" | relative_url }} {{ "a/b.png" | absolute_url }}', "/blog/a/b.png https://example.org/blog/a/b.png"),
    ("{{ page.date | date_to_xmlschema }}", "2020-01-02T00:00:00+00:00"),
    ("{{ page.date | date_to_rfc822 }}", "Thu, 02 Jan 2020 00:00:00 +0000"),
    ("{{ page.date | date_to_string }}|{{ page.date | date_to_long_string }}", "02 Jan 2020|02 January 2020"),
    ('{{ page.date | date_to_string: "ordinal", "US" }}', "Jan 2nd, 2020"),
    ("{{ \"a & <b> 'c'\" | xml_escape }}", "a &amp; &lt;b&gt; 'c'"),
    ('{{ "a b&c/é?" | cgi_escape }} {{ "a b&c/é?" | uri_escape }}', "a+b%26c%2F%C3%A9%3F a%20b&c/%C3%A9?"),
    ("{{ \"Hello, World! It's x_y\" | slugify }}", "hello-world-it-s-x-y"),
    ("{{ \"Hello, World! It's\" | slugify: \"pretty\" }}", "hello,-world!-it's"),
    ('{{ "one two  three" | number_of_words }}', "3"),
    ("{{ page.tags | array_to_sentence_string }}", "x and y"),
    ('{{ site.data.people | where: "team", "a" | map: "name" | join: "," }}', "Ann,Cy"),
    ('{{ site.data.people | group_by: "team" | jsonify }}',
     ('[{"name":"a","items":[{"name":"Ann","team":"a"},{"name":"Cy","team":"a"}],"size":2},'
     '{"name":"b","items":[{"name":"Bob","team":"b"}],"size":1}]')),
    ('{{ site.data.people | sort: "name" | first | inspect }}', '{"name"=&gt;"Ann", "team"=&gt;"a"}'),
    ("{{ page.tags | jsonify }}|{{ nothing.here }}|", '["x","y"]||'),
    ("A {{ 7*6 }} B {{ x | }} C {{ }} D", "A  B  C  D"),
    ("{{ site.data.people | where_exp: \"p\", \"p.team == 'b'\" | map: \"name\" | first }}", "Bob"),
    ('{{ site.data.people | find: "name", "Cy" | jsonify }}', '{"name":"Cy","team":"a"}'),
    ('{{ page.tags | push: "z" | join: "," }}', "x,y,z"),
    ("{% include JB/setup %}", ""),
])
def test_filters_tags_and_objects_write_what_jekyll_writes(template: str, jekyll: str) -> None:
    result = render_liquid(template, SCOPE)
    assert (result.text, result.problem) == (jekyll, None)


def test_raw_inside_highlight_and_fences_vanishes_as_in_jekyll() -> None:
    # Case 8: Liquid runs before Markdown, over code too, so {% raw %} shows nothing of itself.
    body = ('```python\n{% raw %}x = "{{ y }}"{% endraw %}\n```\n\n'
            '{% highlight ruby %}\n{% raw %}def a; "{{ b }}"; end{% endraw %}\n{% endhighlight %}\n')
    html = render_body(body, MarkdownSettings(), scope=SCOPE).html
    assert "raw" not in html
    assert html.count("{{") == 2
    assert ">x</span>" in html and ">def</span>" in html


def test_highlight_writes_the_code_a_fence_of_its_language_writes() -> None:
    # The code as written between the tags, indent included, as Jekyll keeps it.
    fenced = render_body("```ruby linenos\n  def a\n    1\n  end\n```\n", MarkdownSettings()).html
    tagged = "  {% highlight ruby linenos %}\n  def a\n    1\n  end\n  {% endhighlight %}\n"
    assert render_body(tagged, MarkdownSettings(), scope=SCOPE).html == fenced


@pytest.mark.parametrize("template, problem", [
    ("a\n{% if x %}\nb\n", LiquidProblem(2, "Liquid error: expected tag endif, found end of expression")),
    ("a\n\n{% include missing.html %}", LiquidProblem(3, "Liquid error: _includes/missing.html: no such file to include")),
    ("a\n{% highlight %}x{% endhighlight %}",
     LiquidProblem(2, "Liquid error: highlight needs a language, as in {% highlight ruby %}, not ''")),
])
def test_an_error_names_its_line_and_leaves_the_text_as_written(template: str, problem: LiquidProblem) -> None:
    result = render_liquid(template, SCOPE)
    assert (result.text, result.problem) == (template, problem)


def test_limits_stop_a_hostile_template_quickly() -> None:
    scope = LiquidScope.of({}, {}, {"self.html": "{% include self.html %}"}, "/nowhere", "", "", "")
    for hostile in ("{% for i in (1..100000000) %}x{% endfor %}",
                    "{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}",
                    "{% include self.html %}",
                    "{% assign s = 'xxxxxxxxxxxxxxxx' %}" + "{% assign s = s | append: s %}" * 40 + "{{ s }}"):
        started = time.perf_counter()
        result = render_liquid(hostile, scope)
        assert result.problem is not None and time.perf_counter() - started < 10, hostile[:40]


@pytest.mark.parametrize("hostile", [
    "{{" + " " * 20_000, "{{" + " " * 20_000 + "}}", "{% a" + " " * 20_000, "{% raw %}" * 10_000, "{{ x\n" * 10_000,
    "{% a " * 10_000, "{{-" + "-" * 20_000, "w {{ x }}\n" * 1_000_000,
])
def test_liquid_takes_time_linear_in_the_text(hostile: str) -> None:
    # python-liquid's own lexer took 87 s for the first, 59 s for the fourth.
    started = time.perf_counter()
    render_liquid(hostile, SCOPE)
    assert time.perf_counter() - started < 2


LEXED = st.lists(st.sampled_from(["{{", "}}", "{%", "%}", "-", " ", "\n", "x", "raw", "endraw", "doc", "enddoc", "}",
                                  "%", "{", "comment", "endcomment", "|", "'"]), max_size=25).map("".join)


def _joined_content(tokens: list[Token]) -> list[Token]:
    joined: list[Token] = []
    for token in tokens:
        if joined and token.kind == joined[-1].kind == "content":
            joined[-1] = joined[-1]._replace(value=joined[-1].value + token.value)
        else:
            joined.append(token)
    return joined


@settings(max_examples=500, deadline=None)
@given(LEXED)
@example("{{ }}")  # an empty statement starts where python-liquid starts it, after the braces
@example("{{{{%x%}")  # braces before a tag: pieces cut at other braces
def test_the_linear_lexer_finds_python_liquids_tokens(text: str) -> None:
    def tokens(lexer: Callable[[str], Iterator[Token]]) -> list[Token] | str:
        try:
            return list(lexer(text))
        except LiquidError as error:
            return f"error at {error.token.start_index if error.token else None}"

    ours, theirs = tokens(tokenize), tokens(get_lexer())
    # Text between tags is the same text in other cuts: python-liquid's keeps a last line break as a
    # token of its own, and a brace before `{{` or `{%` ("{{{{%x%}") ends a piece in either lexer,
    # each at other braces. A tag's `-` strips only the last piece, which holds all the white
    # space before it in both.
    if not isinstance(theirs, str):
        theirs = _joined_content(theirs)
    if not isinstance(ours, str):
        ours = _joined_content(ours)
    # An unclosed raw or doc is an error before lexing, where python-liquid finds one later or none.
    if not (isinstance(ours, str) and re.search(r"\{%-?\s*(raw|doc)\s*-?%\}", text)):
        assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["{%", "%}", "{{", "}}", "{% raw %}", "{% endraw %}", "{% if x %}", "{% endif %}",
                                 "{% highlight c %}", "{% endhighlight %}", "{% include note.html a=b %}", "|", "x",
                                 " ", "\n", "{% for p in site.data.people %}", "{% endfor %}", "{{ p.name | slugify }}",
                                 "'", '"', "-", "中"]), max_size=30).map("".join))
def test_any_text_renders_or_gives_a_problem_never_an_exception(text: str) -> None:
    result = render_liquid(text, SCOPE)
    assert isinstance(result.text, str)
    assert result.problem is None or result.problem.message.startswith("Liquid error: ")


def test_a_changed_include_rebuilds_the_posts_that_use_it(tmp_path: Path) -> None:
    files = {"_config.yml": "title: t\n", "_includes/box.html": "<b>one</b>",
             "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nSee {% include box.html %}.\n",
             "_posts/2024-01-02-b.md": "---\ntitle: B\n---\nNo Liquid.\n"}
    assert build_files(tmp_path, files).ok
    page = tmp_path / "_site/2024/01/01/a.html"
    assert "See <b>one</b>." in page.read_text()
    time.sleep(0.2)  # past the input digest's settling time
    # Only the include changes: the post's own file is as the last build read it.
    assert build_files(tmp_path, {"_includes/box.html": "<b>two</b>"}).ok
    assert "See <b>two</b>." in page.read_text()


def test_a_page_without_a_layout_lists_the_posts(tmp_path: Path) -> None:
    # Case 9: an archive looping over site.posts, published with no layout, as Jekyll renders it.
    result = build_files(tmp_path, {
        "_config.yml": "title: T\nbaseurl: /blog\n",
        "_posts/2020-01-02-first.md": "---\ntitle: First\n---\nx\n",
        "_posts/2020-01-03-second.md": "---\ntitle: Second\n---\ny\n",
        "archive.html": ('---\nlayout: null\n---\n{% for post in site.posts %}<a href="{{ post.url | prepend: '
                         'site.baseurl }}">{{ post.title }}</a> {{ post.date | date: "%b %-d, %Y" }}\n{% endfor %}'),
    })
    assert result.ok, result.errors
    assert (tmp_path / "_site/archive.html").read_text() == (
        '<a href="/blog/2020/01/03/second.html">Second</a> Jan 3, 2020\n'
        '<a href="/blog/2020/01/02/first.html">First</a> Jan 2, 2020\n')


JEKYLL = shutil.which("jekyll")
# Poole/Lanyon's atom.xml and an archive that shows each post's content, without layouts; a post
# with Jekyll's filters, an include with parameters and data, which Jekyll and paperfold both build.
COMPARED_SITE = {
    "_config.yml": "title: Lanyon & co\nurl: https://example.org\nbaseurl: /blog\nauthor:\n  name: Ann\ntimezone: UTC\n",
    "_data/people.yml": "- name: Ann\n  team: a\n- name: Bob\n  team: b\n- name: Cy\n  team: a\n",
    "_includes/note.html": '<span class="note">{{ include.text }}/{{ include.n }}/{{ page.title }}</span>',
    "_posts/2020-01-02-first-post.md": (
        "---\ntitle: First\ntags: [x, y]\n---\nHello from {{ site.title | xml_escape }}.\n\n"
        '<p>{% include note.html text="hi there" n=3 %}</p>\n\n'
        "<p>{{ page.date | date_to_xmlschema }} {{ page.tags | array_to_sentence_string }} "
        '{{ site.data.people | where: "team", "a" | map: "name" | join: "," }} {{ "a b" | slugify }} '
        '{{ site.data.people | group_by: "team" | map: "name" | join: "+" }} {{ page.url | absolute_url }}</p>\n'),
    "_posts/2020-01-03-second.md": "---\ntitle: Second\n---\nSecond body.\n\nMore [here]({% post_url 2020-01-02-first-post %}).\n",
    "atom.xml": (
        '---\nlayout: null\n---\n<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        " <title>{{ site.title | xml_escape }}</title>\n <updated>{{ site.posts.first.date | date_to_xmlschema }}</updated>\n"
        " <author><name>{{ site.author.name }}</name></author>\n{% for post in site.posts %}"
        " <entry>\n  <title>{{ post.title }}</title>\n  <link href=\"{{ site.url }}{{ site.baseurl }}{{ post.url }}\"/>\n"
        "  <id>{{ site.url }}{{ post.id }}</id>\n  <content type=\"html\">{{ post.content | xml_escape }}</content>\n"
        " </entry>\n{% endfor %}</feed>\n"),
    "archive.html": (
        '---\nlayout: null\n---\n{% for post in site.posts %}<a href="{{ post.url | relative_url }}">{{ post.title }}</a> '
        '{{ post.date | date: "%b %-d, %Y" }}: {{ post.excerpt | strip_html | strip }}\n{% endfor %}'),
}


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not on PATH (Debian: apt-get install jekyll)")
def test_a_site_of_liquid_builds_as_jekyll_builds_it(tmp_path: Path) -> None:
    source = tmp_path / "src"
    write_files(source, COMPARED_SITE)
    jekyll = subprocess.run([str(JEKYLL), "build", "--quiet", "--disable-disk-cache", "-s", str(source),
                             "-d", str(tmp_path / "jekyll")], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "TZ": "UTC"}, check=False)
    assert jekyll.returncode == 0, jekyll.stdout + jekyll.stderr
    result = build_files(source, {}, destination=tmp_path / "paperfold")
    assert result.ok, [str(error) for error in result.errors]
    for page in ("atom.xml", "archive.html"):
        # kramdown leaves a blank line between paragraphs, markdown-it none: the Markdown's, not Liquid's.
        ours, theirs = ((tmp_path / side / page).read_text() for side in ("paperfold", "jekyll"))
        assert ours == theirs.replace("\n\n&lt;p&gt;", "\n&lt;p&gt;"), page
    ours = (tmp_path / "paperfold/2020/01/02/first-post.html").read_text()
    theirs = (tmp_path / "jekyll/2020/01/02/first-post.html").read_text()
    for paragraph in re.findall(r"<p>(?!<span class=\"note\">)(.*?)</p>", theirs, re.DOTALL):
        assert paragraph in ours
    assert '<span class="note">hi there/3/First</span>' in ours and '<span class="note">hi there/3/First</span>' in theirs

