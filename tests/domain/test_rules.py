"""The rule model: judging a step, severities, versions in force and their fingerprints."""

from __future__ import annotations

from datetime import date

import pytest

from branchbook.domain.rules import (
    Citation,
    Judge,
    Rule,
    Rulebook,
    RulebookVersion,
    RuleViolation,
    RuleWarning,
    Severity,
    with_overrides,
)


def at_least(severity: Severity, rule_id: str = "test.at_least") -> Rule:
    """A rule that holds when the fact `count` reaches the parameter `min`."""
    return Rule(
        id=rule_id,
        title="The count reaches the minimum",
        severity=severity,
        citations=(Citation("S000", "art. 11"),),
        params={"min": 5},
        test=lambda f, p: f["count"] >= p["min"],
        explain=lambda f, p: f"{f['count']} counted; at least {p['min']} required",
    )


def version_of(*rules: Rule, vid: str = "V1", since: date = date(2000, 1, 1)) -> RulebookVersion:
    return RulebookVersion(vid, since, {rule.id: rule for rule in rules})


def test_a_failed_hard_rule_raises_a_violation_carrying_the_rule_and_the_facts() -> None:
    rule = at_least(Severity.HARD)
    judge = Judge(version_of(rule))

    with pytest.raises(RuleViolation) as err:
        judge.check(rule.id, count=4, branch="B01")

    assert err.value.rule is rule
    assert err.value.facts == {"count": 4, "branch": "B01"}
    assert judge.warnings == []


def test_a_hard_rule_that_holds_passes_silently() -> None:
    judge = Judge(version_of(at_least(Severity.HARD)))

    judge.check("test.at_least", count=5)

    assert judge.warnings == []


def test_a_failed_soft_rule_is_kept_as_a_warning_and_does_not_raise() -> None:
    rule = at_least(Severity.SOFT)
    judge = Judge(version_of(rule))

    judge.check(rule.id, count=4)
    judge.check(rule.id, count=9)  # holds: adds nothing
    judge.check(rule.id, count=1)

    assert [w.rule for w in judge.warnings] == [rule.id, rule.id]
    assert all(w.citation == rule.citation for w in judge.warnings)
    assert judge.warnings[0].reason == rule.reason({"count": 4})


def test_a_compute_rule_is_never_checked_even_when_its_test_would_fail() -> None:
    judge = Judge(version_of(at_least(Severity.COMPUTE)))

    judge.check("test.at_least", count=0)

    assert judge.warnings == []


def test_a_rule_without_a_test_always_holds() -> None:
    rule = Rule("test.untested", "Nothing to test", Severity.HARD, (Citation("BOOK"),))
    judge = Judge(version_of(rule))

    judge.check(rule.id, anything=1)

    assert rule.holds({})
    assert not rule.checked


def test_overriding_a_soft_rule_to_hard_makes_the_same_facts_a_rejection() -> None:
    soft = at_least(Severity.SOFT)
    hard = with_overrides(soft, Severity.HARD, {})
    Judge(version_of(soft)).check(soft.id, count=4)

    with pytest.raises(RuleViolation) as err:
        Judge(version_of(hard)).check(hard.id, count=4)

    assert err.value.rule.severity is Severity.HARD
    assert err.value.rule.id == soft.id


def test_overriding_a_hard_rule_to_soft_turns_the_rejection_into_a_warning() -> None:
    judge = Judge(version_of(with_overrides(at_least(Severity.HARD), Severity.SOFT, {})))

    judge.check("test.at_least", count=4)

    assert [w.rule for w in judge.warnings] == ["test.at_least"]


def test_overriding_a_parameter_moves_the_threshold_and_keeps_the_others() -> None:
    rule = Rule(
        "test.range",
        "Within the range",
        Severity.HARD,
        (Citation("BOOK"),),
        params={"min": 5, "max": 9},
        test=lambda f, p: p["min"] <= f["count"] <= p["max"],
    )
    lowered = with_overrides(rule, None, {"min": 3})

    Judge(version_of(lowered)).check("test.range", count=4)
    with pytest.raises(RuleViolation):
        Judge(version_of(rule)).check("test.range", count=4)

    assert lowered.params == {"min": 3, "max": 9}
    assert lowered.severity is Severity.HARD
    assert rule.params == {"min": 5, "max": 9}


