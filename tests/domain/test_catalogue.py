"""The built-in catalogue: well-formed rules that match the sources' parameter table."""

from __future__ import annotations

import re

import pytest
from catalogue_tables import (
    CHOICE_RULES,
    OPEN_CHOICES,
    PROSE_COMPUTED,
    PROSE_RULES,
    RECORD_RULES,
    S000_SILENT,
    SECTION_9,
)
from rule_observation import RuleObserver, verdict

from branchbook.domain.catalogue import MODULES, builtin_rulebook, builtin_rules
from branchbook.domain.catalogue.profiles import S000_S003
from branchbook.domain.rules import SOURCES, ParamValue, Rule, Severity

RULE_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
CONFIDENCES = {"P", "S", "#?"}


def all_rules() -> list[Rule]:
    return [rule for module in MODULES for rule in module.RULES]


# The rules with the table's defaults: the S000+S003 profile.
RULES = builtin_rulebook(S000_S003).versions[0].rules
S000_RULES = builtin_rules()


def test_s000_alone_leaves_unset_exactly_what_s000_does_not_say() -> None:
    unset = {
        (rule.id, name)
        for rule in S000_RULES.values()
        for name, value in rule.params.items()
        if value is None and RULES[rule.id].params[name] is not None
    }
    assert unset == S000_SILENT
    for rule_id, rule in S000_RULES.items():
        others = {k: v for k, v in rule.params.items() if (rule_id, k) not in S000_SILENT}
        assert others == {k: RULES[rule_id].params[k] for k in others}


def test_every_rule_id_is_defined_once_across_the_modules() -> None:
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids))
    assert len(builtin_rulebook().versions[0].rules) == len(ids)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_id_is_lower_case_and_dotted(rule: Rule) -> None:
    assert RULE_ID.match(rule.id)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_cites_at_least_one_known_source(rule: Rule) -> None:
    assert rule.citations
    for citation in rule.citations:
        assert citation.source in SOURCES
        assert citation.confidence in CONFIDENCES
        assert not citation.article.startswith("Art")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_title_is_one_sentence_without_a_closing_period(rule: Rule) -> None:
    assert rule.title[:1].isupper()
    assert not rule.title.endswith(".")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_only_parameters_declared_nullable_default_to_none(rule: Rule) -> None:
    assert rule.nullable <= set(rule.params)
    assert {name for name, value in rule.params.items() if value is None} == rule.nullable


@pytest.mark.parametrize(("key", "target"), SECTION_9.items())
def test_every_section_9_key_is_a_rule_parameter_with_its_default(
    key: str, target: tuple[str, str, ParamValue]
) -> None:
    rule_id, param, default = target
    assert rule_id in RULES, f"{key}: no rule {rule_id}"
    value = RULES[rule_id].params[param]
    assert value == default
    assert type(value) is type(default)


def test_each_section_9_key_has_its_own_parameter() -> None:
    targets = [(rule_id, param) for rule_id, param, _ in SECTION_9.values()]
    assert len(targets) == len(set(targets))


def test_every_catalogue_parameter_comes_from_section_9_or_an_open_choice() -> None:
    covered = {(rule_id, param) for rule_id, param, _ in SECTION_9.values()}
    declared = {(rule.id, name) for rule in RULES.values() for name in rule.params}
    assert declared == covered | set(OPEN_CHOICES)
    for (rule_id, param), default in OPEN_CHOICES.items():
        assert RULES[rule_id].params[param] == default


def test_every_rule_but_the_record_rules_carries_a_section_9_key() -> None:
    covering = {rule_id for rule_id, _, _ in SECTION_9.values()}
    assert set(RULES) - covering == RECORD_RULES | PROSE_RULES | CHOICE_RULES | PROSE_COMPUTED


