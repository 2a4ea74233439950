"""Raw HTML blocks as kramdown (Jekyll's Markdown) parses them, not as CommonMark does.

CommonMark ends most HTML blocks at the first blank line, so `<ul>`, a blank line and indented
`<li>` lines become a code block of escaped HTML, and it takes any tag alone on a line (`<br />`,
`<a name="qa" />`) for a block that swallows the lines after it as raw HTML. kramdown instead:

- starts an HTML block only at a tag of an element that is not a span element (`<a>`, `<br>`,
  `<img>`, `<span>`... are text of a paragraph, whose Markdown is parsed as usual), and lets such a
  block interrupt a paragraph;
- ends it at the end tag that matches its first tag, counting the same elements opened inside
  (blank lines and indented lines are part of it; an end tag that matches nothing open is text;
  `<script>` and `<style>` hold text up to their own end tag; comments are skipped whole), or at the
  end of the text if it has none;
- parses what follows the end tag on its line as Markdown;
- renders Markdown inside where asked: `markdown="1"` (or `block`) on the tag, or the option
  `parse_block_html` (`{::options parse_block_html="true" /}`) for elements whose content is blocks
  (`div`, `section`, `li`, `details`...).

Comments, `<?...?>` and `<!DECLARATIONS>` keep markdown-it's own rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import html_block
from markdown_it.rules_block.paragraph import paragraph

from generator.markdown.extensions import parse_block_html

# kramdown's lists (kramdown/parser/html.rb): span elements never start a block.
SPAN_ELEMENTS = frozenset(
    ["a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em", "i",
     "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby",
     "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var"])
WITHOUT_BODY = frozenset(
    ["area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link", "meta",
     "param", "source", "track", "wbr"])
# Elements whose content kramdown parses as blocks of Markdown when asked to.
BLOCK_CONTENT = frozenset(
    ["address", "applet", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "fieldset",
     "figure", "figcaption", "footer", "form", "header", "hgroup", "iframe", "li", "main", "map", "menu",
     "nav", "noscript", "object", "section", "summary", "td"])
RAW_TEXT = ("script", "style")

_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
# An attribute's quoted value stops at `<`, so a tag never closed is read up to the next tag at most
# (reading it to the end of the text from every `<` took time growing with their number squared).
_ATTRIBUTE = rf"""\s+{_NAME}(?:\s*=\s*(?:\w+|"[^"<]*"|'[^'<]*'))?"""
START_TAG = re.compile(rf"<({_NAME})((?:{_ATTRIBUTE})*)\s*(/)?>")
END_TAG = re.compile(rf"</({_NAME})\s*>")
_FIRST_TAG = re.compile(rf" {{0,3}}<(/?)({_NAME})")
_SPECIAL = re.compile(rf"<(?:{_NAME}|/|!--|\?)")
# Looked for after a character that is not white space only, so a run of spaces is tried once.
MARKDOWN_ATTRIBUTE = re.compile(r"""(?<!\s)\s+markdown\s*=\s*(?:"([^"]*)"|'([^']*)'|(\w+))""")


def use_kramdown_html_blocks(engine: MarkdownIt) -> MarkdownIt:
    """kramdown's HTML blocks in place of markdown-it's (which still takes comments and the like)."""
    engine.block.ruler.at("html_block", kramdown_html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    return engine


def kramdown_html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not state.md.options.get("html"):
        return False
    src = state.src
    first = state.bMarks[start] + state.tShift[start]
    found = _FIRST_TAG.match(src, first, state.eMarks[start])
    if found is None:
        return html_block(state, start, end, silent)  # a comment, `<?`, `<!`: CommonMark's rule
    if found.group(2).lower() in SPAN_ELEMENTS:
        return False  # text of a paragraph, as kramdown takes it
    # A stray end tag, or a start tag kramdown would not read: CommonMark's rule decides.
    if found.group(1):
        return html_block(state, start, end, silent)
    tag = START_TAG.match(src, first, state.eMarks[_last_line(state, start, end, 16)[0]])
    if tag is None:
        return html_block(state, start, end, silent)
    if silent:
        return True
    stop, unclosed = _element_in_container(state, start, end, tag)
    last = _line_of(state, stop - 1, start, end)
    if _wants_markdown(state, tag) and _markdown_inside(state, start, last, tag, stop):
        return True
    # More elements may follow on the end tag's line (`<div>a</div><div>b</div>`): they are the block's too.
    while not unclosed and (following := _block_tag_at(src, stop, state.eMarks[last])) is not None:
        stop, unclosed = _element_in_container(state, start, end, following)
        last = _line_of(state, stop - 1, start, end)
    token = state.push("html_block", "", 0)
    token.map = [start, last + 1]
    # kramdown closes what is left open at the end of the text.
    token.content = _lines_up_to(state, start, last, stop) + "".join(f"</{name}>\n" for name in reversed(unclosed))
    _continue_after(state, last, stop, end)
    return True


def _block_tag_at(src: str, position: int, line_end: int) -> re.Match[str] | None:
    """The start tag of a block element right at `position` (after white space), if one is there."""
    while position < line_end and src[position] in " \t":
        position += 1
    tag = START_TAG.match(src, position, line_end)
    return tag if tag is not None and tag.group(1).lower() not in SPAN_ELEMENTS else None


def _element_in_container(state: StateBlock, start: int, end: int, tag: re.Match[str]) -> tuple[int, list[str]]:
    """`_element_end` within the lines the block may take: the container's, up to a line indented less
    than it. Those are found 16 lines at a time, then twice as many each time the element runs past
    them: finding them to the container's end for every block took time growing with their number
    squared, and the element is read again at most as often as that doubles."""
    reach = 16
    while True:
        last_line, whole = _last_line(state, start, end, reach)
        stop, unclosed = _element_end(state.src, tag, state.eMarks[last_line])
        if not unclosed or whole:
            return stop, unclosed
        reach *= 2


def _last_line(state: StateBlock, start: int, end: int, reach: int) -> tuple[int, bool]:
    """The last line the block may take within `reach` lines, and whether it is the container's last."""
    line, bound = start + 1, min(end, start + reach)
    if state.parentType == "root":
        return bound - 1, bound == end  # no line is indented less than the page
    while line < bound and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    return line - 1, line < bound or bound == end


def _element_end(src: str, tag: re.Match[str], limit: int) -> tuple[int, list[str]]:
    """Where the element `tag` opens ends: after its matching end tag, or at `limit` if none, with
    the names of the elements then still open."""
    name = tag.group(1)
    if tag.group(3) or name.lower() in WITHOUT_BODY:
        return tag.end(), []
    if name.lower() in RAW_TEXT:
        closing = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(src, tag.end(), limit)
        return (closing.end(), []) if closing else (limit, [name])
    open_names = [name.lower()]
    position = tag.end()
    while open_names:
        special = _SPECIAL.search(src, position, limit)
        if special is None:
            return limit, open_names
        position = special.start()
        if src.startswith("<!--", position):
            comment_end = src.find("-->", position + 4, limit)
            position = comment_end + 3 if comment_end >= 0 else limit
        elif src.startswith("<?", position):
            instruction_end = src.find("?>", position + 2, limit)
            position = instruction_end + 2 if instruction_end >= 0 else limit
        elif (start_tag := START_TAG.match(src, position, limit)) is not None:
            inner = start_tag.group(1).lower()
            if inner in RAW_TEXT:
                position, still_open = _element_end(src, start_tag, limit)
                open_names += still_open
            else:
                position = start_tag.end()
                if not start_tag.group(3) and inner not in WITHOUT_BODY:
                    open_names.append(inner)
        elif (end_tag := END_TAG.match(src, position, limit)) is not None:
            position = end_tag.end()
            if end_tag.group(1).lower() == open_names[-1]:
                open_names.pop()  # one that matches no open element is text, as in kramdown
        else:
            position += 1
    return position, []


def _line_of(state: StateBlock, offset: int, start: int, end: int) -> int:
    """The line (from `start`, before `end`) that holds the character at `offset`."""
    return min(bisect_left(state.eMarks, offset, start, end), end - 1)


def _lines_up_to(state: StateBlock, start: int, last: int, stop: int) -> str:
    """The block's text: its lines before `last`, and `last` up to `stop`."""
    head = state.getLines(start, last, state.blkIndent, True)
    indent = state.tShift[last] if last == start else min(state.tShift[last], state.blkIndent)
    return head + state.src[state.bMarks[last] + indent : stop].rstrip(" \t\n") + "\n"


def _continue_after(state: StateBlock, last: int, stop: int, end: int) -> None:
    """The next block starts on the next line, after text that follows the end tag on its line, which
    kramdown parses as Markdown: a paragraph, which may go on over the lines after it."""
    rest = state.src[stop : state.eMarks[last]]
    state.line = last + 1
    if rest.strip():
        state.bMarks[last] = stop + len(rest) - len(rest.lstrip())
        state.tShift[last] = 0
        state.sCount[last] = state.blkIndent
        paragraph(state, last, end, False)


def _wants_markdown(state: StateBlock, tag: re.Match[str]) -> bool:
    """kramdown's choice: the tag's own `markdown` attribute, else the `parse_block_html` option."""
    asked = MARKDOWN_ATTRIBUTE.search(tag.group(2))
    if asked is not None:
        value = next(group for group in asked.groups() if group is not None)
        return value == "block" or (value == "1" and tag.group(1).lower() in BLOCK_CONTENT)
    return parse_block_html(state.env) and tag.group(1).lower() in BLOCK_CONTENT


def _markdown_inside(state: StateBlock, start: int, last: int, tag: re.Match[str], stop: int) -> bool:
    """The lines between the start tag and the end tag parsed as Markdown blocks, when the start tag
    ends its line and the end tag is alone on its own; False (nothing done) otherwise."""
    src = state.src
    closing_start = src.rfind("<", 0, stop)
    if last <= start or src[tag.end() : state.eMarks[start]].strip() or src[stop : state.eMarks[last]].strip() \
            or src[state.bMarks[last] : closing_start].strip() or END_TAG.fullmatch(src, closing_start, stop) is None:
        return False
    opening = state.push("html_block", "", 0)
    opening.map = [start, start + 1]
    opening.content = src[state.bMarks[start] + state.tShift[start] : tag.start(2)] + \
        MARKDOWN_ATTRIBUTE.sub("", tag.group(2)) + src[tag.end(2) : tag.end()] + "\n"
    saved_limit, state.lineMax = state.lineMax, last  # as markdown-it's blockquote bounds what it holds
    state.md.block.tokenize(state, start + 1, last)
    state.lineMax = saved_limit
    ending = state.push("html_block", "", 0)
    ending.map = [last, last + 1]
    ending.content = src[closing_start:stop] + "\n"
    state.line = last + 1
    return True

