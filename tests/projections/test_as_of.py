"""The member state on a date: the row of the highest position among those in effect by then,
so that a step recorded later with an earlier date counts after the steps recorded before it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import create_engine, insert

from branchbook.projections.members.as_of import (
    first_effective,
    latest_effective,
    members_on,
    states_on,
)
from branchbook.projections.storage.tables import audit, member_states, members, metadata


def state(
    position: int, effective: date, status: str, branch: str = "B1", **more: Any
) -> dict[str, Any]:
    return {
        "position": position, "member": "M1", "effective": effective, "branch": branch,
        "status": status, "since": effective, "enrolled": True, "training_days": 0,
        "training_hours": 0, "introducers": "[]", "extensions": "[]", "probation_months": 0,
        "rights_suspended": False, "full_since": None, "rect_deadline": None, **more,
    }  # fmt: skip


def test_the_highest_position_in_effect_wins_not_the_latest_effective_date() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(members),
            {"id": "x", "number": "M1", "name": "党员", "birth": date(1980, 1, 1),
             "branch": "B1", "status": "suspended", "since": date(2020, 3, 1)},
        )  # fmt: skip
        conn.execute(
            insert(member_states),
            [
                state(10, date(2020, 1, 1), "full", full_since=date(2010, 1, 1)),
                state(20, date(2020, 5, 1), "full", branch="B2"),
                # Recorded after the move, dated before it.
                state(30, date(2020, 3, 1), "suspended", rect_deadline=date(2020, 9, 1)),
            ],
        )
    with engine.connect() as conn:
        assert members_on(conn, date(2019, 12, 31)) == []
        (jan,) = members_on(conn, date(2020, 2, 29))
        assert (jan.status, jan.branch, jan.full_since) == ("full", "B1", date(2010, 1, 1))
        (march,) = states_on(conn, date(2020, 3, 1))
        assert (march.view.status, march.row["rect_deadline"]) == ("suspended", date(2020, 9, 1))
        (june,) = members_on(conn, date(2020, 6, 1))
        assert (june.status, june.branch) == ("suspended", "B1")
        assert (june.number, june.name, june.birth) == ("M1", "党员", date(1980, 1, 1))
        assert members_on(conn, date(2020, 6, 1), "B2") == []
        assert [m.number for m in members_on(conn, date(2020, 6, 1), "B1")] == ["M1"]
        assert (latest_effective(conn), first_effective(conn)) == (None, None)
        step = {"aggregate": "member", "kind": "member.membership-suspended", "subject": "M1",
                "recorded_at": datetime(2020, 6, 1, tzinfo=UTC), "actor": "t",
                "rulebook": "S000", "warnings": "[]", "details": "{}"}  # fmt: skip
        conn.execute(insert(audit), {"position": 30, "effective": date(2020, 3, 1), **step})
        assert (latest_effective(conn), first_effective(conn)) == (date(2020, 3, 1),) * 2
        # A step a correction voided no longer counts.
        conn.execute(
            insert(audit),
            {"position": 31, "effective": date(2021, 1, 1), "corrected_by": 32, **step},
        )
        assert latest_effective(conn) == date(2020, 3, 1)
