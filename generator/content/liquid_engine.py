"""The Liquid engine itself: python-liquid with Jekyll's filters (jekyll_filters), tags
(jekyll_tags), a lexer linear in the text (liquid_lexer) and limits. content/liquid.py imports
it only when a body holds Liquid: python-liquid takes about a second to import, which a build
with nothing to render (or nothing changed) does not pay."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from liquid import Environment
from liquid.exceptions import LiquidError
from liquid.token import TOKEN_TAG, Token

from generator.content.jekyll_filters import FILTERS, RENDER_KEY
from generator.content.jekyll_tags import add_jekyll_tags
from generator.content.liquid_lexer import tokenize

# A problem: its line in the text (None when in an include, which the message names), and what it is.
Problem = tuple[int | None, str]


class _JekyllEnvironment(Environment):
    # Bounds on one render, so that a site cannot take minutes or gigabytes: loops run at most
    # 200,000 times in all (a site of 1,000 posts with 20 tags each takes 20,000), a page's text
    # at most 64 MiB, an include at most 30 deep.
    loop_iteration_limit = 200_000
    output_stream_limit = 64 * 1024 * 1024
    local_namespace_limit = 64 * 1024 * 1024
    context_depth_limit = 30

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        return tokenize


@lru_cache(maxsize=1)
def liquid_environment() -> Environment:
    """Liquid as Jekyll runs it: an unknown filter passes its value on, an undefined variable is empty."""
    environment = _JekyllEnvironment(strict_filters=False)
    for name, function in FILTERS.items():
        environment.add_filter(name, function)
    add_jekyll_tags(environment)
    return environment


@dataclass(slots=True)
class Render:
    """What the tags and filters of one render read (under RENDER_KEY), and what they found."""

    links: Mapping[str, str]
    includes: Mapping[str, str]
    source: str
    folder: str
    baseurl: str
    site_url: str
    markdownify: Callable[[str], str] | None
    targets: list[str] = field(default_factory=list)


def run_liquid(text: str, site: bytes, page: bytes, render: Render) -> tuple[str, Problem | None]:
    """`text` rendered with the pickled `site` and `page` objects, or as written with its problem."""
    variables = {"site": pickle.loads(site), "page": pickle.loads(page), RENDER_KEY: render}
    try:
        return liquid_environment().from_string(text).render(**variables), None
    except LiquidError as error:
        return text, liquid_problem(error, text)
    except RecursionError:
        return text, (None, "Liquid error: includes or blocks nested too deep")


def liquid_problem(error: LiquidError, text: str) -> Problem:
    """Where in the body `text` the error is, and what it is, in a line (python-liquid's own
    message adds a picture of the line, which the build's `path:line: message` does not need)."""
    token = error.token
    message = f"Liquid error: {error.message}"
    if error.template_name and (token is None or token.source != text):
        where = f", line {token.source.count(chr(10), 0, token.start_index) + 1}" if token and token.start_index >= 0 else ""
        return None, f"{message} (in {error.template_name}{where})"
    if token is None or token.start_index < 0:
        return _unclosed_block(text), message
    return token.source.count("\n", 0, token.start_index) + 1, message


_BLOCK_TAGS = frozenset({"if", "unless", "for", "case", "capture", "comment", "highlight", "tablerow"})


def _unclosed_block(text: str) -> int | None:
    """The line of an error python-liquid finds at the end of the text, with no place of its own:
    that of the innermost block never closed."""
    opened: list[int] = []
    for token in tokenize(text):
        if token.kind == TOKEN_TAG and token.value in _BLOCK_TAGS:
            opened.append(token.start_index)
        elif token.kind == TOKEN_TAG and token.value.startswith("end") and opened:
            opened.pop()
    return text.count("\n", 0, opened[-1]) + 1 if opened else None


__all__ = ["Problem", "liquid_environment", "run_liquid"]
