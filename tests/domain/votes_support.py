"""Holding an assembly vote for the votes tests: admit and return its evidence, or see a rule
refuse it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pipeline_support import ADMITTED, Book, admit, amended, full_numbers, rejected

from branchbook.domain.decisions import Votes
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.rules import ParamValue, RulebookVersion

QUORUM = "assembly.quorum"
THRESHOLD = "assembly.pass_threshold"


def admission(
    b: Book, member: Member, present: Iterable[str], votes: Votes, on: date = ADMITTED
) -> tuple[Meeting, dict[str, Any]]:
    """Hold the assembly and admit; return the meeting and the evidence it recorded."""
    meeting = b.hold(on, present)
    admit(b, member, on=on, meeting=meeting, votes=votes)
    resolved = meeting.pending_events[-1]
    assert isinstance(resolved, Meeting.Resolved)
    return meeting, resolved.evidence


def refused(
    rule_id: str, b: Book, member: Member, present: Iterable[str], votes: Votes
) -> dict[str, Any]:
    """Hold the assembly and try to admit; the rule must refuse and nothing be written."""
    meeting = b.hold(ADMITTED, present)
    err = rejected(
        rule_id,
        lambda: admit(b, member, meeting=meeting, votes=votes),
        member,
        meeting,
        b.branch,
    )
    return {"facts": err.facts, "reason": err.reason}


def first(count: int) -> list[str]:
    return full_numbers(count)


def version_with(rule_id: str, **params: ParamValue) -> RulebookVersion:
    return amended({rule_id: params})
