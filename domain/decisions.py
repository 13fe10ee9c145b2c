"""Decisions taken at meetings: judged against the branch's roll on the meeting date.

Each function checks that the meeting may take the decision and that the counts carry it,
and returns the evidence an auditor needs to recheck it: who should have attended, who was
present, the votes, the thresholds and the rulebook version that judged it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import evolve, field, frozen

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.rules import Judge
from branchbook.domain.voting import needed


class Decision:
    """The decisions this module judges; the value is what events and evidence record."""

    DESIGNATE_ACTIVIST = "designate-activist"
    DESIGNATE_CANDIDATE = "designate-candidate"
    ADMIT = "admit"
    CONVERT = "convert"
    EXTEND = "extend"
    REVOKE = "revoke"
    ELECTION = "election"
    DISCIPLINE = "discipline"
    REVIEW_SANCTION = "review-sanction"  # at the end of an intra-party probation
    URGE = "urge"  # urge to withdraw (劝退)
    REMOVE = "remove"  # removal (除名)
    WITHDRAW = "withdraw"  # voluntary withdrawal announced (退党)
    RECTIFY = "rectify"  # rectification within a deadline (限期改正)


PIPELINE_DECISIONS = frozenset({Decision.ADMIT, Decision.CONVERT, Decision.EXTEND, Decision.REVOKE})
DISCIPLINE_DECISIONS = frozenset({Decision.DISCIPLINE, Decision.REVIEW_SANCTION})
DISPOSAL_DECISIONS = frozenset({Decision.URGE, Decision.REMOVE, Decision.WITHDRAW})
# Decisions the general assembly alone may take (S000 art. 11; PC art. 9, 42).
ASSEMBLY_DECISIONS = PIPELINE_DECISIONS | DISCIPLINE_DECISIONS | DISPOSAL_DECISIONS
# Where COD-5 exclusions always apply: admission, discipline, disposal and elections ([S]).
COD5_DECISIONS = ASSEMBLY_DECISIONS | {Decision.ELECTION}
# Decisions whose votes count written opinions of absent members (DR art. 21, 33).
WRITTEN_OPINION_DECISIONS = frozenset({Decision.ADMIT, Decision.CONVERT})
COLLECT_DUES = "collect_dues"  # not a decision, but what a temporary branch may not do either
# What a temporary branch may not do, by decision (S000 art. 8).
TEMPORARY_ACTION = {
    COLLECT_DUES: COLLECT_DUES,
    **dict.fromkeys(PIPELINE_DECISIONS, "admit"),
    **dict.fromkeys(DISCIPLINE_DECISIONS, "discipline"),
    **dict.fromkeys(DISPOSAL_DECISIONS | {Decision.RECTIFY}, "dispose"),
}


@frozen
class Votes:
    """The count of one vote: ballots cast at the meeting and written opinions lodged before it."""

    yes: int
    no: int = 0
    abstain: int = 0
    written_for: tuple[str, ...] = ()
    written_against: tuple[str, ...] = ()
    ballot: str = "secret"  # secret | show-of-hands
    # When each written opinion was lodged (YYYY-MM-DD or YYYY-MM-DDTHH:MM), where recorded,
    # and when the meeting opened (HH:MM on its date).
    lodged: Mapping[str, str] = field(factory=dict)
    opened: str | None = None

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


def lodged_late(lodged: Mapping[str, str], held: date, opened: str | None) -> dict[str, str]:
    """The written opinions not shown to be lodged before the meeting opened: lodged after its
    day, or on its day without both times (the opinion's and the opening's) to compare."""
    late: dict[str, str] = {}
    for member, when in sorted(lodged.items()):
        day, _, clock = when.partition("T")
        if day < held.isoformat():
            continue
        if day > held.isoformat() or not clock or opened is None or clock >= opened:
            late[member] = when
    return late


def should_attend(judge: Judge, branch: Branch, on: date, *, decision: str) -> list[str]:
    """The should-attend voting members on a date: voters, less COD-5 exclusions where
    the rulebook applies them to this kind of decision; in a temporary branch, its appointed
    leaders too (`temporary_branch.who_counts`)."""
    rule = "should_attend.cod5_exclusions"
    applies = judge.param(rule, "enabled") and (
        decision in COD5_DECISIONS or judge.param(rule, "ordinary_business")
    )
    base = branch.counted_on(on) if applies else branch.voters_on(on)
    office = branch.office_on(on)
    leaders_count = judge.param("temporary_branch.who_counts", "appointed_leaders")
    if branch.kind is BranchKind.TEMPORARY and office is not None and leaders_count:
        # Its leaders take part there with their relation elsewhere (S000 art. 8).
        base = sorted(set(base) | set(office.members))
    return base


def assembly_resolution(
    judge: Judge,
    *,
    meeting: Meeting,
    branch: Branch,
    member: str,
    decision: str,
    votes: Votes,
    on: date,
    failed: bool = False,
) -> dict[str, Any]:
    """Judge a general-assembly resolution about one member; return its evidence. A vote the
    clerk records as `failed` is judged like any other, except that its count must not carry."""
    _check_meeting(judge, meeting, branch, member=member, decision=decision, on=on)
    judge.check(
        "assembly.reserved_powers",
        decision=decision,
        meeting=meeting.code,
        kind=meeting.kind.value,
    )
    forbid_in_temporary(judge, branch, decision)
    if decision == Decision.ADMIT:
        judge.check("admission.secret_ballot", ballot=votes.ballot, meeting=meeting.code)
    base = should_attend(judge, branch, on, decision=decision)
    evidence = _assembly_counts(judge, meeting, base, on)
    _check_written(judge, meeting, base, votes)
    if votes.opened is None and votes.lodged and meeting.opened is not None:
        votes = evolve(votes, opened=meeting.opened)  # said at an earlier vote of the meeting
    present_voting = evidence["present_voting"]
    judge.check(
        "record.ballots_within_present",
        cast=votes.cast,
        present=present_voting,
        meeting=meeting.code,
    )
    counted = judge.param(
        "admission.written_opinions"
        if decision in WRITTEN_OPINION_DECISIONS
        else "assembly.written_opinions",
        "counted",
    )
    late = _late_opinions(judge, meeting, votes, decision)
    written_yes = len([m for m in votes.written_for if m not in late]) if counted else 0
    yes_total = votes.yes + written_yes
    pass_needed = needed(
        judge.version["assembly.pass_threshold"].params,
        evidence["should_attend"],
        fraction="fraction_of_should_attend",
        inclusive=None,
    )
    threshold = {
        "yes": yes_total,
        "should_attend": evidence["should_attend"],
        "written": written_yes,
        "decision": decision,
        "member": member,
    }
    if failed:
        judge.check("assembly.vote_failed", needed=pass_needed, **threshold)
    else:
        judge.check("assembly.pass_threshold", **threshold)
    evidence.update(
        {
            "ballot": votes.ballot,
            "yes": votes.yes,
            "no": votes.no,
            "abstain": votes.abstain,
            "written_for": sorted(votes.written_for),
            "written_against": sorted(votes.written_against),
            "written_counted": bool(counted),
            "yes_total": yes_total,
            "pass_needed": pass_needed,
            "rulebook": judge.version.fingerprint,
        }
    )
    if votes.lodged or votes.opened is not None:
        evidence.update(
            {"written_lodged": dict(sorted(votes.lodged.items())), "opened": votes.opened}
        )
        evidence["written_late"] = sorted(late)
    if failed:
        rule = judge.version["assembly.pass_threshold"]
        evidence.update(
            {"outcome": "failed", "failed_rule": rule.id, "why": rule.reason(threshold)}
        )
    return evidence


def _late_opinions(judge: Judge, meeting: Meeting, votes: Votes, decision: str) -> dict[str, str]:
    """The written opinions of an admission or conversion vote lodged too late to count (kept
    in the evidence; a warning names them)."""
    judge.check(
        "record.meeting_opened",
        meeting=meeting.code,
        opened=meeting.opened,
        given=votes.opened,
    )
    if decision not in WRITTEN_OPINION_DECISIONS or not judge.param(
        "admission.written_opinion_in_time", "before_opening"
    ):
        return {}
    late = lodged_late(votes.lodged, meeting.held, votes.opened)
    judge.check(
        "admission.written_opinion_in_time",
        meeting=meeting.code,
        opened=votes.opened,
        late=late,
    )
    return late


def announcement(
    judge: Judge, *, meeting: Meeting, branch: Branch, member: str, decision: str, on: date
) -> dict[str, Any]:
    """Judge what the general assembly announces without a vote (a withdrawal, PC art. 9)."""
    _check_meeting(judge, meeting, branch, member=member, decision=decision, on=on)
    judge.check(
        "assembly.reserved_powers", decision=decision, meeting=meeting.code, kind=meeting.kind.value
    )
    forbid_in_temporary(judge, branch, decision)
    return {"body": "assembly", "announced": True, "rulebook": judge.version.fingerprint}


def forbid_in_temporary(judge: Judge, branch: Branch, decision: str) -> None:
    """A temporary branch does not take this decision (S000 art. 8)."""
    if branch.kind is BranchKind.TEMPORARY:
        judge.check(
            "temporary_branch.forbidden_actions",
            branch=branch.code,
            decision=decision,
            action=TEMPORARY_ACTION.get(decision, decision),
        )


def branch_decision(
    judge: Judge,
    *,
    meeting: Meeting,
    branch: Branch,
    member: str,
    decision: str,
    on: date,
    votes: Votes | None = None,
) -> dict[str, Any]:
    """Judge a decision of the branch committee (the assembly where there is no committee)."""
    _check_meeting(judge, meeting, branch, member=member, decision=decision, on=on)
    committee = branch.committee_on(on)
    expected = MeetingKind.COMMITTEE if committee is not None else MeetingKind.ASSEMBLY
    judge.check(
        "pipeline.decision_body",
        decision=decision,
        meeting=meeting.code,
        kind=meeting.kind.value,
        expected=expected.value,
        branch=branch.code,
    )
    if committee is None:
        base = should_attend(judge, branch, on, decision=decision)
        evidence = _assembly_counts(judge, meeting, base, on)
        if votes is not None:
            judge.check(
                "record.ballots_within_present",
                cast=votes.cast,
                present=evidence["present_voting"],
                meeting=meeting.code,
            )
            judge.check(
                "assembly.pass_threshold",
                yes=votes.yes,
                should_attend=evidence["should_attend"],
                written=0,
                decision=decision,
                member=member,
            )
    else:
        seats = list(committee.members)
        present = [m for m in seats if m in meeting.present]
        judge.check(
            "committee_meeting.quorum",
            present=len(present),
            committee=len(seats),
            meeting=meeting.code,
        )
        evidence = {
            "body": "committee",
            "committee": seats,
            "committee_present": present,
            "quorum_needed": needed(judge.version["committee_meeting.quorum"].params, len(seats)),
        }
        if votes is not None:
            judge.check(
                "record.ballots_within_present",
                cast=votes.cast,
                present=len(present),
                meeting=meeting.code,
            )
            judge.check(
                "committee_meeting.pass_threshold",
                yes=votes.yes,
                present=len(present),
                meeting=meeting.code,
            )
    if votes is not None:
        evidence.update({"yes": votes.yes, "no": votes.no, "abstain": votes.abstain})
    evidence["rulebook"] = judge.version.fingerprint
    return evidence


def _check_meeting(
    judge: Judge, meeting: Meeting, branch: Branch, *, member: str, decision: str, on: date
) -> None:
    judge.check(
        "record.meeting_branch",
        meeting=meeting.code,
        held_by=meeting.branch,
        branch=branch.code,
        member=member,
    )
    meeting.check_decides(judge, decision=decision, member=member, on=on)


def _assembly_counts(judge: Judge, meeting: Meeting, base: list[str], on: date) -> dict[str, Any]:
    present = [m for m in base if m in meeting.present]
    voters = set(base)
    judge.check(
        "assembly.quorum",
        present=len(present),
        should_attend=len(base),
        meeting=meeting.code,
        # Those present who do not count: not voting members on the branch's roll that day.
        not_voting=tuple(m for m in meeting.present if m not in voters),
    )
    return {
        "body": "assembly",
        "should_attend": len(base),
        "should_attend_members": base,
        "present_voting": len(present),
        "present_voting_members": present,
        "quorum_needed": needed(judge.version["assembly.quorum"].params, len(base)),
        "on": on.isoformat(),
    }


def _check_written(judge: Judge, meeting: Meeting, base: list[str], votes: Votes) -> None:
    written = [*votes.written_for, *votes.written_against]
    improper = sorted(
        {m for m in written if m not in base or m in meeting.present}
        | {m for m in written if written.count(m) > 1}
    )
    judge.check("record.written_opinion_absent", improper=improper, meeting=meeting.code)


def assembly_quorum(
    judge: Judge, *, meeting: Meeting, branch: Branch, decision: str, on: date
) -> dict[str, Any]:
    """Judge that a general assembly deciding without a recorded vote had its quorum; return
    the evidence (should-attend, present, the quorum needed)."""
    base = should_attend(judge, branch, on, decision=decision)
    return _assembly_counts(judge, meeting, base, on)
