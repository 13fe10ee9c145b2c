"""Calendar months as "YYYY-MM" strings: the unit dues are paid in."""

from __future__ import annotations

import re
from datetime import date

from branchbook.domain.dates import add_months

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_month(text: str) -> bool:
    """Whether the text names a month as YYYY-MM."""
    return MONTH.fullmatch(text) is not None


def _index(month: str) -> int:
    if not is_month(month):
        raise ValueError(f"not a month YYYY-MM: {month!r}")
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month(index: int) -> str:
    year, number = divmod(index, 12)
    return f"{year:04d}-{number + 1:02d}"


def month_of(day: date) -> str:
    """The month a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def next_month(month: str) -> str:
    return _month(_index(month) + 1)


def prev_month(month: str) -> str:
    return _month(_index(month) - 1)


def months_between(first: str, last: str) -> int:
    """How many months `last` comes after `first` (negative when before, 0 when the same)."""
    return _index(last) - _index(first)


def span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included; empty when `last` is before `first`."""
    return [_month(i) for i in range(_index(first), _index(last) + 1)]


def whole_months(since: date, on: date) -> int:
    """Completed calendar months from one date to another (0 when `on` is before `since`)."""
    if on < since:
        return 0
    count = (on.year - since.year) * 12 + on.month - since.month
    return count if add_months(since, count) <= on else count - 1
