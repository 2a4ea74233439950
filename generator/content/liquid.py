"""Jekyll's Liquid, run by python-liquid (liquid_engine): a body is rendered as a Liquid template
before Markdown, as Jekyll does, with Jekyll's objects (`site`, `page`, from liquid_scope),
filters and tags. A Liquid template runs no code of its own, and limits bound what a hostile one
can cost (see liquid_engine and MOST_MARKS)."""

from __future__ import annotations

import hashlib
import itertools
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.content.jb_setup import SETUP_INCLUDE

# Where a body may hold Liquid: without either mark the engine is not started.
LIQUID_MARKS = ("{{", "{%")
# python-liquid takes about 0.15 ms for each output or tag: a body of a million would take minutes.
MOST_MARKS = 20_000
_MARK = re.compile(r"\{[{%]")


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


def holds_liquid(text: str) -> bool:
    return any(mark in text for mark in LIQUID_MARKS)


def render_liquid(text: str, scope: LiquidScope | None, links: Mapping[str, str] | None = None,
                  markdownify: Callable[[str], str] | None = None) -> LiquidResult:
    """`text` rendered as Jekyll's Liquid with `scope`'s objects; link tags become their URL from
    `links` (by link_table.link_target), else nothing until a build has it."""
    if scope is None or not holds_liquid(text):
        return LiquidResult(text)
    past_limit = next(itertools.islice(_MARK.finditer(text), MOST_MARKS, None), None)
    if past_limit is not None:
        return LiquidResult(text, (), LiquidProblem(text.count("\n", 0, past_limit.start()) + 1, (
            f"Liquid error: more than {MOST_MARKS:,} tags and outputs in one file")))
    if writes_nothing(text, scope):
        return LiquidResult(SETUP_INCLUDE.sub("", text))
    from generator.content import liquid_engine  # here: python-liquid is slow to import (see liquid_engine)

    render = liquid_engine.Render(links or {}, dict(scope.includes), scope.source, scope.folder, scope.baseurl,
                                  scope.site_url, markdownify)
    rendered, problem = liquid_engine.run_liquid(text, scope.site, scope.page, render)
    return LiquidResult(rendered, tuple(dict.fromkeys(render.targets)), LiquidProblem(*problem) if problem else None)


def writes_nothing(text: str, scope: LiquidScope) -> bool:
    """Whether the Liquid in `text` is Jekyll Bootstrap's setup include alone, where the site has
    no such file: each tag then renders as nothing, the engine being needed for none."""
    for mark in _MARK.finditer(text):
        tag = SETUP_INCLUDE.match(text, mark.start())
        if tag is None or any(name == tag.group(1) for name, _ in scope.includes):
            return False
    return True


__all__ = ["LiquidProblem", "LiquidResult", "LiquidScope", "holds_liquid", "render_liquid", "writes_nothing"]
