"""Rulebook files within their limits: bytes in UTF-8, a BOM, nesting, size and numbers."""

from __future__ import annotations

import tomllib

import pytest

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rulefile import (
    DEPTH_MAX,
    FILE_MAX_BYTES,
    PARAM_MAX,
    RulebookError,
    load_rulebook,
)

BASE = builtin_rulebook()
TOLERANCE = b'[rules."record.future_date"]\ntolerance_days = '
THRESHOLD = "committee_meeting.pass_threshold"


def problem(data: bytes) -> str:
    with pytest.raises(RulebookError) as err:
        load_rulebook(data, BASE)
    return str(err.value)


def tolerance(data: bytes) -> object:
    return load_rulebook(data, BASE).versions[0]["record.future_date"].params["tolerance_days"]


def test_bytes_with_or_without_a_bom_read_as_the_same_text() -> None:
    assert tolerance(TOLERANCE + b"3\n") == tolerance(b"\xef\xbb\xbf" + TOLERANCE + b"3\n") == 3


def test_bytes_that_are_not_utf8_name_the_line() -> None:
    assert problem(b"\xff\xfe[rules]\n") == "line 1: (file): not UTF-8 text: byte 0xff"
    assert problem(b"# ok\n# \xe9t\xe9\n").startswith("line 2: ")


def test_a_file_of_the_largest_size_is_read_and_a_byte_more_is_not() -> None:
    largest = b"#" * (FILE_MAX_BYTES - 1) + b"\n"
    assert load_rulebook(largest, BASE).versions == BASE.versions
    assert "larger than" in problem(largest + b"\n")


def test_nesting_to_the_limit_is_read_and_one_level_more_or_thousands_are_not() -> None:
    def nested(depth: int) -> bytes:  # the document itself is the first level
        return b"a = " + b"[" * (depth - 1) + b"]" * (depth - 1) + b"\n"

    assert "unknown key" in problem(nested(DEPTH_MAX))  # read, then refused for its key
    assert "nested deeper" in problem(nested(DEPTH_MAX + 1))
    assert "nested deeper" in problem(nested(5_000))


def test_deep_nesting_is_refused_before_the_parser_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Near the interpreter's limit even a caught RecursionError can fail while it unwinds.
    def not_called(_: str) -> dict[str, object]:
        raise AssertionError("the TOML parser was given the nested text")

    monkeypatch.setattr(tomllib, "loads", not_called)
    assert "nested deeper" in problem(b"a = " + b"[" * 5_000 + b"]" * 5_000 + b"\n")
    assert "nested deeper" in problem(b"a = " + b"{b=" * 17 + b"1" + b"}" * 17 + b"\n")


def test_brackets_in_strings_and_comments_do_not_nest() -> None:
    text = (
        b'[rules."record.future_date"] # [[[[[[[[[[[[[[[[[[[[\n'
        b"tolerance_days = 2\n"
        b'[[versions]]\nid = "v[[[[[[[[[[[[[[[[[[[[[["\neffective_from = 2020-01-01\n'
    )
    assert tolerance(text) == 2


# A whole number where any number may be (a fraction) is held to ±PARAM_MAX.
FRACTION = b'[rules."committee_meeting.pass_threshold"]\nfraction_of_present = '


@pytest.mark.parametrize("value", [PARAM_MAX, -PARAM_MAX])
def test_a_whole_number_given_for_a_fraction_up_to_the_limit_is_read(value: int) -> None:
    params = load_rulebook(FRACTION + str(value).encode(), BASE).versions[0][THRESHOLD].params
    assert params["fraction_of_present"] == value


@pytest.mark.parametrize("value", [b"1000001", b"-1000001", b"9223372036854775807"])
def test_a_whole_number_given_for_a_fraction_past_the_limit_is_refused(value: bytes) -> None:
    assert "between" in problem(FRACTION + value)


@pytest.mark.parametrize("value", [b"100000000", b"-1", b"9223372036854775807"])
def test_a_tolerance_of_days_outside_its_bounds_is_refused(value: bytes) -> None:
    assert "from 0 to 36,600 (days)" in problem(TOLERANCE + value)


@pytest.mark.parametrize("digits", [4_301, 100_000])
def test_a_whole_number_longer_than_python_converts_is_refused_with_its_line(digits: int) -> None:
    # tomllib raises a plain ValueError for it, not a TOMLDecodeError.
    text = b"# a comment\n" + TOLERANCE + b"9" * digits + b"\n"
    assert problem(text).startswith("line 3: (file): not valid TOML: a whole number of more than")


def test_a_long_whole_number_written_with_underscores_is_refused_too() -> None:
    assert "not valid TOML" in problem(TOLERANCE + b"1_" * 4_300 + b"1\n")


@pytest.mark.parametrize("value", [b"nan", b"inf", b"-inf"])
def test_a_number_that_is_not_finite_is_refused(value: bytes) -> None:
    text = b'[rules."committee_meeting.pass_threshold"]\nfraction_of_present = ' + value
    assert "finite" in problem(text)


@pytest.mark.parametrize("vid", ["v" * 65, "a b", "v\x00", ""])
def test_a_version_id_is_short_and_without_space_or_control(vid: str) -> None:
    text = f'[[versions]]\nid = "{vid}"\neffective_from = 2020-01-01\n'.replace("\x00", "\\u0000")
    assert "64 characters" in problem(text.encode())
