"""Jekyll's Liquid in post bodies: paperfold renders none of it, so it removes the tags it cannot run."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(?:[^%]|%(?!\}))*?-?%\}")
# Blocks whose content Liquid does not output as written: raw shows it unprocessed, comment never,
# capture only where its variable is used (which paperfold cannot do).
BLOCK = re.compile(r"\{%-?\s*(raw|comment|capture)\b(?:[^%]|%(?!\}))*?-?%\}(.*?)\{%-?\s*end\1\s*-?%\}", re.DOTALL)
# What `_outputs` finds, in linear time: this expression takes time cubic in a run of white space
# after `{{` (a minute for 2,000 spaces), and tries every `{{` to the end of its line.
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_SPACE = re.compile(r"\s*")
# The tags that start and end a BLOCK, to try it only where its end tag follows (see _blocks).
_BLOCK_OPEN = re.compile(r"\{%-?\s*(raw|comment|capture)\b")
_BLOCK_END = re.compile(r"\{%-?\s*end(raw|comment|capture)\s*-?%\}")
# Jekyll Bootstrap's setup include heads every post of such blogs. It writes nothing: inside a
# capture it throws away, it assigns BASE_PATH, which paperfold fills in itself, and paths into
# Jekyll Bootstrap's own theme. Removing it loses nothing, so it is not reported.
NOTHING_LOST = re.compile(r"\{%-?\s*include\s+JB/setup\s*-?%\}")
# Jekyll's code blocks, each tag alone on its line: `{% highlight ruby linenos %}` ... `{% endhighlight %}`.
HIGHLIGHT_OPEN = re.compile(r"\{%-?\s*highlight\s+([a-zA-Z0-9.+#_-]+)((?:\s+[^%\s]+)*)\s*-?%\}")
HIGHLIGHT_CLOSE = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
# Jekyll's tags that output a URL: `{% post_url 2010-07-21-name %}`, `{% link _posts/2010-07-21-name.md %}`.
LINK_TAG = re.compile(r"\{%-?\s*(post_url|link)\s+((?:[^%]|%(?!\}))+?)\s*-?%\}")
URL_FILTER = re.compile(r"""^(['"])(.*?)\1\s*\|\s*(relative_url|absolute_url)$""")
# Line breaks other than "\n" at which str.splitlines also splits: text holding one is read line
# by line, other text (nearly every post: paperfold makes line ends LF) by regular expressions.
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Patterns over "\n" + text, each starting at the "\n" before a line: a literal first character
# lets the engine jump from line to line.
_FENCE_OPEN_LINE = re.compile(r"\n {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class LiquidResult:
    """The body without Liquid tags; what the page may have lost (the names of tags removed, and
    outputs left as written, as `{{ expression }}`); the targets of its link tags (`link_target`),
    found or not."""

    text: str
    removed: tuple[str, ...]
    targets: tuple[str, ...] = ()


@dataclass(slots=True)
class _Stripping:
    """What one body's pass is given, and what it finds."""

    variables: Mapping[str, str] | None
    links: Mapping[str, str] | None
    removed: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def result(self, text: str) -> LiquidResult:
        return LiquidResult(text, tuple(dict.fromkeys(self.removed)), tuple(dict.fromkeys(self.targets)))


def link_target(tag: str, argument: str) -> str:
    """How a link tag names what it links to, as the site's table of URLs knows it: "post_url NAME", "link PATH"."""
    return f"{tag} {argument.strip('/')}"


def strip_liquid(
    body: str, variables: Mapping[str, str] | None = None, links: Mapping[str, str] | None = None
) -> LiquidResult:
    """Drop `{% tag %}` outside code and outline fences; `{% raw %}` keeps its content as written.

    The few outputs Jekyll posts use for links (`{{ site.baseurl }}`, `{{ BASE_PATH }}`,
    `{{ '/x' | relative_url }}`) are filled in from `variables`; other `{{ }}` stay as written.
    Link tags become their URL from `links` (by `link_target`), else nothing until a build has it.
    """
    if "{%" not in body and ("{{" not in body or not variables):
        return LiquidResult(body, ())
    if "endhighlight" in body:
        body = highlight_as_fences(body)
    stripping = _Stripping(variables, links)
    # `in`, one character at a time: several times faster than a character class on CJK text.
    if not any(separator in body for separator in _OTHER_LINE_BREAKS):
        out: list[str] = []
        position = 0
        for start, end in _fences(body):
            out += (_strip_prose(body[position:start], stripping), body[start:end])
            position = end
        out.append(_strip_prose(body[position:], stripping))
        return stripping.result("".join(out))
    return _strip_by_lines(body, stripping)


def highlight_as_fences(body: str) -> str:
    """Jekyll's `{% highlight %}` blocks outside code fences as fenced code, which Pygments colours.

    The code inside is kept exactly: the fence is longer than any run of backticks in it, and
    stands at the opening tag's indent, which is added to every line of code (Markdown takes it
    off again). A block that is never closed is left as written.
    """
    out: list[str] = []
    fence: str | None = None
    opening: tuple[str, re.Match[str]] | None = None
    code: list[str] = []
    for line in body.splitlines(keepends=True):
        if opening is not None:
            if HIGHLIGHT_CLOSE.fullmatch(line.strip()):
                out.append(_as_fence(opening[0], opening[1], code))
                opening, code = None, []
            else:
                code.append(line)
            continue
        if fence is not None:
            fence = None if _closes_fence(line, fence) else fence
        elif (match := HIGHLIGHT_OPEN.fullmatch(line.strip())) is not None:
            opening = (line, match)
            continue
        elif (found := FENCE_OPEN.match(line)) is not None:
            fence = found.group(1)
        out.append(line)
    if opening is not None:
        out += [opening[0], *code]
    return "".join(out)


def _as_fence(line: str, opening: re.Match[str], code: list[str]) -> str:
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    text = "".join(indent + each if each.strip() else each for each in code)
    if text and not text.endswith("\n"):
        text += "\n"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    mark = "`" * max(3, longest + 1)
    info = " ".join([opening.group(1), *opening.group(2).split()])
    return f"{indent}{mark}{info}\n{text}{indent}{mark}\n"


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        stripped.startswith(fence[0] * len(fence))
        and set(stripped) == {fence[0]}
        and len(line) - len(line.lstrip(" ")) < 4
    )


def _fences(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each code fence in `body`, its opening and closing lines included, as
    _strip_by_lines finds them; for text whose only line break is "\n"."""
    text = "\n" + body  # text[i + 1] is body[i]: a match's "\n" is at the body index of its line
    position = 0
    while (opening := _FENCE_OPEN_LINE.search(text, position)) is not None:
        content = text.find("\n", opening.end())  # where the opening line ends
        closing = None
        if content >= 0:
            fence = opening.group(1)
            closing = _closing_line(fence[0], len(fence)).search(text, content)
        if closing is None:
            yield opening.start(), len(body)  # unclosed: the fence runs to the end
            return
        position = min(closing.end(), len(body))  # its line end included
        yield opening.start(), position


@lru_cache(maxsize=64)
def _closing_line(mark: str, length: int) -> re.Pattern[str]:
    # _strip_by_lines' test: fewer than four spaces first, then, stripped of all white space,
    # only the fence's mark, at least as many as opened it.
    return re.compile(rf"\n {{0,3}}(?! )[^\S\n]*{re.escape(mark)}{{{length},}}[^\S\n]*(?=\n|\Z)")


def _strip_by_lines(body: str, stripping: _Stripping) -> LiquidResult:
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        if fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                out.append(_strip_prose("".join(prose), stripping))
                prose = []
                fence = match.group(1)
                out.append(line)
            else:
                prose.append(line)
            continue
        out.append(line)
        if _closes_fence(line, fence):
            fence = None
    out.append(_strip_prose("".join(prose), stripping))
    return stripping.result("".join(out))


def _strip_prose(text: str, stripping: _Stripping) -> str:
    if "{%" not in text and "{{" not in text:
        return text
    kept: list[str] = []
    position = 0
    for block in _blocks(text):
        kept.append(_fill_outputs(_remove_tags(text[position : block.start()], stripping), stripping))
        kind = block.group(1)
        if kind == "raw":
            kept.append(block.group(2))
        elif kind == "capture":
            stripping.removed.append(kind)
        position = block.end()
    kept.append(_fill_outputs(_remove_tags(text[position:], stripping), stripping))
    return "".join(kept)


def _blocks(text: str) -> Iterator[re.Match[str]]:
    """BLOCK's matches, as its finditer finds them, in time linear in the text: BLOCK is tried only
    at an opening tag whose kind's end tag comes after the tag's own `%}`, where it cannot fail;
    elsewhere it would look for that end tag to the end of the text, at every opening tag."""
    last_end = {end.group(1): end.start() for end in _BLOCK_END.finditer(text)}  # the last of each kind
    position, tag_end = 0, -1
    while last_end and (opening := _BLOCK_OPEN.search(text, position)) is not None:
        if tag_end < opening.end():  # else it is still the first `%}` after this opening
            tag_end = text.find("%}", opening.end())
            if tag_end < 0:
                return
        block = BLOCK.match(text, opening.start()) if last_end.get(opening.group(1), -1) >= tag_end + 2 else None
        if block is None:
            position = opening.start() + 1
            continue
        yield block
        position = block.end()


def _outputs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, expression) of each output, as LIQUID_OUTPUT's finditer finds them (a test
    compares them), in time linear in the text.

    That is: after `{{`, a `-` and white space, the expression runs to the first `}}` (a `-` and
    white space before it left out), and must not hold a line break."""
    position, closing, newline, trimmed = 0, -1, -1, -1
    while (start := text.find("{{", position)) >= 0:
        begin = start + 2 + (text.startswith("-", start + 2))
        begin = _SPACE.match(text, begin).end()  # type: ignore[union-attr]  # \s* always matches
        # The first `}}` and line break after `begin`, looked for again only once passed: a
        # paragraph of `{{` without `}}` costs no more than one with a single `{{`.
        if closing < begin:
            closing = text.find("}}", begin)
            if closing < 0:
                return
            trimmed = closing - 1 if text[closing - 1] == "-" else closing
            while trimmed > 0 and text[trimmed - 1].isspace():  # \s, as the pattern's
                trimmed -= 1
        if newline < begin:
            newline = text.find("\n", begin)
            if newline < 0:
                newline = len(text)
        end = max(begin, trimmed if closing - 1 >= begin else closing)
        if newline < end:
            position = start + 1
            continue
        yield start, closing + 2, text[begin:end]
        position = closing + 2


def _fill_outputs(text: str, stripping: _Stripping) -> str:
    """The outputs paperfold knows filled in; the others stay as written, and are reported (as
    `{{ expression }}` among the removed tags: what the page may have lost)."""
    variables = stripping.variables
    if not variables or "{{" not in text:
        return text

    def fill(expression: str, whole: str) -> str:
        if expression in variables:
            return variables[expression]
        filtered = URL_FILTER.match(expression)
        if filtered:
            path = filtered.group(2)
            base = variables.get("site.baseurl", "")
            if filtered.group(3) == "absolute_url":
                base = variables.get("site.url", "") + base
            return base + (path if path.startswith("/") or not path else "/" + path)
        stripping.removed.append(f"{{{{ {expression} }}}}")
        return whole

    out: list[str] = []
    position = 0
    for start, end, expression in _outputs(text):
        out += (text[position:start], fill(expression, text[start:end]))
        position = end
    out.append(text[position:])
    return "".join(out)


def _remove_tags(text: str, stripping: _Stripping) -> str:
    def drop(match: re.Match[str]) -> str:
        link = LINK_TAG.fullmatch(match.group(0))
        if link:
            target = link_target(*link.groups())
            stripping.targets.append(target)
            return stripping.links.get(target, "") if stripping.links else ""
        if not NOTHING_LOST.fullmatch(match.group(0)):
            stripping.removed.append(match.group(1))
        return ""

    # Only up to the last `%}`: a tag cannot start after it, and trying one at every `{%` there
    # would read to the end of the text each time.
    closed = text.rfind("%}") + 2
    head, count = LIQUID_TAG.subn(drop, text[:closed]) if closed >= 2 else ("", 0)
    if not count:
        return text
    # A line that held only a tag leaves no blank paragraph break behind it.
    return re.sub(r"(?m)^[ \t]+$", "", head + text[closed:])
