"""Rules tried on both sides of each of their boundaries, each side naming the rule that fired
(or that none did): the day, the month or the count just inside and just outside."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from branch_support import (
    FIRST,
    PRIMARY,
    branch_book,
    committee_of_five,
    election,
    office,
    officers,
    refused_election,
)
from disposal_support import rectify, remove, suspend
from pipeline_support import (
    Book,
    admit,
    amended,
    book,
    full_numbers,
    ready,
    rejected,
    step,
    warned,
)

from branchbook.domain.branch import BranchKind
from branchbook.domain.discipline import RemovalBasis
from branchbook.domain.dues import Dues, dues_findings
from branchbook.domain.member import Status
from branchbook.domain.rules import RulebookVersion

DAY = timedelta(days=1)
F = full_numbers(9)

# --- record.chair_present ----------------------------------------------------------------------


def test_a_meeting_chaired_by_someone_absent_is_refused_and_by_someone_present_held() -> None:
    b = branch_book(3)
    err = rejected(
        "record.chair_present", lambda: b.hold(FIRST, ["F1", "F2"], chair="F3"), b.branch
    )
    assert (err.facts["chair"], err.facts["present"]) == ("F3", ["F1", "F2"])
    assert "chair F3 is not among those present" in err.reason

    meeting = b.hold(FIRST, ["F1", "F2"], chair="F2")

    assert (meeting.chair, meeting.present) == ("F2", ("F1", "F2"))


# --- record.committee_roles --------------------------------------------------------------------

ELECTED = date(2015, 4, 1)


@pytest.mark.parametrize(
    ("secretary", "deputy", "roles"),
    [
        ("F9", "F2", {}),  # the secretary is not on the committee
        ("F1", "F9", {}),  # nor the deputy
        ("F1", "F1", {}),  # one member in both offices
        ("F1", "F2", {"organisation": "F9"}),  # a role held outside the committee
    ],
    ids=["secretary-outside", "deputy-outside", "deputy-is-secretary", "role-outside"],
)
def test_officers_not_distinct_members_of_the_committee_are_refused(
    secretary: str, deputy: str, roles: dict[str, str]
) -> None:
    b = committee_of_five()

    err = rejected(
        "record.committee_roles",
        lambda: officers(b, on=ELECTED, secretary=secretary, deputy=deputy, roles=roles),
        b.branch,
    )

    assert (err.facts["secretary"], err.facts["deputy"]) == (secretary, deputy)


def test_officers_who_are_distinct_members_of_the_committee_are_elected() -> None:
    b = committee_of_five()

    judge = officers(
        b,
        on=ELECTED,
        secretary="F5",
        deputy="F4",
        roles={"organisation": "F3"},
        party_ages={"F5": 5},
    )

    seated = office(b, ELECTED)
    assert (seated.pending, seated.roles) == (("F5", "F4"), (("organisation", "F3"),))
    assert judge.warnings == []


# --- temporary_branch.forbidden_actions ------------------------------------------------------


def temporary(version: RulebookVersion | None = None) -> Book:
    if version is None:
        return book(9, kind=BranchKind.TEMPORARY)
    return book(9, kind=BranchKind.TEMPORARY, version=version)


def test_a_temporary_branch_is_refused_an_admission_the_rule_forbids() -> None:
    b = temporary()
    member = ready(b)

    err = rejected("temporary_branch.forbidden_actions", lambda: admit(b, member), member, b.branch)

    assert (err.facts["action"], err.facts["branch"]) == ("admit", "B01")


def test_a_temporary_branch_admits_when_the_rulebook_leaves_admission_off_the_list() -> None:
    allowed = ["discipline", "dispose", "collect_dues", "elect_delegates", "term_change_election"]
    b = temporary(amended({"temporary_branch.forbidden_actions": {"actions": allowed}}))
    member = ready(b)

    admit(b, member)

    assert member.status is Status.ADMITTED
    assert warned(member) == []


# --- branch.term_range (PC art. 31: three to five years) -------------------------------------


@pytest.mark.parametrize("years", [2, 6])
def test_a_term_just_outside_three_to_five_years_is_refused(years: int) -> None:
    b = branch_book(9, version=amended({"branch.term_years": {"default": years}}))

    err = refused_election("branch.term_range", b)

    assert err.facts["years"] == years


@pytest.mark.parametrize("years", [3, 5])
def test_a_term_at_either_end_of_three_to_five_years_is_held(years: int) -> None:
    b = branch_book(9, version=amended({"branch.term_years": {"default": years}}))

    _, judge = election(b)

    term = office(b, FIRST).term
    assert term is not None
    assert term.end == date(FIRST.year + years, FIRST.month, FIRST.day)
    assert judge.warnings == []


# --- record.ballots_counted: the invalid ballots lie from none to all returned -----------------


# More invalid ballots than returned leave fewer than no valid ones, so the count's total is
# refused by the same rule too: the upper bound on its own cannot be seen from outside.
@pytest.mark.parametrize("invalid", [-1, 10])
def test_invalid_ballots_below_none_or_beyond_those_returned_are_refused(invalid: int) -> None:
    b = branch_book(9)
    meeting = b.hold(FIRST, F)
    votes = {"F1": 0, "F2": 0, "F3": 0, "F4": 0}

    err = rejected(
        "record.ballots_counted",
        lambda: election(
            b, seats=3, candidates=F[:4], votes=votes, invalid=invalid, meeting=meeting
        ),
        b.branch,
        meeting,
    )

    assert (err.facts["returned"], err.facts["invalid"]) == (9, invalid)


@pytest.mark.parametrize(
    ("invalid", "votes", "chosen"),
    [
        (0, {"F1": 9, "F2": 9, "F3": 9, "F4": 0}, ["F1", "F2", "F3"]),
        (9, {"F1": 0, "F2": 0, "F3": 0, "F4": 0}, []),
    ],
    ids=["none-invalid", "all-invalid"],
)
def test_none_or_all_of_the_ballots_returned_invalid_is_a_consistent_count(
    invalid: int, votes: dict[str, int], chosen: list[str]
) -> None:
    b = branch_book(9)

    elected, judge = election(b, seats=3, candidates=F[:4], votes=votes, invalid=invalid)

    assert elected == chosen
    assert judge.warnings == []


# --- record.branch_open -----------------------------------------------------------------------

DISSOLVED = date(2016, 1, 1)


def test_a_branch_takes_steps_until_the_day_before_its_dissolution_but_not_on_it() -> None:
    b = branch_book(0)
    b.branch.dissolve(reason="unit closed", approver=PRIMARY, step=step(DISSOLVED), judge=b.judge())

    err = rejected("record.branch_open", lambda: b.hold(DISSOLVED, ["F1"]), b.branch)
    meeting = b.hold(DISSOLVED - DAY, ["F1"])

    assert err.facts["on"] == DISSOLVED
    assert meeting.held == DISSOLVED - DAY


# --- disposal.rectification_term: 1 to 12 months ----------------------------------------------


@pytest.mark.parametrize("months", [0, 13])
def test_a_rectification_term_just_outside_one_to_twelve_months_is_refused(months: int) -> None:
    b = branch_book(9)

    err = rejected("disposal.rectification_term", lambda: rectify(b, "F9", months), b["F9"])

    assert err.facts["months"] == months


@pytest.mark.parametrize(
    ("months", "rules"), [(1, []), (12, ["disposal.rectification_term_typical"])]
)
def test_a_rectification_term_of_one_to_twelve_months_is_ordered(
    months: int, rules: list[str]
) -> None:
    b = branch_book(9)

    rectify(b, "F9", months)

    order = b["F9"].rectification
    assert order is not None
    assert order.months == months
    assert warned(b["F9"]) == rules


# --- lost_contact.removal: two years after the suspension -------------------------------------

SUSPENDED = date(2016, 7, 15)


@pytest.mark.parametrize(
    ("on", "rules"),
    [(date(2018, 7, 14), ["lost_contact.removal"]), (date(2018, 7, 15), [])],
    ids=["a-day-early", "on-the-day"],
)
def test_removal_for_lost_contact_is_warned_until_two_years_after_suspension(
    on: date, rules: list[str]
) -> None:
    b = branch_book(9)
    suspend(b, "F9", date(2016, 1, 15), SUSPENDED)

    remove(b, "F9", RemovalBasis.LOST_CONTACT, on=on)

    assert warned(b["F9"]) == rules


# --- lapse.self_withdrawal and dues.payment_period: months without dues ----------------------


def paid_to_june(b: Book) -> Dues:
    """F9's dues paid for January to June 2016."""
    dues = Dues.open(number="F9", step=step(date(2016, 1, 1)), judge=b.judge())
    dues.pay(
        member=b["F9"],
        branch=b.branch,
        participation=None,
        amount_fen=600,
        first="2016-01",
        last="2016-06",
        step=step(date(2016, 6, 10)),
        judge=b.judge(),
    )
    return dues


