"""The branch views tests' journal: four branches of every kind and leadership, recorded and
caught up, and the views read back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.branches.view import BranchView, branch_view
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

VERSION = builtin_rulebook().in_force(date(2020, 1, 1))


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def enrol(on: str, branch: str, numbers: list[str], status: str = "full") -> list[str]:
    dates = (
        {"admitted": "2000-01-01", "full_since": "2001-01-01"}
        if status == "full"
        else {"admitted": "2014-12-01"}
    )
    return [
        line("member.enrol", date=on, member=n, name=f"党员 {n}", birth="1970-01-01",
             branch=branch, status=status, **dates)
        for n in numbers
    ]  # fmt: skip


# S01: a secretary and deputy (term 2015-01-03 to 2018-01-03); two more full members make
# seven on 2016-01-02; the deputy leaves on 2016-02-01.
SECRETARY_ONLY = [
    line("org.add", date="2014-01-01", code="TC", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("org.add", date="2014-01-01", code="GB", name="机关党总支", kind="general-branch",
         parent="TC"),
    line("branch.found", date="2015-01-01", code="S01", name="秘书支部", kind="regular",
         parent="GB", full_members=5, approved_by="TC"),
    *enrol("2015-01-02", "S01", [f"S{i}" for i in range(1, 6)]),
    line("branch.leadership", date="2015-01-03", branch="S01", secretary="S1", deputy="S2"),
    *enrol("2016-01-02", "S01", ["S6", "S7"]),
    line("branch.vacate", date="2016-02-01", branch="S01", member="S2", reason="transfer"),
]  # fmt: skip

# V01: a village branch (five-year term) with a probationary member; V3's rights suspended.
VILLAGE = [
    line("branch.found", date="2015-02-01", code="V01", name="村支部", kind="village-community",
         parent="TC", full_members=3),
    *enrol("2015-02-02", "V01", ["V1", "V2", "V3"]),
    *enrol("2015-02-02", "V01", ["V4"], status="probationary"),
    line("branch.leadership", date="2015-03-01", branch="V01", secretary="V1"),
    line("member.suspend-rights", date="2017-01-01", member="V3", reason="detained"),
]  # fmt: skip

# C01: nine full members elect a committee of three; the committee elects its officers, who
# await approval until 2016-04-01; the term is extended by six months in 2018.
COMMITTEE = [
    line("branch.found", date="2016-01-01", code="C01", name="委员会支部", kind="regular",
         parent="GB", full_members=9),
    *enrol("2016-01-02", "C01", [f"C{i}" for i in range(1, 10)]),
    line("meeting.hold", date="2016-03-01", branch="C01", kind="assembly",
         present="C1,C2,C3,C4,C5,C6,C7,C8", chair="C1"),
    line("branch.elect", date="2016-03-01", branch="C01", meeting="C01-2016-03-01-assembly",
         seats=3, candidates="C1,C2,C3,C4", issued=8, returned=8, votes="C1=8,C2=7,C3=6,C4=2",
         elected="C1,C2,C3"),
    line("meeting.hold", date="2016-03-02", branch="C01", kind="committee", present="C1,C2,C3",
         chair="C1"),
    line("branch.elect-officers", date="2016-03-02", branch="C01",
         meeting="C01-2016-03-02-committee", secretary="C1", deputy="C2",
         roles="organisation=C3,propaganda=C2,discipline=C3"),
    line("branch.approve-officers", date="2016-04-01", branch="C01", body="GB"),
    line("branch.term", date="2018-06-01", branch="C01", change="extend", months=6, body="TC"),
]  # fmt: skip

# T01: a temporary branch whose secretary the township committee appoints; it has no term.
# Its roll is the one it was set up with, entered on its founding day.
TEMPORARY = [
    line("branch.found", date="2016-05-01", code="T01", name="临时支部", kind="temporary",
         parent="TC", full_members=3),
    *enrol("2016-05-01", "T01", ["T1", "T2", "T3"]),
    line("branch.appoint", date="2016-05-03", branch="T01", body="TC", secretary="T1"),
]  # fmt: skip

JOURNAL = SECRETARY_ONLY + VILLAGE + COMMITTEE + TEMPORARY
BRANCHES = ("S01", "V01", "C01", "T01")


def record(recorder: Recorder, lines: list[str]) -> None:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert [o.message for o in outcomes if not o.accepted] == []


def views_of(app: BranchBook, page_size: int = 1000) -> CatchUp:
    return CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size)


@contextmanager
def caught_up(recorder: Recorder, app: BranchBook) -> Iterator[Connection]:
    """A connection to views caught up with the whole journal."""
    record(recorder, JOURNAL)
    views_of(app).run()
    with app.engine.connect() as connection:
        yield connection


def show(conn: Connection, code: str, on: str, version: RulebookVersion = VERSION) -> BranchView:
    view = branch_view(conn, code, date.fromisoformat(on), version)
    assert view is not None
    return view


def rules_of(view: BranchView) -> list[str]:
    return [f.rule for f in view.findings]
