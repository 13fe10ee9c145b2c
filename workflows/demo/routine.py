"""The demo's routine branch life in its last whole year: the meetings an auditor checks.

B01 and V01 keep the calendar of the recurring obligations (docs/rules.md, "Obligations") through
REPORT_YEAR — a general assembly each quarter, committee meetings and theme days each month, a
lecture each quarter, the organisational life meeting and the democratic evaluation in December —
except that V01 lets the first quarter without a decision to take pass with no general assembly,
which the compliance report finds. The other branches keep no routine calendar, and the report says
so.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchbook.workflows.demo.world import History

REPORT_YEAR = 2025
SKIPS_A_QUARTER = "V01"  # holds no general assembly in its first quarter without a decision
ROUTINE = ("B01", "V01")
EXCELLENT_SHARE = 0.15


def routine_life(world: History) -> None:
    """Add the routine meetings of REPORT_YEAR to the world's meetings and steps."""
    for branch in ROUTINE:
        held = {
            _quarter(on)
            for on, where, kind in world.meetings.values()
            if where == branch and kind == "assembly" and on.year == REPORT_YEAR
        }
        free = [q for q in range(1, 5) if q not in held]
        if branch == SKIPS_A_QUARTER:
            free = free[1:]
        for quarter in free:
            world.meeting(branch, date(REPORT_YEAR, 3 * quarter - 1, 20), "assembly")
        for month in range(1, 13):
            world.meeting(branch, date(REPORT_YEAR, month, 10), "theme-day")
            if world.committee_on(branch, date(REPORT_YEAR, month, 1)):
                world.meeting(branch, date(REPORT_YEAR, month, 5), "committee")
        for quarter in range(1, 5):
            world.meeting(branch, date(REPORT_YEAR, 3 * quarter, 12), "lecture")
        world.meeting(branch, date(REPORT_YEAR, 12, 18), "org-life")
        _evaluation(world, branch, date(REPORT_YEAR, 12, 22))


def _evaluation(world: History, branch: str, on: date) -> None:
    """The democratic evaluation: no more than 15% excellent, the rest qualified."""
    code = world.meeting(branch, on, "evaluation")
    rated = world.voting(branch, on - timedelta(days=1))
    excellent = rated[: int(len(rated) * EXCELLENT_SHARE)]
    world.add(
        on,
        {
            "command": "meeting.rate",
            "meeting": code,
            "excellent": excellent,
            "qualified": [n for n in rated if n not in excellent],
        },
    )


def _quarter(on: date) -> int:
    return (on.month - 1) // 3 + 1