@pytest.mark.parametrize(
    ("on", "unpaid", "rules"),
    [(date(2016, 12, 10), 5, ["lapse.self_withdrawal"]), (date(2017, 1, 10), 6, [])],
    ids=["five-months", "six-months"],
)
def test_removal_as_self_withdrawn_is_warned_before_six_unpaid_months(
    on: date, unpaid: int, rules: list[str]
) -> None:
    b = branch_book(9)
    assert paid_to_june(b).ledger.unpaid_run(on) == unpaid

    remove(b, "F9", RemovalBasis.SELF_WITHDRAWAL, on=on, unpaid=unpaid)

    assert warned(b["F9"]) == rules


@pytest.mark.parametrize(
    ("on", "unpaid", "rules"),
    [
        (date(2016, 7, 1), 0, []),
        (date(2016, 8, 1), 1, ["dues.payment_period"]),
        (date(2016, 12, 10), 5, ["dues.payment_period"]),
        (date(2017, 1, 10), 6, ["dues.payment_period", "lapse.self_withdrawal"]),
    ],
)
def test_the_dues_findings_begin_at_one_unpaid_month_and_lapse_at_six(
    on: date, unpaid: int, rules: list[str]
) -> None:
    b = branch_book(9)
    ledger = paid_to_june(b).ledger
    assert ledger.unpaid_run(on) == unpaid

    found = dues_findings(ledger, on, b.version)

    assert [w.rule for w in found] == rules
