"""linkify-it with a quick first look, for text that holds no link.

markdown-it asks linkify-it's `pretest` about every paragraph, heading and list item before
looking for links in it. That test is one regular expression over every URL scheme and top-level
domain, and on reading notes it is 4% of rendering a post, mostly spent on Chinese text with
no link in sight. Every link it can find needs one of `. : / @` or the word localhost, so text
with none of them is passed over at once; other text goes to the full test. The answers are
the same (tests/test_markdown_linkify.py compares them on any text).
"""

from __future__ import annotations

import re

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt

# What linkify-it's pretest needs: a scheme ("http:", "//"), a host ("www.", ".com", an IP
# address's ".1."), "localhost", or an e-mail's "@". IGNORECASE as in linkify-it, so that the
# same letters match (the long s of "localhoſt" too).
_LINK_HINT = re.compile(r"[.:/@]|localhost", re.IGNORECASE)


class QuickLinkify(LinkifyIt):
    """LinkifyIt whose pretest first looks for a character every link needs."""

    def pretest(self, text: str) -> bool:
        return _LINK_HINT.search(text) is not None and bool(super().pretest(text))


def use_quick_linkify(engine: MarkdownIt) -> MarkdownIt:
    engine.linkify = QuickLinkify()
    return engine


__all__ = ["QuickLinkify", "use_quick_linkify"]
