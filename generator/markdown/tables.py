"""Tables as kramdown (Jekyll's Markdown) reads them, GFM's among them.

kramdown takes any run of lines that each hold a `|` (outside code spans, not escaped) as a table,
delimiter row or not, when a blank line (or the start of its container) comes before it and a blank
line (or the end) after it:

- rows before the first separator line (`|---|:--:|`) are the head, and that line gives the columns'
  alignment; a separator line first of all is skipped; each later one starts another body;
- a line of `=` (`|===|`) starts the footer, which takes every row after it;
- cells are split at each `|` but an escaped one (`\\|`, written `|`) or one inside a code span; a row
  short of cells gets empty ones;
- a table with no body row is none (the lines stay a paragraph), and so is one that text follows
  without a blank line, or that follows a paragraph or a heading directly.

This rule takes the place of markdown-it's GFM table, which made tables kramdown does not (after a
paragraph's lines, or taking a paragraph after it as rows) and only with a delimiter row second.
A table may follow an attribute list's line (`{: .class}`), the table's own in kramdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# kramdown's TABLE_LINE: a `|` first, or one after a character that is not a backslash.
TABLE_LINE = re.compile(r"[ \t]*\||[^\n]*?[^\\\n]\|")
SEPARATOR = re.compile(r"[+|: \t-]*-[+|: \t-]*")
FOOTER = re.compile(r"[+|: \t=]*=[+|: \t=]*")
ALIGNMENT = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
# A block attribute list alone on its line, after which a table may start (kramdown's IAL_BLOCK_START).
BLOCK_ATTRIBUTES = re.compile(r" {0,3}\{:(?!:|/)(?:\\\}|[^}])+\}[ \t]*")
_PIECES = re.compile(r"\\\||`+|\|")


@dataclass(frozen=True, slots=True)
class Section:
    tag: str  # thead, tbody or tfoot
    rows: tuple[tuple[str, ...], ...]


def use_kramdown_tables(engine: MarkdownIt) -> MarkdownIt:
    """kramdown's tables in place of GFM's, tried where kramdown tries them: after quotes, lists, HTML
    blocks and headings (`- a | b` is a list item holding a table), before a paragraph."""
    engine.disable("table")
    engine.block.ruler.after("heading", "kramdown_table", kramdown_table, {"alt": ["paragraph"]})
    return engine


def kramdown_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not _table_line(state, start):
        return False
    if silent:
        # Only as the end of a paragraph that is an attribute list alone: kramdown's tables never
        # interrupt a paragraph, and its attribute list belongs to the table after it.
        return _attributes_line(state, start - 1) and (start - 1 == 0 or state.isEmpty(start - 2))
    if not _after_boundary(state, start):
        return False
    line = start
    while line < end and state.sCount[line] >= state.blkIndent and _table_line(state, line):
        line += 1
    if line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent \
            and not _attributes_line(state, line):
        return False  # text right after it: kramdown's paragraph, not a table
    table = read_table([_line_text(state, each) for each in range(start, line)])
    if table is None:
        return False
    _push_table(state, table, start, line)
    state.line = line
    return True


@dataclass(frozen=True, slots=True)
class Table:
    sections: tuple[Section, ...]
    alignment: tuple[str, ...]  # per column: "", "left", "right" or "center"


def read_table(lines: Sequence[str]) -> Table | None:
    """kramdown's table of these lines (each holding a `|`), or None where it makes none."""
    leading_pipe = lines[0].lstrip().startswith("|")
    sections: list[Section] = []
    rows: list[tuple[str, ...]] = []
    alignment: tuple[str, ...] | None = None
    footer = False
    for text in lines:
        if SEPARATOR.fullmatch(text.rstrip()):
            if not rows:
                continue  # a separator first, or one after another, is skipped
            if alignment is None and not footer:
                alignment = tuple(_aligned(*found.groups()) for found in ALIGNMENT.finditer(text))
                sections.append(Section("thead", tuple(rows)))
                rows = []
            elif not footer:
                sections.append(Section("tbody", tuple(rows)))
                rows = []
        elif FOOTER.fullmatch(text.rstrip()):
            if rows:
                sections.append(Section("tbody", tuple(rows)))
                rows = []
            footer = True
        else:
            cells = split_cells(text)
            if cells is None:
                return None  # its only `|` are in code spans or escaped
            if leading_pipe and cells and not cells[0].strip():
                cells = cells[1:]
            if cells and not cells[-1].strip():
                cells = cells[:-1]
            rows.append(tuple(cell.strip() for cell in cells))
    if rows:
        sections.append(Section("tfoot" if footer else "tbody", tuple(rows)))
    if not any(section.tag == "tbody" for section in sections):
        return None
    columns = max(len(row) for section in sections for row in section.rows)
    aligned = (alignment or ())[:columns]
    return Table(tuple(sections), aligned + ("",) * (columns - len(aligned)))


