"""The demo's people: applications and talks, the path from activist to full member, and the
cases the rules foresee going wrong (a late approval, an extended probation, a revoked one,
an under-age applicant, a temporary branch that may not admit, a member abroad or detained)."""

from __future__ import annotations

from datetime import date, timedelta

from branchbook.domain.dates import add_months
from branchbook.workflows.demo.world import APPROVER, BRANCHES, HORIZON, TOWNSHIP, Command, History

TEMPORARY_CANDIDATE = "M9002"  # whose admission the temporary branch may not resolve
PEOPLE = 60
EXTENDED = "M0004"  # whose probation the assembly extends by six months
REVOKED = "M0011"  # whose probationary membership the assembly revokes
LATE_APPROVAL = "M0055"  # whose admission TC01 approves after the three months allowed


def person(world: History, n: int) -> None:
    rng = world.rng
    code, _, kind, founded, _, _ = BRANCHES[rng.randrange(len(BRANCHES))]
    applied = min(founded + timedelta(days=rng.randrange(30, 5 * 365)), date(2025, 12, 31))
    number = f"M{n:04d}"
    world.add(
        applied,
        {
            "command": "member.apply",
            "member": number,
            "name": world.name(),
            "birth": (applied - timedelta(days=rng.randrange(19 * 365, 52 * 365))).isoformat(),
            "branch": code,
            "doc": f"申请书 {number}",
        },
    )
    # Most talks come within the month; every ninth is late and is recorded with a warning.
    delay = rng.randrange(45, 80) if n % 9 == 0 else rng.randrange(5, 28)
    talked = applied + timedelta(days=delay)
    world.add(
        talked, {"command": "member.talk", "member": number, "by": "组织委员 " + world.name()}
    )
    goes_on = rng.random() < 0.7 or number in (EXTENDED, REVOKED)
    if kind == "temporary" or not goes_on:
        return
    _path(world, number, code, talked)


def _decision_meeting(world: History, code: str, on: date) -> str:
    """Where the branch designates: its committee, or its assembly where it has none."""
    has_committee = world.committee_on(code, on) is not None
    return world.meeting(code, on, "committee" if has_committee else "assembly")


def _path(
    world: History, number: str, code: str, talked: date, *, until_admission: bool = False
) -> None:
    rng = world.rng
    founders = world.founders[code]
    activist = talked + timedelta(days=rng.randrange(60, 150))
    world.add(
        activist,
        {
            "command": "member.designate-activist",
            "member": number,
            "meeting": _decision_meeting(world, code, activist),
            "contacts": founders[3:5] if len(founders) > 4 else founders[1:3],
            "recommended-by": rng.choice(("members", "mass-organisation")),
        },
    )
    for months in (5, 10):
        world.add(
            add_months(activist, months) + timedelta(days=rng.randrange(0, 20)),
            {"command": "member.assess", "member": number},
        )
    candidate = add_months(activist, 12) + timedelta(days=rng.randrange(5, 90))
    world.add(
        candidate,
        {
            "command": "member.designate-candidate",
            "member": number,
            "meeting": _decision_meeting(world, code, candidate),
        },
    )
    world.add(
        candidate + timedelta(days=rng.randrange(10, 30)),
        {"command": "member.review", "member": number, "result": "passed"},
    )
    world.add(
        candidate + timedelta(days=rng.randrange(30, 40)),
        {"command": "member.train", "member": number, "days": 3, "hours": 24},
    )
    world.add(
        candidate + timedelta(days=41),
        {"command": "member.introduce", "member": number, "introducers": founders[1:3]},
    )
    prereview = candidate + timedelta(days=rng.randrange(45, 60))
    world.add(prereview, {"command": "member.prereview", "member": number, "body": TOWNSHIP})
    admitted = prereview + timedelta(days=rng.randrange(7, 25))
    _vote(world, code, number, "member.admit", admitted)
    if until_admission:
        return
    approved = admitted + timedelta(days=rng.randrange(20, 70))
    if number == LATE_APPROVAL:
        approved = admitted + timedelta(days=100)
    _approve(world, number, approved)
    world.add(
        approved + timedelta(days=rng.randrange(3, 20)),
        {"command": "member.oath", "member": number},
    )
    end = add_months(admitted, 12)
    if number == REVOKED:
        revoked = add_months(admitted, 8)
        _vote(world, code, number, "member.revoke", revoked, note="严重违反纪律")
        _approve(world, number, revoked + timedelta(days=30))
        return
    if number == EXTENDED:
        _vote(world, code, number, "member.extend", end, months=6)
        _approve(world, number, end + timedelta(days=35))
        end = add_months(admitted, 18)
    converted = end + timedelta(days=rng.randrange(0, 20))
    _vote(world, code, number, "member.convert", converted)
    conversion_approved = converted + timedelta(days=rng.randrange(20, 60))
    _approve(world, number, conversion_approved)
    if conversion_approved <= HORIZON:
        world.voters[code].append((number, conversion_approved, None))
        world.full[code].append((number, conversion_approved))


