"""The threshold arithmetic of meetings: exact fractions of a count, strictly or inclusively."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.voting import exact, least_above, needed, threshold_text, wording

BUILTIN = builtin_rulebook().versions[0]


@pytest.mark.parametrize(
    ("base", "strict", "inclusive"),
    [
        (0, 1, 0),
        (1, 1, 1),
        (2, 2, 1),
        (3, 2, 2),
        (4, 3, 2),
        (5, 3, 3),
        (8, 5, 4),
        (9, 5, 5),
        (10, 6, 5),
        (11, 6, 6),
        (100, 51, 50),
    ],
)
def test_half_of_a_count_strictly_and_inclusively(base: int, strict: int, inclusive: int) -> None:
    assert least_above(0.5, base, inclusive=False) == strict
    assert least_above(0.5, base, inclusive=True) == inclusive


@pytest.mark.parametrize(
    ("fraction", "base", "strict", "inclusive"),
    [
        (0.8, 10, 9, 8),
        (0.8, 9, 8, 8),
        (0.8, 5, 5, 4),
        (0.2, 3, 1, 1),
        (0.2, 5, 2, 1),
        (2 / 3, 3, 3, 2),
        (2 / 3, 6, 5, 4),
        (2 / 3, 7, 5, 5),
        (1 / 3, 3, 2, 1),
        (0.667, 3, 3, 3),
        (1.0, 4, 5, 4),
        (0.0, 4, 1, 0),
    ],
)
def test_other_fractions_are_exact_too(
    fraction: float, base: int, strict: int, inclusive: int
) -> None:
    assert least_above(fraction, base, inclusive=False) == strict
    assert least_above(fraction, base, inclusive=True) == inclusive


def test_a_recurring_decimal_stands_for_its_simple_fraction_and_a_short_one_for_itself() -> None:
    assert exact(2 / 3) == Fraction(2, 3)
    assert exact(1 / 3) == Fraction(1, 3)
    assert exact(0.667) == Fraction(667, 1000)
    assert exact(0.5) == Fraction(1, 2)
    assert exact(0.8) == Fraction(4, 5)


# Fractions a rulebook writes in decimals of up to four places, and their exact value.
decimals = st.integers(min_value=0, max_value=10_000).map(
    lambda k: (k / 10_000, Fraction(k, 10_000))
)
thirds = st.sampled_from([(k / d, Fraction(k, d)) for d in (3, 6, 7, 9) for k in range(d + 1)])


@given(st.one_of(decimals, thirds), st.integers(min_value=0, max_value=500))
def test_the_strict_count_is_the_least_count_above_the_share(
    fraction: tuple[float, Fraction], base: int
) -> None:
    written, value = fraction
    share = value * base

    count = least_above(written, base, inclusive=False)

    assert count > share
    assert count - 1 <= share


@given(st.one_of(decimals, thirds), st.integers(min_value=0, max_value=500))
def test_the_inclusive_count_is_the_least_count_reaching_the_share(
    fraction: tuple[float, Fraction], base: int
) -> None:
    written, value = fraction
    share = value * base

    count = least_above(written, base, inclusive=True)

    assert count >= share
    assert count == 0 or count - 1 < share


@given(st.one_of(decimals, thirds), st.integers(min_value=0, max_value=500))
def test_the_two_readings_differ_only_when_the_share_is_a_whole_number(
    fraction: tuple[float, Fraction], base: int
) -> None:
    written, value = fraction
    strict = least_above(written, base, inclusive=False)
    inclusive = least_above(written, base, inclusive=True)

    share = value * base
    assert strict - inclusive == (1 if share.denominator == 1 else 0)


@pytest.mark.parametrize(
    ("fraction", "inclusive", "text"),
    [
        (0.5, False, "more than half"),
        (0.5, True, "at least half"),
        (0.8, False, "more than 4/5"),
        (0.8, True, "at least 4/5"),
        (2 / 3, False, "more than 2/3"),
        (0.2, True, "at least 1/5"),
    ],
)
def test_a_threshold_reads_as_a_person_would_say_it(
    fraction: float, inclusive: bool, text: str
) -> None:
    assert wording(fraction, inclusive=inclusive) == text


def test_the_quorum_parameters_of_the_rulebook_give_the_count_and_the_words() -> None:
    params = BUILTIN["assembly.quorum"].params

    assert needed(params, 9) == 5
    assert needed(params, 10) == 6
    assert threshold_text(params) == "more than half"
    inclusive = {**params, "inclusive_half": True}
    assert needed(inclusive, 10) == 5
    assert threshold_text(inclusive) == "at least half"


def test_a_threshold_without_an_inclusive_parameter_is_strict() -> None:
    params = BUILTIN["assembly.pass_threshold"].params

    assert needed(params, 10, fraction="fraction_of_should_attend", inclusive=None) == 6
    assert (
        threshold_text(params, fraction="fraction_of_should_attend", inclusive=None)
        == "more than half"
    )
    committee = BUILTIN["committee_meeting.pass_threshold"].params
    assert needed(committee, 3, fraction="fraction_of_present", inclusive=None) == 2