@pytest.mark.parametrize(
    ("rule_id", "severity"),
    [
        ("assembly.quorum", Severity.HARD),
        ("branch.max_members", Severity.SOFT),
        ("party_age.start", Severity.COMPUTE),
        ("branch.committee_size", Severity.HARD),
        ("branch.committee_size_typical", Severity.SOFT),
        ("approval.deadline", Severity.SOFT),
        ("approval.deadline_special", Severity.HARD),
        ("temporary_branch.forbidden_actions", Severity.HARD),
        ("lapse.self_withdrawal", Severity.SOFT),
        ("dues.rates", Severity.COMPUTE),
        ("election.quorum", Severity.HARD),
        ("election.candidate_surplus", Severity.HARD),
        ("branch.founding_members", Severity.HARD),
        ("branch.joint", Severity.SOFT),
        ("branch.founding_approval", Severity.SOFT),
        ("branch.committee_required", Severity.HARD),
        ("branch.secretary_only_deputy", Severity.HARD),
        ("branch.term_change", Severity.HARD),
        ("branch.secretary_party_age", Severity.SOFT),
        ("branch.vacancy_fill", Severity.SOFT),
    ],
)
def test_severity_follows_the_section_9_column(rule_id: str, severity: Severity) -> None:
    assert RULES[rule_id].severity is severity


CHECKED_NOW = (
    RECORD_RULES
    | PROSE_RULES
    | {
        "applicant.min_age",
        "applicant.talk_deadline",
        "activist.after_application",
        "activist.contacts",
        "activist.assessment_interval",
        "activist.min_cultivation",
        "candidate.introducers",
        "candidate.training",
        "candidate.political_review",
        "admission.assembly_after_prereview",
        "admission.secret_ballot",
        "admission.vote_individually",
        "approval.deadline",
        "approval.deadline_special",
        "approval.approver",
        "probation.early_conversion",
        "probation.extension",
        "conversion.approval_deadline",
        "assembly.quorum",
        "assembly.pass_threshold",
        "committee_meeting.quorum",
        "committee_meeting.pass_threshold",
        "election.quorum",
        "election.majority",
        "election.candidate_surplus",
        "election.ballot_validity",
        "branch.founding_members",
        "branch.max_members",
        "branch.joint",
        "branch.founding_approval",
        "branch.committee_required",
        "branch.committee_size",
        "branch.committee_size_typical",
        "branch.secretary_only_deputy",
        "branch.term_range",
        "branch.term_change",
        "branch.secretary_party_age",
        "branch.vacancy_fill",
        "temporary_branch.forbidden_actions",
        "probation.transferred_in_postpone",
        "discipline.probation_term",
        "discipline.removal_from_post_bar",
        "discipline.post_restoration_bar",
        "discipline.expulsion_rejoin_bar",
        "disposal.rectification_term",
        "disposal.rectification_term_typical",
        "disposal.rejoin_bar",
        "lapse.self_withdrawal",
        "lost_contact.suspension",
        "lost_contact.removal",
        "disappeared_after_violation.removal",
        "transfer.required",
        "dues.payment_period",
        "dues.backpay",
        "democratic_evaluation.excellent_cap",
        "eval003.item_max",
        "eval003.year_begun",
        "eval003.branch_in_year",
        "points002.component_range",
        "points002.year_begun",
        "points002.party_member",
    }
)


def test_exactly_the_rules_of_the_recorded_steps_are_checked() -> None:
    checked = {r.id for r in all_rules() if r.checked}
    assert checked == CHECKED_NOW
    assert all((r.explain is None) == (r.test is None) for r in all_rules())


# The checked rules judged by no step but as findings of a date (`member show`, the due list).
FOUND_ON_A_DATE = frozenset({"dues.payment_period", "transfer.required"})


@pytest.mark.after_the_whole_suite
def test_every_checked_rule_is_judged_by_a_step_both_held_and_broken(
    rule_observer: RuleObserver,
) -> None:
    # Runs last, after every other test of the suite has judged its steps and findings.
    unseen = verdict(CHECKED_NOW - FOUND_ON_A_DATE, rule_observer.seen) + verdict(
        FOUND_ON_A_DATE, rule_observer.found
    )
    assert unseen == [], "\n".join(unseen)
    # And `branchbook rules` marks as checked every rule of the catalogue a step judges.
    judged = set(rule_observer.seen) | set(rule_observer.found)
    assert sorted(judged & set(S000_RULES) - CHECKED_NOW) == []
