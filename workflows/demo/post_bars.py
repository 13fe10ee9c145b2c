"""A later chapter of the demo: a committee member removed from party posts is put up for the
seat again within the bar, and refused (DC art. 11).

B01's propaganda member is removed from posts by the assembly in June 2025 and the township
approves it in July; the seat falls vacant. At the by-election in September the branch first
puts the removed member up again, which the rulebook refuses (a seat is equal to the seat
held, and the bar runs 24 months), then fills the seat from two other members.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from branchbook.domain.meeting import default_code

if TYPE_CHECKING:
    from branchbook.workflows.demo.world import History

BRANCH = "B01"
REMOVED = "B0104"  # the committee's propaganda member since the 2025 change of term
CANDIDATES = ("B0106", "B0107")  # who stand for the seat instead
DECIDED, APPROVED, BY_ELECTION = date(2025, 6, 25), date(2025, 7, 8), date(2025, 9, 23)


def chapter(world: History) -> None:
    """Add the removal from posts and the by-election, refused and then held."""
    present = _assembly(world, DECIDED, note="纪律处分")
    world.add(
        DECIDED,
        {
            "command": "member.discipline",
            "member": REMOVED,
            "meeting": default_code(BRANCH, DECIDED, "assembly"),
            "sanction": "post-removal",
            "matter": "违反工作纪律，造成不良影响",
            "yes": len(present),
        },
    )
    world.add(APPROVED, {"command": "member.approve", "member": REMOVED, "body": "TC01"})
    present = _assembly(world, BY_ELECTION, note="补选支部委员")
    for candidates in ((REMOVED, CANDIDATES[0]), CANDIDATES):
        world.add(
            BY_ELECTION,
            {
                "command": "branch.elect",
                "branch": BRANCH,
                "meeting": default_code(BRANCH, BY_ELECTION, "assembly"),
                "by-election": True,
                "seats": 1,
                "candidates": list(candidates),
                "issued": len(present),
                "returned": len(present),
                "votes": {candidates[0]: len(present) - 1, candidates[1]: 1},
                "elected": [candidates[0]],
                "doc": f"{BRANCH} 补选报告",
            },
        )


def _assembly(world: History, on: date, *, note: str) -> list[str]:
    """An assembly every voting member attends; who was present."""
    present = world.voting(BRANCH, on)
    world.add(
        on,
        {
            "command": "meeting.hold",
            "branch": BRANCH,
            "kind": "assembly",
            "present": present,
            "chair": present[0],
            "note": note,
        },
        order=6,
    )
    return present
