"""The kinds of value a command's field takes that need no field to read: their patterns,
their parsers, and the JSON Schema of each kind whose limits are its own."""

from __future__ import annotations

import re
from typing import Any

from branchbook.workflows import values

# Yuan with at most two decimals, below ten million: its fen fit the views' 32-bit columns.
MONEY_PATTERN = r"^[0-9]{1,7}(\.[0-9]{1,2})?$"
MONTHS_PATTERN = rf"^{values.MONTH_PATTERN}(:{values.MONTH_PATTERN})?$"
# A time of day on a meeting's date, and a moment an opinion was lodged: a date, or a date
# with its time of day (the meeting's local time, as the minutes give it).
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
LODGED_PATTERN = values.DATE_PATTERN[:-1] + r"(T([01][0-9]|2[0-3]):[0-5][0-9])?$"
CLOCK = re.compile(CLOCK_PATTERN)
LODGED = re.compile(LODGED_PATTERN)
MONEY = re.compile(MONEY_PATTERN)
MONTHS = re.compile(MONTHS_PATTERN)


def flag(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise values.ValueProblem(f"expected true or false, got {values.shown(raw)}")
    return raw


def clock(raw: object) -> str:
    """A time of day HH:MM (24-hour)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not CLOCK.fullmatch(text):
        raise values.ValueProblem(f"expected a time of day HH:MM, got {values.shown(raw)}")
    return text


def lodged(raw: object) -> str:
    """When an opinion was lodged: YYYY-MM-DD or YYYY-MM-DDTHH:MM, a day in range."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not LODGED.fullmatch(text):
        raise values.ValueProblem(
            f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {values.shown(raw)}"
        )
    values.day(text[:10])
    return text


def money(raw: object) -> int:
    """An amount in yuan with at most two decimals (12.5, "0.20"), as whole fen."""
    text = str(raw).strip() if isinstance(raw, (str, int, float)) else ""
    if isinstance(raw, bool) or len(text) > 12 or not MONEY.fullmatch(text):
        raise values.ValueProblem(f"expected an amount in yuan like 12.50, got {values.shown(raw)}")
    yuan, _, fen = text.partition(".")
    return int(yuan) * 100 + int((fen + "00")[:2])


def months(raw: object) -> tuple[str, str]:
    """A month YYYY-MM or a span YYYY-MM:YYYY-MM, as (first, last), in the years of dates."""
    text = raw.strip() if isinstance(raw, str) else ""
    first, _, last = text.partition(":")
    last = last or first
    if not MONTHS.fullmatch(text) or last < first:
        raise values.ValueProblem(
            "expected YYYY-MM or YYYY-MM:YYYY-MM, the first not after the last, from 1900-01 "
            f"to 2099-12; got {values.shown(raw)}"
        )
    return first, last


# The schema of each kind whose limits do not depend on the field.
SCHEMAS: dict[str, dict[str, Any]] = {
    "date": {
        "type": "string",
        "format": "date",
        "pattern": values.DATE_PATTERN,
        "formatMinimum": values.FIRST_DAY.isoformat(),
        "formatMaximum": values.LAST_DAY.isoformat(),
    },
    "flag": {"type": "boolean"},
    "money": {"type": "string", "pattern": MONEY_PATTERN, "examples": ["12.50"]},
    "months": {"type": "string", "pattern": MONTHS_PATTERN, "examples": ["2024-01:2024-03"]},
    "clock": {"type": "string", "pattern": CLOCK_PATTERN, "examples": ["09:30"]},
}
CODE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": values.CODE_MAX,
    "pattern": values.CODE_PATTERN,
}
