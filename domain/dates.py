"""Calendar arithmetic on the dates of procedural steps."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def age_on(birth: date, on: date) -> int:
    """Completed years of age on a date; a 29 February birthday counts from 1 March."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
