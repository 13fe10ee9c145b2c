"""Whole-number parameters have bounds by what they measure, and a rulebook file keeps to them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from branchbook.domain.catalogue import builtin_rulebook, builtin_rules, builtin_version
from branchbook.domain.catalogue.profiles import PROFILES
from branchbook.domain.rulefile import RulebookError, load_rulebook
from branchbook.domain.rules import MONTHS, ParamValue, Rule

BASE = builtin_rulebook()
RULES = builtin_rules()
BOUNDED = sorted((rule.id, name) for rule in RULES.values() for name in rule.bounds)


def whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def items(value: ParamValue) -> list[object]:
    """The whole numbers a parameter holds: itself, or the items of its list or table."""
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, list) else [value]


def profile_rules() -> Iterator[Rule]:
    for profile in PROFILES:
        yield from builtin_version(profile).rules.values()


def written(default: ParamValue, value: int) -> str:
    """The value as a rulebook file gives it to a parameter shaped like the default."""
    if isinstance(default, list):
        return f"[{value}]"
    return f"{{ x = {value} }}" if isinstance(default, dict) else str(value)


def failure(text: str) -> RulebookError:
    with pytest.raises(RulebookError) as err:
        load_rulebook(text, BASE)
    return err.value


def test_every_whole_number_parameter_of_every_profile_has_bounds_that_hold_its_default() -> None:
    for rule in profile_rules():
        for name, value in rule.params.items():
            if value is None or not all(whole(item) for item in items(value)):
                continue
            assert name in rule.bounds, f"{rule.id}.{name} has no bounds"
            assert all(item in rule.bounds[name] for item in items(value)), f"{rule.id}.{name}"


def test_bounds_name_only_whole_number_parameters_or_nullable_ones() -> None:
    for rule in RULES.values():
        for name in rule.bounds:
            value = rule.params[name]
            if value is None:
                assert name in rule.nullable, f"{rule.id}.{name}"
            else:
                assert items(value), rule.id
                assert all(whole(item) for item in items(value)), rule.id


@pytest.mark.parametrize(("rule_id", "name"), BOUNDED)
def test_a_parameter_is_read_at_either_end_of_its_bounds(rule_id: str, name: str) -> None:
    rule = RULES[rule_id]
    bounds = rule.bounds[name]
    for value in (bounds.low, bounds.high):
        text = f'[rules."{rule_id}"]\n{name} = {written(rule.params[name], value)}\n'
        loaded = load_rulebook(text, BASE).versions[0][rule_id].params[name]
        assert items(loaded) == [value]


@pytest.mark.parametrize(("rule_id", "name"), BOUNDED)
def test_a_parameter_one_beyond_either_end_of_its_bounds_is_refused_naming_key_and_line(
    rule_id: str, name: str
) -> None:
    rule = RULES[rule_id]
    bounds = rule.bounds[name]
    for value in (bounds.low - 1, bounds.high + 1):
        text = f'# beyond\n[rules."{rule_id}"]\n{name} = {written(rule.params[name], value)}\n'
        err = failure(text)
        assert (err.key, err.line) == (f'rules."{rule_id}".{name}', 3)
        assert str(bounds) in err.problem


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [
        ("applicant.talk_deadline", "months"),
        ("admission.assembly_after_prereview", "within_months"),
        ("branch.term_reminder", "months_before"),
        ("conversion.approval_deadline", "normal_months"),
    ],
)
@pytest.mark.parametrize("value", [1_000_000, -1_000_000])
def test_months_that_would_move_a_date_off_the_calendar_are_refused(
    rule_id: str, name: str, value: int
) -> None:
    err = failure(f'[rules."{rule_id}"]\n{name} = {value}\n')
    assert (err.key, err.line) == (f'rules."{rule_id}".{name}', 2)
    assert str(MONTHS) in err.problem


def test_a_dated_version_is_held_to_the_same_bounds() -> None:
    text = (
        '[[versions]]\nid = "v2"\neffective_from = 2020-01-01\n'
        '[versions.rules."branch.term_reminder"]\nmonths_before = 1201\n'
    )
    err = failure(text)
    assert (err.key, err.line) == ('versions[0].rules."branch.term_reminder".months_before', 5)


@pytest.mark.parametrize("value", ['"x"', "2.5", "true", "[3]"])
def test_a_nullable_whole_number_parameter_once_given_is_a_whole_number(value: str) -> None:
    err = failure(f'[rules."activist.after_application"]\nmin_months = {value}\n')
    assert "a whole number" in err.problem


def test_a_nullable_whole_number_parameter_within_its_bounds_is_read() -> None:
    text = '[rules."activist.after_application"]\nmin_months = 3\n'
    rule = load_rulebook(text, BASE).versions[0]["activist.after_application"]
    assert rule.params["min_months"] == 3


@pytest.mark.parametrize("value", ["3", '["3", 5]', "[3, 5.0]", "[true, 5]", "{ a = 3 }"])
def test_a_list_of_whole_numbers_is_given_as_an_array_of_whole_numbers(value: str) -> None:
    err = failure(f'[rules."branch.term_range"]\nallowed_range = {value}\n')
    assert "an array of one or more whole numbers" in err.problem


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [("branch.term_range", "allowed_range"), ("discipline.probation_term", "terms_months")],
)
def test_an_array_of_whole_numbers_is_never_empty(rule_id: str, name: str) -> None:
    err = failure(f'[rules."{rule_id}"]\n{name} = []\n')
    assert "one or more" in err.problem


@pytest.mark.parametrize(
    ("allowed", "years", "holds"),
    [("[5]", 5, True), ("[5, 3]", 4, True), ("[5]", 3, False), ("[5, 3]", 6, False)],
)
def test_a_term_range_reads_from_its_least_to_its_greatest_year(
    allowed: str, years: int, holds: bool
) -> None:
    text = f'[rules."branch.term_range"]\nallowed_range = {allowed}\n'
    rule = load_rulebook(text, BASE).versions[0]["branch.term_range"]
    facts = {"years": years, "branch": "B01"}
    assert rule.holds(facts) is holds
    assert rule.reason(facts).endswith("3 to 5" if "3" in allowed else "5 to 5")
