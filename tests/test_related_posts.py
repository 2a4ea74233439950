"""Related posts: those sharing the most tags with a post, then the newest, five at most."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.model import RELATED_LIMIT, related_posts

TAG_LISTS = st.lists(st.lists(st.sampled_from("abcdefg"), max_size=4, unique=True).map(tuple), max_size=40).map(tuple)


@settings(max_examples=300)
@given(TAG_LISTS)
def test_related_posts_share_the_most_tags_then_come_first(tag_lists: tuple[tuple[str, ...], ...]) -> None:
    expected = []
    for index, tags in enumerate(tag_lists):
        shared = [(len(set(tags) & set(other)), position) for position, other in enumerate(tag_lists)
                  if position != index and set(tags) & set(other)]
        expected.append(tuple(position for _, position in sorted(shared, key=lambda s: (-s[0], s[1]))[:RELATED_LIMIT]))
    assert related_posts(tag_lists) == tuple(expected)
