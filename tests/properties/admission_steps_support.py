"""A generated admission step interpreted: the domain call it makes and the meeting it is taken at,
and after it, that a rejected step changed nothing and a recorded vote counted only voters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from admission_world_support import EVERYONE, FULL, NEXT, PEOPLE, Op, World, step
from eventsourcing.domain import Aggregate

from branchbook.domain.decisions import Votes
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.member import Member, Status
from branchbook.domain.organisation import Body
from branchbook.domain.rules import RuleViolation

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
        higher = Body("P01", "Primary committee", "committee", above=("P01",))
        return lambda: m.exclude(
            category="abroad",
            consent=consent,
            consenting=higher,
            meeting=meeting,
            branch=w.branch,
            step=on,
            judge=j,
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
