"""Random admission histories never break the invariants the rules demand.

Hypothesis draws sequences of steps over a small branch of five full members and two people
who may apply: every step of the path from application to full membership, meetings with random
attendance, votes with random counts and written opinions, approvals with random outcomes,
approvers and dates, suspension and restoration of rights, COD-5 exclusion and inclusion, and
the oath. Dates only move forward. Each step is judged by the domain alone; a step the rules
reject must leave every aggregate as it was. After each sequence the whole record is checked
against the rules: who was counted at each vote, the thresholds each decision met, the path
every full member took, the single extension, and the branch roll against each member's own
history.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from admission_steps_support import resolved, run
from admission_world_support import EVERYONE, Op, World, ops, world
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from branchbook.domain.branch import Standing
from branchbook.domain.decisions import Decision
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.member import Member, Status

# The invariants ------------------------------------------------------------------------------


def check_thresholds(meeting: Meeting) -> None:
    """Every decision met the default rulebook's strict majorities."""
    for event in resolved(meeting):
        evidence = event.evidence
        if evidence["body"] == "committee":
            assert set(evidence["committee_present"]) <= set(meeting.present)
            assert 2 * len(evidence["committee_present"]) > len(evidence["committee"])
            if "yes" in evidence:
                assert 2 * evidence["yes"] > len(evidence["committee_present"])
            continue
        assert meeting.kind is MeetingKind.ASSEMBLY
        assert evidence["present_voting"] == len(evidence["present_voting_members"])
        assert evidence["should_attend"] == len(evidence["should_attend_members"])
        assert 2 * evidence["present_voting"] > evidence["should_attend"]
        if "yes_total" in evidence:
            assert 2 * evidence["yes_total"] > evidence["should_attend"]
            assert (
                evidence["yes"] + evidence["no"] + evidence["abstain"]
                <= (evidence["present_voting"])
            )
            assert not set(evidence["written_for"]) & set(meeting.present)
            assert set(evidence["written_for"]) <= set(evidence["should_attend_members"])


def events_of(member: Member, kind: type[Any]) -> list[Any]:
    return [e for e in member.pending_events if isinstance(e, kind)]


def check_path(w: World, member: Member) -> None:
    """A full member who came through the book was admitted by an assembly and approved, and
    converted at or after the end of probation, with party age from that end."""
    assert len(member.extensions) <= 1
    approved = [e.decision for e in events_of(member, Member.Approved)]
    assert approved.count(Decision.EXTEND) <= 1
    if member.number in w.enrolled or member.status is not Status.FULL:
        return
    (admitted,) = events_of(member, Member.Admitted)
    assert w.meetings[admitted.meeting].kind is MeetingKind.ASSEMBLY
    assert (member.number, Decision.ADMIT) in w.meetings[admitted.meeting].resolutions
    assert approved.count(Decision.ADMIT) == 1
    assert approved[-1] == Decision.CONVERT
    conversions = [e for e in events_of(member, Member.Resolved) if e.decision == "convert"]
    assert member.probation_end is not None
    assert conversions[-1].step.effective >= member.probation_end
    assert member.full_since == member.probation_end


def same(roll: Standing | None, own: Standing | None) -> bool:
    if roll is None:
        return own is None or not (own.on_roll or own.votes or own.counted)
    return roll == own


def check_roll(w: World) -> None:
    """The branch roll and each member's own history agree on every date of the record."""
    days = sorted(w.dates | {d - timedelta(days=1) for d in w.dates})
    for on in days:
        voters = w.branch.voters_on(on)
        for number, member in w.members.items():
            assert same(w.branch.standing_on(number, on), member.standing_on(on)), (number, on)
        for number in voters:
            own = w.members[number].standing_on(on)
            assert own is not None
            assert own.status == Status.FULL.value


def walk(*steps: tuple[str, int, int]) -> list[Op]:
    """A hand-written history: (kind, whom by index into EVERYONE, days after the last step),
    every other draw chosen so the step is well formed and carried."""
    everyone_here = (True,) * len(EVERYONE)
    return [Op(kind, who, gap, 0, 1, True, everyone_here, 0) for kind, who, gap in steps]


# C1 walks the whole path with one extension; C2 is admitted, not approved, and C1's votes
# are taken while F5's rights are suspended and F4 is left out of the should-attend count.
WORKED = walk(
    ("apply", 0, 0), ("suspend", 4, 1), ("exclude", 3, 1), ("talk", 0, 10),
    ("designate", 0, 30), ("assess", 0, 150), ("assess", 0, 150), ("candidate", 0, 80),
    ("review", 0, 7), ("train", 0, 7), ("introduce", 0, 7), ("prereview", 0, 7),
    ("admit", 0, 14), ("approve", 0, 30), ("oath", 0, 7), ("extend", 0, 340),
    ("approve", 0, 20), ("restore", 4, 1), ("convert", 0, 160), ("approve", 0, 20),
)  # fmt: skip


def test_the_worked_history_reaches_full_membership_after_one_extension() -> None:
    w = world(with_committee=True)

    for op in WORKED:
        run(w, op)

    member = w.members["C1"]
    assert member.status is Status.FULL
    assert member.extensions == [6]
    assert member.full_since == member.probation_end
    assert w.members["F5"].rights_suspended is False
    assert w.members["F4"].excluded == "abroad"
    check_path(w, member)
    check_roll(w)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(ops, min_size=20, max_size=70))
@example(True, WORKED)
@example(False, WORKED)
def test_random_admission_histories_keep_the_rules_invariants(
    with_committee: bool, sequence: list[Op]
) -> None:
    w = world(with_committee)

    for op in sequence:
        run(w, op)

    for meeting in w.meetings.values():
        check_thresholds(meeting)
    for member in w.members.values():
        check_path(w, member)
    check_roll(w)
