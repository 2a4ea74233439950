"""kramdown's smart quotes and typographic symbols, which Jekyll puts in every post by default.

`It's "quoted" -- and --- and...` becomes `It’s “quoted” – and — and…`, `<<` and `>>` become
« and ». The rules are kramdown's own (its smart_quotes and typographic_syms span parsers), not
markdown-it's typographer, which pairs quotes otherwise and replaces more: `(c)`, `+-`.

kramdown decides a quote by the character before it and the source after it. markdown-it has
already parsed the spans, so each text token is read here with the markup around it put back
(`*`, `` `code` ``, `<tag>`) for what follows a quote, and with nothing before its start: kramdown
too starts afresh after emphasis, a link or a tag. Code, math, raw HTML, autolinks and image alt
text are no text tokens, or not read; an escaped character (`\\"`) is its own token and stays as
typed, and kramdown's attribute lists and URLs written in prose are passed over.

The rule runs before markdown-it's text_join, while escapes are still tokens of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.config.kramdown import KRAMDOWN_DEFAULTS
from generator.markdown.attribute_definitions import DEFINITION, REFERENCES
from generator.markdown.kramdown import IAL

# kramdown's Ruby patterns, whose \s, \w, \d and \b are ASCII: re.ASCII keeps that (so a quote
# after a Chinese character closes, as in kramdown).
_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
# (pattern, what each group becomes): "" keeps the group as typed, a name is that mark
# (config/kramdown.py), a pair picks by the quote typed (single, double) the mark it becomes.
_LEFT = ("lsquo", "ldquo")
_RIGHT = ("rsquo", "rdquo")
_QUOTE_RULES: tuple[tuple[re.Pattern[str], tuple[str | tuple[str, str], ...]], ...] = tuple(
    (re.compile(pattern, re.ASCII | re.DOTALL), substitutions) for pattern, substitutions in (
        (r"""("|')(?=[_*]{1,2}\S)""", (_LEFT,)),
        (rf"""("|')(?={_PUNCT}(?!\.\.)\B)""", (_RIGHT,)),
        (r"""(\s?)"'(?=\w)""", ("", "ldquo", "lsquo")),
        (r"""(\s?)'"(?=\w)""", ("", "lsquo", "ldquo")),
        (r"""(\s?)'(?=\d\ds)""", ("", "rsquo")),
        (r"""(\s)('|")(?=\w)""", ("", _LEFT)),
        (rf"""({_CLOSE})('|")""", ("", _RIGHT)),
        (r"""("|')(?=\s|s\b|$)""", (_RIGHT,)),
        (r"""(.?)'""", ("", "lsquo")),
        (r"""(.?)\"""", ("", "ldquo")),
    )
)
_QUOTE_START = re.compile(r"""[^\\]?["']""", re.DOTALL)
SYMBOLS = {"---": "mdash", "--": "ndash", "...": "hellip", "<< ": "laquo_space", " >>": "raquo_space", "<<": "laquo",
           ">>": "raquo"}
MARKS = dict(KRAMDOWN_DEFAULTS.marks)
# kramdown's `\<<` is two plain `<`; markdown-it makes `\<` an escape token before this rule, so
# a text can hold it only where the escape was written twice: it stays as typed.
_SYMBOL = re.compile(r"\\<<|\\>>|" + "|".join(re.escape(symbol) for symbol in SYMBOLS))
# Where kramdown's span parsers for either may start: the earliest such place is tried first.
_START = re.compile(r"""[^\\]?["']|--|\.\.\.|[\\ ]?(?:<<|>>)""", re.DOTALL)
# Text typed for kramdown or a browser rather than a reader: attribute lists (`{: .x}`, `{: name}`)
# and their definitions (`{:name: .x}`), a heading's `{#id}`, and URLs written out in prose, whose
# `--` or `'` must stay as they are.
# The lookbehind lets a URL start only where a run of scheme characters does, so that each run
# is tried once.
_TYPED = re.compile("|".join(each.pattern for each in (IAL, DEFINITION, REFERENCES)) + r"""|\{#[^{}\s]*\}|(?<![\w+.-])(?:[A-Za-z][\w+.-]*://|www\.)[^\s<>]*[^\s<>.,:;!?'")\]]""")
# What kramdown reads after a text that markdown-it made a token of its own.
_SHADOWS = {"softbreak": "\n", "hardbreak": "\n", "link_open": "[", "link_close": "]", "image": "!"}


