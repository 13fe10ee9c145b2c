"""Branch structure: founding, size, committee or secretary, officers, dissolution."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from branch_support import (
    FIRST,
    FOUNDED,
    PRIMARY,
    STRANGER,
    TOWN,
    branch_book,
    change_term,
    committee_meeting,
    committee_of_five,
    election,
    last_event,
    office,
    officers,
    refused_election,
)
from pipeline_support import (
    ADMITTED,
    BUILTIN,
    Book,
    admit,
    enrol,
    full_numbers,
    names,
    ready,
    rejected,
    step,
    warned,
)

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.leadership import Structure
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge, RuleViolation

F = full_numbers(10)


def found(
    *,
    full: int | None = 3,
    kind: BranchKind = BranchKind.REGULAR,
    units: tuple[str, ...] = (),
    requested: date | None = None,
    approver: Body = PRIMARY,
    on: date = FOUNDED,
) -> Branch:
    return Branch.found(
        code="B02",
        name="Second branch",
        kind=kind,
        parent=PRIMARY.code,
        units=units,
        full_members=full,
        requested=requested,
        approver=approver,
        step=step(on),
        judge=Judge(BUILTIN),
    )


def founding_refused(rule_id: str, **kwargs: Any) -> RuleViolation:
    """Found a branch that must break `rule_id`: no branch comes of it."""
    with pytest.raises(RuleViolation) as err:
        found(**kwargs)
    assert err.value.rule.id == rule_id, str(err.value)
    return err.value


# --- founding (S000 art. 4-6) ------------------------------------------------------------------


def test_a_branch_needs_three_full_members_to_be_founded() -> None:
    err = founding_refused("branch.founding_members", full=2)

    assert err.facts["full"] == 2
    names(err, "B02", "at least 3")
    assert found(full=3).code == "B02"


def test_a_branch_is_founded_only_on_the_approval_of_an_organisation_above_it() -> None:
    err = founding_refused("record.body_above", approver=STRANGER)

    assert (err.facts["body"], err.facts["above"]) == ("XC", ["PC", "TC"])
    assert last_event(found(approver=TOWN)).approved_by == "TC"


@pytest.mark.parametrize(("units", "warnings"), [(5, []), (6, ["branch.joint"])])
def test_a_joint_branch_of_more_than_five_units_is_recorded_with_a_warning(
    units: int, warnings: list[str]
) -> None:
    branch = found(kind=BranchKind.JOINT, units=tuple(f"U{i}" for i in range(units)))

    assert warned(branch) == warnings
    assert len(branch.units) == units


@pytest.mark.parametrize(
    ("on", "warnings"),
    [(date(2015, 2, 1), []), (date(2015, 2, 2), ["branch.founding_approval"])],
)
def test_a_founding_approved_more_than_a_month_after_the_request_is_warned(
    on: date, warnings: list[str]
) -> None:
    assert warned(found(requested=date(2015, 1, 1), on=on)) == warnings


def test_a_founding_approved_before_it_was_requested_is_refused() -> None:
    err = founding_refused("record.step_order", requested=date(2015, 1, 2))

    assert err.facts["after"] == date(2015, 1, 2)


def test_an_adjustment_is_made_by_an_organisation_above_and_judged_like_a_founding() -> None:
    b = branch_book(3)

    def adjust(approver: Body) -> None:
        b.branch.adjust(
            name=None,
            kind=BranchKind.JOINT,
            parent=None,
            units=[f"U{i}" for i in range(6)],
            approver=approver,
            step=step(date(2016, 1, 1)),
            judge=b.judge(),
        )

    rejected("record.body_above", lambda: adjust(STRANGER), b.branch)
    adjust(PRIMARY)

    assert warned(b.branch) == ["branch.joint"]
    assert (b.branch.kind, len(b.branch.units), b.branch.name) == (
        BranchKind.JOINT,
        6,
        "Branch B01",
    )


# --- size (S000 art. 4) ------------------------------------------------------------------------


@pytest.mark.parametrize(("full", "warnings"), [(50, []), (51, ["branch.max_members"])])
def test_a_branch_founded_with_more_than_fifty_members_is_warned(
    full: int, warnings: list[str]
) -> None:
    assert warned(found(full=full)) == warnings


@pytest.mark.parametrize(("already", "warnings"), [(49, []), (50, ["branch.max_members"])])
def test_the_fifty_first_member_enrolled_is_warned(already: int, warnings: list[str]) -> None:
    b = branch_book(already)

    member = enrol(b, "N1")

    assert warned(member) == warnings
    assert len(b.branch.members_on(ADMITTED)) == already + 1


@pytest.mark.parametrize(("already", "warnings"), [(49, []), (50, ["branch.max_members"])])
def test_the_fifty_first_member_admitted_is_warned(already: int, warnings: list[str]) -> None:
    b = branch_book(already)
    member = ready(b)

    admit(b, member)

    assert warned(member) == warnings


# --- committee or secretary (S000 art. 20) -----------------------------------------------------


def test_seven_full_members_must_elect_a_committee() -> None:
    b = branch_book(7)

    err = refused_election("branch.committee_required", b, seats=2, candidates=F[:2])

    assert (err.facts["full"], err.facts["structure"]) == (7, Structure.SECRETARY)
    election(b, seats=3, candidates=F[:4])
    assert b.branch.committee_on(FIRST) is not None


def test_six_full_members_elect_a_secretary_and_at_most_one_deputy() -> None:
    b = branch_book(6)

    err = refused_election("branch.secretary_only_deputy", b, seats=3, candidates=F[:4])

    assert (err.facts["full"], err.facts["seats"]) == (6, 3)
    election(b, seats=2, candidates=F[:2], secretary="F1", deputy="F2")
    assert b.branch.committee_on(FIRST) is None
    assert office(b, FIRST).structure == Structure.SECRETARY


@pytest.mark.parametrize(
    ("seats", "warnings"),
    [
        (3, []),
        (5, []),
        (6, ["branch.committee_size_typical"]),
        (7, ["branch.committee_size_typical"]),
    ],
)
def test_a_committee_of_three_to_seven_is_elected_and_above_five_warned(
    seats: int, warnings: list[str]
) -> None:
    b = branch_book(10)

    election(b, seats=seats, candidates=F[: seats + 2])

    assert warned(b.branch) == warnings
    assert office(b, FIRST).seats == seats


def test_a_committee_of_eight_is_refused() -> None:
    b = branch_book(10)

    err = refused_election("branch.committee_size", b, seats=8, candidates=F)

    assert err.facts["size"] == 8


# --- the secretary: elected by the committee, approved above (S000 art. 21, 23) ----------------


def test_the_committee_elects_its_officers_with_more_than_half_present() -> None:
    b = committee_of_five()
    on = date(2015, 3, 3)
    meeting = committee_meeting(b, on, F[:2])

    err = rejected(
        "committee_meeting.quorum",
        lambda: officers(b, on=on, meeting=meeting),
        b.branch,
        meeting,
    )

    assert (err.facts["present"], err.facts["committee"]) == (2, 5)
    officers(b, on=on, present=F[:3], roles={"organisation": "F3"})
    assert last_event(b.branch).evidence["quorum_needed"] == 3


def test_elected_officers_wait_for_the_approval_of_the_organisation_above() -> None:
    b = committee_of_five()
    officers(b, on=date(2015, 3, 3))
    held = office(b, date(2015, 3, 3))
    assert (held.secretary, held.pending) == (None, ("F1", "F2"))
    on = date(2015, 3, 10)

    err = rejected(
        "record.body_above",
        lambda: b.branch.approve_officers(approver=STRANGER, step=step(on), judge=b.judge()),
        b.branch,
    )

    assert err.facts["body"] == "XC"
    b.branch.approve_officers(approver=PRIMARY, step=step(on), judge=b.judge())
    held = office(b, on)
    assert (held.secretary, held.deputy, held.pending) == ("F1", "F2", None)
    assert held.approved_by == "PC"


def test_no_approval_is_recorded_where_no_officers_await_it() -> None:
    b = committee_of_five()

    err = rejected(
        "record.leadership_step",
        lambda: b.branch.approve_officers(
            approver=PRIMARY, step=step(date(2015, 3, 3)), judge=b.judge()
        ),
        b.branch,
    )

    names(err, "awaiting approval")


def test_without_a_committee_there_are_no_officers_for_a_committee_to_elect() -> None:
    b = branch_book(5)
    election(b, seats=2, candidates=F[:2], secretary="F1", deputy="F2")

    rejected("record.leadership_step", lambda: officers(b, on=date(2015, 3, 3)), b.branch)


@pytest.mark.parametrize(
    ("age", "warnings"),
    [(0, ["branch.secretary_party_age"]), (None, ["branch.secretary_party_age"]), (1, [])],
)
def test_a_secretary_of_less_than_a_year_of_party_age_is_warned(
    age: int | None, warnings: list[str]
) -> None:
    b = committee_of_five()

    officers(b, on=date(2015, 3, 3), party_ages={"F1": age})

    assert warned(b.branch) == warnings


def test_a_secretary_elected_by_the_assembly_is_judged_on_party_age_too() -> None:
    b = branch_book(5)

    election(b, seats=2, candidates=F[:2], secretary="F1", deputy="F2", party_ages={"F1": 0})

    assert warned(b.branch) == ["branch.secretary_party_age"]
    assert office(b, FIRST).pending == ("F1", "F2")


# --- appointment and the temporary branch (S000 art. 8, 21) ------------------------------------


def appoint(b: Book, *, on: date = FIRST, approver: Body = PRIMARY) -> None:
    b.branch.appoint(
        secretary="F1",
        deputy="F2",
        members=F[:3],
        roles={"discipline": "F3"},
        party_ages={"F1": 5},
        approver=approver,
        step=step(on),
        judge=b.judge(),
    )


def test_a_temporary_branch_has_its_leadership_appointed() -> None:
    b = branch_book(7, kind=BranchKind.TEMPORARY)

    appoint(b)

    held = office(b, FIRST)
    assert (held.secretary, held.members, held.appointed) == ("F1", ("F1", "F2", "F3"), True)
    assert (held.approved_by, held.term) == ("PC", None)


def test_only_an_organisation_above_the_branch_appoints() -> None:
    b = branch_book(5)

    err = rejected("record.body_above", lambda: appoint(b, approver=STRANGER), b.branch)

    names(err, "XC", "the appointment")


def test_a_temporary_branch_changes_no_term() -> None:
    b = branch_book(7, kind=BranchKind.TEMPORARY)
    appoint(b)

    err = rejected(
        "temporary_branch.forbidden_actions",
        lambda: change_term(b, "extend", 6, on=date(2016, 1, 1)),
        b.branch,
    )

    assert err.facts["decision"] == "change of term"


# --- dissolution (S000 art. 7) -----------------------------------------------------------------

DISSOLVED = date(2016, 1, 1)


def dissolve(b: Book, approver: Body = PRIMARY) -> None:
    b.branch.dissolve(
        reason="unit closed", approver=approver, step=step(DISSOLVED), judge=b.judge()
    )


def test_a_branch_with_members_is_not_dissolved() -> None:
    b = branch_book(3)

    err = rejected("record.dissolve_empty", lambda: dissolve(b), b.branch)

    assert err.facts["members"] == ["F1", "F2", "F3"]


def test_nothing_is_recorded_in_a_branch_after_its_dissolution() -> None:
    b = branch_book(0)
    rejected("record.body_above", lambda: dissolve(b, STRANGER), b.branch)
    dissolve(b)
    assert b.branch.dissolved == DISSOLVED

    rejected("record.branch_open", lambda: b.hold(DISSOLVED, ["F1"]), b.branch)
    err = rejected("record.branch_open", lambda: enrol(b, "N1", on=DISSOLVED), b.branch)
    rejected("record.branch_open", lambda: appoint(b, on=date(2016, 2, 1)), b.branch)

    assert err.facts["dissolved"] == DISSOLVED


def test_an_election_for_no_seat_is_refused() -> None:
    b = branch_book(5)

    err = refused_election("record.leadership_step", b, seats=0, candidates=["F1"])

    assert "0 seats" in err.reason
