"""The case views: a transfer received and one refused, an intra-party probation approved then
restored, dues paid with a gap, a participation, a suspension and a death; caught up page by
page they equal a rebuild."""

from __future__ import annotations

from datetime import date
from typing import Any

from journals import line
from sqlalchemy import select

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.branches.roster import roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.history import history
from branchbook.projections.members.show import MemberCase, member_case
from branchbook.projections.storage.tables import metadata, positions, roll
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook


def enrol(number: str, branch: str) -> str:
    return line("member.enrol", date="2020-01-03", member=number, name=f"党员 {number}",
                birth="1980-01-01", branch=branch, status="full", admitted="2010-01-01",
                full_since="2011-01-01")  # fmt: skip


def assembly(code: str, on: str, present: list[str]) -> str:
    return line("meeting.hold", date=on, branch="B1", kind="assembly", present=present,
                chair="B1M1", code=code)  # fmt: skip


OPENING = [
    line("org.add", date="2020-01-01", code="TC", name="镇党委", kind="committee",
         approves_admissions=True),
    line("org.add", date="2020-01-01", code="DC", name="镇纪委", kind="discipline-commission",
         parent="TC"),
    *(line("branch.found", date="2020-01-02", code=b, name=f"{b} 党支部", kind="regular",
           parent="TC", full_members=6) for b in ("B1", "B2")),
    *(enrol(f"{b}M{n}", b) for b in ("B1", "B2") for n in range(1, 7)),
]  # fmt: skip
CASES = [
    line("transfer.request", date="2021-03-01", member="B1M6", to="B2", reason="new job"),
    line("transfer.issue", date="2021-03-02", member="B1M6", body="TC", ref="L-1"),
    line("transfer.receive", date="2021-03-05", member="B1M6", branch="B2"),
    line("transfer.request", date="2021-04-01", member="B1M5", to="B2", reason="moved"),
    line("transfer.reject", date="2021-04-03", member="B1M5", by="B2", reason="wrong unit"),
    assembly("A1", "2021-06-01", ["B1M1", "B1M2", "B1M3", "B1M4", "B1M5"]),
    line("member.discipline", date="2021-06-01", member="B1M5", meeting="A1",
         sanction="probation", matter="m1", months=12, yes=5),
    line("member.approve", date="2021-06-20", member="B1M5", body="TC"),
    assembly("A2", "2022-06-21", ["B1M1", "B1M2", "B1M3", "B1M4"]),
    line("member.review-sanction", date="2022-06-21", member="B1M5", meeting="A2",
         outcome="restore", yes=4),
    line("member.approve", date="2022-07-01", member="B1M5", body="TC"),
    line("member.income", date="2021-01-05", member="B1M2", kind="salaried", monthly="6000.00"),
    line("member.pay-dues", date="2021-01-10", member="B1M2", amount="30.00",
         months="2021-01:2021-03"),
    line("member.pay-dues", date="2021-07-10", member="B1M2", amount="10.00", months="2021-06"),
    line("member.participate", date="2021-02-01", member="B1M2", branch="B2", basis="mobile",
         fixed_place=True),
    line("member.suspend-membership", date="2022-08-01", member="B1M4", reason="lost-contact",
         since="2022-01-15"),
    line("member.death", date="2022-09-01", member="B1M3"),
]  # fmt: skip
JOURNAL = [*OPENING, *CASES]


def record(recorder: Recorder, lines: list[str]) -> None:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert [o.status for o in outcomes] == ["accepted"] * len(lines), [
        o.message for o in outcomes if not o.accepted
    ]


def caught_up(app: BranchBook, page_size: int = 1000) -> CatchUp:
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size)
    views.run()
    return views


def case(views: CatchUp, number: str, on: str) -> MemberCase:
    day = date.fromisoformat(on)
    with views.engine.connect() as conn:
        return member_case(conn, number, day, builtin_rulebook().in_force(day))


def numbers(views: CatchUp, branch: str, on: str) -> list[tuple[str, str]]:
    with views.engine.connect() as conn:
        return [(r.number, r.status) for r in roster(conn, branch, date.fromisoformat(on))]


