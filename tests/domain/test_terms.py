"""Terms of office and vacancies: length, advancement, extension, by-elections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from branch_support import (
    FIRST,
    STRANGER,
    TERM_END,
    branch_book,
    change_term,
    committee_of_five,
    election,
    last_event,
    office,
    refused_election,
)
from pipeline_support import (
    Book,
    amended,
    full_numbers,
    names,
    rejected,
    step,
    warned,
)

from branchbook.domain.branch import BranchKind
from branchbook.domain.leadership import Structure, Term
from branchbook.domain.wording import counted

F = full_numbers(10)

# --- terms (S000 art. 21; PC art. 31; EL art. 3) -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "end"),
    [(BranchKind.REGULAR, date(2018, 3, 2)), (BranchKind.VILLAGE_COMMUNITY, date(2020, 3, 2))],
)
def test_a_term_lasts_three_years_or_five_in_villages_and_communities(
    kind: BranchKind, end: date
) -> None:
    b = branch_book(9, kind=kind)

    election(b)

    term = office(b, FIRST).term
    assert term is not None
    assert (term.start, term.end) == (FIRST, end)
    assert last_event(b.branch).term_years == (end.year - FIRST.year)


def test_a_term_outside_three_to_five_years_is_refused() -> None:
    b = branch_book(9, version=amended({"branch.term_years": {"default": 6}}))

    err = refused_election("branch.term_range", b)

    assert err.facts["years"] == 6


def test_a_change_of_term_before_the_term_ends_needs_an_approved_advancement() -> None:
    b = committee_of_five()
    early = TERM_END - timedelta(days=1)

    meeting = b.hold(early, F[:9])
    err = rejected("branch.term_advance", lambda: election(b, on=early, meeting=meeting), b.branch)

    assert (err.facts["earliest"], err.facts["advanced"]) == (TERM_END, 0)
    names(err, "no advancement was approved")
    election(b, on=TERM_END)
    assert last_event(b.branch).kind == "change-of-term"
    assert office(b, TERM_END).term == Term(TERM_END, 3)


def test_an_approved_advancement_of_twelve_months_allows_the_change_a_year_early() -> None:
    b = committee_of_five()
    change_term(b, "advance", 12)
    earliest = date(2017, 3, 2)

    meeting = b.hold(earliest - timedelta(days=1), F[:9])
    rejected(
        "branch.term_advance",
        lambda: election(b, on=earliest - timedelta(days=1), meeting=meeting),
        b.branch,
    )
    chosen, _ = election(b, on=earliest)

    assert (chosen, warned(b.branch)) == (F[:5], [])


@pytest.mark.parametrize("change", ["advance", "extend"])
@pytest.mark.parametrize("before", [0, 12], ids=["at-once", "after-twelve"])
def test_a_term_is_advanced_or_extended_by_at_most_twelve_months_in_all(
    change: str, before: int
) -> None:
    b = committee_of_five()
    if before:
        change_term(b, change, before)

    err = rejected("branch.term_change", lambda: change_term(b, change, 13 - before), b.branch)

    assert (err.facts["change"], err.facts["months"], err.facts["total"]) == (
        change,
        13 - before,
        13,
    )


def test_only_an_organisation_above_the_branch_changes_its_term() -> None:
    b = committee_of_five()

    rejected("record.body_above", lambda: change_term(b, "extend", 6, approver=STRANGER), b.branch)


@pytest.mark.parametrize(
    ("extension", "on", "warnings"),
    [
        (0, TERM_END, []),
        (0, TERM_END + timedelta(days=1), ["branch.term_overdue"]),
        (12, date(2019, 3, 2), []),
        (12, date(2019, 3, 3), ["branch.term_overdue"]),
    ],
)
def test_a_change_of_term_after_the_term_and_any_extension_is_warned_as_overdue(
    extension: int, on: date, warnings: list[str]
) -> None:
    b = committee_of_five()
    if extension:
        change_term(b, "extend", extension)

    election(b, on=on)

    assert warned(b.branch) == warnings


def opening_entry(b: Book, *, term_start: date, on: date = FIRST) -> None:
    b.branch.enter_leadership(
        members=F[:5],
        secretary="F1",
        deputy="F2",
        roles={"organisation": "F3"},
        term_start=term_start,
        step=step(on),
        judge=b.judge(),
    )


def test_an_opening_entry_carries_the_term_in_office_when_the_record_begins() -> None:
    b = branch_book(9)
    began = date(2014, 6, 1)

    opening_entry(b, term_start=began)

    held = office(b, FIRST)
    assert (held.structure, held.secretary, held.deputy) == (Structure.COMMITTEE, "F1", "F2")
    assert held.term == Term(began, 3)
    end = date(2017, 6, 1)
    meeting = b.hold(end - timedelta(days=1), F[:9])
    rejected(
        "branch.term_advance",
        lambda: election(b, on=end - timedelta(days=1), meeting=meeting),
        b.branch,
    )
    election(b, on=end)
    assert last_event(b.branch).kind == "change-of-term"


def test_an_opening_entry_is_not_dated_before_its_term_began() -> None:
    b = branch_book(9)

    err = rejected(
        "record.step_order",
        lambda: opening_entry(b, term_start=FIRST + timedelta(days=1)),
        b.branch,
    )

    assert err.facts["after"] == FIRST + timedelta(days=1)


# --- vacancies and by-elections (S000 art. 21) -------------------------------------------------

VACATED = date(2016, 1, 10)


def vacate(b: Book, member: str = "F3", on: date = VACATED) -> None:
    b.branch.vacate(member=member, reason="transferred", step=step(on), judge=b.judge())


def by_election(b: Book, on: date) -> None:
    """Fill one vacant seat: F6 elected by everyone, F7 standing too."""
    election(b, on=on, seats=1, by_election=True, candidates=["F6", "F7"])


def test_a_vacated_seat_is_filled_by_a_by_election_and_the_term_runs_on() -> None:
    b = committee_of_five()
    vacate(b)
    assert office(b, VACATED).members == ("F1", "F2", "F4", "F5")
    on = VACATED + timedelta(days=30)

    by_election(b, on)

    held = office(b, on)
    assert (held.members, held.vacancies) == (("F1", "F2", "F4", "F5", "F6"), ())
    assert held.term is not None
    assert held.term.start == FIRST
    assert last_event(b.branch).kind == "by-election"


def test_a_by_election_fills_no_more_seats_than_are_vacant() -> None:
    b = committee_of_five()
    vacate(b)
    on = VACATED + timedelta(days=30)
    meeting = b.hold(on, F[:9])

    err = rejected(
        "record.leadership_step",
        lambda: election(b, on=on, seats=2, by_election=True, meeting=meeting),
        b.branch,
    )

    names(err, "2 seats", "1 vacant seat")


@pytest.mark.parametrize("vacancy", [False, True], ids=["no-leadership", "vacancy"])
def test_a_by_election_for_no_seat_is_refused(vacancy: bool) -> None:
    b = branch_book(9)
    if vacancy:
        election(b)
        vacate(b)
    on = VACATED + timedelta(days=30)
    meeting = b.hold(on, F[:9])

    err = rejected(
        "record.leadership_step",
        lambda: election(b, on=on, seats=0, by_election=True, votes={}, meeting=meeting),
        b.branch,
    )

    names(err, "0 seats", counted(int(vacancy), "vacant seat"))


@pytest.mark.parametrize(("days", "warnings"), [(90, []), (91, ["branch.vacancy_fill"])])
def test_a_by_election_more_than_ninety_days_after_the_vacancy_is_warned(
    days: int, warnings: list[str]
) -> None:
    b = committee_of_five()
    vacate(b)

    by_election(b, VACATED + timedelta(days=days))

    assert warned(b.branch) == warnings


def test_only_a_seated_member_vacates_a_seat() -> None:
    b = committee_of_five()

    rejected("record.leadership_step", lambda: vacate(b, member="F9"), b.branch)


def test_leadership_steps_are_recorded_in_date_order() -> None:
    b = committee_of_five()

    err = rejected("record.step_order", lambda: vacate(b, on=FIRST - timedelta(days=1)), b.branch)

    assert err.facts["after"] == FIRST
