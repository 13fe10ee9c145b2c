"""Transfers of activists and probationary members: cultivation and probation across the move,
and postponing the conversion of a member transferred in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pipeline_support import (
    ACTIVIST,
    PROBATION_END,
    Book,
    activist,
    amended,
    probationary,
    rejected,
    step,
    warned,
)
from transfer_support import books, file_of, issue, moved, receive, request

from branchbook.domain.member import Member

# Activists, probationary members ---------------------------------------------------------


def test_an_activists_cultivation_date_runs_on_across_the_move() -> None:
    home, away = books()
    person = activist(home)
    moved(home, away, "C1", on=date(2017, 2, 1))
    assert person.branch == "B02"
    assert person.activist_on == ACTIVIST


def test_an_activists_cultivation_restarts_where_the_rulebook_says_it_does_not_run_on() -> None:
    version = amended({"activist.cultivation_continuous": {"across_transfer": False}})
    home, away = books(version)
    person = activist(home)
    moved(home, away, "C1", on=date(2017, 2, 1))
    assert person.activist_on == date(2017, 2, 1)


def test_a_probationary_member_whose_probation_has_run_is_warned() -> None:
    home, away = books()
    member = probationary(home)
    file = file_of("C1")
    request(home, away, member, file, on=PROBATION_END)
    assert warned(file) == ["transfer.probation_expired"]


def test_a_probationary_member_whose_probation_runs_is_not_warned() -> None:
    home, away = books()
    member = probationary(home)
    file = file_of("C1")
    request(home, away, member, file, on=PROBATION_END - timedelta(days=1))
    assert warned(file) == []


def transferred_in_probation() -> tuple[Book, Book, Member]:
    home, away = books()
    member = probationary(home)
    file = file_of("C1")
    request(home, away, member, file, on=date(2017, 9, 1))
    issue(home, file, on=date(2017, 9, 5))
    receive(home, away, member, file, on=date(2017, 10, 1))
    return home, away, member


def postpone(book: Book, member: Member, months: int) -> None:
    member.postpone_conversion(months=months, step=step(date(2017, 10, 5)), judge=book.judge())


def test_a_transferred_in_probationary_member_is_on_the_receiving_roll() -> None:
    home, away, member = transferred_in_probation()
    assert member.transferred_in_probation
    assert away.branch.members_on(date(2017, 10, 1)) == ["C1", *[f"F{i}" for i in range(1, 6)]]
    assert "C1" not in home.branch.members_on(date(2017, 10, 1))


def test_postponing_the_conversion_of_a_transferred_in_member_six_months_is_accepted() -> None:
    _, away, member = transferred_in_probation()
    postpone(away, member, 6)
    assert member.postponed == 6
    assert warned(member) == []


def test_postponing_it_seven_months_is_recorded_with_a_warning() -> None:
    _, away, member = transferred_in_probation()
    postpone(away, member, 7)
    assert member.postponed == 7
    assert warned(member) == ["probation.transferred_in_postpone"]


@pytest.mark.parametrize(("months", "rules"), [(0, ["probation.transferred_in_postpone"]), (1, [])])
def test_postponing_it_by_no_month_is_warned_and_by_one_month_is_not(
    months: int, rules: list[str]
) -> None:
    _, away, member = transferred_in_probation()
    postpone(away, member, months)
    assert member.postponed == months
    assert warned(member) == rules


def test_a_second_postponement_is_refused() -> None:
    _, away, member = transferred_in_probation()
    postpone(away, member, 3)
    rejected("record.transition", lambda: postpone(away, member, 3), member)


def test_postponing_the_conversion_of_a_member_not_transferred_in_is_refused() -> None:
    home, _ = books()
    member = probationary(home)
    err = rejected("record.transition", lambda: postpone(home, member, 6), member)
    assert "not transferred in" in err.reason
