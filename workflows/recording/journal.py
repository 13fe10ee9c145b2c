"""Reading a JSON Lines journal: each line on its own, within documented limits.

A journal is read as bytes, one line at a time, so that no line can stop the ones after it:
a line that is not UTF-8, too long, nested too deeply, holds an over-long number, NaN or a key
twice, or is not a JSON object becomes an invalid item, and the next line is read as usual.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from attrs import frozen

from branchbook.workflows.values import shown

LINE_MAX_BYTES = 1024 * 1024  # 1 MiB, the newline not counted
DEPTH_MAX = 32  # objects and arrays within one another
NUMBER_MAX_CHARS = 20  # the characters of one JSON number, sign and exponent included
BOM = b"\xef\xbb\xbf"
# Blank lines are skipped: they hold only the whitespace JSON allows between values.
JSON_SPACE = b" \t\r\n"
# A bracket, or a JSON string (whose brackets are not nesting). An unterminated string runs to
# the end of the line, so the scan never starts again inside one: it takes linear time.
_TOKEN = re.compile(r'[\[\]{}]|"[^"\\]*(?:\\.[^"\\]*)*"?')


@frozen
class Item:
    """One command to record: its journal line number and raw input, or why it could not be read."""

    line: int | None
    raw: Mapping[str, Any] | None
    error: str | None = None


class LineProblem(ValueError):
    """Raised when one journal line cannot be read as a command; says why in a few words."""


def read_journal(stream: IO[bytes]) -> Iterator[Item]:
    """The items of a journal file read as bytes, a line at a time; a BOM at the start is
    skipped, and a line longer than LINE_MAX_BYTES is reported without being held whole."""
    number = 0
    while True:
        data = stream.readline(LINE_MAX_BYTES + 2)
        if not data:
            return
        number += 1
        if number == 1 and data.startswith(BOM):
            data = data[len(BOM) :]
        if len(data.rstrip(b"\r\n")) > LINE_MAX_BYTES:
            _skip_rest(stream, data)
            yield Item(number, None, f"line longer than {LINE_MAX_BYTES:,} bytes")
            continue
        item = read_line(number, data)
        if item is not None:
            yield item


def parse_journal(lines: Iterable[str | bytes]) -> Iterator[Item]:
    """Journal lines as items; blank lines are skipped, unreadable ones become invalid items."""
    for number, text in enumerate(lines, start=1):
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        if number == 1 and data.startswith(BOM):
            data = data[len(BOM) :]
        item = read_line(number, data)
        if item is not None:
            yield item


def read_line(number: int, data: bytes) -> Item | None:
    """One line as an item (None for a blank line); never raises."""
    if not data.strip(JSON_SPACE):
        return None
    try:
        return Item(number, parse_line(data))
    except LineProblem as exc:
        return Item(number, None, str(exc))


def parse_line(data: bytes) -> dict[str, Any]:
    """The JSON object one line holds, or LineProblem saying why not."""
    if len(data.rstrip(b"\r\n")) > LINE_MAX_BYTES:
        raise LineProblem(f"line longer than {LINE_MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = f"byte 0x{data[exc.start]:02x} at column {exc.start + 1}"
        raise LineProblem(f"not UTF-8: {byte}") from None
    _check_depth(text)
    try:
        raw = json.loads(
            text,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise LineProblem(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:  # the depth check comes first; this is a last guard
        raise LineProblem(f"nested deeper than {DEPTH_MAX} levels") from None
    if not isinstance(raw, dict):
        raise LineProblem("a journal line must be a JSON object")
    if not isinstance(raw.get("command", ""), str):
        raise LineProblem("'command' must be the name of a command, as text")
    return raw


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than DEPTH_MAX before the parser recurses into it."""
    if text.count("[") + text.count("{") <= DEPTH_MAX:
        return
    depth = 0
    for token in _TOKEN.finditer(text):
        opening = token[0]
        if opening in "[{":
            depth += 1
            if depth > DEPTH_MAX:
                raise LineProblem(f"nested deeper than {DEPTH_MAX} levels")
        elif opening in "]}":
            depth -= 1
            if depth < 0:
                return  # not JSON: the parser says where


def _integer(text: str) -> int:
    _check_number(text)
    return int(text)


def _float(text: str) -> float:
    _check_number(text)
    value = float(text)
    if not math.isfinite(value):
        raise LineProblem(f"the number {text} is too large")
    return value


def _check_number(text: str) -> None:
    if len(text) > NUMBER_MAX_CHARS:
        raise LineProblem(f"a number longer than {NUMBER_MAX_CHARS} characters")


def _constant(name: str) -> float:
    raise LineProblem(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise LineProblem(f"the key {shown(key)} is given twice")
        out[key] = value
    return out


def _skip_rest(stream: IO[bytes], data: bytes) -> None:
    """Read past the rest of an over-long line, a bounded piece at a time."""
    while not data.endswith(b"\n"):
        data = stream.readline(LINE_MAX_BYTES)
        if not data:
            return
