"""Heading ids as Jekyll writes them (kramdown's GFM parser, `auto_ids`), which links from other
pages point to: `### Parameterization of $$\\beta_t$$` is `parameterization-of-beta_t`.

The id is made from the heading's text as shown, math and code spans included and markup left
out, after smart typography (a typed `--` is a dash, which the id drops): lower case, every
character that is no word character, `-`, space or tab removed, spaces and tabs made `-`. An id
made before gets `-1`, `-2`... in order; one given with `{#id}` is kept and not counted. An empty
id is written as none, and still counted (a second `# !!!` is `-1`), as kramdown does.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.config.kramdown import KRAMDOWN_DEFAULTS, KramdownOptions

# Ruby's \p{Word}: letters and letter numbers (Ⅻ), marks, decimal digits, connectors (_).
_WORD_CATEGORIES = frozenset({"Nl", "Mn", "Mc", "Me", "Nd", "Pc"})
_SHOWN = frozenset({"text", "text_special", "code_inline", "math_inline", "math_inline_double"})


def use_heading_ids(engine: MarkdownIt, options: KramdownOptions = KRAMDOWN_DEFAULTS) -> None:
    """Ids for headings without one, each after `auto_id_prefix`; none if `auto_ids` is off."""
    def heading_ids(state: StateCore) -> None:
        if options.auto_ids:
            _heading_ids(state.tokens, options.auto_id_prefix)

    # Named "anchor" as the anchors plugin it replaces: kramdown's rules go before and after it.
    engine.core.ruler.push("anchor", heading_ids)


def _heading_ids(tokens: Sequence[Token], prefix: str) -> None:
    openings = [index for index, token in enumerate(tokens)
                if token.type == "heading_open" and token.attrGet("id") is None]
    anchors = numbered_ids(heading_id(tokens[index + 1].children or ()) for index in openings)
    for index, anchor in zip(openings, anchors):
        if anchor:
            tokens[index].attrSet("id", prefix + anchor)


def numbered_ids(anchors: Iterable[str]) -> Iterator[str]:
    """The ids of headings whose text gives these `anchors`, in order: a repeat gets `-1`, `-2`..."""
    made: Counter[str] = Counter()
    for anchor in anchors:
        made[anchor] += 1
        yield f"{anchor}-{made[anchor] - 1}" if made[anchor] > 1 else anchor


def heading_id(children: Iterable[Token]) -> str:
    """The id kramdown makes of a heading with these inline tokens, before any `-1` for a repeat."""
    return text_id("".join(child.content for child in children if child.type in _SHOWN))


def text_id(shown: str) -> str:
    """The id kramdown makes of a heading showing this text, before any `-1` for a repeat."""
    return "".join("-" if character in " \t" else character for character in shown.lower() if _kept(character))


def _kept(character: str) -> bool:
    return character.isalpha() or character in "- \t" or unicodedata.category(character) in _WORD_CATEGORIES
