"""The due list: each kind of deadline on both sides of its boundary, the window's last day,
and the record read as it stood on a past date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from journals import ADMISSION, EXTENSION, LATER, OPENING, line
from sqlalchemy import Engine
from views_support import recorded_views

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rulefile import load_rulebook
from branchbook.domain.rules import MONTHS
from branchbook.projections.auditors.due import DueItem, due_items, first_failing
from branchbook.projections.members.as_of import latest_effective, members_on


def enrol(number: str, branch: str) -> str:
    return line("member.enrol", date="2020-01-03", member=number, name=f"党员 {number}",
                birth="1980-01-01", branch=branch, status="full", admitted="2010-01-01",
                full_since="2011-01-01")  # fmt: skip


def meeting(code: str, on: str, present: list[str], kind: str = "assembly") -> str:
    return line("meeting.hold", date=on, branch="B1", kind=kind, present=present,
                chair="B1M1", code=code)  # fmt: skip


# Branches B1 and B2 under TC: a term, a vacancy, an applicant never talked with, a member away
# at a fixed place who pays dues with gaps, a rectification order, an intra-party probation,
# a transfer, and a membership suspended for lost contact.
B_CASES = [
    line("org.add", date="2020-01-01", code="TC", name="镇党委", kind="committee",
         approves_admissions=True),
    *(line("branch.found", date="2020-01-02", code=b, name=f"{b} 党支部", kind="regular",
           parent="TC", full_members=6) for b in ("B1", "B2")),
    *(enrol(f"{b}M{n}", b) for b in ("B1", "B2") for n in range(1, 7)),
    line("branch.leadership", date="2020-01-05", branch="B1", members="B1M1,B1M2,B1M3",
         secretary="B1M1"),
    line("member.apply", date="2021-01-01", member="X1", name="申请人 X1", birth="1995-01-01",
         branch="B1"),
    line("branch.vacate", date="2021-01-10", branch="B1", member="B1M3", reason="transfer"),
    line("member.participate", date="2021-02-01", member="B1M2", branch="B2", basis="mobile",
         fixed_place=True),
    meeting("C1", "2021-03-01", ["B1M1", "B1M2"], "committee"),
    line("member.rectify", date="2021-03-01", member="B1M4", meeting="C1", months=6,
         matter="dues", filed_with="TC"),
    line("transfer.request", date="2021-03-01", member="B1M6", to="B2", reason="new job"),
    line("transfer.issue", date="2021-03-02", member="B1M6", body="TC", ref="L-1"),
    line("transfer.receive", date="2021-03-05", member="B1M6", branch="B2"),
    line("member.income", date="2021-01-05", member="B1M2", kind="salaried", monthly="6000.00"),
    line("member.pay-dues", date="2021-01-10", member="B1M2", amount="30.00",
         months="2021-01:2021-03"),
    line("member.pay-dues", date="2021-07-10", member="B1M2", amount="10.00", months="2021-06"),
    meeting("A1", "2021-06-01", ["B1M1", "B1M2", "B1M3", "B1M4", "B1M5"]),
    line("member.discipline", date="2021-06-01", member="B1M5", meeting="A1",
         sanction="probation", matter="m1", months=12, yes=5),
    line("member.approve", date="2021-06-20", member="B1M5", body="TC"),
    meeting("A2", "2022-06-21", ["B1M1", "B1M2", "B1M3", "B1M4"]),
    line("member.review-sanction", date="2022-06-21", member="B1M5", meeting="A2",
         outcome="restore", yes=4),
    line("member.approve", date="2022-07-01", member="B1M5", body="TC"),
    line("member.suspend-membership", date="2022-08-01", member="B2M4", reason="lost-contact",
         since="2022-01-15"),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store for the module: the pipeline journal (B01, 2015-2019), then the cases."""
    with recorded_views(
        tmp_path_factory.mktemp("due") / "store.db",
        [*OPENING, *EXTENSION, *ADMISSION, *LATER, *B_CASES],
    ) as engine:
        yield engine


def items(engine: Engine, on: str, within: int = 30, branch: str | None = None) -> list[DueItem]:
    day = date.fromisoformat(on)
    with engine.connect() as conn:
        return due_items(conn, day, builtin_rulebook().in_force(day), within, branch)


def one(engine: Engine, kind: str, subject: str, on: str, within: int = 30) -> DueItem | None:
    found = [i for i in items(engine, on, within) if (i.kind, i.subject) == (kind, subject)]
    assert len(found) <= 1
    return found[0] if found else None


def status(engine: Engine, kind: str, subject: str, on: str, within: int = 30) -> tuple[str, int]:
    item = one(engine, kind, subject, on, within)
    assert item is not None, (kind, subject, on)
    return item.status, item.days