def test_the_version_in_force_changes_on_its_effective_date_not_the_day_before() -> None:
    first = version_of(at_least(Severity.HARD), vid="V1", since=date(2000, 1, 1))
    second = version_of(at_least(Severity.SOFT), vid="V2", since=date(2019, 1, 1))
    third = version_of(at_least(Severity.COMPUTE), vid="V3", since=date(2021, 7, 1))
    book = Rulebook((first, second, third))

    assert book.in_force(date(2018, 12, 31)) is first
    assert book.in_force(date(2019, 1, 1)) is second
    assert book.in_force(date(2021, 6, 30)) is second
    assert book.in_force(date(2021, 7, 1)) is third
    assert book.in_force(date(2099, 1, 1)) is third


def test_the_first_version_judges_its_own_effective_date() -> None:
    first = version_of(at_least(Severity.HARD), since=date(2000, 1, 1))

    assert Rulebook((first,)).in_force(date(2000, 1, 1)) is first


@pytest.mark.parametrize(
    "dates",
    [
        (date(2019, 1, 1), date(2018, 1, 1)),
        (date(2019, 1, 1), date(2019, 1, 1)),
        (date(2000, 1, 1), date(2020, 1, 1), date(2010, 1, 1)),
    ],
    ids=["decreasing", "duplicate", "out-of-order-later"],
)
def test_a_rulebook_refuses_versions_not_in_strictly_increasing_date_order(
    dates: tuple[date, ...],
) -> None:
    versions = tuple(version_of(vid=f"V{n}", since=d) for n, d in enumerate(dates))

    with pytest.raises(ValueError, match="increasing"):
        Rulebook(versions)


def test_a_rulebook_refuses_to_have_no_versions() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        Rulebook(())


def test_the_fingerprint_is_stable_for_the_same_rules_and_parameters() -> None:
    a = version_of(at_least(Severity.HARD), at_least(Severity.SOFT, "test.other"))
    b = version_of(at_least(Severity.SOFT, "test.other"), at_least(Severity.HARD))

    assert a.fingerprint == b.fingerprint
    assert a.fingerprint.startswith("V1#")


def test_the_fingerprint_changes_when_a_parameter_changes() -> None:
    rule = at_least(Severity.HARD)
    before = version_of(rule)
    after = version_of(with_overrides(rule, None, {"min": 6}))
    back = version_of(with_overrides(rule, None, {"min": 5}))

    assert before.fingerprint != after.fingerprint
    assert before.fingerprint == back.fingerprint


def test_the_fingerprint_changes_when_a_severity_changes() -> None:
    rule = at_least(Severity.HARD)

    assert (
        version_of(rule).fingerprint
        != version_of(with_overrides(rule, Severity.SOFT, {})).fingerprint
    )


def test_an_amended_version_replaces_only_the_rules_it_changes() -> None:
    rule, other = at_least(Severity.HARD), at_least(Severity.SOFT, "test.other")
    base = version_of(rule, other)

    amended = base.amended(
        "V2", date(2020, 1, 1), {rule.id: with_overrides(rule, None, {"min": 1})}
    )

    assert amended[rule.id].params["min"] == 1
    assert amended[other.id] is other
    assert base[rule.id].params["min"] == 5
    assert (amended.id, amended.effective_from) == ("V2", date(2020, 1, 1))


def test_a_violation_reads_as_rule_id_reason_and_citation() -> None:
    rule = at_least(Severity.HARD)

    with pytest.raises(RuleViolation) as err:
        Judge(version_of(rule)).check(rule.id, count=4)

    text = str(err.value)
    assert text.startswith(f"{rule.id} — ")
    assert text.endswith(f"[{rule.citation}]")
    assert "Branch Work Regulations" in rule.citation
    assert "art. 11" in rule.citation
    assert err.value.reason == rule.reason({"count": 4})


def test_a_warning_reads_as_rule_id_reason_and_citation() -> None:
    warning = RuleWarning("test.at_least", "too few", "Party Constitution art. 5")

    assert str(warning) == "test.at_least — too few [Party Constitution art. 5]"


def test_a_whole_number_parameter_refuses_a_boolean() -> None:
    rule = Rule("test.flags", "Flags", Severity.COMPUTE, (Citation("BOOK"),), {"n": 3, "b": True})
    judge = Judge(version_of(rule))

    assert judge.whole("test.flags", "n") == 3
    with pytest.raises(TypeError):
        judge.whole("test.flags", "b")


def test_a_citation_refuses_an_unknown_source_tag() -> None:
    with pytest.raises(ValueError, match="unknown source"):
        Citation("NOPE", "art. 1")
