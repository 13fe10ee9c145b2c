"""Taking part in a branch without the relation: mobile members, temporary branches."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import BUILTIN, FOUNDED, PARENT, applicant, book, rejected, step

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.member import Member
from branchbook.domain.participation import Basis, Participation, Spell
from branchbook.domain.rules import Judge

AWAY = date(2024, 1, 15)


def found(code: str, kind: BranchKind, on: date = FOUNDED) -> Branch:
    return Branch.found(
        code=code,
        name=f"Branch {code}",
        kind=kind,
        parent=PARENT,
        step=step(on),
        judge=Judge(BUILTIN),
    )


def ledger(number: str = "F1") -> Participation:
    return Participation.open(number=number, step=step(AWAY), judge=Judge(BUILTIN))


def take_part(
    p: Participation,
    member: Member,
    branch: Branch,
    *,
    basis: Basis = Basis.MOBILE,
    fixed_place: bool = False,
    on: date = AWAY,
) -> None:
    p.start(
        member=member,
        branch=branch,
        basis=basis,
        fixed_place=fixed_place,
        step=step(on),
        judge=Judge(BUILTIN),
    )


def end(p: Participation, branch: str, on: date) -> None:
    p.end(branch=branch, step=step(on), judge=Judge(BUILTIN))


def test_a_mobile_member_takes_part_without_moving_their_relation_or_any_roll() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile, fixed_place=True)
    assert p.branches_on(AWAY) == [Spell("M01", "mobile", AWAY, True)]
    assert p.branches_on(date(2024, 1, 14)) == []
    assert p.mobile_on(AWAY) == ["M01"]
    assert b["F1"].branch == "B01"
    assert "F1" in b.branch.members_on(AWAY)
    assert mobile.members_on(AWAY) == []


def test_one_allowed_not_to_transfer_takes_part_but_is_not_a_mobile_member() -> None:
    b, other = book(3), found("B02", BranchKind.REGULAR)
    p = ledger()
    take_part(p, b["F1"], other, basis=Basis.ALLOWED)
    assert [s.branch for s in p.branches_on(AWAY)] == ["B02"]
    assert p.mobile_on(AWAY) == []


def test_the_relation_branch_is_not_taken_part_in_again() -> None:
    b = book(3)
    p = ledger()
    err = rejected(
        "record.participation_branch", lambda: take_part(p, b["F1"], b.branch), p, b.branch
    )
    assert "relation branch" in err.reason


def test_a_member_takes_part_in_a_branch_once_at_a_time() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile)
    rejected(
        "record.participation_branch",
        lambda: take_part(p, b["F1"], mobile, on=date(2024, 3, 1)),
        p,
    )


def test_a_temporary_branch_takes_members_on_a_temporary_basis_only() -> None:
    b, temporary = book(3), found("T01", BranchKind.TEMPORARY)
    p = ledger()
    rejected("record.participation_branch", lambda: take_part(p, b["F1"], temporary), p)
    take_part(p, b["F1"], temporary, basis=Basis.TEMPORARY)
    assert p.branches_on(AWAY)[0].basis == "temporary"


def test_a_temporary_basis_needs_a_temporary_branch() -> None:
    b, regular = book(3), found("B02", BranchKind.REGULAR)
    p = ledger()
    err = rejected(
        "record.participation_branch",
        lambda: take_part(p, b["F1"], regular, basis=Basis.TEMPORARY),
        p,
    )
    assert "not a temporary one" in err.reason


def test_an_applicant_does_not_take_part_elsewhere() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    person = applicant(b, "C1")
    p = ledger("C1")
    rejected("record.transition", lambda: take_part(p, person, mobile), p)


def test_a_suspended_member_does_not_take_part_elsewhere() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    b["F1"].suspend_membership(
        reason="emigration",
        since=date(2023, 1, 1),
        branch=b.branch,
        step=step(date(2023, 6, 1)),
        judge=b.judge(),
    )
    p = ledger()
    err = rejected("record.transition", lambda: take_part(p, b["F1"], mobile), p)
    assert "suspended" in err.reason


def test_a_branch_not_yet_founded_takes_no_one() -> None:
    b, later = book(3), found("M01", BranchKind.MOBILE, on=date(2024, 6, 1))
    p = ledger()
    rejected("record.branch_founded", lambda: take_part(p, b["F1"], later), p)


def test_ending_a_spell_keeps_it_in_force_until_the_day_before() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile)
    end(p, "M01", date(2024, 5, 1))
    assert p.mobile_on(date(2024, 4, 30)) == ["M01"]
    assert p.branches_on(date(2024, 5, 1)) == []
    take_part(p, b["F1"], mobile, on=date(2024, 9, 1))
    assert p.mobile_on(date(2024, 9, 1)) == ["M01"]


def test_a_member_stops_taking_part_only_where_they_take_part() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    rejected("record.participation_branch", lambda: end(p, "M01", AWAY), p)
    take_part(p, b["F1"], mobile)
    err = rejected("record.participation_branch", lambda: end(p, "M01", date(2024, 1, 1)), p)
    assert "does not take part in M01" in err.reason


@pytest.mark.parametrize(
    ("on", "due"),
    [(date(2024, 7, 14), False), (date(2024, 7, 15), True)],
    ids=["5 whole months", "6 whole months"],
)
def test_six_months_away_at_a_fixed_place_calls_for_a_transfer(on: date, due: bool) -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile, fixed_place=True)
    found_rules = [f.rule for f in p.findings(on, BUILTIN)]
    assert found_rules == (["transfer.required"] if due else [])


def test_a_spell_not_at_a_fixed_place_calls_for_no_transfer() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile, fixed_place=False)
    assert p.findings(date(2026, 1, 1), BUILTIN) == []


def test_a_transfer_after_the_spell_began_settles_it() -> None:
    b, mobile = book(3), found("M01", BranchKind.MOBILE)
    p = ledger()
    take_part(p, b["F1"], mobile, fixed_place=True)
    later = date(2025, 1, 1)
    assert p.findings(later, BUILTIN, transferred_since=date(2024, 12, 1)) == []
    (finding,) = p.findings(later, BUILTIN, transferred_since=date(2023, 12, 1))
    assert "since 2024-01-15, 11 months" in finding.reason
    assert finding.citation == BUILTIN["transfer.required"].citation
