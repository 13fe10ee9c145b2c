"""Judging steps on a branch's leadership: structure, seats, officers, meetings, elections."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from branchbook.domain.branch.state import BranchState
from branchbook.domain.elections import Ballots, count_election
from branchbook.domain.leadership import ElectionKind, Office, Structure
from branchbook.domain.meeting import Meeting
from branchbook.domain.posts import DEPUTY, SECRETARY, Sanctions, check_post_bars, posts_given
from branchbook.domain.rules import Judge
from branchbook.domain.wording import counted

TEMPORARY = "temporary"  # the value of domain.branch.BranchKind.TEMPORARY
VILLAGE = "village-community"
ASSEMBLY = "assembly"  # the value of domain.meeting.MeetingKind.ASSEMBLY


def check_seated(
    judge: Judge,
    branch: BranchState,
    on: date,
    *,
    members: Sequence[str],
    secretary: str | None,
    deputy: str | None,
    roles: Mapping[str, str],
    taking_part: Collection[str] = (),
) -> None:
    """The seats, officers and roles agree, and every one seated may sit: a voting member of
    the branch or, in a temporary branch, one who takes part there with their rights
    (`taking_part`: those named who do, as their participation and membership show)."""
    judge.check(
        "record.committee_roles",
        secretary=secretary,
        deputy=deputy,
        members=list(members),
        roles=dict(roles),
    )
    not_voting = [m for m in members if not branch.holds_vote(m, on)]
    if branch.kind.value == TEMPORARY:
        outside = [m for m in not_voting if m not in taking_part]
        judge.check("temporary_branch.appointees", branch=branch.code, on=on, outside=outside)
        return
    judge.check("branch.committee_members_full", branch=branch.code, on=on, not_voting=not_voting)


def check_bars(
    judge: Judge, branch: BranchState, on: date, posts: Mapping[str, str], sanctions: Sanctions
) -> None:
    """No member takes a post a removal from posts or a restoration bars (DC art. 11, 12)."""
    check_post_bars(judge, posts=posts, sanctions=sanctions, on=on, office_on=branch.office_on)


def sought(
    structure: str, seats: int, candidates: Sequence[str], secretary: str | None, deputy: str | None
) -> dict[str, str]:
    """The post each candidate stands for: a seat on a committee; where there is none, the
    secretary's or deputy's as named, the others the lowest post the election fills."""
    if structure == Structure.COMMITTEE:
        return posts_given(candidates)
    lowest = DEPUTY if seats > 1 else SECRETARY
    given = dict.fromkeys(candidates, lowest)
    given.update(posts_given((), secretary=secretary, deputy=deputy))
    return given


def check_structure(judge: Judge, branch: BranchState, on: date, *, seats: int) -> str:
    """The structure the seats give, judged against the full members on the date.

    A temporary branch's members are counted in their relation branches, not on its roll:
    its structure is the one the approving organisation appoints, and only a committee's
    size is judged (S000 art. 8)."""
    deputies = judge.whole("branch.secretary_only_deputy", "max")
    structure = Structure.COMMITTEE if seats > 1 + deputies else Structure.SECRETARY
    if branch.kind.value == TEMPORARY:
        if structure == Structure.COMMITTEE:
            judge.check("branch.committee_size", size=seats, branch=branch.code)
            judge.check("branch.committee_size_typical", size=seats, branch=branch.code)
        return structure
    full = len(branch.full_on(on))
    judge.check(
        "branch.committee_required", branch=branch.code, full=full, structure=structure, on=on
    )
    judge.check(
        "branch.secretary_only_deputy",
        branch=branch.code,
        full=full,
        at=judge.whole("branch.committee_required", "at_full_members"),
        seats=seats,
        structure=structure,
        on=on,
    )
    if structure == Structure.COMMITTEE:
        judge.check("branch.committee_size", size=seats, branch=branch.code)
        judge.check("branch.committee_size_typical", size=seats, branch=branch.code)
    return structure


def check_secretary(
    judge: Judge, secretary: str | None, party_ages: Mapping[str, int | None], on: date
) -> None:
    if secretary is not None:
        judge.check(
            "branch.secretary_party_age",
            secretary=secretary,
            age=party_ages.get(secretary),
            on=on,
        )


def term_years(judge: Judge, branch: BranchState) -> int:
    village = branch.kind.value == VILLAGE
    years = judge.whole("branch.term_years", "village_community" if village else "default")
    judge.check("branch.term_range", branch=branch.code, years=years)
    return years


def check_meeting(
    judge: Judge, branch: BranchState, meeting: Meeting, *, on: date, decision: str, body: str
) -> None:
    """The meeting is this branch's, held on the step's date, and of the right body."""
    judge.check(
        "record.meeting_branch",
        meeting=meeting.code,
        held_by=meeting.branch,
        branch=branch.code,
        member=branch.code,
    )
    judge.check(
        "record.meeting_date", meeting=meeting.code, held=meeting.held, on=on, decision=decision
    )
    judge.check(
        "election.body",
        meeting=meeting.code,
        kind=meeting.kind.value,
        expected=body,
        decision=decision,
        branch=branch.code,
    )


def check_not_temporary(judge: Judge, branch: BranchState, decision: str) -> None:
    if branch.kind.value == TEMPORARY:
        judge.check(
            "temporary_branch.forbidden_actions",
            branch=branch.code,
            decision=decision,
            action="term_change_election",
        )


def judge_election(
    judge: Judge,
    branch: BranchState,
    before: Office | None,
    *,
    meeting: Meeting,
    by_election: bool,
    seats: int,
    candidates: Sequence[str],
    ballots: Ballots,
    announced: Sequence[str] | None,
    secretary: str | None,
    deputy: str | None,
    party_ages: Mapping[str, int | None],
    should_attend: Sequence[str],
    sanctions: Sanctions,
    on: date,
    void: bool = False,
) -> dict[str, Any]:
    """Judge an election by the general assembly; return the fields of its Elected event (of
    a `void` election, the evidence of its count: it elects no one)."""
    check_not_temporary(judge, branch, "election")
    check_meeting(judge, branch, meeting, on=on, decision="election", body=ASSEMBLY)
    if by_election:
        vacant = len(before.vacancies) if before is not None else 0
        judge.check(
            "record.leadership_step",
            ok=0 < seats <= vacant,
            why=f"a by-election for {counted(seats, 'seat')} in {branch.code}, which has "
            f"{counted(vacant, 'vacant seat')}",
        )
        assert before is not None
        kind = ElectionKind.BY_ELECTION
        structure = before.structure
        oldest = before.vacancies[0].since
        judge.check(
            "branch.vacancy_fill",
            branch=branch.code,
            vacant_since=oldest,
            on=on,
            days=(on - oldest).days,
        )
    else:
        judge.check(
            "record.leadership_step",
            ok=seats >= 1,
            why=f"an election in {branch.code} for 0 seats; it fills at least one",
        )
        has_term = before is not None and before.term is not None
        kind = ElectionKind.CHANGE_OF_TERM if has_term else ElectionKind.FIRST
        structure = check_structure(judge, branch, on, seats=seats)
        if before is not None and before.term is not None:
            term = before.term
            judge.check(
                "branch.term_advance",
                branch=branch.code,
                on=on,
                earliest=term.earliest,
                end=term.ordinary_end,
                advanced=term.advanced,
            )
            judge.check("branch.term_overdue", branch=branch.code, on=on, end=term.end)
    not_voting = [c for c in candidates if not branch.holds_vote(c, on)]
    judge.check("branch.committee_members_full", branch=branch.code, on=on, not_voting=not_voting)
    posts = sought(structure, seats, candidates, secretary, deputy)
    check_bars(judge, branch, on, posts, sanctions)
    present = [m for m in should_attend if m in meeting.present]
    surplus = judge.param("election.candidate_surplus", "secretary_only")
    chosen, evidence = count_election(
        judge,
        branch=branch.code,
        meeting=meeting.code,
        seats=seats,
        candidates=candidates,
        ballots=ballots,
        should_attend=should_attend,
        present_voting=present,
        announced=announced,
        contested=structure == Structure.COMMITTEE or bool(surplus),
        void=void,
    )
    if void:
        secretary = deputy = None
    elif structure == Structure.SECRETARY and secretary is not None:
        check_seated(
            judge, branch, on, members=chosen, secretary=secretary, deputy=deputy, roles={}
        )
        check_secretary(judge, secretary, party_ages, on)
    else:
        secretary = deputy = None
    years = before.term.years if by_election and before and before.term else 0
    if not by_election:
        years = term_years(judge, branch)
    evidence.update(kind=kind, structure=structure, on=on.isoformat())
    return {
        "meeting": meeting.code,
        "kind": kind,
        "structure": structure,
        "seats": seats,
        "elected": chosen,
        "secretary": secretary,
        "deputy": deputy,
        "term_years": years,
        "evidence": evidence,
    }