def test_the_relation_follows_the_transfer_from_its_receipt(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = caught_up(app)
    before, after = case(views, "B1M6", "2021-03-04"), case(views, "B1M6", "2021-03-05")
    assert before.relation_branch == "B1"
    assert before.pending_transfer == {
        "number": 1, "from": "B1", "to": "B2", "reason": "new job", "requested": "2021-03-01",
        "issued": "2021-03-02", "ref": "L-1",
    }  # fmt: skip
    assert (after.relation_branch, after.pending_transfer) == ("B2", None)
    assert [(t["to"], t["outcome"], t["closed"]) for t in after.transfers] == [
        ("B2", "received", "2021-03-05")
    ]
    assert ("B1M6", "full") in numbers(views, "B1", "2021-03-04")
    assert ("B1M6", "full") not in numbers(views, "B1", "2021-03-05")
    assert ("B1M6", "full") in numbers(views, "B2", "2021-03-05")
    with views.engine.connect() as conn:
        left = conn.execute(
            select(roll.c.since, roll.c.status).where(
                roll.c.branch == "B1", roll.c.member == "B1M6"
            )
        ).all()
    assert (date(2021, 3, 5), "transferred-out") in left


def test_a_refused_transfer_leaves_the_member_where_they_were(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    refused = case(caught_up(app), "B1M5", "2021-04-03")
    assert refused.relation_branch == "B1"
    assert refused.pending_transfer is None
    assert [(t["outcome"], t["refusal"]) for t in refused.transfers] == [
        ("refused", "B2: wrong unit")
    ]


def test_an_intra_party_probation_runs_until_restored_and_bars_posts_after(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = caught_up(app)
    assert case(views, "B1M5", "2021-06-10").resolution == {
        "decision": "discipline", "on": "2021-06-01", "meeting": "A1",
        "detail": {"sanction": "probation", "matter": "m1", "months": 12},
    }  # fmt: skip
    (running,) = case(views, "B1M5", "2022-06-30").sanctions
    assert (running["kind"], running["ends"], running["restored"]) == (
        "probation", "2022-06-20", None)  # fmt: skip
    (barred,) = case(views, "B1M5", "2022-07-01").sanctions
    assert (barred["restored"], barred["bar_ends"]) == ("2022-07-01", "2024-07-01")
    assert case(views, "B1M5", "2024-07-01").sanctions == ()
    assert case(views, "B1M5", "2022-07-01").resolution is None


def test_dues_with_a_gap_and_a_fixed_place_participation_are_found(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = caught_up(app)
    early = case(views, "B1M2", "2021-04-15")
    assert early.findings == ()
    assert early.dues["paid_up_to"] == "2021-03"
    assert early.dues["expected_monthly"] == {"min_fen": 9000, "max_fen": 9000}
    late = case(views, "B1M2", "2021-12-01")
    assert late.dues["paid_up_to"] == "2021-03"
    assert late.dues["unpaid_months"] == 5
    assert [p["branch"] for p in late.participations] == ["B2"]
    assert sorted(f["rule"] for f in late.findings) == ["dues.payment_period", "transfer.required"]


def test_suspension_and_death_change_the_roster_from_their_dates(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = caught_up(app)
    assert ("B1M4", "suspended") in numbers(views, "B1", "2022-08-01")
    assert ("B1M3", "full") in numbers(views, "B1", "2022-08-31")
    assert "B1M3" not in dict(numbers(views, "B1", "2022-09-01"))
    dead = case(views, "B1M3", "2022-09-01")
    assert dead.ended == {"status": "deceased", "basis": "death", "on": "2022-09-01"}
    assert case(views, "B1M4", "2022-08-01").suspension == {
        "reason": "lost-contact", "since": "2022-01-15", "suspended_on": "2022-08-01"}  # fmt: skip
    with views.engine.connect() as conn:
        assert "B1M3" not in [r.number for r in roster(conn, "B1")]


def test_the_history_names_the_case_steps(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, JOURNAL)
    with caught_up(app).engine.connect() as conn:
        kinds = {n: [s.kind for s in history(conn, n)] for n in ("B1M6", "B1M5", "B1M3")}
    assert kinds["B1M6"] == [
        "enrolled",
        "transfer-requested",
        "transfer-issued",
        "moved",
        "transfer-received",
    ]
    assert kinds["B1M5"] == [
        "enrolled", "transfer-requested", "transfer-refused", "decided", "sanctioned",
        "decided", "sanction-reviewed"]  # fmt: skip
    assert kinds["B1M3"] == ["enrolled", "left"]


def dump(views: CatchUp) -> dict[str, list[tuple[Any, ...]]]:
    with views.engine.connect() as conn:
        return {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t)))
            for t in metadata.sorted_tables
            if t is not positions
        }


def test_catching_up_page_by_page_gives_the_rows_of_a_rebuild(
    recorder: Recorder, app: BranchBook
) -> None:
    half = len(JOURNAL) - 8
    record(recorder, JOURNAL[:half])
    views = caught_up(app, page_size=3)
    record(recorder, JOURNAL[half:])
    views.run()
    incremental = dump(views)
    for name in ("bb_transfers", "bb_sanctions", "bb_dues_payments", "bb_participations",
                 "bb_member_states", "bb_dues_incomes"):  # fmt: skip
        assert incremental[name], name
    assert views.rebuild() == app.recorder.max_notification_id()
    assert dump(views) == incremental
