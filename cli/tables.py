"""How a table is laid out on a screen of a given width without cutting a value.

A column is either an atom column, whose values (dates, codes, member numbers, statuses, rule
ids, positions, numbers) are never cut or folded, or a text column, whose values (names, notes,
sources, messages, parameters) wrap at spaces onto more lines; a word of a text column that reads
as an atom is kept whole too. A caller may name the columns of each kind; the others are judged by
their values. The table is drawn framed when it fits the width, framed without its outer edge
when only that fits, as plain columns two spaces apart when only that fits, and otherwise as a
block of `column: value` lines for each row.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

# A value that reads as one atom: no space, nothing two cells wide, not longer than this.
_ATOM = re.compile(r"\S{1,40}")
# A text column is never drawn narrower than this (or than its widest value, if narrower).
_TEXT_FLOOR = 12


@dataclass(frozen=True)
class Layout:
    """How to draw a table: 'framed', 'compact' (no outer edge) or 'plain' (columns two
    spaces apart, a line under the header) at these column widths, or 'blocks'."""

    style: str
    widths: tuple[int, ...] = ()


def cells(text: str) -> int:
    """The cells a text takes on a terminal: CJK characters take two."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def is_atom(text: str) -> bool:
    """Whether a value reads as one atom: a date, code, number, status or rule id."""
    return _ATOM.fullmatch(text) is not None and cells(text) == len(text)


def _longest_atom(text: str) -> int:
    return max((len(w) for w in text.split() if is_atom(w)), default=0)


def _longest_word(text: str) -> int:
    return max((cells(w) for w in text.split()), default=0)


def atom_columns(
    columns: Sequence[str],
    body: Sequence[Sequence[str]],
    atoms: Collection[str] = (),
    wrap: Collection[str] = (),
) -> list[bool]:
    """Which columns are atom columns: those named in atoms, none named in wrap, and else
    those whose every value reads as an atom."""
    kinds = []
    for n, column in enumerate(columns):
        if column in atoms or column in wrap:
            kinds.append(column in atoms)
        else:
            kinds.append(all(is_atom(row[n]) for row in body if row[n]))
    return kinds


def layout(
    header: Sequence[str], body: Sequence[Sequence[str]], kinds: Sequence[bool], width: int
) -> Layout:
    """The layout that shows every value whole in `width` cells, framed if it can be."""
    widest, values_widest, narrowest = [], [], []
    for n, (title, atom) in enumerate(zip(header, kinds, strict=True)):
        values = [cells(row[n]) for row in body]
        most = max([cells(title), *values])
        if atom:
            least = max([_longest_word(title), *values])
        else:
            least = max(
                [_longest_word(title), min(most, _TEXT_FLOOR)]
                + [_longest_atom(row[n]) for row in body]
            )
        widest.append(most)
        values_widest.append(max([least, *values]))
        narrowest.append(least)
    n = len(header)
    for style, frame in (("framed", 3 * n + 1), ("compact", 3 * n - 3), ("plain", 2 * n - 2)):
        room = width - frame
        if sum(widest) <= room:
            return Layout(style, tuple(widest))
        if sum(narrowest) <= room:
            # The room goes to the values first, then to headers that would fit on one line.
            widths = _share(narrowest, values_widest, room)
            return Layout(style, tuple(_share(widths, widest, room)))
    return Layout("blocks")


def _share(narrowest: list[int], widest: list[int], room: int) -> list[int]:
    """Column widths from the narrowest, the room left given a cell at a time to the column
    furthest from its widest value."""
    widths = list(narrowest)
    for _ in range(room - sum(widths)):
        short = [w - c for w, c in zip(widest, widths, strict=True)]
        n = max(range(len(short)), key=short.__getitem__)
        if short[n] <= 0:
            break
        widths[n] += 1
    return widths


def drawn(
    console: Any,
    title: str,
    header: Sequence[str],
    body: Sequence[Sequence[str]],
    kinds: Sequence[bool],
) -> list[Any]:
    """What shows the table on the console, its title and every value as plain text, nothing
    cut: the title, then the grid or the rows' blocks, each to print in turn."""
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(title, style="table.title", overflow="fold")] if title else []
    plan = layout(header, body, kinds, console.width)
    if plan.style == "blocks":
        lines = []
        for lead, said in _blocks(header, body):
            room = max(console.width - len(lead) - 4, 10)
            for n, part in enumerate(Text(said).wrap(console, room, overflow="fold")):
                lines.append(lead + ("    " if n else "") + part.plain.rstrip())
        return [*parts, Text("\n".join(lines), no_wrap=True, overflow="ignore")]
    if plan.style == "framed":
        grid = Table(show_header=any(header))
    elif plan.style == "compact":
        grid = Table(show_header=any(header), show_edge=False, pad_edge=False)
    else:
        from rich.box import SIMPLE_HEAD

        grid = Table(
            show_header=any(header),
            box=SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1, 0, 0),
        )
    for column, width in zip(header, plan.widths, strict=True):
        grid.add_column(Text(column), width=width, overflow="fold")
    for row in body:
        grid.add_row(*(Text(v) for v in row))
    return [*parts, grid]


def _blocks(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Each row as lines of `column: value` (with its indent), the first flush left and the
    rest indented under it; a value without a column name stands alone, an empty value is left
    out. A table without column names is a list of keys and values: `key: value`, a row a
    line."""
    if not any(header):
        return [("", ": ".join(v for v in row if v)) for row in body]
    lines: list[tuple[str, str]] = []
    for row in body:
        for n, (column, value) in enumerate(zip(header, row, strict=True)):
            if n and not value:
                continue
            said = f"{column}: {value or '—'}" if column else value or "—"
            lines.append(("" if n == 0 else "  ", said))
    return lines
