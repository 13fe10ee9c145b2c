"""Fewer seats instead of a by-election (EL90 art. 22): the assembly whose election left seats
unfilled reduces them with the consent of more than half of the electors present."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_version
from branchbook.domain.leadership import Office
from branchbook.projections.branches.view import branch_view
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.store.app import BranchBook

MEETING = "C01-2024-03-01-assembly"
LATER = "C01-2024-03-20-assembly"
VOTERS = [f"C{i}" for i in range(1, 10)]


def cmd(command: str, on: str, **values: Any) -> dict[str, Any]:
    return {"command": command, "date": on, **{k.replace("_", "-"): v for k, v in values.items()}}


def elect(seats: int, votes: dict[str, int]) -> dict[str, Any]:
    return cmd(
        "branch.elect", "2024-03-01", branch="C01", meeting=MEETING, seats=seats,
        candidates=list(votes), issued=9, returned=9, votes=votes,
    )  # fmt: skip


def reduce(seats: int, yes: int, on: str = "2024-03-01", meeting: str = MEETING) -> dict[str, Any]:
    return cmd("branch.reduce-seats", on, branch="C01", meeting=meeting, seats=seats, yes=yes)


SETTING = [
    cmd("org.add", "2015-01-01", code="TC01", name="党委", kind="committee",
        approves_admissions=True),
    cmd("branch.found", "2015-01-01", code="C01", name="C01", kind="regular", parent="TC01",
        full_members=9),
    *(cmd("member.enrol", "2015-01-02", member=n, name=f"党员{n}", birth="1970-01-01",
          branch="C01", status="full", admitted="2000-01-01", full_since="2001-01-01")
      for n in VOTERS),
    cmd("meeting.hold", "2024-03-01", branch="C01", kind="assembly", present=",".join(VOTERS),
        chair="C1"),
]  # fmt: skip

# Four of five seats filled: C5 and C6 have no majority of the nine present.
FOUR_OF_FIVE = {"C1": 9, "C2": 9, "C3": 8, "C4": 8, "C5": 3, "C6": 2}


def record(recorder: Recorder, *lines: dict[str, Any]) -> list[Outcome]:
    return list(recorder.record_many(Item(n, line) for n, line in enumerate(lines, start=1)))


@pytest.fixture
def book(recorder: Recorder) -> Recorder:
    """C01 with nine full members, all present at the assembly of 2024-03-01."""
    outcomes = record(recorder, *SETTING)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]
    return recorder


def office(app: BranchBook, on: date = date(2024, 3, 1)) -> Office:
    branch = app.find(ids.branch_id("C01"))
    assert isinstance(branch, Branch)
    found = branch.office_on(on)
    assert found is not None
    return found


def test_a_majority_of_the_electors_present_reduces_the_unfilled_seat(
    book: Recorder, app: BranchBook
) -> None:
    outcomes = record(book, elect(5, FOUR_OF_FIVE))
    assert outcomes[0].accepted, outcomes[0]
    assert len(office(app).vacancies) == 1
    (outcome,) = record(book, reduce(4, yes=5))
    assert outcome.accepted, outcome
    reduced = office(app)
    assert (reduced.seats, reduced.vacancies, reduced.members) == (4, (), ("C1", "C2", "C3", "C4"))
    assert reduced.term is not None
    assert reduced.term.start == date(2024, 3, 1)


def test_the_views_show_the_reduced_seats_and_no_vacancy(book: Recorder, app: BranchBook) -> None:
    assert all(o.accepted for o in record(book, elect(5, FOUR_OF_FIVE), reduce(4, yes=5)))
    CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, 1000).run()
    with app.engine.connect() as conn:
        before = branch_view(conn, "C01", date(2024, 2, 29), builtin_version())
        after = branch_view(conn, "C01", date(2024, 3, 1), builtin_version())
    assert before is not None
    assert after is not None
    shown = after.as_dict()["leadership"]
    assert (shown["seats"], shown["vacancies"]) == (4, [])
    assert before.as_dict()["leadership"] is None


def test_half_of_the_electors_present_is_not_a_majority(book: Recorder, app: BranchBook) -> None:
    record(book, elect(5, FOUR_OF_FIVE))
    (outcome,) = record(book, reduce(4, yes=4))
    assert (outcome.status, outcome.rule) == ("rejected", "election.seat_reduction")
    assert "4 of the 9 electors present" in (outcome.message or "")
    assert office(app).seats == 5


def test_only_the_seats_left_unfilled_are_reduced(book: Recorder) -> None:
    record(book, elect(5, FOUR_OF_FIVE))
    (outcome,) = record(book, reduce(3, yes=9))
    assert (outcome.status, outcome.rule) == ("rejected", "record.leadership_step")


def test_a_reduction_without_unfilled_seats_is_refused(book: Recorder) -> None:
    record(book, elect(3, {"C1": 9, "C2": 9, "C3": 8, "C4": 1}))
    (outcome,) = record(book, reduce(2, yes=9))
    assert (outcome.status, outcome.rule) == ("rejected", "record.leadership_step")


def test_a_reduction_at_a_later_assembly_is_refused(book: Recorder) -> None:
    record(book, elect(5, FOUR_OF_FIVE))
    later = cmd("meeting.hold", "2024-03-20", branch="C01", kind="assembly",
                present=",".join(VOTERS), chair="C1")  # fmt: skip
    outcomes = record(book, later, reduce(4, yes=9, on="2024-03-20", meeting=LATER))
    assert outcomes[0].accepted
    assert (outcomes[1].status, outcomes[1].rule) == ("rejected", "record.leadership_step")


def test_a_committee_is_not_reduced_below_three(book: Recorder) -> None:
    record(book, elect(3, {"C1": 9, "C2": 9, "C3": 2, "C4": 1}))
    (outcome,) = record(book, reduce(2, yes=9))
    assert (outcome.status, outcome.rule) == ("rejected", "branch.committee_size")


def test_the_reduction_is_decided_by_the_assembly_not_the_committee(book: Recorder) -> None:
    record(book, elect(5, FOUR_OF_FIVE))
    committee = cmd("meeting.hold", "2024-03-01", branch="C01", kind="committee",
                    present="C1,C2,C3,C4", chair="C1", code="C01-2024-03-01-c")  # fmt: skip
    outcomes = record(book, committee, reduce(4, yes=4, meeting="C01-2024-03-01-c"))
    assert outcomes[0].accepted, outcomes[0]
    assert (outcomes[1].status, outcomes[1].rule) == ("rejected", "election.body")


def test_after_the_reduction_no_by_election_is_due(book: Recorder) -> None:
    record(book, elect(5, FOUR_OF_FIVE), reduce(4, yes=5))
    later = cmd("meeting.hold", "2024-04-01", branch="C01", kind="assembly",
                present=",".join(VOTERS), chair="C1")  # fmt: skip
    by_election = cmd(
        "branch.elect", "2024-04-01", branch="C01", meeting="C01-2024-04-01-assembly", seats=1,
        candidates=["C5"], issued=9, returned=9, votes={"C5": 9}, by_election=True,
    )  # fmt: skip
    outcomes = record(book, later, by_election)
    assert (outcomes[1].status, outcomes[1].rule) == ("rejected", "record.leadership_step")


FIVE = VOTERS[:5]
SMALL = [
    cmd("org.add", "2015-01-01", code="TC01", name="党委", kind="committee",
        approves_admissions=True),
    cmd("branch.found", "2015-01-01", code="C01", name="C01", kind="regular", parent="TC01",
        full_members=5),
    *(cmd("member.enrol", "2015-01-02", member=n, name=f"党员{n}", birth="1970-01-01",
          branch="C01", status="full", admitted="2000-01-01", full_since="2001-01-01")
      for n in FIVE),
    cmd("meeting.hold", "2024-03-01", branch="C01", kind="assembly", present=",".join(FIVE),
        chair="C1"),
    cmd("branch.elect", "2024-03-01", branch="C01", meeting=MEETING, seats=1,
        candidates=["C1", "C2"], issued=5, returned=5, votes={"C1": 2, "C2": 2}),
]  # fmt: skip


def test_the_secretary_s_seat_is_never_reduced_away(recorder: Recorder, app: BranchBook) -> None:
    outcomes = record(recorder, *SMALL)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]
    assert office(app).seats == 1
    (none,) = record(recorder, reduce(0, 5))
    assert (none.status, none.rule) == ("rejected", "record.leadership_step"), none.message
    assert "secretary's seat" in (none.message or "")
    assert office(app).seats == 1
