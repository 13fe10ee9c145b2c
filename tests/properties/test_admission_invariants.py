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

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from attrs import define, field, frozen
from eventsourcing.domain import Aggregate
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from branchbook.domain.branch import Branch, BranchKind, Standing
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import Meeting, MeetingKind, default_code
from branchbook.domain.member import Member, Status
from branchbook.domain.opening import Path
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge, RuleViolation
from branchbook.domain.step import Step

VERSION = builtin_rulebook().versions[0]
FULL = ("F1", "F2", "F3", "F4", "F5")
PEOPLE = ("C1", "C2")
EVERYONE = (*FULL, *PEOPLE)
FOUNDED = date(2015, 1, 1)
START = date(2016, 1, 4)
KINDS = (
    "apply", "talk", "designate", "assess", "candidate", "review", "train", "introduce",
    "prereview", "admit", "approve", "oath", "convert", "extend", "revoke", "suspend",
    "restore", "exclude", "include",
)  # fmt: skip
# The step a person's status most often calls for next; "next" in a sequence picks among them.
NEXT: dict[Status | None, tuple[str, ...]] = {
    None: ("apply",),
    Status.APPLICANT: ("talk", "designate", "designate"),
    Status.ACTIVIST: ("assess", "assess", "candidate"),
    Status.CANDIDATE: ("review", "train", "introduce", "prereview", "admit", "admit"),
    Status.ADMITTED: ("approve",),
    Status.PROBATIONARY: ("oath", "oath", "convert", "extend", "revoke"),
    Status.FULL: ("suspend", "restore", "exclude", "include"),
    Status.NOT_APPROVED: ("apply",),
    Status.REVOKED: ("apply",),
}


@frozen
class Op:
    """One generated step: what, for whom, how many days after the previous step, and the
    random numbers and flags it uses (counts, months, outcome, attendance, written opinions)."""

    kind: str
    who: int
    gap: int
    count: int
    extra: int
    flag: bool
    present: tuple[bool, ...]
    written: int


ops = st.builds(
    Op,
    kind=st.sampled_from([*KINDS, *["next"] * 60]),
    who=st.integers(min_value=0, max_value=len(EVERYONE) - 1),
    gap=st.sampled_from([0, 0, 1, 7, 14, 30, 30, 45, 60, 90, 120, 183, 366]),
    count=st.integers(min_value=0, max_value=7),
    extra=st.integers(min_value=0, max_value=7),
    flag=st.booleans(),
    # Each person is absent with a chance of one in four: both bits of two draws set.
    present=st.tuples(st.integers(0, 255), st.integers(0, 255)).map(
        lambda pair: tuple(not (pair[0] & pair[1]) >> i & 1 for i in range(len(EVERYONE)))
    ),
    written=st.one_of(st.just(0), st.just(0), st.integers(min_value=0, max_value=255)),
)


def step(on: date) -> Step:
    return Step(effective=on, actor="property")


@define
class World:
    """The aggregates of one generated history and the clock that moves through it."""

    branch: Branch
    members: dict[str, Member] = field(factory=dict)
    meetings: dict[str, Meeting] = field(factory=dict)
    enrolled: set[str] = field(factory=set)
    today: date = START
    dates: set[date] = field(factory=set)
    serial: int = 0

    def aggregates(self) -> list[Aggregate]:
        return [self.branch, *self.members.values(), *self.meetings.values()]

    def judge(self) -> Judge:
        return Judge(VERSION)

    def named(self, numbers: list[str]) -> dict[str, Member | None]:
        return {n: self.members.get(n) for n in numbers}

    def hold(self, op: Op, kind: MeetingKind) -> Meeting | None:
        """Hold a meeting today with the op's attendance; None if the rules refuse it."""
        present = [n for n, here in zip(EVERYONE, op.present, strict=True) if here] or ["F1"]
        self.serial += 1
        code = f"{default_code(self.branch.code, self.today, kind.value)}-{self.serial}"
        try:
            meeting = Meeting.hold(
                code=code,
                branch=self.branch,
                kind=kind,
                present=present,
                chair=present[0],
                step=step(self.today),
                judge=self.judge(),
            )
        except RuleViolation:
            return None
        self.meetings[code] = meeting
        return meeting


