"""The values of query options and arguments, within the limits the recorded steps obey.

Each callback checks with `workflows.values`, where the numbers live, and a bad value ends the
command with one line on stderr and exit 2, as bad input does everywhere else.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import click

from branchbook.cli.context import Failure
from branchbook.workflows import values

Callback = Callable[[click.Context, click.Parameter, Any], Any]


def bounded(check: Callable[[Any], Any]) -> Callback:
    """An option's callback: its value checked by one of the documented limits; outside it,
    one line and exit 2."""

    def callback(_: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return check(value)
        except values.ValueProblem as exc:
            raise Failure(f"{_label(param)}: {exc}", 2) from None

    return callback


def _label(param: click.Parameter | None) -> str:
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name if param is not None else "value"


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(raw: Any) -> int:
        try:
            number: int | None = values.whole(raw, high)
        except values.ValueProblem:
            number = None
        if number is None or number < low:
            raise values.ValueProblem(
                f"expected a whole number from {low} to {high}, got {values.shown(raw)}"
            )
        return number

    return check


def _seconds(raw: Any) -> float:
    from branchbook.workflows.store.location import WAIT_MAX

    try:
        number = float(raw)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or not 0 <= number <= WAIT_MAX:
        raise values.ValueProblem(
            f"expected seconds from 0 to {WAIT_MAX:g}, got {values.shown(raw)}"
        )
    return number


# A member number, a branch or organisation code; a meeting code; a rule id.
CODE = bounded(values.code)
MEETING_CODE = bounded(lambda raw: values.code(raw, values.MEETING_CODE_MAX))
NAME = bounded(lambda raw: values.text(raw, values.NAME_MAX))
DAY = bounded(values.day)
# The start of a day, or its end, for a date alone: a recording time from or to.
MOMENT_FROM = bounded(lambda raw: values.moment(raw, end=False))
MOMENT_TO = bounded(lambda raw: values.moment(raw, end=True))
YEAR = bounded(_whole(values.FIRST_DAY.year, values.LAST_DAY.year))
WITHIN = bounded(_whole(0, values.WITHIN_MAX))
LIMIT = bounded(_whole(0, values.ROWS_MAX))
WAIT = bounded(_seconds)
