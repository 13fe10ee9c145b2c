"""The demo's members moving between branches, under discipline and lapsing.

A B01 member's relation moves to B02 (requested, issued, received); a V01 member's transfer
to the joint branch is refused, with a reason; a B02 member is placed on a year's intra-party
probation and has the rights restored at its end; the V01 members pay dues by the quarter,
except one who stops and, six months on, is removed as self-withdrawn; a B02 member takes
part in the temporary project branch without moving the relation.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from branchbook.workflows.demo.world import History

Command = dict[str, Any]
APPROVER = "TC01"
MOVER, MOVED_TO = "B0108", "B02"  # not among the candidates B01 elects
STAYER = "V0105"  # whose transfer to the joint branch is refused
SANCTIONED = "B0206"  # intra-party probation, then restoration (not a contact or introducer)
LAPSED = "V0106"  # stops paying dues
DUES_PAYERS = ("V0101", "V0102", "V0103", "V0104", "V0105", "V0107")
TAKES_PART = "B0207"  # takes part in the temporary project branch


def life_cases(world: History) -> None:
    """Add the transfers, the discipline case, the dues and the lapse to the demo."""
    _transfer(world)
    _refused_transfer(world)
    _probation(world)
    _dues(world)
    _lapse(world)
    world.add(
        date(2021, 5, 10),
        {
            "command": "member.participate",
            "member": TAKES_PART,
            "branch": "B04",
            "basis": "temporary",
        },
    )


def _transfer(world: History) -> None:
    requested, issued, received = date(2023, 3, 1), date(2023, 3, 6), date(2023, 3, 20)
    world.add(
        requested,
        {
            "command": "transfer.request",
            "member": MOVER,
            "to": MOVED_TO,
            "reason": "调入技术中心工作",
        },
    )
    world.add(
        issued,
        {
            "command": "transfer.issue",
            "member": MOVER,
            "body": APPROVER,
            "ref": "组织关系介绍信 城组〔2023〕15号",
        },
    )
    world.add(received, {"command": "transfer.receive", "member": MOVER, "branch": MOVED_TO})
    _end_vote(world, "B01", MOVER, received)
    world.voters[MOVED_TO].append((MOVER, received, None))
    world.full[MOVED_TO].append((MOVER, received))


def _refused_transfer(world: History) -> None:
    world.add(
        date(2024, 3, 4),
        {
            "command": "transfer.request",
            "member": STAYER,
            "to": "B03",
            "reason": "到商户联合党支部所在市场经营",
        },
    )
    world.add(
        date(2024, 3, 8),
        {"command": "transfer.issue", "member": STAYER, "body": APPROVER, "ref": "城组〔2024〕6号"},
    )
    world.add(
        date(2024, 3, 22),
        {
            "command": "transfer.reject",
            "member": STAYER,
            "by": "B03",
            "reason": "所在商户不在本联合党支部的单位之内",
        },
    )


def _probation(world: History) -> None:
    decided, approved = date(2023, 6, 14), date(2023, 7, 4)
    reviewed, restored = date(2024, 7, 5), date(2024, 7, 19)
    world.add(
        decided,
        {
            "command": "member.discipline",
            "member": SANCTIONED,
            "meeting": world.meeting("B02", decided, "assembly"),
            "sanction": "probation",
            "months": 12,
            "matter": "违反廉洁纪律",
            "yes": -1,
        },
    )
    world.add(approved, {"command": "member.approve", "member": SANCTIONED, "body": APPROVER})
    world.add(
        reviewed,
        {
            "command": "member.review-sanction",
            "member": SANCTIONED,
            "meeting": world.meeting("B02", reviewed, "assembly"),
            "outcome": "restore",
            "yes": -1,
        },
    )
    world.add(restored, {"command": "member.approve", "member": SANCTIONED, "body": APPROVER})
    _end_vote(world, "B02", SANCTIONED, approved)
    world.voters["B02"].append((SANCTIONED, restored, None))


def _dues(world: History) -> None:
    """The village branch collects dues by the quarter, on the 10th of its first month."""
    for year, quarter in [(2025, q) for q in range(1, 5)] + [(2026, q) for q in range(1, 4)]:
        first = 3 * quarter - 2
        paid = date(year, first, 10)
        span = f"{year}-{first:02d}:{year}-{first + 2:02d}"
        for number in DUES_PAYERS:
            world.add(
                paid,
                {"command": "member.pay-dues", "member": number, "amount": "30.00", "months": span},
            )
    world.add(
        date(2025, 1, 10),
        {
            "command": "member.pay-dues",
            "member": LAPSED,
            "amount": "30.00",
            "months": "2025-01:2025-03",
        },
    )


def _lapse(world: History) -> None:
    """Six months without dues: the assembly removes the member, the township approves."""
    decided, approved = date(2025, 10, 14), date(2025, 10, 30)
    world.add(
        decided,
        {
            "command": "member.remove",
            "member": LAPSED,
            "meeting": world.meeting("V01", decided, "assembly"),
            "basis": "self-withdrawal",
            "grounds": "dues",
            "matter": "连续六个月不交纳党费",
            "yes": -1,
        },
    )
    world.add(approved, {"command": "member.approve", "member": LAPSED, "body": APPROVER})
    _end_vote(world, "V01", LAPSED, approved)


def _end_vote(world: History, branch: str, number: str, on: date) -> None:
    """The member stops voting in the branch from a date (moved, sanctioned or removed)."""
    world.voters[branch] = [
        (n, start, on if n == number and end is None else end)
        for n, start, end in world.voters[branch]
    ]
