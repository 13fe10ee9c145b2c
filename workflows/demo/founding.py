"""The demo's branches founded with their members and leaders, and each change of term
at its end: the assembly elects, the committee elects its officers, the township approves."""

from __future__ import annotations

from datetime import date, timedelta

from branchbook.domain.dates import add_months
from branchbook.workflows.demo.world import (
    HORIZON,
    JOINT_UNITS,
    PARENTS,
    TOWNSHIP,
    Command,
    History,
)

LATE = "B02"  # holds its change of term half a year late, and then lets the next term run out


def found(world: History, i: int, branch: tuple[str, str, str, date, int, bool]) -> None:
    code, name, kind, founded, size, has_committee = branch
    rng = world.rng
    founding: Command = {
        "command": "branch.found",
        "code": code,
        "name": name,
        "kind": kind,
        "parent": PARENTS.get(code, TOWNSHIP),
        "approved-by": TOWNSHIP,
        "full-members": size,
        "requested": (founded - timedelta(days=20)).isoformat(),
        "doc": f"城党〔{founded.year}〕{i}号",
    }
    if kind == "joint":
        founding["units"] = list(JOINT_UNITS)
    world.add(founded, founding, order=0)
    numbers = [f"{code}{k:02d}" for k in range(1, size + 1)]
    world.founders[code] = numbers
    world.voters[code] = [(n, founded, None) for n in numbers]
    world.full[code] = [(n, founded) for n in numbers]
    for number in numbers:
        admitted = founded - timedelta(days=rng.randrange(2 * 365, 25 * 365))
        world.add(
            founded,
            {
                "command": "member.enrol",
                "member": number,
                "name": world.name(),
                "birth": (admitted - timedelta(days=rng.randrange(20 * 365, 30 * 365))).isoformat(),
                "branch": code,
                "status": "full",
                "admitted": admitted.isoformat(),
                "full-since": add_months(admitted, 12).isoformat(),
                "note": "opening entry: member since before the record book",
            },
            order=1,
        )
    leaders: Command = {
        "branch": code,
        "secretary": numbers[0],
        "doc": f"城党〔{founded.year}〕{i}号",
    }
    if kind == "temporary":
        # A temporary branch's leaders are appointed by the organisation that set it up.
        leaders.update(command="branch.appoint", body=TOWNSHIP)
    else:
        leaders["command"] = "branch.leadership"
    if has_committee:
        world.committee[code] = [(founded, numbers[:3])]
        roles = {"organisation": numbers[2]}
        leaders.update(members=numbers[:3], deputy=numbers[1], roles=roles)
    world.add(founded, leaders, order=2)


def terms(world: History, branch: tuple[str, str, str, date, int, bool]) -> None:
    """Each term's change falls due at its end: the assembly elects on the day, except at
    the late branch, which elects half a year late and then lets its next term run out."""
    code, _, kind, founded, _, _ = branch
    if kind == "temporary":
        return
    years = 5 if kind == "village-community" else 3
    start, late = founded, False
    while (end := add_months(start, 12 * years)) <= HORIZON:
        if code == LATE:
            if late:
                return
            late, end = True, add_months(end, 6)
        _election(world, code, end)
        start = end


def _election(world: History, code: str, on: date) -> None:
    """A change of term: the assembly elects; the committee elects its officers the next day
    and the township (through the general branch where there is one) approves them."""
    voters = world.voting(code, on)
    structure_committee = world.full_count(code, on) >= 7
    seats = 5 if structure_committee else 1
    candidates = voters[: seats + 1] if structure_committee else voters[:1]
    meeting = world.meeting(code, on, "assembly")
    world.turnout.add(meeting)
    enough = len(voters) * 4 // 5 + 1
    present = len(voters) - 1 if len(voters) - 1 >= enough else len(voters)
    votes = {c: present - i // 2 for i, c in enumerate(candidates)}
    if structure_committee:
        votes[candidates[-1]] = 1
    step: Command = {
        "command": "branch.elect",
        "branch": code,
        "meeting": meeting,
        "seats": seats,
        "candidates": candidates,
        "issued": present,
        "returned": present,
        "votes": votes,
        "elected": candidates[:seats],
        "doc": f"{code} 换届选举报告",
    }
    body = PARENTS.get(code, TOWNSHIP)
    if not structure_committee:
        step["secretary"] = candidates[0]
        world.add(on, step, order=8)
        world.add(
            on + timedelta(days=21),
            {"command": "branch.approve-officers", "branch": code, "body": body},
        )
        return
    world.add(on, step, order=8)
    elected = candidates[:seats]
    world.committee.setdefault(code, []).append((on, elected))
    next_day = on + timedelta(days=1)
    world.add(
        next_day,
        {
            "command": "branch.elect-officers",
            "branch": code,
            "meeting": world.meeting(code, next_day, "committee"),
            "secretary": elected[0],
            "deputy": elected[1],
            "roles": {
                "organisation": elected[2],
                "propaganda": elected[3],
                "discipline": elected[4],
            },
        },
        order=8,
    )
    world.add(
        on + timedelta(days=21),
        {"command": "branch.approve-officers", "branch": code, "body": body},
    )
