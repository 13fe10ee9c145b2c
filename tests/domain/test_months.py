"""Months as YYYY-MM: the month of a date, the months around it, spans and whole months."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchbook.domain.months import (
    is_month,
    month_of,
    months_between,
    next_month,
    prev_month,
    span,
    whole_months,
)

MONTHS = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1000, 9000), st.integers(1, 12))


def test_a_date_falls_in_its_month() -> None:
    assert month_of(date(2024, 3, 31)) == "2024-03"
    assert month_of(date(987, 1, 1)) == "0987-01"


def test_the_next_and_previous_months_cross_the_year() -> None:
    assert next_month("2024-12") == "2025-01"
    assert prev_month("2025-01") == "2024-12"
    assert next_month("2024-02") == "2024-03"


def test_a_span_holds_every_month_from_first_to_last() -> None:
    assert span("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert span("2024-05", "2024-05") == ["2024-05"]
    assert span("2024-05", "2024-04") == []


def test_months_between_counts_forward_and_backward() -> None:
    assert months_between("2024-02", "2024-08") == 6
    assert months_between("2023-12", "2024-01") == 1
    assert months_between("2024-08", "2024-02") == -6
    assert months_between("2024-08", "2024-08") == 0


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "24-01", "2024-1", "2024/01", ""])
def test_only_yyyy_mm_names_a_month(text: str) -> None:
    assert not is_month(text)
    with pytest.raises(ValueError, match="not a month"):
        next_month(text)


@pytest.mark.parametrize(
    ("since", "on", "expected"),
    [
        (date(2024, 1, 15), date(2024, 7, 14), 5),
        (date(2024, 1, 15), date(2024, 7, 15), 6),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2024, 3, 1), date(2024, 2, 1), 0),
    ],
)
def test_whole_months_are_completed_calendar_months(since: date, on: date, expected: int) -> None:
    assert whole_months(since, on) == expected


@given(MONTHS, st.integers(0, 60))
def test_a_span_is_as_long_as_the_months_between_plus_one(first: str, extra: int) -> None:
    last = first
    for _ in range(extra):
        last = next_month(last)
    months = span(first, last)
    assert len(months) == months_between(first, last) + 1 == extra + 1
    assert months == sorted(months)
    assert prev_month(next_month(last)) == last