def world(with_committee: bool) -> World:
    branch = Branch.found(
        code="B01",
        name="Branch",
        kind=BranchKind.REGULAR,
        parent="P01",
        step=step(FOUNDED),
        judge=Judge(VERSION),
    )
    out = World(branch)
    for number in FULL:
        out.members[number] = Member.enrol(
            number=number,
            name=number,
            birth=date(1970, 1, 1),
            branch=branch,
            path=Path("full", admitted_on=date(2000, 1, 1), full_since=date(2001, 1, 1)),
            step=step(date(2015, 1, 2)),
            judge=Judge(VERSION),
        )
        out.enrolled.add(number)
    if with_committee:
        branch.enter_leadership(
            members=["F1", "F2", "F3"],
            secretary="F1",
            deputy=None,
            roles={},
            term_start=None,
            step=step(date(2015, 1, 3)),
            judge=Judge(VERSION),
        )
    out.dates.update({FOUNDED, date(2015, 1, 2), date(2015, 1, 3)})
    return out


# Interpreting a generated step ---------------------------------------------------------------


# How many fewer yes votes than voting members present: mostly none, now and then too few to
# carry, and once one ballot more than there are voters.
SHORTFALL = (0, 0, 0, 0, 1, 2, 9, -1)


def voting_present(w: World, meeting: Meeting, *, reserved: bool) -> int:
    """Those present who may vote: the committee's members, or the assembly's should-attend
    voters (COD-5 exclusions apply to the assembly's reserved decisions only)."""
    committee = w.branch.committee_on(w.today)
    if meeting.kind is MeetingKind.COMMITTEE and committee is not None:
        return len(set(committee.members) & set(meeting.present))
    base = w.branch.counted_on(w.today) if reserved else w.branch.voters_on(w.today)
    return len(set(base) & set(meeting.present))


def votes_of(w: World, op: Op, meeting: Meeting, *, reserved: bool = True) -> Votes:
    present = voting_present(w, meeting, reserved=reserved)
    short = SHORTFALL[op.count]
    no = 1 if short > 0 and op.extra % 2 else 0
    written = [n for i, n in enumerate(EVERYONE) if (op.written >> i) & 1]
    if op.extra != 3:  # mostly from absent full members, as the rules allow
        written = [n for n in written if n in FULL and n not in meeting.present]
    return Votes(
        yes=max(present - short, 0),
        no=no,
        written_for=tuple(written[::2]),
        written_against=tuple(written[1::2]),
        ballot="show-of-hands" if op.extra == 7 else "secret",
    )


def designation_meeting(w: World, op: Op) -> Meeting | None:
    expected = w.branch.committee_on(w.today) is not None
    # Mostly the body that decides; now and then the other one, which the rules refuse.
    committee = expected if op.extra != 6 else not expected
    return w.hold(op, MeetingKind.COMMITTEE if committee else MeetingKind.ASSEMBLY)


def assembly(w: World, op: Op) -> Meeting | None:
    kind = MeetingKind.COMMITTEE if op.count == 7 and not op.flag else MeetingKind.ASSEMBLY
    return w.hold(op, kind)


def number_of(op: Op, kind: str) -> str:
    """Whom a step is about: one of the people on the path, or anyone for rights and counts."""
    if kind in ("suspend", "restore", "include", "exclude"):
        return EVERYONE[op.who]
    return PEOPLE[op.who % len(PEOPLE)]


Call = Callable[[], object]
MEETING_STEPS = ("designate", "candidate", "admit", "convert", "extend", "revoke", "exclude")


