"""The due list never asks a temporary branch for what it may not do (S000 art. 8): a step of
a member there that the branch may not take (an admission or conversion vote, a sanction, a
disposal) is given as what the member needs instead, a transfer to a regular branch, under
the rule that forbids it. Which actions are forbidden is the rulebook's (its params), and only
while the rule is hard: a rulebook that makes it soft lets the branch take the step, warned."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, select

from branchbook.domain.branch import BranchKind
from branchbook.domain.catalogue.branches import TEMPORARY_ACTIONS
from branchbook.domain.decisions import TEMPORARY_ACTION, Decision
from branchbook.domain.rules import Judge, RulebookVersion, Severity
from branchbook.projections.storage.tables import branches

RULE = "temporary_branch.forbidden_actions"

# The decision each kind of due item asks of the member's branch; the rule's action for it is
# the one the decisions name (TEMPORARY_ACTION).
DECISION_OF_KIND: Mapping[str, str] = {
    "admission-vote": Decision.ADMIT,
    "conversion": Decision.CONVERT,
    "probation-end": Decision.REVIEW_SANCTION,
    "rectification": Decision.RECTIFY,
    "lost-contact": Decision.REMOVE,
}


def temporary_branches(conn: Connection) -> frozenset[str]:
    """The codes of the temporary branches."""
    b = branches.c
    query = select(b.code).where(b.kind == BranchKind.TEMPORARY.value)
    return frozenset(conn.execute(query).scalars())


def instead(kind: str, branch: str, step: str, version: RulebookVersion) -> str | None:
    """For a due item of `kind` in a temporary `branch` that the branch may not act on under
    RULE, the step to give instead: the transfer to a regular branch the member needs for
    it. None when the rulebook does not forbid it (the rule soft, only warning, or absent, or
    the action not among its params)."""
    decision = DECISION_OF_KIND.get(kind)
    action = None if decision is None else TEMPORARY_ACTION[decision]
    if RULE not in version.rules or version[RULE].severity is not Severity.HARD:
        return None
    given = Judge(version).param(RULE, "actions")
    forbidden = set(given) if isinstance(given, list | tuple) else set()
    if action is None or action not in forbidden:
        return None
    return (
        f"transfer to a regular branch for the {step}: {branch} is a temporary branch and "
        f"may not {TEMPORARY_ACTIONS.get(action, action)}"
    )
