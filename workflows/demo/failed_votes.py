"""Votes that fail: a development candidate of B01 whom the general assembly does not admit
(the vote is kept with its count, and the candidate stays a candidate), and a change of term
at B01 whose first count is void, more ballots coming back than were issued, so the assembly
holds the election again at once."""

from __future__ import annotations

from datetime import date, timedelta

from branchbook.domain.meeting import default_code
from branchbook.workflows.demo.world import TOWNSHIP, Command, History

BRANCH = "B01"
CANDIDATE = "M7001"  # whom the general assembly does not admit
VOID_ELECTION = date(2022, 1, 8)  # B01's first change of term: its first count is void


def chapter(world: History) -> None:
    """A failed admission vote and a void election held again."""
    _not_admitted(world)
    _void_then_held_again(world)


def _meeting(world: History, on: date, kind: str, present: list[str]) -> tuple[str, date]:
    """Hold a meeting of B01 on the first day from `on` it holds none of this kind; return
    its code and date."""
    while default_code(BRANCH, on, kind) in world.meetings:
        on += timedelta(days=1)
    code = world.meeting(BRANCH, on, kind)
    world.add(
        on,
        {
            "command": "meeting.hold",
            "branch": BRANCH,
            "kind": kind,
            "present": present,
            "chair": present[0],
        },
        order=6,
    )
    return code, on


def _committee(world: History, on: date) -> tuple[str, date]:
    return _meeting(world, on, "committee", sorted(world.committee_on(BRANCH, on) or []))


def _not_admitted(world: History) -> None:
    """M7001 walks the path to the assembly, where fewer than half vote for: not admitted."""
    founders = world.founders[BRANCH]
    world.add(
        date(2023, 3, 6),
        {
            "command": "member.apply",
            "member": CANDIDATE,
            "name": world.name(),
            "birth": "1996-05-14",
            "branch": BRANCH,
            "doc": f"申请书 {CANDIDATE}",
        },
    )
    world.add(
        date(2023, 3, 20),
        {"command": "member.talk", "member": CANDIDATE, "by": "组织委员 " + world.name()},
    )
    meeting, activist = _committee(world, date(2023, 6, 12))
    world.add(
        activist,
        {
            "command": "member.designate-activist",
            "member": CANDIDATE,
            "meeting": meeting,
            "contacts": founders[3:5],
            "recommended-by": "members",
        },
    )
    for on in (date(2023, 11, 15), date(2024, 4, 15)):
        world.add(on, {"command": "member.assess", "member": CANDIDATE})
    meeting, candidate = _committee(world, date(2024, 7, 8))
    world.add(
        candidate,
        {"command": "member.designate-candidate", "member": CANDIDATE, "meeting": meeting},
    )
    for on, step in (
        (date(2024, 7, 22), {"command": "member.review", "result": "passed"}),
        (date(2024, 8, 12), {"command": "member.train", "days": 3, "hours": 24}),
        (date(2024, 8, 19), {"command": "member.introduce", "introducers": founders[1:3]}),
        (date(2024, 8, 26), {"command": "member.prereview", "body": TOWNSHIP}),
    ):
        world.add(on, {**step, "member": CANDIDATE})
    voters = world.voting(BRANCH, date(2024, 9, 9))
    away = voters[-1]  # sends a written opinion against, lodged the day before
    meeting, assembly = _meeting(world, date(2024, 9, 9), "assembly", voters[:-1])
    yes = len(voters) // 2 - 1
    world.add(
        assembly,
        {
            "command": "member.admit",
            "member": CANDIDATE,
            "meeting": meeting,
            "yes": yes,
            "no": len(voters) - 1 - yes,
            "written-against": [away],
            "lodged": {away: (assembly - timedelta(days=1)).isoformat() + "T17:30"},
            "opened": "09:00",
            "outcome": "failed",
            "note": "群众反映问题尚未查清，表决未通过，继续培养考察",
        },
        order=7,
    )


def _void_then_held_again(world: History) -> None:
    """At B01's first change of term one ballot too many comes back: the count is void and
    kept, and the assembly votes again at the same meeting."""
    held = next(
        (i, command)
        for i, (on, _, command) in enumerate(world.steps)
        if on == VOID_ELECTION
        and command["command"] == "branch.elect"
        and command["branch"] == BRANCH
    )
    at, election = held
    void: Command = {key: value for key, value in election.items() if key not in ("elected", "doc")}
    void.update(
        returned=election["issued"] + 1,
        outcome="void",
        doc=f"{BRANCH} 换届选举计票报告（作废）",
        note="收回选票多于发出选票，选举无效，当场重新选举",
    )
    # Before the election held again: the journal keeps the order of one day's steps.
    world.steps.insert(at, (VOID_ELECTION, 7, void))
