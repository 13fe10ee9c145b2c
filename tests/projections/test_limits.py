"""What the views hold: a date anywhere in an event, and each value for its column."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from attrs import frozen
from sqlalchemy import BigInteger, Column, Date, DateTime, Integer, String, Text

from branchbook.domain.step import Step
from branchbook.projections.storage.limits import column_fault, event_fault, one_line


@frozen
class Entry:
    """Something an event may carry inside it."""

    since: date
    note: str = ""


class Event:
    """An event as decoded: its fields in its __dict__."""

    def __init__(self, **fields: Any) -> None:
        vars(self).update(fields)


def step(effective: date) -> Step:
    return Step(effective=effective, actor="tester")


def test_every_date_an_event_carries_within_the_range_passes() -> None:
    event = Event(
        originator_version=1, timestamp=datetime(2024, 5, 1, tzinfo=UTC),
        step=step(date(1900, 1, 1)), birth=date(2199, 12, 31), months=[1, 2],
        entries=[Entry(date(2000, 1, 1))], evidence={"counted": {"on": date(2001, 2, 3)}},
        name="王芳",
    )  # fmt: skip
    assert event_fault(event) is None


@pytest.mark.parametrize(
    ("fields", "fault"),
    [
        ({"birth": date(1, 1, 1)}, "birth 0001-01-01"),
        ({"step": step(date(9999, 12, 31))}, "step.effective 9999-12-31"),
        ({"entries": [Entry(date(2000, 1, 1)), Entry(date(2200, 1, 1))]},
         "entries[1].since 2200-01-01"),
        ({"evidence": {"counted": {"on": date(1899, 12, 31)}}}, "evidence.counted.on 1899-12-31"),
        ({"timestamp": datetime(9999, 1, 1, tzinfo=UTC)}, "timestamp 9999-01-01T00:00:00+00:00"),
    ],
)  # fmt: skip
def test_a_date_outside_the_range_is_named_by_where_it_lies(
    fields: dict[str, Any], fault: str
) -> None:
    found = event_fault(Event(name="x", **fields))
    assert found == f"{fault} is outside the dates the views hold (1900-01-01 to 2199-12-31)"


@pytest.mark.parametrize(
    ("column", "holds", "refused"),
    [
        (Column("n", String(64)), "M" * 64, "M" * 65),
        (Column("n", String(64)), "王" * 64, "王芳\x00"),
        (Column("n", Text), "x" * 100_000, "a\x00b"),
        (Column("n", Integer), 2**31 - 1, 2**31),
        (Column("n", Integer), -(2**31), 10**20),
        (Column("n", BigInteger), 2**63 - 1, 2**63),
        (Column("n", Date), date(1900, 1, 1), date(1899, 12, 31)),
        (Column("n", Date), date(2199, 12, 31), date(9999, 12, 31)),
        (Column("n", DateTime), datetime(2199, 12, 31, 23, 59, tzinfo=UTC),
         datetime(2200, 1, 1, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_each_column_holds_what_fits_and_refuses_what_does_not(
    column: Column[Any], holds: Any, refused: Any
) -> None:
    assert column_fault(column, holds) is None
    assert column_fault(column, None) is None
    fault = column_fault(column, refused)
    assert fault is not None
    assert "\x00" not in fault


def test_a_reason_is_one_printable_line_of_bounded_length() -> None:
    assert one_line("first\nsecond") == "first"
    assert one_line("a\x00b\x1b[31m") == "a\\x00b\\x1b[31m"
    long = one_line("x" * 500)
    assert len(long) == 200
    assert long.endswith("…")
