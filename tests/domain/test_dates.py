"""Calendar arithmetic: months that clamp to the end of shorter months, and completed years."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchbook.domain.dates import add_months, age_on

# Keep results inside date's range: year 1 + 100 years back, year 9999 - 100 years ahead.
DAYS = st.dates(min_value=date(101, 1, 1), max_value=date(9898, 12, 31))
MONTHS = st.integers(min_value=-1200, max_value=1200)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2000, 1, 31), 1, date(2000, 2, 29)),
        (date(1900, 1, 31), 1, date(1900, 2, 28)),
        (date(2021, 12, 31), 2, date(2022, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2021, 3, 31), 1, date(2021, 4, 30)),
        (date(2021, 5, 15), 1, date(2021, 6, 15)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 1, 31), 12, date(2022, 1, 31)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
        (date(2020, 2, 29), 48, date(2024, 2, 29)),
        (date(2021, 6, 30), 0, date(2021, 6, 30)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2021, 3, 31), -1, date(2021, 2, 28)),
        (date(2020, 3, 31), -1, date(2020, 2, 29)),
        (date(2021, 1, 15), -1, date(2020, 12, 15)),
        (date(2021, 1, 31), -2, date(2020, 11, 30)),
        (date(2021, 5, 31), -13, date(2020, 4, 30)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
    ],
)
def test_subtracting_months_crosses_years_and_clamps_the_same_way(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_adding_months_is_not_undone_by_subtracting_them_after_a_clamp() -> None:
    there = add_months(date(2021, 1, 31), 1)

    assert there == date(2021, 2, 28)
    assert add_months(there, -1) == date(2021, 1, 28)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 16), 18),
        (date(2000, 12, 31), date(2018, 12, 31), 18),
        (date(2000, 12, 31), date(2019, 1, 1), 18),
        (date(2001, 1, 1), date(2018, 12, 31), 17),
        (date(2004, 2, 29), date(2022, 2, 28), 17),
        (date(2004, 2, 29), date(2022, 3, 1), 18),
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
        (date(2000, 6, 15), date(2000, 6, 15), 0),
        (date(2000, 6, 15), date(2001, 6, 14), 0),
    ],
)
def test_age_counts_completed_years_up_to_the_birthday_itself(
    birth: date, on: date, age: int
) -> None:
    assert age_on(birth, on) == age


@given(DAYS, MONTHS)
def test_adding_months_lands_in_the_month_counted_on_with_the_day_clamped(
    start: date, months: int
) -> None:
    result = add_months(start, months)

    index = start.year * 12 + start.month - 1 + months
    assert result.year * 12 + result.month - 1 == index
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)


def last_day(index: int) -> int:
    """The number of days in the month with this index (year * 12 + month - 1)."""
    year, month0 = divmod(index, 12)
    return calendar.monthrange(year, month0 + 1)[1]


@given(DAYS, st.integers(-600, 600), st.integers(-600, 600))
def test_adding_months_twice_lands_in_the_month_of_the_sum_clamped_by_every_month_passed(
    start: date, m: int, n: int
) -> None:
    first = start.year * 12 + start.month - 1 + m

    twice = add_months(add_months(start, m), n)

    assert twice.year * 12 + twice.month - 1 == first + n
    assert twice.day == min(start.day, last_day(first), last_day(first + n))
    assert (twice.year, twice.month) == (
        add_months(start, m + n).year,
        add_months(start, m + n).month,
    )


@given(DAYS, st.integers(min_value=0, max_value=1200))
def test_adding_months_never_moves_backwards_and_subtracting_never_forwards(
    start: date, months: int
) -> None:
    assert add_months(start, months) >= start
    assert add_months(start, -months) <= start


@given(DAYS, st.integers(min_value=0, max_value=100))
def test_age_on_the_day_before_a_birthday_is_one_less_than_on_the_birthday(
    birth: date, years: int
) -> None:
    birthday = add_months(birth, 12 * years)
    if (birthday.month, birthday.day) != (birth.month, birth.day):
        birthday += timedelta(days=1)  # born 29 February: the birthday is 1 March

    assert age_on(birth, birthday) == years
    if years > 0:
        assert age_on(birth, birthday - timedelta(days=1)) == years - 1
