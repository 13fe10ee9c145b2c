"""The demo's meetings: each one its decisions need, with attendance that carries them and the
votes filled in, and one assembly without a quorum."""

from __future__ import annotations

import random
from datetime import date, timedelta

from branchbook.workflows.demo.world import HORIZON, Command, History


def hold_meetings(world: History) -> None:
    """Hold every meeting the decisions need, with attendance that carries them, and fill in
    the votes. The first admission vote of B02 meets without a quorum the day before."""
    rng = world.rng
    by_code: dict[str, list[Command]] = {}
    for _, _, command in world.steps:
        if "meeting" in command:
            by_code.setdefault(command["meeting"], []).append(command)
    inquorate_done = False
    for code, (on, branch, kind) in sorted(world.meetings.items(), key=lambda m: m[1][0]):
        voters = world.voting(branch, on)
        if kind == "committee":
            seats = world.committee_on(branch, on) or []
            present = seats if rng.random() < 0.7 else seats[: len(seats) // 2 + 1]
        elif code in world.turnout:
            # An election needs more than 4/5 present: all come, or all but one if enough.
            enough = len(voters) * 4 // 5 + 1
            present = voters[1:] if len(voters) - 1 >= enough else voters
        else:
            needed = len(voters) // 2 + 1
            present = sorted(rng.sample(voters, rng.randrange(needed, len(voters) + 1)))
        subjects = [c["member"] for c in by_code.get(code, []) if "member" in c]
        world.add(
            on,
            {
                "command": "meeting.hold",
                "branch": branch,
                "kind": kind,
                "present": sorted({*present, *subjects} if kind == "assembly" else present),
                "chair": present[0],
            },
            order=6,
        )
        for command in by_code.get(code, []):
            if command.get("yes") == -1:
                _count(rng, command, voters, present)
        admits = [c for c in by_code.get(code, []) if c["command"] == "member.admit"]
        if branch == "B02" and admits and not inquorate_done and on - timedelta(days=1) <= HORIZON:
            inquorate_done = True
            _inquorate(world, branch, on - timedelta(days=1), voters, admits[0])


def _count(rng: random.Random, command: Command, voters: list[str], present: list[str]) -> None:
    """Votes that pass: most present voters for; absent ones may have written in."""
    voting_present = [v for v in present if v in voters]
    against = rng.randrange(0, 2) if len(voting_present) > 4 else 0
    command["yes"] = len(voting_present) - against
    command["no"] = against
    absent = [v for v in voters if v not in present]
    if command["command"] in ("member.admit", "member.convert") and absent:
        command["written-for"] = absent[: rng.randrange(0, len(absent) + 1)]
    while command["yes"] + len(command.get("written-for", [])) <= len(voters) // 2:
        command["no"] -= 1
        command["yes"] += 1


def _inquorate(world: History, branch: str, on: date, voters: list[str], admit: Command) -> None:
    """An assembly where fewer than half the voting members came: its vote is refused."""
    present = voters[: len(voters) // 2]
    code = world.meeting(branch, on, "assembly")
    world.add(
        on,
        {
            "command": "meeting.hold",
            "branch": branch,
            "kind": "assembly",
            "present": present,
            "chair": present[0],
            "note": "many members away on a project site",
        },
        order=6,
    )
    world.add(
        on,
        {
            "command": "member.admit",
            "member": admit["member"],
            "meeting": code,
            "yes": len(present),
        },
        order=7,
    )
