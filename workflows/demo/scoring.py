"""The demo's scoring chapter: the township's on-site evaluation of B01 for 2025 on the S003
table, and the S002 points of four of its members for 2025.

The evaluator scores the items the record cannot know and 三会一课 (the branch holds no
party-group meetings), gives the notice board as three updates, and leaves the rest (theme
days, talks, organisational life, training hours, democratic evaluation, 换届 on time) to
the record.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from branchbook.domain.eval_table import EVALUATOR, ITEMS
from branchbook.workflows.demo.world import History

BRANCH = "B01"
YEAR = 2025
EVALUATED = date(2026, 1, 20)
# The items the evaluator gives short of their points, and what they give.
SHORT = {
    "3.5": Decimal("1.5"),  # integrity education
    "4.1": Decimal(9),  # ▲ 三会一课: no party-group meetings (2 points) held
    "5.4": Decimal("1.5"),  # ▲ dues reported in three quarters of four
    "6.8": Decimal(1),  # corporate culture
    "8.4": Decimal(0),  # no promotional video
}
# The points of four full members: category, individual, group, annual evaluation.
POINTS = (
    ("A", "92", "88", "90"),
    ("C", "85.5", "88", "80"),
    ("C", "78", "88", "75"),
    ("B", "90", "82", "85"),
)


def chapter(world: History) -> None:
    given = {i.id: SHORT.get(i.id, i.points) for i in ITEMS if i.scored == EVALUATOR}
    given["4.1"] = SHORT["4.1"]
    world.add(
        EVALUATED,
        {
            "command": "evaluation.record",
            "branch": BRANCH,
            "year": YEAR,
            "score": ",".join(f"{item}={points}" for item, points in given.items()),
            "notice-board": 3,
            "from-record": True,
            "doc": "城关镇党委 2025 年度党组织规范化建设考评表",
        },
    )
    full = sorted(n for n, since in world.full[BRANCH] if since < date(YEAR, 1, 1))
    for number, (category, individual, group, annual) in zip(full, POINTS, strict=False):
        world.add(
            date(YEAR, 12, 28),
            {
                "command": "points.record",
                "member": number,
                "year": YEAR,
                "category": category,
                "individual": individual,
                "group": group,
                "annual": annual,
            },
        )
