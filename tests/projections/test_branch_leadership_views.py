"""The branch views of leadership over time: terms and their reminders, vacancies, elections
awaiting approval, and the structural findings a rulebook version gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from branch_views_support import VERSION, caught_up, rules_of, show
from sqlalchemy import Connection

from branchbook.domain.rules import RulebookVersion, with_overrides
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook


@pytest.fixture
def conn(recorder: Recorder, app: BranchBook) -> Iterator[Connection]:
    """A connection to views caught up with the whole journal."""
    with caught_up(recorder, app) as connection:
        yield connection


@pytest.mark.parametrize(
    ("on", "state"),
    [
        ("2017-07-02", "running"),
        ("2017-07-03", "reminder due"),  # six months before the end
        ("2018-01-03", "reminder due"),  # the last day of the term
        ("2018-01-04", "overdue"),
    ],
)
def test_the_term_state_turns_at_the_reminder_and_after_the_end(
    conn: Connection, on: str, state: str
) -> None:
    view = show(conn, "S01", on)
    assert view.term_state == state
    term = view.as_dict()["term"]
    assert (term["start"], term["years"], term["end"], term["reminder"]) == (
        "2015-01-03",
        3,
        "2018-01-03",
        "2017-07-03",
    )
    assert ("branch.term_overdue" in rules_of(view)) is (state == "overdue")


def test_a_village_branch_serves_five_years(conn: Connection) -> None:
    view = show(conn, "V01", "2019-08-31")
    term = view.as_dict()["term"]
    assert (term["years"], term["end"], term["reminder"]) == (5, "2020-03-01", "2019-09-01")
    assert view.term_state == "running"
    assert show(conn, "V01", "2019-09-01").term_state == "reminder due"
    assert show(conn, "V01", "2020-03-02").term_state == "overdue"


def test_a_secretary_only_branch_reaching_seven_full_members_is_flagged(conn: Connection) -> None:
    assert "branch.committee_required" not in rules_of(show(conn, "S01", "2016-01-01"))
    view = show(conn, "S01", "2016-01-02")
    assert view.counts.full == 7
    [finding] = [f for f in view.findings if f.rule == "branch.committee_required"]
    assert "7 full members on 2016-01-02" in finding.message
    assert "art. 20" in finding.citation


def test_a_vacancy_is_overdue_after_the_warning_days(conn: Connection) -> None:
    on_time = show(conn, "S01", "2016-05-01")  # 90 days after 2016-02-01
    assert on_time.office is not None
    assert (on_time.office.members, on_time.office.seats, on_time.office.deputy) == (
        ("S1",),
        2,
        None,
    )
    [vacancy] = on_time.vacancies
    assert (vacancy.member, vacancy.reason, vacancy.days, vacancy.overdue) == (
        "S2",
        "transfer",
        90,
        False,
    )
    assert "branch.vacancy_fill" not in rules_of(on_time)
    late = show(conn, "S01", "2016-05-02")
    assert (late.vacancies[0].days, late.vacancies[0].overdue) == (91, True)
    [finding] = [f for f in late.findings if f.rule == "branch.vacancy_fill"]
    assert "S2's seat" in finding.message
    assert "art. 21" in finding.citation
    assert show(conn, "S01", "2016-01-31").vacancies == ()


def test_elected_officers_await_approval_then_take_office(conn: Connection) -> None:
    pending = show(conn, "C01", "2016-03-15").as_dict()["leadership"]
    assert (pending["structure"], pending["seats"]) == ("committee", 3)
    assert pending["pending"] == {"secretary": "C1", "deputy": "C2"}
    assert (pending["secretary"], pending["deputy"], pending["approved_by"]) == (None, None, None)
    assert [(m["member"], m["roles"]) for m in pending["members"]] == [
        ("C1", []),
        ("C2", ["propaganda"]),
        ("C3", ["discipline", "organisation"]),
    ]
    approved = show(conn, "C01", "2016-04-01").as_dict()["leadership"]
    assert (approved["secretary"], approved["deputy"], approved["pending"]) == ("C1", "C2", None)
    assert approved["approved_by"] == "GB"
    assert [(m["member"], m["name"], m["roles"][:1]) for m in approved["members"]][:2] == [
        ("C1", "党员 C1", ["secretary"]),
        ("C2", "党员 C2", ["deputy"]),
    ]


def test_a_branch_lists_its_elections_with_the_count(conn: Connection) -> None:
    assert show(conn, "C01", "2016-02-29").elections == ()
    [election] = [e.as_dict() for e in show(conn, "C01", "2016-03-01").elections]
    assert (election["held"], election["meeting"], election["kind"]) == (
        "2016-03-01",
        "C01-2016-03-01-assembly",
        "first",
    )
    assert (election["seats"], election["elected"], election["unfilled"], election["tied"]) == (
        3,
        ["C1", "C2", "C3"],
        0,
        [],
    )
    assert election["evidence"]["votes"] == {"C1": 8, "C2": 7, "C3": 6, "C4": 2}


def test_no_leadership_before_the_first_election_is_a_finding(conn: Connection) -> None:
    view = show(conn, "C01", "2016-02-01")
    assert (view.office, view.term_state) == (None, "no term")
    [finding] = [f for f in view.findings if f.rule == "election.body"]
    assert "no leadership of C01" in finding.message
    assert "branch.committee_required" not in rules_of(view)


def test_an_extended_term_moves_the_end_and_the_reminder(conn: Connection) -> None:
    view = show(conn, "C01", "2019-08-31")
    term = view.as_dict()["term"]
    assert (term["ordinary_end"], term["extended"], term["end"], term["reminder"]) == (
        "2019-03-01",
        6,
        "2019-09-01",
        "2019-03-01",
    )
    assert view.term_state == "reminder due"
    assert show(conn, "C01", "2019-09-02").term_state == "overdue"
    assert show(conn, "C01", "2019-02-28").term_state == "running"


def test_an_appointed_temporary_leadership_has_no_term(conn: Connection) -> None:
    assert show(conn, "T01", "2016-04-30").status == "not founded yet"
    view = show(conn, "T01", "2016-06-01")
    leadership = view.as_dict()["leadership"]
    assert (leadership["secretary"], leadership["appointed"], leadership["approved_by"]) == (
        "T1",
        True,
        "TC",
    )
    assert (view.as_dict()["term"], view.term_state, view.findings) == (None, "no term", ())


def amended(**params: dict[str, Any]) -> RulebookVersion:
    """The built-in version with some rules' parameters changed."""
    changes = {rule: with_overrides(VERSION[rule], None, p) for rule, p in params.items()}
    return VERSION.amended("LOCAL", date(2000, 1, 1), changes)