def action(w: World, op: Op, kind: str) -> tuple[Call, Meeting | None] | None:
    """The domain call a step makes, and the meeting it is taken at; None if it has no target."""
    number = number_of(op, kind)
    member = w.members.get(number)
    if kind == "apply":
        return None if member is not None else (applying(w, op, number), None)
    if member is None:
        return None
    if kind not in MEETING_STEPS:
        return plain(w, op, kind, member), None
    if kind in ("designate", "candidate"):
        meeting = designation_meeting(w, op)
    elif kind == "exclude":
        meeting = w.hold(op, MeetingKind.ASSEMBLY)
    else:
        meeting = assembly(w, op)
    return None if meeting is None else (decided(w, op, kind, member, meeting), meeting)


def applying(w: World, op: Op, number: str) -> Call:
    j, on = w.judge(), step(w.today)
    birth = date(w.today.year - (17 if op.count == 0 and not op.flag else 30), 6, 1)

    def apply() -> None:
        w.members[number] = Member.apply(
            number=number, name=number, birth=birth, branch=w.branch, step=on, judge=j
        )

    return apply


def decided(w: World, op: Op, kind: str, m: Member, meeting: Meeting) -> Call:
    """A decision taken at a meeting: a designation, an exclusion or an assembly resolution."""
    j, on = w.judge(), step(w.today)
    if kind in ("designate", "candidate"):
        return designation(w, op, kind, m, meeting)
    if kind == "exclude":
        consent = "" if op.count == 0 and not op.flag else "Primary committee"
        return lambda: m.exclude(
            category="abroad", consent=consent, meeting=meeting, branch=w.branch, step=on, judge=j
        )
    votes = votes_of(w, op, meeting)
    if kind == "admit":
        return lambda: m.admit(meeting=meeting, branch=w.branch, votes=votes, step=on, judge=j)
    months = (5, 6, 9, 12, 13)[op.extra % 5]
    return lambda: m.resolve(
        decision=kind,
        meeting=meeting,
        branch=w.branch,
        votes=votes,
        months=months,
        step=on,
        judge=j,
    )


def designation(w: World, op: Op, kind: str, m: Member, meeting: Meeting) -> Call:
    j, on = w.judge(), step(w.today)
    counts = votes_of(w, op, meeting, reserved=False)
    votes = None if op.flag else Votes(yes=counts.yes, no=counts.no)
    if kind == "candidate":
        return lambda: m.designate_candidate(
            meeting=meeting, branch=w.branch, votes=votes, step=on, judge=j
        )
    named = sorted({FULL[op.count % 5], EVERYONE[op.extra % len(EVERYONE)]})
    contacts = w.named(named[: 1 + op.count % 3])
    return lambda: m.designate_activist(
        meeting=meeting,
        branch=w.branch,
        contacts=contacts,
        recommended_by="members",
        votes=votes,
        step=on,
        judge=j,
    )


def plain(w: World, op: Op, kind: str, m: Member) -> Call:
    """A step taken without a meeting."""
    j, on = w.judge(), step(w.today)
    introducers = (
        [FULL[op.count % 5], FULL[op.extra % 5]]
        if op.count < 6
        else [EVERYONE[op.who], EVERYONE[op.extra % len(EVERYONE)]]
    )
    steps: dict[str, Call] = {
        "talk": lambda: m.talk(by="F1", step=on, judge=j),
        "assess": lambda: m.assess(step=on, judge=j),
        "review": lambda: m.review(passed=op.extra != 5, step=on, judge=j),
        "train": lambda: m.train(
            days=(3, 3, 3, 2, 1, 0, 3, 3)[op.count],
            hours=(0, 0, 24, 23, 8, 0, 0, 30)[op.extra],
            step=on,
            judge=j,
        ),
        "introduce": lambda: m.name_introducers(introducers=w.named(introducers), step=on, judge=j),
        "prereview": lambda: m.prereview(body="Primary committee", step=on, judge=j),
        "approve": lambda: m.approve(
            body=Body(
                "P01",
                "Primary committee",
                "general_branch" if op.count == 7 else "primary_committee_with_authority",
                above=("P01",),
            ),
            approved=op.extra != 0,
            special=op.flag,
            branch=w.branch,
            step=on,
            judge=j,
        ),
        "oath": lambda: m.swear_in(step=on, judge=j),
        "suspend": lambda: m.suspend_rights(reason="detained", branch=w.branch, step=on, judge=j),
        "restore": lambda: m.restore_rights(branch=w.branch, step=on, judge=j),
        "include": lambda: m.include(branch=w.branch, step=on, judge=j),
    }
    return steps[kind]