# Each deadline: (kind, subject, due date, rule). On the due date it is due; the day after,
# overdue; the window of 30 days includes it on its 30th day before and not on the 31st.
DEADLINES = [
    ("talk", "X1", "2021-02-01", "applicant.talk_deadline"),
    ("vacancy", "B1", "2021-04-10", "branch.vacancy_fill"),
    ("transfer", "B1M2", "2021-08-01", "transfer.required"),
    ("rectification", "B1M4", "2021-09-01", "disposal.rectification_term"),
    ("probation-end", "B1M5", "2022-06-20", "discipline.probation_expiry"),
    ("term-end", "B1", "2023-01-05", "branch.term_overdue"),
    ("lost-contact", "B2M4", "2024-08-01", "lost_contact.removal"),
    ("conversion", "P1", "2015-09-01", "probation.early_conversion"),
]


@pytest.mark.parametrize(("kind", "subject", "due", "rule"), DEADLINES)
def test_a_deadline_is_due_on_its_day_and_overdue_the_day_after(
    engine: Engine, kind: str, subject: str, due: str, rule: str
) -> None:
    day = date.fromisoformat(due)
    on_the_day = one(engine, kind, subject, due)
    assert on_the_day is not None
    assert (on_the_day.due, on_the_day.status, on_the_day.days, on_the_day.rule) == (
        day, "due", 0, rule)  # fmt: skip
    assert on_the_day.citation == builtin_rulebook().in_force(day)[rule].citation
    after = date.fromordinal(day.toordinal() + 1).isoformat()
    assert status(engine, kind, subject, after, within=0) == ("overdue", -1)


@pytest.mark.parametrize(("kind", "subject", "due", "rule"), DEADLINES)
def test_the_window_includes_its_thirtieth_day_and_not_the_thirty_first(
    engine: Engine, kind: str, subject: str, due: str, rule: str
) -> None:
    day = date.fromisoformat(due).toordinal()
    thirty, thirty_one = (date.fromordinal(day - n).isoformat() for n in (30, 31))
    assert status(engine, kind, subject, thirty) == ("due", 30)
    assert one(engine, kind, subject, thirty_one) is None
    assert status(engine, kind, subject, thirty_one, within=31) == ("due", 31)


def test_an_activist_becomes_eligible_within_the_window_and_is_never_overdue(
    engine: Engine,
) -> None:
    # A1 became an activist on 2016-04-11: eligible as a candidate a year later.
    eligible = one(engine, "candidate-eligible", "A1", "2017-03-12")
    assert eligible is not None
    assert (eligible.due, eligible.earliest, eligible.status, eligible.days) == (
        date(2017, 4, 11), date(2017, 4, 11), "due", 30)  # fmt: skip
    assert eligible.rule == "activist.min_cultivation"
    assert one(engine, "candidate-eligible", "A1", "2017-03-11") is None


def test_an_assessment_falls_due_and_moves_on_once_recorded(engine: Engine) -> None:
    assert status(engine, "assessment", "A1", "2016-09-30") == ("due", 11)
    assert one(engine, "assessment", "A1", "2016-10-01") is None  # assessed: next due 2017-04-01


def test_the_admission_vote_is_due_after_the_prereview_until_the_vote(engine: Engine) -> None:
    # A1 was pre-reviewed on 2017-06-01 and admitted by the assembly on 2017-06-21.
    vote = one(engine, "admission-vote", "A1", "2017-06-01")
    assert vote is not None
    assert (vote.due, vote.status, vote.days, vote.rule) == (
        date(2017, 7, 1), "due", 30, "admission.assembly_after_prereview")  # fmt: skip
    assert one(engine, "admission-vote", "A1", "2017-05-31", within=400) is None
    assert status(engine, "admission-vote", "A1", "2017-06-20") == ("due", 11)
    assert one(engine, "admission-vote", "A1", "2017-06-21") is None
    assert one(engine, "approval", "A1", "2017-06-21", within=92) is not None


def test_an_admission_approval_is_due_until_approved_with_its_longest_date(
    engine: Engine,
) -> None:
    pending = one(engine, "approval", "A1", "2017-07-31", within=60)
    assert pending is not None
    assert (pending.due, pending.latest, pending.rule) == (
        date(2017, 9, 21), date(2017, 12, 21), "approval.deadline")  # fmt: skip
    assert one(engine, "approval", "A1", "2017-08-01", within=60) is None


def test_the_term_reminder_is_due_from_its_window_until_the_term_ends(engine: Engine) -> None:
    # B1's term from 2020-01-05 ends 2023-01-05; the reminder is six months before.
    assert status(engine, "term-reminder", "B1", "2022-06-05") == ("due", 30)
    assert one(engine, "term-reminder", "B1", "2022-06-04") is None
    assert status(engine, "term-reminder", "B1", "2023-01-05") == ("due", -184)
    assert one(engine, "term-reminder", "B1", "2023-01-06") is None


