"""Text from the record made inert for the terminal, for JSON readers and for spreadsheets."""

from __future__ import annotations

import json
import re
from typing import Any

import click

from branchbook.domain.inert import shown

# Every output path passes text from the record through here (domain/inert.py says what is
# shown as an escape, and how). --json gives the exact text.

# The same, less the C0 controls, which json.dumps escapes itself (a raw one in its output
# is the indentation's own line break).
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

# A spreadsheet takes a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def say(line: str = "", *, err: bool = False) -> None:
    """Echo one line that may quote the record, its control characters shown, not sent."""
    click.echo(shown(line), err=err)


def say_lines(lines: list[str]) -> None:
    """Echo many lines as say does each, in one write: a line at a time is slow for many
    thousands."""
    if lines:
        click.echo("\n".join(shown(line) for line in lines))


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """JSON that round-trips the exact text and is inert on a terminal: DEL, C1, bidi
    controls, separators and lone surrogates escaped as \\uXXXX, as C0 always is."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def spreadsheet_cell(text: str) -> str:
    """A text cell for CSV: shown as on a terminal, and with a leading single quote when
    it starts like a formula, so no spreadsheet program evaluates it."""
    cell = shown(text)
    return "'" + cell if text.startswith(FORMULA_STARTS) else cell
