"""Jekyll's Liquid tags for the engine of content/liquid.py: `include` (Jekyll's syntax, from the
site's `_includes/`), `include_relative`, `highlight`, `post_url` and `link`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from liquid import Environment
from liquid.ast import BlockNode, IllegalNode, Node
from liquid.builtin.expressions import parse_primitive, tokenize
from liquid.builtin.output import Output
from liquid.exceptions import LiquidError, LiquidSyntaxError, TemplateNotFoundError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from generator.config.symlinks import leads_outside
from generator.content.jb_setup import NOTHING_LOST
from generator.content.jekyll_filters import RENDER_KEY
from generator.content.link_table import link_target

# Jekyll's include parameters: name="text", name='text' or name=variable.
_PARAMETER = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]"'-]+))""")
_LANGUAGE = re.compile(r"([a-zA-Z0-9.+#_-]+)((?:\s+\S+)*)")


def _markup(stream: TokenStream) -> str:
    """The text after the tag's name, as written; the stream left on the tag's last token."""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return stream.current.value.strip()
    return ""


def _render(context: Any) -> Any:
    return context.globals[RENDER_KEY]


@lru_cache(maxsize=256)
def _parsed(environment: Environment, source: str, name: str) -> Any:
    # An include in a loop over every post is parsed once, not once a post.
    return environment.from_string(source, name=name)


def _rendered(context: Any, source: str, name: str = "") -> str:
    """`source` rendered as a template in `context`, as an include is: its assigns are the page's."""
    template = _parsed(context.env, source, name)
    buffer = StringIO()
    template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


def _value(context: Any, token: Token, expression: str) -> object:
    """What a variable or literal, as an include parameter is written, stands for."""
    return parse_primitive(context.env, TokenStream(tokenize(expression, parent_token=token))).evaluate(context)


class _TextNode(Node):
    """A tag whose text (with any `{{ }}` in it rendered) decides what it writes."""

    __slots__ = ("markup", "write")

    def __init__(self, token: Token, markup: str, write: Callable[[_TextNode, Any, str], str]) -> None:
        super().__init__(token)
        self.markup = markup
        self.write = write
        self.blank = False

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        markup = _rendered(context, self.markup) if "{{" in self.markup else self.markup
        return buffer.write(self.write(self, context, markup))


class _TextTag(Tag):
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        return _TextNode(token, _markup(stream), self.write)

    def write(self, node: _TextNode, context: Any, markup: str) -> str:
        raise NotImplementedError


def _include(node: _TextNode, context: Any, markup: str, source: str | None, shown: str) -> str:
    if source is None:
        raise TemplateNotFoundError(f"{shown}: no such file to include", token=node.token)
    parameters: dict[str, object] = {}
    for match in _PARAMETER.finditer("".join(markup.split(maxsplit=1)[1:])):
        key, double, single, variable = match.groups()
        parameters[key] = _value(context, node.token, variable) if variable is not None else \
            (double if double is not None else single)
    with context.extend({"include": parameters}):
        try:
            return _rendered(context, source, shown)
        except LiquidError as error:
            error.template_name = error.template_name or shown  # so the build names the include
            raise


class IncludeTag(_TextTag):
    name = "include"

    def write(self, node: _TextNode, context: Any, markup: str) -> str:
        name = markup.split()[0] if markup.split() else ""
        source = _render(context).includes.get(name)
        if source is None and NOTHING_LOST.fullmatch(name):
            return ""
        return _include(node, context, markup, source, "_includes/" + name)


class IncludeRelativeTag(_TextTag):
    name = "include_relative"

    def write(self, node: _TextNode, context: Any, markup: str) -> str:
        name = markup.split()[0] if markup.split() else ""
        render = _render(context)
        path = Path(render.source) / render.folder / name
        source = None
        # As Jekyll's: never above the page's folder, nor through a link out of the site.
        if ".." not in Path(name).parts and path.is_file() and not leads_outside(path, (Path(render.source).resolve(),)):
            source = path.read_text(encoding="utf-8", errors="replace")
        return _include(node, context, markup, source, (Path(render.folder) / name).as_posix())


class _LinkTag(_TextTag):
    def write(self, node: _TextNode, context: Any, markup: str) -> str:
        target = link_target(node.token.value, markup)
        render = _render(context)
        render.targets.append(target)
        return str(render.links.get(target, ""))


class PostUrlTag(_LinkTag):
    name = "post_url"


class LinkTag(_LinkTag):
    name = "link"


class _HighlightNode(Node):
    __slots__ = ("block", "language", "options")

    def __init__(self, token: Token, language: str, options: str, block: BlockNode) -> None:
        super().__init__(token)
        self.language, self.options, self.block = language, options, block
        self.blank = False

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        return buffer.write(_as_fence(_indent_of(self.token), self.language, self.options, inner.getvalue()))


def _indent_of(token: Token) -> str:
    """The white space before the `{%` that opens the tag, when only white space is before it on its line."""
    opening = token.source.rfind("{%", 0, token.start_index)
    line_start = token.source.rfind("\n", 0, max(opening, 0)) + 1
    before = token.source[line_start:max(opening, 0)]
    return before if not before.strip(" \t") else ""


def _as_fence(indent: str, language: str, options: str, code: str) -> str:
    """The highlighted code as a fenced block, which Pygments colours as every fence: longer than
    any run of backticks in the code, its lines at the tag's indent (which Markdown takes off)."""
    # As Jekyll's: the line breaks around the code go, and so does the closing tag's indent.
    code = re.sub(r"[\r\n]+[ \t]*\Z", "", re.sub(r"\A[\r\n]+", "", code))
    lines = code.splitlines(keepends=True)
    text = "".join(line if i == 0 or not line.strip() else indent + line for i, line in enumerate(lines))
    if text and not text.endswith("\n"):
        text += "\n"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    mark = "`" * max(3, longest + 1)
    info = " ".join([language, *options.split()])
    return f"{mark}{info}\n{indent if text else ''}{text}{indent}{mark}"


class HighlightTag(Tag):
    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        markup = _markup(stream)
        language = _LANGUAGE.fullmatch(markup)
        if language is None:
            raise LiquidSyntaxError(f"highlight needs a language, as in {{% highlight ruby %}}, not '{markup}'",
                                    token=token)
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return _HighlightNode(token, language.group(1), language.group(2), block)


class LaxOutput(Output):
    """An output, but one whose expression does not parse (`{{ 7*6 }}`, `{{ x | }}`) writes nothing,
    as in Jekyll, whose Liquid runs in its "warn" mode: a tag never closed is still an error."""

    # An IllegalNode, as python-liquid's Tag.get_node gives for a tag that fails, where Output says OutputNode.
    def parse(self, stream: TokenStream) -> Node:  # type: ignore[override]
        token = stream.current
        try:
            return super().parse(stream)
        except LiquidSyntaxError:
            return IllegalNode(token)  # the stream is on the expression, as after a good one


def add_jekyll_tags(environment: Environment) -> None:
    for tag in (LaxOutput, IncludeTag, IncludeRelativeTag, PostUrlTag, LinkTag, HighlightTag):
        environment.add_tag(tag)


__all__ = ["add_jekyll_tags"]
