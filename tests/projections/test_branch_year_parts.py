"""The parts of a branch's year on a small record: the changes to its books (an application, a
transfer out and in, a death, a suspended membership), its dues month by month (a payment
shared out among its months, members leaving the roll, a run of unpaid months), and what a
meeting lists out of line with the roll."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from journals import line
from sqlalchemy import Engine
from views_support import recorded_views

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.yearbook.branch_year import branch_year
from branchbook.projections.yearbook.roster_changes import Change, roster_changes
from branchbook.projections.yearbook.year_dues import YearDues, shares, year_dues


def enrol(number: str, branch: str) -> str:
    return line("member.enrol", date="2020-01-03", member=number, name=f"党员 {number}",
                birth="1980-01-01", branch=branch, status="full", admitted="2010-01-01",
                full_since="2011-01-01")  # fmt: skip


# B1 (four full members) and B2 (three) under TC. In 2021: X2 applies to B2 on 1 January, X1
# to B1, B1M4 moves to B2, B1M3 dies, B2M1's membership is suspended; B1M2 pays 10 yuan for
# January to March only.
JOURNAL = [
    line("org.add", date="2020-01-01", code="TC", name="镇党委", kind="committee",
         approves_admissions=True),
    *(line("branch.found", date="2020-01-02", code=b, name=f"{b} 党支部", kind="regular",
           parent="TC", full_members=n) for b, n in (("B1", 4), ("B2", 3))),
    *(enrol(f"B1M{n}", "B1") for n in range(1, 5)),
    *(enrol(f"B2M{n}", "B2") for n in range(1, 4)),
    # B1's assembly lists B1M4 as present, recorded before B1M4's move to B2 (dated earlier)
    # is: the move makes it a finding of the meeting.
    line("meeting.hold", date="2021-05-01", branch="B1", kind="assembly",
         present="B1M1,B1M2,B1M4", chair="B1M1"),
    line("member.income", date="2021-01-05", member="B1M2", kind="salaried", monthly="6000.00"),
    line("member.pay-dues", date="2021-01-10", member="B1M2", amount="10.00",
         months="2021-01:2021-03"),
    line("member.apply", date="2021-01-01", member="X2", name="申请人 X2", birth="1996-01-01",
         branch="B2"),
    line("member.apply", date="2021-02-01", member="X1", name="申请人 X1", birth="1995-01-01",
         branch="B1"),
    line("transfer.request", date="2021-03-01", member="B1M4", to="B2", reason="new job"),
    line("transfer.issue", date="2021-03-02", member="B1M4", body="TC", ref="L-1"),
    line("transfer.receive", date="2021-03-05", member="B1M4", branch="B2"),
    line("member.death", date="2021-04-01", member="B1M3"),
    line("member.suspend-membership", date="2021-08-01", member="B2M1", reason="lost-contact",
         since="2021-02-15"),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with recorded_views(tmp_path_factory.mktemp("year") / "store.db", JOURNAL) as engine:
        yield engine


def changes(engine: Engine, code: str, first: str, last: str) -> list[Change]:
    with engine.connect() as conn:
        return roster_changes(conn, code, date.fromisoformat(first), date.fromisoformat(last))


def dues(engine: Engine, code: str, on: str) -> YearDues:
    day = date.fromisoformat(on)
    with engine.connect() as conn:
        return year_dues(conn, code, day.year, day)


def brief(found: list[Change]) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(c.day.isoformat(), c.member, c.change, c.before, c.after) for c in found]


def test_the_changes_of_the_branch_a_member_left(engine: Engine) -> None:
    found = changes(engine, "B1", "2021-01-01", "2021-12-31")
    assert brief(found) == [
        ("2021-02-01", "X1", "joined", None, "applicant"),
        ("2021-03-05", "B1M4", "left", "full", "B2"),
        ("2021-04-01", "B1M3", "left", "full", "deceased"),
    ]
    assert found[0].name == "申请人 X1"
    assert found[0].step == "member.applied"
    assert all(c.step.startswith("member.") for c in found)


def test_the_changes_of_the_branch_a_member_joined(engine: Engine) -> None:
    assert brief(changes(engine, "B2", "2021-01-01", "2021-12-31")) == [
        ("2021-01-01", "X2", "joined", None, "applicant"),
        ("2021-03-05", "B1M4", "joined", "B1", "full"),
        ("2021-08-01", "B2M1", "status", "full", "suspended"),
    ]


def test_the_changes_lie_from_the_first_day_to_the_last(engine: Engine) -> None:
    assert brief(changes(engine, "B1", "2021-02-01", "2021-03-31")) == [
        ("2021-02-01", "X1", "joined", None, "applicant"),
        ("2021-03-05", "B1M4", "left", "full", "B2"),
    ]
    assert brief(changes(engine, "B1", "2021-02-02", "2021-03-05")) == [
        ("2021-03-05", "B1M4", "left", "full", "B2"),
    ]
    assert changes(engine, "B1", "2022-01-01", "2022-12-31") == []


def test_a_change_on_the_first_of_january_is_that_years(engine: Engine) -> None:
    """The year's start roster is the books as they stood on 31 December before it: X2, who
    applied on 1 January 2021, joins in 2021's changes and in no other year's."""
    rulebook = builtin_rulebook()
    found: dict[int, dict[str, Any]] = {}
    with engine.connect() as conn:
        for year in (2020, 2021):
            day = date(year, 12, 31)
            got = branch_year(conn, "B2", year, rulebook.in_force(day), day, rulebook=rulebook)
            assert got is not None
            found[year] = got.as_dict()["roster"]
    this = found[2021]
    assert (this["start_on"], this["first_day"], this["last_day"]) == (
        "2020-12-31",
        "2021-01-01",
        "2021-12-31",
    )
    assert "X2" not in {r["member"] for r in this["start"]}
    assert [c for c in this["changes"] if c["member"] == "X2"] == [
        {"date": "2021-01-01", "member": "X2", "name": "申请人 X2", "change": "joined",
         "from": None, "to": "applicant", "step": "member.applied"},
    ]  # fmt: skip
    assert all(c["member"] != "X2" for c in found[2020]["changes"])
    # The start roster with the year's changes is the end roster.
    on = {r["member"]: r["status"] for r in this["start"]}
    for c in this["changes"]:
        if c["change"] == "left":
            del on[c["member"]]
        else:
            on[c["member"]] = c["to"]
    assert on == {r["member"]: r["status"] for r in this["end"]}
    assert on["X2"] == "applicant"


def test_a_payment_is_shared_out_among_its_months() -> None:
    assert shares(1000, 3) == [334, 333, 333]
    assert shares(3000, 3) == [1000, 1000, 1000]
    assert sum(shares(7, 4)) == 7


def test_the_months_owed_and_paid(engine: Engine) -> None:
    found = dues(engine, "B1", "2021-12-31")
    # Four owe January and February; B1M4 is in B2 by the end of March, B1M3 dies in April.
    assert [m.owed for m in found.months] == [4, 4, 3] + [2] * 9
    assert [m.paid for m in found.months] == [1, 1, 1] + [0] * 9
    assert [m.paid_fen for m in found.months] == [334, 333, 333] + [0] * 9


def test_who_is_behind_on_the_day(engine: Engine) -> None:
    # B1M2 paid to March: April to November are unpaid on 31 December. B1M1 never paid:
    # the ledger counts no run before a first payment.
    (behind,) = dues(engine, "B1", "2021-12-31").behind
    assert (behind.member, behind.months_unpaid) == ("B1M2", 8)
    assert dues(engine, "B1", "2021-04-30").behind == ()  # March, the month before, is paid


def test_a_month_not_begun_is_owed_by_none_yet(engine: Engine) -> None:
    found = dues(engine, "B1", "2021-06-15")
    assert [m.owed for m in found.months][5:] == [2] + [0] * 6
    assert [(b.member, b.months_unpaid) for b in found.behind] == [("B1M2", 2)]


def test_a_suspended_membership_owes_nothing(engine: Engine) -> None:
    found = dues(engine, "B2", "2021-12-31")
    # B2M1 until suspended in August (its months from then are not owed), B1M4 from March.
    assert [m.owed for m in found.months] == [3, 3, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3]


def test_who_has_never_paid(engine: Engine) -> None:
    # B1M1 owed all twelve months and never paid; B1M2 paid, so is behind, not here; B1M3 and
    # B1M4 are off the books by the end of the year.
    found = dues(engine, "B1", "2021-12-31")
    assert [(n.member, n.name, n.months_owed) for n in found.never_paid] == [
        ("B1M1", "党员 B1M1", 12)
    ]
    assert {b.member for b in found.behind}.isdisjoint(n.member for n in found.never_paid)
    assert [(n.member, n.months_owed) for n in dues(engine, "B1", "2021-06-15").never_paid] == [
        ("B1M1", 6)
    ]


def test_never_paid_counts_the_months_owed_here_and_keeps_the_suspended(engine: Engine) -> None:
    found = dues(engine, "B2", "2021-12-31")
    owed = {n.member: n.months_owed for n in found.never_paid}
    # B1M4 owes B2 from March, when it came; B2M1 until suspended in August (as the months'
    # counts have it), still on the books after; the applicant X2 owes nothing.
    assert owed == {"B1M4": 10, "B2M1": 7, "B2M2": 12, "B2M3": 12}
    assert sum(owed.values()) == sum(m.owed for m in found.months)


def test_a_meeting_lists_what_it_records_out_of_line_with_the_roll(engine: Engine) -> None:
    with engine.connect() as conn:
        version = builtin_rulebook().in_force(date(2021, 12, 31))
        year = branch_year(conn, "B1", 2021, version, date(2021, 12, 31))
    assert year is not None
    (held,) = year.as_dict()["meetings"]
    assert [f["rule"] for f in held["findings"]] == ["record.present_in_branch"]
    assert "B1M4" in held["findings"][0]["message"]