def _vote(
    world: History,
    code: str,
    number: str,
    command: str,
    on: date,
    *,
    months: int | None = None,
    note: str | None = None,
) -> None:
    meeting = world.meeting(code, on, "assembly")
    step: Command = {"command": command, "member": number, "meeting": meeting, "yes": -1}
    if months is not None:
        step["months"] = months
    if note is not None:
        step["note"] = note
    world.add(on, step, order=7)


def _approve(world: History, number: str, on: date) -> None:
    world.add(on, {"command": "member.approve", "member": number, "body": APPROVER})


def underage(world: History) -> None:
    """An application from someone not yet 18 on the day: the rulebook refuses it."""
    world.add(
        date(2023, 6, 1),
        {
            "command": "member.apply",
            "member": "M9001",
            "name": "赵小雨",
            "birth": date(2005, 9, 1).isoformat(),
            "branch": "B02",
            "note": "applied three months before turning 18",
        },
    )


def temporary_admission(world: History) -> None:
    """A temporary branch cultivates an activist all the way, then may not admit them."""
    applied = date(2021, 6, 15)
    world.add(
        applied,
        {
            "command": "member.apply",
            "member": TEMPORARY_CANDIDATE,
            "name": "孙建国",
            "birth": date(1990, 4, 2).isoformat(),
            "branch": "B04",
        },
    )
    talked = applied + timedelta(days=10)
    world.add(talked, {"command": "member.talk", "member": TEMPORARY_CANDIDATE, "by": "B0401"})
    _path(world, TEMPORARY_CANDIDATE, "B04", talked, until_admission=True)


def special_cases(world: History) -> None:
    """A member abroad is left out of the should-attend count; another is detained a while."""
    founders = world.founders["B01"]
    away = founders[-1]
    excluded = date(2021, 3, 16)
    world.add(
        excluded,
        {
            "command": "member.exclude",
            "member": away,
            "category": "abroad",
            "consent": "城党组〔2021〕7号",
            "body": "TC01",
            "meeting": world.meeting("B01", excluded, "assembly"),
        },
        order=7,
    )
    world.voters["B01"] = [
        (n, start, excluded + timedelta(days=1) if n == away else end)
        for n, start, end in world.voters["B01"]
    ]
    detained = world.founders["V01"][-1]
    start, end = date(2022, 5, 9), date(2023, 2, 20)
    world.add(
        start,
        {"command": "member.suspend-rights", "member": detained, "reason": "留置 (detained)"},
    )
    world.add(end, {"command": "member.restore-rights", "member": detained})
    world.voters["V01"] = [(n, s, e) for n, s, e in world.voters["V01"] if n != detained] + [
        (detained, world.voters["V01"][0][1], start),
        (detained, end, None),
    ]