def _aligned(left: str, right: str) -> str:
    return "center" if left and right else "left" if left else "right" if right else ""


def split_cells(text: str) -> list[str] | None:
    """The line's cells, split at each `|` not escaped nor in a code span; None if it has no such `|`.

    A code span runs from a run of backticks to the next run of as many; the run that closes each is
    found by one pass from the end, so a line of many lone backticks is read once."""
    pieces = list(_PIECES.finditer(text))
    closing: dict[int, int] = {}  # a backtick run's index in pieces -> the index of the run closing it
    last_of_length: dict[int, int] = {}
    for index in range(len(pieces) - 1, -1, -1):
        run = pieces[index].group(0)
        if run.startswith("`"):
            if len(run) in last_of_length:
                closing[index] = last_of_length[len(run)]
            last_of_length[len(run)] = index
    cells: list[str] = []
    current: list[str] = []
    position, index = 0, 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.group(0) == "|":
            current.append(text[position : piece.start()])
            cells.append("".join(current))
            current, position = [], piece.end()
        elif piece.group(0) == "\\|":
            current.append(text[position : piece.start()] + "|")
            position = piece.end()
        elif index in closing:
            index = closing[index]  # the pipes of a code span are its text
        index += 1
    if not cells:
        return None
    current.append(text[position:])
    cells.append("".join(current))
    return cells


def _push_table(state: StateBlock, table: Table, start: int, end: int) -> None:
    state.push("table_open", "table", 1).map = [start, end]
    for section in table.sections:
        state.push(f"{section.tag}_open", section.tag, 1)
        cell_tag = "th" if section.tag == "thead" else "td"
        for row in section.rows:
            state.push("tr_open", "tr", 1)
            for column, align in enumerate(table.alignment):
                opening = state.push(f"{cell_tag}_open", cell_tag, 1)
                if align:
                    opening.attrSet("style", f"text-align:{align}")
                inline = state.push("inline", "", 0)
                inline.content = row[column] if column < len(row) else ""
                inline.children = []
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section.tag}_close", section.tag, -1)
    state.push("table_close", "table", -1)


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _table_line(state: StateBlock, line: int) -> bool:
    return state.sCount[line] - state.blkIndent < 4 and \
        TABLE_LINE.match(state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]) is not None


def _attributes_line(state: StateBlock, line: int) -> bool:
    return line >= 0 and BLOCK_ATTRIBUTES.fullmatch(state.src, state.bMarks[line], state.eMarks[line]) is not None


def _after_boundary(state: StateBlock, start: int) -> bool:
    """Whether a blank line, the start of the text or of its container, or an attribute list comes
    right before `start`, as kramdown asks of a table."""
    if start == 0 or state.isEmpty(start - 1) or _attributes_line(state, start - 1):
        return True
    return bool(state.tokens) and state.tokens[-1].nesting == 1  # the first line of a list item or quote
