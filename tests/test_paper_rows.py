"""The papers table's rows, made in Python (site/paper_rows.py), are the bytes the template made."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.urls import with_baseurl
from generator.papers.notes import Paper
from generator.site.paper_rows import NOTES_PER_PIECE, paper_rows

# The loop and macro templates/papers_list.html had before its rows were made in Python, under
# the theme's settings (site/templates.py: autoescape, trim_blocks, lstrip_blocks).
_TEMPLATE_LOOP = """\
{% macro note_links(notes) %}<ul class="paper-notes">
  {%- for post_title, post_url, anchor in notes %}<li><a href="{{ url_for(post_url) ~ ('#' ~ anchor if anchor else '') }}">{{ post_title }}</a></li>{% endfor -%}
</ul>{% endmacro %}
{% for paper in papers %}
    <tr data-title="{{ paper.title }}" data-year="{{ paper.year or '' }}" data-venue="{{ paper.venue or '' }}" data-refs="{{ '' if paper.refs is none else paper.refs }}" data-notes="{{ paper.notes | length }}">
      <td class="paper-title">
        {%- set shown = shown_titles[loop.index0] %}
        {%- if paper.urls %}<a href="{{ paper.urls[0] }}" rel="noopener"{% if shown != paper.title %} title="{{ paper.title }}"{% endif %}>{{ shown }}</a>{% else %}{{ shown }}{% endif %}
        {%- for url in paper.urls[1:] %} <a class="paper-more" href="{{ url }}" rel="noopener" title="{{ url }}">[{{ loop.index + 1 }}]</a>{% endfor %}
        {%- if paper.arxiv_id %} <span class="paper-id">arXiv:{{ paper.arxiv_id }}</span>{% endif %}</td>
      <td class="num">{% if paper.year %}<a href="{{ url_for(year_urls[paper.year]) }}">{{ paper.year }}</a>{% endif %}</td>
      <td>{% if paper.venue %}<a href="{{ url_for(venue_urls[paper.venue]) }}">{{ paper.venue }}</a>{% endif %}</td>
      <td class="num">{{ '' if paper.refs is none else paper.refs }}</td>
      <td>{{ note_links(paper.notes[:3]) }}
        {%- if paper.notes | length > 3 %}<details class="paper-more-notes"><summary>{{ paper.notes | length - 3 }} more</summary>{{ note_links(paper.notes[3:]) }}</details>{% endif -%}
      </td>
    </tr>
{% endfor %}
"""

_TEXT = st.text(alphabet=st.sampled_from("ab <>&\"'#/é论"), max_size=6)
_NOTE = st.tuples(_TEXT, _TEXT.map(lambda text: "/" + text), _TEXT)
_PAPER = st.builds(
    Paper, title=_TEXT, year=st.none() | st.integers(0, 2030), venue=st.none() | _TEXT,
    refs=st.none() | st.integers(0, 5000), urls=st.lists(_TEXT, max_size=4).map(tuple),
    arxiv_id=st.none() | _TEXT, doi=st.none(), notes=st.lists(_NOTE, max_size=6).map(tuple),
)


def _template_rows(papers: list[Paper], shown_titles: list[str], year_urls: dict[int, str],
                   venue_urls: dict[str, str], url_for: Callable[[str], str]) -> str:
    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.from_string(_TEMPLATE_LOOP).render(
        papers=papers, shown_titles=shown_titles, year_urls=year_urls, venue_urls=venue_urls, url_for=url_for)


@settings(max_examples=300, deadline=None)
@given(papers=st.lists(_PAPER, max_size=4), shortened=st.lists(st.booleans(), min_size=4, max_size=4),
       baseurl=st.sampled_from(["", "/blog", "/a&b"]))
def test_rows_are_the_template_loops_bytes(papers: list[Paper], shortened: list[bool], baseurl: str) -> None:
    shown_titles = [paper.title[:2] if short else paper.title for paper, short in zip(papers, shortened)]
    year_urls = {paper.year: f"/papers/years/{paper.year}/" for paper in papers if paper.year}
    venue_urls = {paper.venue: f"/papers/venues/{paper.venue}/" for paper in papers if paper.venue}

    def url_for(url: str) -> str:
        return with_baseurl(baseurl, url)

    made = "".join(paper_rows(papers, shown_titles, year_urls, venue_urls, url_for))
    assert made == _template_rows(papers, shown_titles, year_urls, venue_urls, url_for)


def test_a_paper_noted_in_many_posts_comes_in_pieces() -> None:
    notes = tuple((f"Post {n} <{n}>", f"/posts/{n}/", f"ol-a-{n}" if n % 3 else "") for n in range(3 + 2 * NOTES_PER_PIECE + 5))
    paper = Paper("Popular & cited", 2019, "OSDI", 7, ("https://example.org/p",), None, None, notes)
    args = ([paper], ["Popular & cited"], {2019: "/papers/years/2019/"}, {"OSDI": "/papers/venues/osdi/"},
            lambda url: with_baseurl("/blog", url))
    pieces = list(paper_rows(*args))
    assert len(pieces) == 4  # the row to its first 256 folded links, the next 256, the last 5, the row's end
    assert max(len(piece) for piece in pieces) < len("".join(pieces)) / 2
    assert "".join(pieces) == _template_rows(*args)
