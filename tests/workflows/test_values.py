"""What a value may be: each documented limit, just inside accepted and just outside refused."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from branchbook.workflows import values
from branchbook.workflows.values import ValueProblem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1900-01-01", date(1900, 1, 1)),
        ("2099-12-31", date(2099, 12, 31)),
        (" 2024-02-29 ", date(2024, 2, 29)),
    ],
)
def test_a_date_within_the_range_is_accepted(text: str, expected: date) -> None:
    assert values.day(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1899-12-31",  # the day before the first
        "2100-01-01",  # the day after the last
        "9999-12-31",
        "0001-01-01",
        "2023-02-29",  # not a day of the calendar
        "20240301",  # forms date.fromisoformat of Python 3.11 also takes
        "2024-W01-1",
        "2024-061",
        "2024-03-01T00:00",
        "٢٠٢٤-٠٣-٠١",  # digits, but not ASCII ones
        "",
    ],
)
def test_a_date_outside_the_range_or_not_iso_is_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        values.day(text)


def test_a_date_object_is_held_to_the_same_range() -> None:
    assert values.day(date(2099, 12, 31)) == date(2099, 12, 31)
    with pytest.raises(ValueProblem):
        values.day(date(2100, 1, 1))
    with pytest.raises(ValueProblem):
        values.day(datetime(2024, 1, 1, tzinfo=UTC))


def test_the_schema_pattern_of_a_date_states_the_same_range() -> None:
    pattern = re.compile(values.DATE_PATTERN)
    for inside in ("1900-01-01", "2099-12-31", "2024-06-30"):
        assert pattern.fullmatch(inside)
    for outside in ("1899-12-31", "2100-01-01", "9999-12-31", "2024-13-01", "2024-00-10"):
        assert not pattern.fullmatch(outside)


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2024-03-01", False, datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T10:00+08:00", False, datetime(2024, 3, 1, 2, tzinfo=UTC)),
        ("2024-03-01T10:00:05Z", False, datetime(2024, 3, 1, 10, 0, 5, tzinfo=UTC)),
        ("2099-12-31T23:59:59-14:00", False, datetime(2100, 1, 1, 13, 59, 59, tzinfo=UTC)),
        ("1900-01-01", True, datetime(1900, 1, 1, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_a_recording_time_is_a_date_or_date_time_in_any_zone(
    text: str, end: bool, expected: datetime
) -> None:
    assert values.moment(text, end=end) == expected


@pytest.mark.parametrize(
    "text",
    ["9999-12-31T23:59:59-14:00", "2100-01-01", "1899-12-31T23:00+01:00", "2024-W01-1T10:00",
     "20240301T1000", "2024-03-01T25:00", "yesterday"],
)  # fmt: skip
def test_a_recording_time_outside_the_range_or_not_iso_is_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        values.moment(text)


@pytest.mark.parametrize(
    ("raw", "maximum"),
    [(0, 10), (1_000_000, values.COUNT_MAX), ("1000000", values.COUNT_MAX), ("007", 10)],
)
def test_a_whole_number_up_to_its_maximum_is_accepted(raw: object, maximum: int) -> None:
    assert values.whole(raw, maximum) == int(str(raw))


@pytest.mark.parametrize(
    ("raw", "maximum"),
    [
        (1_000_001, values.COUNT_MAX),
        ("1000001", values.COUNT_MAX),
        (10**20, values.COUNT_MAX),
        ("9" * 5000, values.COUNT_MAX),  # int() of this raises ValueError: never reached
        pytest.param(10**5000, values.COUNT_MAX, id="a 5001-digit int"),
        (-1, values.COUNT_MAX),
        (True, values.COUNT_MAX),
        (1.0, values.COUNT_MAX),
        ("１２", values.COUNT_MAX),  # full-width digits
    ],
)
def test_a_whole_number_past_its_maximum_or_not_whole_is_refused(raw: object, maximum: int) -> None:
    with pytest.raises(ValueProblem):
        values.whole(raw, maximum)


@pytest.mark.parametrize(
    "code",
    ["B01", "M0001", "城关镇党委", "B01-2020-10-29-assembly", "S000+S003", "a" * values.CODE_MAX],
)
def test_a_code_the_product_uses_is_accepted(code: str) -> None:
    assert values.code(code) == code


@pytest.mark.parametrize(
    "code",
    [
        "a" * (values.CODE_MAX + 1),
        "B 01",
        "B01,B02",
        "F1=3",
        "B01\t",  # stripped: accepted as B01 below; with a tab inside, refused
        "B\t01",
        "M\x00",
        "M\x7f",
        "M\x851",
        "M\u200b1",  # an invisible character makes two codes look alike
        "M\u202e1",
        "M\u30001",
        "\udcff",  # a surrogate from undecodable argv
        "",
        "   ",
    ],
)
def test_a_code_with_a_separator_space_or_control_is_refused(code: str) -> None:
    if code == "B01\t":
        assert values.code(code) == "B01"
        return
    with pytest.raises(ValueProblem):
        values.code(code)


def test_a_meeting_code_may_be_longer_than_a_branch_code() -> None:
    assert values.code("m" * values.MEETING_CODE_MAX, values.MEETING_CODE_MAX)
    with pytest.raises(ValueProblem):
        values.code("m" * (values.MEETING_CODE_MAX + 1), values.MEETING_CODE_MAX)


@pytest.mark.parametrize(
    ("text", "maximum"),
    [("王" * values.NAME_MAX, values.NAME_MAX), ("x" * values.NOTE_MAX, values.NOTE_MAX),
     ("党员 F1", values.NAME_MAX), ("a = b, c", values.TEXT_MAX)],
)  # fmt: skip
def test_text_up_to_its_length_is_accepted(text: str, maximum: int) -> None:
    assert values.text(text, maximum) == text


@pytest.mark.parametrize(
    ("text", "maximum"),
    [
        ("王" * (values.NAME_MAX + 1), values.NAME_MAX),
        ("x" * (values.NOTE_MAX + 1), values.NOTE_MAX),
        ("x" * (values.TEXT_MAX + 1), values.TEXT_MAX),
        ("a\x00b", values.TEXT_MAX),  # PostgreSQL refuses NUL in text
        ("a\nb", values.TEXT_MAX),
        ("a\tb", values.TEXT_MAX),
        ("a\x1bb", values.TEXT_MAX),
        ("a\x7fb", values.TEXT_MAX),
        ("a\x9bb", values.TEXT_MAX),
        ("a\u2028b", values.TEXT_MAX),
        ("a\u202eb", values.TEXT_MAX),
        ("a\u2066b", values.TEXT_MAX),
        ("a\ud800b", values.TEXT_MAX),
        ("", values.TEXT_MAX),
        (" \u3000 ", values.TEXT_MAX),
    ],
)
def test_text_too_long_or_with_a_control_character_is_refused(text: str, maximum: int) -> None:
    with pytest.raises(ValueProblem):
        values.text(text, maximum)


def test_text_is_normalised_to_nfc_and_stripped() -> None:
    assert values.text(" Jose\u0301 ") == "José"
    assert values.code("Jose\u0301") == "José"


def test_the_schema_patterns_refuse_what_the_checks_refuse() -> None:
    text, code = re.compile(values.TEXT_PATTERN), re.compile(values.CODE_PATTERN)
    assert text.fullmatch("王芳 (李)")
    assert code.fullmatch("城关镇党委")
    for bad in ("a\x00", "a\n", "a\u202e", "   "):
        assert not text.fullmatch(bad)
    for bad in ("a b", "a,b", "a=b", "a\u200b", "a\x00"):
        assert not code.fullmatch(bad)
