"""The branch where a member takes part without the relation reports on their participation to
the branch that holds it (S000 art. 10(9)): only a branch they took part in, and not their own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from branchbook.domain import ids
from branchbook.domain.participation import Participation
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.store.app import BranchBook


def cmd(command: str, on: str, **values: Any) -> dict[str, Any]:
    return {"command": command, "date": on, **{k.replace("_", "-"): v for k, v in values.items()}}


def report(on: str, branch: str, matter: str = "2024 民主评议: 合格") -> dict[str, Any]:
    return cmd("member.report-participation", on, member="F1", branch=branch, matter=matter)


SETTING = [
    cmd("org.add", "2015-01-01", code="TC01", name="党委", kind="committee",
        approves_admissions=True),
    *(cmd("branch.found", "2015-01-01", code=c, name=c, kind=k, parent="TC01", full_members=3)
      for c, k in (("B01", "regular"), ("B09", "regular"), ("M01", "mobile-member"))),
    cmd("member.enrol", "2015-01-02", member="F1", name="党员1", birth="1970-01-01",
        branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01"),
    cmd("member.participate", "2024-01-15", member="F1", branch="M01", basis="mobile"),
]  # fmt: skip


def record(recorder: Recorder, *lines: dict[str, Any]) -> list[Outcome]:
    return list(recorder.record_many(Item(n, line) for n, line in enumerate(lines, start=1)))


@pytest.fixture
def book(recorder: Recorder) -> Recorder:
    """F1's relation in B01; F1 takes part in the mobile-member branch M01 from 2024-01-15."""
    outcomes = record(recorder, *SETTING)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]
    return recorder


def stored(app: BranchBook) -> Participation:
    found = app.find(ids.participation_id("F1"))
    assert isinstance(found, Participation)
    return found


def test_the_inflow_branch_reports_to_the_relation_branch(book: Recorder, app: BranchBook) -> None:
    (outcome,) = record(book, report("2024-12-20", "M01"))
    assert outcome.accepted, outcome
    assert stored(app).reports == [(date(2024, 12, 20), "M01", "B01")]
    reported: Any = list(app.events.get(ids.participation_id("F1")))[-1]
    assert isinstance(reported, Participation.Reported)
    assert (reported.to, reported.matter) == ("B01", "2024 民主评议: 合格")


def test_a_report_from_the_first_day_of_taking_part_and_not_before(book: Recorder) -> None:
    before, on_the_day = record(book, report("2024-01-14", "M01"), report("2024-01-15", "M01"))
    assert (before.status, before.rule) == ("rejected", "mobility.inflow_report")
    assert "has not taken part in M01 by 2024-01-14" in (before.message or "")
    assert on_the_day.accepted, on_the_day


def test_a_report_after_the_participation_ended_still_goes_to_the_relation(
    book: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        book,
        cmd("member.participate-end", "2024-11-30", member="F1", branch="M01"),
        report("2025-01-10", "M01"),
    )
    assert all(o.accepted for o in outcomes), outcomes
    assert stored(app).reports[-1][2] == "B01"


def test_a_branch_the_member_never_took_part_in_does_not_report(book: Recorder) -> None:
    (outcome,) = record(book, report("2024-12-20", "B09"))
    assert (outcome.status, outcome.rule) == ("rejected", "mobility.inflow_report")


def test_the_relation_branch_does_not_report_to_itself(book: Recorder, app: BranchBook) -> None:
    before = len(stored(app).reports)
    (outcome,) = record(book, report("2024-12-20", "B01"))
    assert (outcome.status, outcome.rule) == ("rejected", "mobility.inflow_report")
    assert "B01 holds F1's relation" in (outcome.message or "")
    assert len(stored(app).reports) == before


def test_a_branch_not_in_the_record_is_not_found(book: Recorder) -> None:
    (outcome,) = record(book, report("2024-12-20", "X01"))
    assert outcome.status == "not-found"