def test_structural_findings_follow_the_parameters_of_the_version_given(
    conn: Connection,
) -> None:
    assert rules_of(show(conn, "V01", "2017-06-01")) == []
    strict = amended(
        **{
            "branch.max_members": {"max": 3},
            "branch.founding_members": {"min_full_members": 4},
            "branch.committee_size": {"min": 4, "max": 7},
        }
    )
    village = show(conn, "V01", "2017-06-01", strict)
    assert rules_of(village) == ["branch.max_members", "branch.founding_members"]
    founding = village.findings[1]
    assert "should be adjusted or dissolved" in founding.message
    assert "art. 7" in founding.citation
    assert "branch.committee_size" in rules_of(show(conn, "C01", "2017-06-01", strict))
    later = amended(**{"branch.term_reminder": {"months_before": 5}})
    assert show(conn, "S01", "2017-07-03", later).term_state == "running"


def test_a_committee_in_a_branch_below_the_committee_threshold_is_a_finding(
    conn: Connection,
) -> None:
    assert "branch.secretary_only_deputy" not in rules_of(show(conn, "C01", "2017-06-01"))
    higher = amended(**{"branch.committee_required": {"at_full_members": 50}})
    view = show(conn, "C01", "2017-06-01", higher)
    [finding] = [f for f in view.findings if f.rule == "branch.secretary_only_deputy"]
    assert "fewer than 50, yet it has a committee" in finding.message
    assert "branch.committee_required" not in rules_of(view)