def counts(aggregate: Aggregate) -> tuple[int, int]:
    return aggregate.version, len(aggregate.pending_events)


def state(aggregate: Aggregate) -> str:
    return repr({k: v for k, v in vars(aggregate).items() if k != "_pending_events"})


# At the end of probation the assembly mostly converts, sometimes extends, now and then revokes.
AT_PROBATION_END = ("convert", "convert", "extend", "extend", "revoke")


def next_for(member: Member | None, op: Op, today: date) -> str:
    """The step a person's status calls for; a candidate mostly completes what is missing."""
    if member is not None and member.pending is not None and op.count != 7:
        return "approve"
    end = member.probation_end if member is not None else None
    if member is not None and member.status is Status.PROBATIONARY and end and today >= end:
        return AT_PROBATION_END[(op.count + op.extra) % len(AT_PROBATION_END)]
    if member is not None and member.status is Status.CANDIDATE and op.count != 7:
        trained = (
            sum(t.days for t in member.trainings) >= 3
            or sum(t.hours for t in member.trainings) >= 24
        )
        missing = [
            kind
            for kind, done in (
                ("review", member.review_passed),
                ("train", trained),
                ("introduce", member.introducers),
                ("prereview", member.prereviewed_on),
            )
            if not done
        ]
        return missing[0] if missing else "admit"
    choices = NEXT[None if member is None else member.status]
    return choices[(op.count + op.extra) % len(choices)]


def run(w: World, op: Op) -> None:
    kind = op.kind
    if kind == "next":
        kind = next_for(w.members.get(PEOPLE[op.who % len(PEOPLE)]), op, w.today)
    # The higher committee mostly decides within months; sometimes it takes longer.
    w.today += timedelta(days=min(op.gap, 90) if kind == "approve" and op.flag else op.gap)
    w.dates.add(w.today)
    made = action(w, op, kind)
    if made is None:
        return
    call, meeting = made
    # A step touches the person, the branch and the meeting; no other aggregate may move.
    touched = [a for a in (w.members.get(number_of(op, kind)), w.branch, meeting) if a]
    before = [counts(a) for a in w.aggregates()], [state(a) for a in touched]
    known = set(w.members)
    resolutions = len(meeting.resolutions) if meeting is not None else 0
    try:
        call()
    except RuleViolation:
        assert set(w.members) == known
        assert ([counts(a) for a in w.aggregates()], [state(a) for a in touched]) == before
        return
    if meeting is not None and len(meeting.resolutions) > resolutions:
        check_counted_as_recorded(w, meeting)


# The invariants ------------------------------------------------------------------------------


def resolved(meeting: Meeting) -> list[Meeting.Resolved]:
    return [e for e in meeting.pending_events if isinstance(e, Meeting.Resolved)]


def check_counted_as_recorded(w: World, meeting: Meeting) -> None:
    """The decision just recorded counted only voting full members on the meeting date."""
    evidence = resolved(meeting)[-1].evidence
    if evidence["body"] != "assembly":
        return
    on = date.fromisoformat(evidence["on"])
    base = evidence["should_attend_members"]
    assert base in (w.branch.voters_on(on), w.branch.counted_on(on))
    for number in [*base, *evidence["present_voting_members"]]:
        standing = w.members[number].standing_on(on)
        assert standing is not None
        assert standing.status == Status.FULL.value
        assert standing.votes
    assert set(evidence["present_voting_members"]) <= set(meeting.present) & set(base)


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
