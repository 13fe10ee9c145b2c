"""Which due items a temporary branch may not act on: those whose action the rulebook's hard
temporary_branch.forbidden_actions names; a soft rule (warning only) or another action keeps
the item as it is."""

from __future__ import annotations

from datetime import date

from attrs import evolve

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rules import RulebookVersion, Severity, with_overrides
from branchbook.projections.auditors.due_temporary import RULE, instead

VERSION = builtin_rulebook().in_force(date(2025, 1, 1))


def _with(severity: Severity, actions: list[str]) -> RulebookVersion:
    rule = with_overrides(VERSION[RULE], severity, {"actions": actions})
    return evolve(VERSION, rules={**VERSION.rules, RULE: rule})


def test_a_vote_in_a_temporary_branch_is_a_transfer_instead() -> None:
    step = instead("admission-vote", "B04", "admission vote", VERSION)
    assert step == (
        "transfer to a regular branch for the admission vote: B04 is a temporary branch and "
        "may not admit members"
    )
    assert instead("conversion", "B04", "conversion", VERSION) is not None
    assert instead("talk", "B04", "talk", VERSION) is None  # a branch may hold talks


def test_a_soft_rule_or_an_action_not_forbidden_keeps_the_item() -> None:
    soft = _with(Severity.SOFT, ["admit"])
    assert instead("admission-vote", "B04", "admission vote", soft) is None
    other = _with(Severity.HARD, ["discipline"])
    assert instead("admission-vote", "B04", "admission vote", other) is None
    assert instead("probation-end", "B04", "end", other) is not None