def use_typography(engine: MarkdownIt, marks: Mapping[str, str] = MARKS) -> MarkdownIt:
    """The rule on `engine`, `marks` saying what each quote and symbol becomes (by kramdown's name)."""
    def typography(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline" and token.children:
                _inline(token.children, marks)

    engine.core.ruler.before("text_join", "kramdown_typography", typography)
    return engine


def _inline(children: Sequence[Token], marks: Mapping[str, str]) -> None:
    shadow: list[str] = []
    texts: list[tuple[Token, int]] = []  # each text token that may change, and where it starts in the shadow
    length = 0
    autolink = False
    for child in children:
        if child.type == "link_open":
            autolink = child.markup in ("autolink", "linkify")
        elif child.type == "link_close":
            autolink = False
        if child.type == "text" and not autolink:
            texts.append((child, length))
            piece = child.content
        else:
            piece = _shadow(child)
        shadow.append(piece)
        length += len(piece)
    whole = "".join(shadow)
    for child, start in texts:
        child.content = smarten(whole, start, start + len(child.content), marks)


def _shadow(token: Token) -> str:
    if token.type in _SHADOWS:
        return _SHADOWS[token.type]
    if token.type == "code_inline":
        return token.markup + token.content + token.markup
    if token.type.startswith("math_inline"):
        return token.markup + token.content + token.markup
    if token.type == "text_special":
        return token.markup or token.content
    return token.markup if token.nesting else token.content


def smarten(text: str, start: int = 0, end: int | None = None, marks: Mapping[str, str] = MARKS) -> str:
    """`text[start:end]` with kramdown's quotes and symbols, `text` after `end` read for what
    follows a quote (nothing before `start` is read). In time linear in its length."""
    end = len(text) if end is None else end
    out: list[str] = []
    position = start
    typed = _TYPED.search(text, start, end)
    while position < end:
        while typed is not None and typed.end() <= position:
            typed = _TYPED.search(text, typed.end(), end)
        found = _START.search(text, position, typed.start() if typed is not None else end)
        if found is None:
            stop = typed.end() if typed is not None else end
            out.append(text[position:stop])
            position = stop
            continue
        out.append(text[position : found.start()])
        position = found.start()
        changed = (_quote(text, position, end, marks) if _QUOTE_START.match(text, position, end)
                   else _symbol(text, position, end, marks))
        if changed is None:
            out.append(text[position])
            position += 1
        else:
            out.append(changed[0])
            position = changed[1]
    return "".join(out)


def _quote(text: str, position: int, end: int, marks: Mapping[str, str]) -> tuple[str, int] | None:
    for pattern, substitutions in _QUOTE_RULES:
        found = pattern.match(text, position)
        if found is None or found.end() > end:
            continue
        pieces: list[str] = []
        for group, substitution in enumerate(substitutions, 1):
            if isinstance(substitution, tuple):
                pieces.append(marks[substitution[found.group(group) == '"']])
            elif substitution:
                pieces.append(marks[substitution])
            else:
                pieces.append(found.group(group))
        return "".join(pieces), found.end()
    return None


def _symbol(text: str, position: int, end: int, marks: Mapping[str, str]) -> tuple[str, int] | None:
    found = _SYMBOL.match(text, position, end)
    if found is None:
        return None
    typed = found.group(0)
    return (marks[SYMBOLS[typed]] if typed in SYMBOLS else typed), found.end()
