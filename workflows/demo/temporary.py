"""A later chapter of the demo: the temporary project branch as S000 art. 8 runs it.

The township, which set up B04, appoints as its secretary B0207, a B02 member who has taken
part there since 2021 with the relation left in B02, and keeps B0401 as deputy; at the end
of the year B04 reports on B0207's part in its life to B02, the branch that holds the relation.
"""

from __future__ import annotations

from datetime import date

from branchbook.workflows.demo.cases import TAKES_PART
from branchbook.workflows.demo.world import TOWNSHIP, History

TEMPORARY = "B04"
DEPUTY = "B0401"  # its secretary until now, on the roll it was set up with
APPOINTED = date(2025, 3, 3)
REPORTED = date(2025, 12, 22)


def chapter(world: History) -> None:
    """Add the appointment from those taking part, and the report to the relation branch."""
    world.add(
        APPOINTED,
        {
            "command": "branch.appoint",
            "branch": TEMPORARY,
            "body": TOWNSHIP,
            "secretary": TAKES_PART,
            "deputy": DEPUTY,
            "doc": "城党〔2025〕9号",
        },
    )
    world.add(
        REPORTED,
        {
            "command": "member.report-participation",
            "member": TAKES_PART,
            "branch": TEMPORARY,
            "matter": "2025年度在新城项目临时党支部参加组织生活、学习和培养积极分子的情况",
        },
    )
