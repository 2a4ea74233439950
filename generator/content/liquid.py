"""Jekyll's Liquid, run by python-liquid: a body is rendered as a Liquid template before Markdown,
as Jekyll does, with Jekyll's objects (`site`, `page`), filters (jekyll_filters) and tags
(jekyll_tags). A Liquid template runs no code of its own, and the limits below bound what a
hostile one can cost."""

from __future__ import annotations

import hashlib
import itertools
import pickle
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

from generator.content.jekyll_filters import FILTERS, RENDER_KEY
from generator.content.jekyll_tags import add_jekyll_tags, link_target
from generator.content.liquid_lexer import tokenize

# Where a body may hold Liquid: without either mark the engine is not started.
LIQUID_MARKS = ("{{", "{%")
# python-liquid takes about 0.15 ms for each output or tag: a body of a million would take minutes.
MOST_MARKS = 20_000
_MARK = re.compile(r"\{[{%]")


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


@dataclass(frozen=True, slots=True)
class LiquidScope:
    """What a body's Liquid may read: the `site` and `page` objects (pickled: plain values, dates
    among them), the site's includes by name, and where include_relative looks. `digest` is of
    all of it: a body's cache key takes it."""

    site: bytes
    page: bytes
    includes: tuple[tuple[str, str], ...]
    source: str
    folder: str
    baseurl: str = ""
    site_url: str = ""
    digest: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.digest:
            made = hashlib.sha1(self.site + b"\0" + self.page + b"\0" + repr(
                (self.includes, self.source, self.folder, self.baseurl, self.site_url)).encode("utf-8", "surrogatepass"))
            object.__setattr__(self, "digest", made.hexdigest())

    @staticmethod
    def of(site: Mapping[str, Any], page: Mapping[str, Any], includes: Mapping[str, str], source: str, folder: str,
           baseurl: str, site_url: str) -> LiquidScope:
        return LiquidScope(_pickled(site), _pickled(page), tuple(sorted(includes.items())), source, folder,
                           baseurl, site_url)


def _pickled(value: Mapping[str, Any]) -> bytes:
    return pickle.dumps(dict(value), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True, slots=True)
class LiquidProblem:
    """A Liquid error: its line in the body (None when in an include, which `message` names)."""

    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """The body rendered, the targets of its link tags (`link_target`), found or not, and the error
    that stopped it (then `text` is the body as written)."""

    text: str
    targets: tuple[str, ...] = ()
    problem: LiquidProblem | None = None


@dataclass(slots=True)
class _Render:
    """What the tags and filters of one render read (under RENDER_KEY), and what they found."""

    links: Mapping[str, str]
    includes: Mapping[str, str]
    source: str
    folder: str
    baseurl: str
    site_url: str
    markdownify: Callable[[str], str] | None
    targets: list[str] = field(default_factory=list)


def holds_liquid(text: str) -> bool:
    return any(mark in text for mark in LIQUID_MARKS)


def render_liquid(text: str, scope: LiquidScope | None, links: Mapping[str, str] | None = None,
                  markdownify: Callable[[str], str] | None = None, extra: Mapping[str, Any] | None = None) -> LiquidResult:
    """`text` rendered as Jekyll's Liquid with `scope`'s objects (and `extra` ones); link tags
    become their URL from `links` (by `link_target`), else nothing until a build has it."""
    if scope is None or not holds_liquid(text):
        return LiquidResult(text)
    past_limit = next(itertools.islice(_MARK.finditer(text), MOST_MARKS, None), None)
    if past_limit is not None:
        return LiquidResult(text, (), LiquidProblem(text.count("\n", 0, past_limit.start()) + 1, (
            f"Liquid error: more than {MOST_MARKS:,} tags and outputs in one file")))
    render = _Render(links or {}, dict(scope.includes), scope.source, scope.folder, scope.baseurl, scope.site_url,
                     markdownify)
    variables = {"site": pickle.loads(scope.site), "page": pickle.loads(scope.page), **(extra or {})}
    try:
        template = liquid_environment().from_string(text)
        rendered = template.render(**variables, **{RENDER_KEY: render})
    except LiquidError as error:
        return LiquidResult(text, tuple(dict.fromkeys(render.targets)), liquid_problem(error, text))
    except RecursionError:
        return LiquidResult(text, (), LiquidProblem(None, "Liquid error: includes or blocks nested too deep"))
    return LiquidResult(rendered, tuple(dict.fromkeys(render.targets)))


def liquid_problem(error: LiquidError, text: str) -> LiquidProblem:
    """Where in the body `text` the error is, and what it is, in a line (python-liquid's own
    message adds a picture of the line, which the build's `path:line: message` does not need)."""
    token = error.token
    message = f"Liquid error: {error.message}"
    if error.template_name and (token is None or token.source != text):
        where = f", line {token.source.count(chr(10), 0, token.start_index) + 1}" if token and token.start_index >= 0 else ""
        return LiquidProblem(None, f"{message} (in {error.template_name}{where})")
    if token is None or token.start_index < 0:
        return LiquidProblem(_unclosed_or_bad_output(text), message)
    return LiquidProblem(token.source.count("\n", 0, token.start_index) + 1, message)


_BLOCK_TAGS = frozenset({"if", "unless", "for", "case", "capture", "comment", "highlight", "tablerow"})


def _unclosed_or_bad_output(text: str) -> int | None:
    """The line of an error python-liquid finds at the end of the text, with no place of its own:
    the innermost block never closed, else the first output that does not parse alone."""
    environment = liquid_environment()
    opened: list[int] = []
    outputs: list[Token] = []
    previous = ""
    try:
        for token in tokenize(text):
            if token.kind == TOKEN_TAG and token.value in _BLOCK_TAGS:
                opened.append(token.start_index)
            elif token.kind == TOKEN_TAG and token.value.startswith("end") and opened:
                opened.pop()
            elif token.kind == TOKEN_EXPRESSION and previous == TOKEN_OUTPUT:
                outputs.append(token)
            previous = token.kind
    except LiquidError:
        return None
    if opened:
        return text.count("\n", 0, opened[-1]) + 1
    for token in outputs:
        try:
            environment.from_string("{{ " + token.value + " }}")
        except LiquidError:
            return text.count("\n", 0, token.start_index) + 1
    return None


__all__ = ["LiquidProblem", "LiquidResult", "LiquidScope", "holds_liquid", "link_target", "liquid_environment",
           "render_liquid"]
