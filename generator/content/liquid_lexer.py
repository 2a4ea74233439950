"""python-liquid's lexer, with its rules written to take time linear in the text.

Its own rules find the end of an output or tag by trying every split of a run of white space
(`{{` and 5,000 spaces took 10 s, 20,000 took 87 s), and read an unclosed `{% raw %}` to the end
of the text from every one. These rules match the same tokens, each part of them possessive, so
no position is tried twice (text between tags may come in other cuts: see _CONTENT); and a
`{% raw %}` or `{% doc %}` with no end tag after it is an error found before lexing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from liquid.exceptions import LiquidSyntaxError
from liquid.lex import _tokenize_template
from liquid.token import TOKEN_EOF, Token

# The same groups as liquid.lex.compile_liquid_rules, which _tokenize_template reads.
# White space after `{{` is skipped only before a statement: an empty one starts at the braces' end,
# where python-liquid's lazy statement starts it.
_OUTPUT = (r"\{\{-?(?:\s*+(?!-?\}\}))?(?P<stmt>(?:[^\s}-]++|\s++(?!-?\}\})|-(?!\}\})|\}(?!\}))*+)"
           r"\s*+(?P<rss>-?)\}\}")
_TAG = (r"\{%-?\s*+(?P<name>#|\w++)\s*+(?P<expr>(?:[^\s%-]++|\s++(?!-?%\})|-(?!%\})|%(?!\}))*+)"
        r"\s*+(?P<rst>-?)%\}")
_RAW = r"\{%-?\s*raw\s*(?P<rsr>-?)%\}(?P<raw>.*?)\{%-?\s*endraw\s*(?P<rsr_e>-?)%\}"
_DOC = r"\{%-?\s*doc\s*(?P<lsd>-?)%\}(?P<doc>.*?)\{%-?\s*enddoc\s*(?P<rsd>-?)%\}"
# python-liquid's is `.+?(?=((\{%|\{\{)(?P<rstrip>-?))|$)`: a lookahead at every character, the
# larger part of a long post's time; this takes runs without a brace at once. It also keeps a
# last line break with the text before it, where python-liquid's makes it a token of its own:
# the same text either way.
_CONTENT = r".(?:[^{]++|\{(?![{%]))*+(?=((\{%|\{\{)(?P<rstrip>-?))|$)"
RULES = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    ("RAW", _RAW), ("DOC", _DOC), ("output", _OUTPUT), ("TAG", _TAG), ("content", _CONTENT))), re.DOTALL)

_BLOCKS = {name: (re.compile(rf"\{{%-?\s*{name}\s*-?%\}}"), re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}"))
           for name in ("raw", "doc")}


def tokenize(source: str) -> Iterator[Token]:
    """python-liquid's tokens of `source`, in time linear in it."""
    for name, (opening, closing) in _BLOCKS.items():
        if name not in source:
            continue
        last_end = max((found.end() for found in closing.finditer(source)), default=0)
        unclosed = opening.search(source, last_end)
        if unclosed is not None:
            raise LiquidSyntaxError(f"{{% {name} %}} is never closed by {{% end{name} %}}", token=Token(
                TOKEN_EOF, unclosed.group(), start_index=unclosed.start(), source=source))
    return _tokenize_template(source, RULES)


__all__ = ["RULES", "tokenize"]