def test_unpaid_dues_are_overdue_from_the_month_after_and_a_payment_clears_them(
    engine: Engine,
) -> None:
    # B1M2 paid 2021-01 to 2021-03 and, on 2021-07-10, 2021-06.
    assert one(engine, "dues", "B1M2", "2021-04-30") is None
    assert status(engine, "dues", "B1M2", "2021-05-01", within=0) == ("overdue", -1)
    gap = one(engine, "dues", "B1M2", "2021-07-09")
    assert gap is not None
    assert (gap.due, gap.rule) == (date(2021, 4, 30), "dues.payment_period")
    assert one(engine, "dues", "B1M2", "2021-07-10") is None


def test_a_run_of_unpaid_months_lapses_at_the_rules_limit(engine: Engine) -> None:
    # Unpaid from 2021-07: six months count as self-withdrawal from 2022-01-01.
    lapse = one(engine, "lapse", "B1M2", "2021-12-01")
    assert lapse is not None
    assert (lapse.due, lapse.status, lapse.days, lapse.rule) == (
        date(2021, 12, 31), "due", 30, "lapse.self_withdrawal")  # fmt: skip
    assert one(engine, "lapse", "B1M2", "2021-11-30") is None
    assert status(engine, "lapse", "B1M2", "2022-01-01", within=0) == ("overdue", -1)
    # Before the payment of 2021-06 the run began in 2021-04: the limit came sooner.
    earlier = one(engine, "lapse", "B1M2", "2021-07-09", within=90)
    assert earlier is not None
    assert earlier.due == date(2021, 9, 30)


def test_a_restored_probation_and_a_talk_held_leave_the_list(engine: Engine) -> None:
    assert one(engine, "probation-end", "B1M5", "2022-07-01") is None
    # N2 applied 2019-03-02 and was talked with on 2019-03-20; N1 never was.
    assert status(engine, "talk", "N2", "2019-03-19") == ("due", 14)
    assert one(engine, "talk", "N2", "2019-03-20") is None
    assert status(engine, "talk", "N1", "2019-04-02", within=0) == ("overdue", -1)


def test_the_list_is_sorted_by_due_date_and_filtered_by_branch(engine: Engine) -> None:
    every = items(engine, "2022-06-21")
    assert [i.due for i in every] == sorted(i.due for i in every)
    b2 = items(engine, "2024-08-01", branch="B2")
    # B2 has no leadership recorded: that is due too, from its founding.
    assert {(i.kind, i.subject) for i in b2} == {("lost-contact", "B2M4"), ("leadership", "B2")}
    assert {i.branch for i in items(engine, "2024-08-01", branch="B1")} == {"B1"}


def test_members_on_a_date_follow_the_transfer_from_its_receipt(engine: Engine) -> None:
    with engine.connect() as conn:
        before = {m.number: m.branch for m in members_on(conn, date(2021, 3, 4))}
        after = {m.number: m.branch for m in members_on(conn, date(2021, 3, 5))}
        in_b1 = [m.number for m in members_on(conn, date(2021, 3, 5), "B1")]
        nobody = members_on(conn, date(2014, 12, 31))
        last = latest_effective(conn)
    assert (before["B1M6"], after["B1M6"]) == ("B1", "B2")
    assert "B1M6" not in in_b1
    assert "B1M5" in in_b1
    assert nobody == []
    assert last == date(2022, 8, 1)


def test_members_on_a_date_show_the_admission_before_and_after_its_approval(
    engine: Engine,
) -> None:
    with engine.connect() as conn:
        admitted = {m.number: m for m in members_on(conn, date(2017, 7, 31), "B01")}["A1"]
        approved = {m.number: m for m in members_on(conn, date(2017, 8, 1), "B01")}["A1"]
    assert (admitted.status, admitted.pending, admitted.approved_on) == ("admitted", "admit", None)
    assert (approved.status, approved.pending, approved.approved_on) == (
        "probationary", None, date(2017, 8, 1))  # fmt: skip


@pytest.mark.parametrize("on", ["1900-01-01", "2099-12-31"])
def test_a_window_reaching_past_the_calendar_ends_on_its_last_day(engine: Engine, on: str) -> None:
    whole = items(engine, on, within=999_999_999 + 1)
    assert whole == items(engine, on, within=(date.max - date.fromisoformat(on)).days)
    assert {i.status for i in whole} <= {"due", "overdue"}


@pytest.mark.parametrize(
    ("rule_id", "name", "count"),
    [("lapse.self_withdrawal", "consecutive_months", "unpaid_months"),
     ("transfer.required", "away_months", "months")],
)  # fmt: skip
def test_a_limit_of_as_many_months_as_a_parameter_may_hold_is_still_found(
    rule_id: str, name: str, count: str
) -> None:
    text = f'[rules."{rule_id}"]\n{name} = {MONTHS.high}\n'
    rule = load_rulebook(text, builtin_rulebook()).versions[0][rule_id]
    facts = {"member": "M", "branch": "B", "since": date(2020, 1, 1), "on": date(2020, 1, 1)}
    assert first_failing(rule, count, **facts) == MONTHS.high
