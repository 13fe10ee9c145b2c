"""Text from the record made inert for the terminal, for JSON readers and for spreadsheets."""

from __future__ import annotations

import json
import re
from typing import Any

import click

# Names, notes and document references are whatever was recorded, and stores written before the
# input boundary was tightened may hold control characters. Every output path passes such text
# through here. Control characters (C0 with tab and newline, DEL, C1), the bidi controls that
# reorder what a reader sees, line and paragraph separators and lone surrogates are shown as
# Python writes them in a string literal (\n, \t, \x1b, \x9b, \u202e): an auditor sees them
# and the terminal never acts on them. A backslash in the record is shown as itself; --json
# gives the exact text.

# What a terminal obeys, or what reorders or breaks the line a reader sees, rather than shows.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# The same, less the C0 controls, which json.dumps escapes itself (a raw one in its output
# is the indentation's own line break).
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

# A spreadsheet takes a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(value: Any) -> str:
    """The value as text for a terminal: every control character shown as an escape."""
    return _UNSAFE.sub(_escape, value if isinstance(value, str) else str(value))


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
