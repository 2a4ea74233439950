"""Footnotes and `linenos` code as Jekyll (kramdown and rouge) writes them: the marks a reader sees,
the ids links keep, and line numbers in a column of their own (issue #24)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.content.liquid import LiquidScope
from generator.markdown.render import MarkdownSettings, render_body

# A site with nothing in it: bodies run their Liquid (the highlight tag's) as a build runs it.
_EMPTY_SITE = LiquidScope.of({}, {}, {}, "", "", "", "")


def _html(body: str) -> str:
    return render_body(body, MarkdownSettings(), outline=False, scope=_EMPTY_SITE).html


def test_a_footnote_is_marked_and_linked_back_as_kramdown_does() -> None:
    # As Debian's Jekyll 4.3 (kramdown 2.4) writes it, but for the white space between tags.
    html = _html("Text.[^1] More[^note] and again[^1].\n\n[^1]: Note.\n[^note]: A named *note*.\n")
    assert html.split("\n")[0] == (
        '<p>Text.<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup>'
        ' More<sup id="fnref:note" role="doc-noteref"><a href="#fn:note" class="footnote" rel="footnote">2</a></sup>'
        ' and again<sup id="fnref:1:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup>.</p>')
    notes = html[html.index('<div class="footnotes"'):]
    assert notes == (
        '<div class="footnotes" role="doc-endnotes">\n<ol>\n'
        '<li id="fn:1" role="doc-endnote"><p>Note. <a href="#fnref:1" class="reversefootnote" role="doc-backlink">'
        '&#8617;</a> <a href="#fnref:1:1" class="reversefootnote" role="doc-backlink">&#8617;<sup>2</sup></a></p>\n</li>\n'
        '<li id="fn:note" role="doc-endnote"><p>A named <em>note</em>. <a href="#fnref:note" class="reversefootnote" '
        'role="doc-backlink">&#8617;</a></p>\n</li>\n</ol>\n</div>\n')


def test_no_bracketed_number_or_rule_is_shown_around_footnotes() -> None:
    html = _html("A claim.[^a]\n\n[^a]: Its source.\n")
    assert "[1]" not in html and "<hr" not in html and "↩" not in html


@given(st.lists(st.sampled_from(["1", "2", "note", "a-b", "x_y"]), min_size=1, max_size=8))
def test_every_footnote_link_points_to_one_id_on_the_page(references: list[str]) -> None:
    labels = sorted(set(references))
    body = " ".join(f"w[^{label}]" for label in references) + "\n\n" + "".join(f"[^{label}]: n {label}\n" for label in labels)
    html = _html(body)
    ids = re.findall(r'\bid="([^"]+)"', html)
    targets = re.findall(r'href="#([^"]+)"', html)
    assert len(ids) == len(set(ids)) == len(references) + len(labels)
    assert set(targets) == set(ids) and len(targets) == 2 * len(references)  # a reference and its back link
    first_seen = list(dict.fromkeys(references))
    assert re.findall(r'rel="footnote">(\d+)</a>', html) == [str(first_seen.index(label) + 1) for label in references]


def test_linenos_puts_the_numbers_in_a_column_of_their_own_as_rouge_does() -> None:
    html = _html("```js linenos\nvar a = 1;\nf(a);\n```\n")
    code = ('<span class="kd">var</span><span class="w"> </span><span class="nx">a</span><span class="w"> </span>'
            '<span class="o">=</span><span class="w"> </span><span class="mf">1</span><span class="p">;</span>\n'
            '<span class="nx">f</span><span class="p">(</span><span class="nx">a</span><span class="p">);</span>\n')
    assert html == ('<pre class="highlight"><code class="language-js"><table class="rouge-table"><tbody><tr>'
                    '<td class="gutter gl"><pre class="lineno">1\n2\n</pre></td>'
                    f'<td class="code"><pre>{code}</pre></td></tr></tbody></table></code></pre>\n')
    assert _html("```js\nvar a = 1;\nf(a);\n```\n") == f'<pre class="highlight"><code class="language-js">{code}</code></pre>\n'


def test_a_highlight_tag_with_linenos_numbers_its_lines_in_the_gutter() -> None:
    html = _html("{% highlight ruby linenos %}\na = 1\nb = 2\nc = 3\n{% endhighlight %}\n")
    assert '<td class="gutter gl"><pre class="lineno">1\n2\n3\n</pre></td>' in html
    assert 'class="linenos"' not in html
