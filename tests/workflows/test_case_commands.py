"""Transfer, discipline and disposal commands through the journal: a refused line writes nothing.

TC is a committee with authority, DC its discipline commission; B1 and B2 are branches of TC
with full members B1M1-B1M6 and B2M1-B2M6 from 2020-01-03.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from eventsourcing.persistence import Notification
from recorder_support import enrolled, line

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member, Status
from branchbook.domain.transfer import Transfers
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

SETUP = [
    line(
        "org.add",
        date="2020-01-01",
        code="TC",
        name="Committee",
        kind="committee",
        approves_admissions=True,
    ),
    line(
        "org.add",
        date="2020-01-01",
        code="DC",
        name="Commission",
        kind="discipline-commission",
        parent="TC",
    ),
    *(
        line(
            "branch.found",
            date="2020-01-02",
            code=code,
            name=code,
            kind="regular",
            parent="TC",
            full_members=6,
        )
        for code in ("B1", "B2")
    ),
    *enrolled("B1", 6),
    *enrolled("B2", 6),
]


def record(recorder: Recorder, lines: Iterable[str]) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines)))


def notifications(app: BranchBook) -> list[Notification]:
    return list(app.recorder.select_notifications(start=None, limit=100_000))


def set_up(recorder: Recorder) -> None:
    assert {o.status for o in record(recorder, SETUP)} == {"accepted"}


def refused_alone(recorder: Recorder, app: BranchBook, bad: str, rule: str) -> Outcome:
    """Record one line that must be refused under `rule`; prove it wrote nothing."""
    before = len(notifications(app))
    (outcome,) = record(recorder, [bad])
    assert (outcome.status, outcome.rule) == ("rejected", rule), outcome.message
    assert outcome.positions == ()
    assert len(notifications(app)) == before
    return outcome


def member(app: BranchBook, number: str) -> Member:
    found = app.find(ids.member_id(number))
    assert isinstance(found, Member)
    return found


def branch(app: BranchBook, code: str) -> Branch:
    found = app.find(ids.branch_id(code))
    assert isinstance(found, Branch)
    return found


def assembly(on: str, present: list[str], code: str) -> str:
    return line(
        "meeting.hold",
        date=on,
        branch="B1",
        kind="assembly",
        present=present,
        chair=present[0],
        code=code,
    )


FIVE = [f"B1M{i}" for i in range(1, 6)]
REQUEST = line("transfer.request", date="2021-03-01", member="B1M6", to="B2", reason="new job")
ISSUE = line("transfer.issue", date="2021-03-02", member="B1M6", body="TC", ref="L-1")


def test_receipt_by_the_wrong_branch_writes_nothing_and_the_right_one_moves_the_member(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    assert [o.status for o in record(recorder, [REQUEST, ISSUE])] == ["accepted"] * 2
    wrong = line("transfer.receive", date="2021-03-05", member="B1M6", branch="B1")
    outcome = refused_alone(recorder, app, wrong, "transfer.receiving_branch")
    assert outcome.facts["to"] == "B2"
    assert member(app, "B1M6").branch == "B1"
    right = line("transfer.receive", date="2021-03-05", member="B1M6", branch="B2")
    (received,) = record(recorder, [right])
    assert received.status == "accepted", received.message
    moved = member(app, "B1M6")
    assert moved.branch == "B2"
    assert moved.relation_on(date(2021, 3, 4)) == "B1"
    assert "B1M6" not in branch(app, "B1").members_on(date(2021, 3, 5))
    assert "B1M6" in branch(app, "B2").members_on(date(2021, 3, 5))


def test_a_refusal_without_a_reason_writes_nothing_and_one_with_a_reason_closes_it(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    record(recorder, [REQUEST])
    bare = line("transfer.reject", date="2021-03-03", member="B1M6", by="B2")
    refused_alone(recorder, app, bare, "transfer.rejection_reason")
    reasoned = line("transfer.reject", date="2021-03-03", member="B1M6", by="B2", reason="unit")
    assert [o.status for o in record(recorder, [reasoned])] == ["accepted"]
    file = app.find(ids.transfers_id("B1M6"))
    assert isinstance(file, Transfers)
    assert file.pending is None
    assert file.history[0].outcome == "refused"
    assert member(app, "B1M6").branch == "B1"


def test_a_transfer_to_a_branch_not_in_the_record_is_not_found(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    before = len(notifications(app))
    stray = line("transfer.request", date="2021-03-01", member="B1M6", to="B9", reason="moved")
    (outcome,) = record(recorder, [stray])
    assert outcome.status == "not-found"
    assert len(notifications(app)) == before
    assert app.find(ids.transfers_id("B1M6")) is None


def expulsion(on: str = "2021-06-01") -> list[str]:
    return [
        assembly(on, FIVE, "A1"),
        line(
            "member.discipline",
            date=on,
            member="B1M5",
            meeting="A1",
            sanction="expulsion",
            matter="m1",
            yes=5,
        ),
    ]


def test_an_expulsion_approved_by_the_committee_writes_nothing_and_by_the_commission_ends_it(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    assert [o.status for o in record(recorder, expulsion())] == ["accepted"] * 2
    by_committee = line("member.approve", date="2021-06-20", member="B1M5", body="TC")
    refused_alone(recorder, app, by_committee, "discipline.approver")
    assert member(app, "B1M5").pending is not None
    by_commission = line("member.approve", date="2021-06-20", member="B1M5", body="DC")
    (approved,) = record(recorder, [by_commission])
    assert approved.status == "accepted", approved.message
    expelled = member(app, "B1M5")
    assert (expelled.status, expelled.ended_on) == (Status.EXPELLED, date(2021, 6, 20))
    assert "B1M5" not in branch(app, "B1").members_on(date(2021, 6, 20))


def test_an_expelled_member_applying_within_five_years_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    approve = line("member.approve", date="2021-06-20", member="B1M5", body="DC")
    record(recorder, [*expulsion(), approve])

    def again(on: str) -> str:
        return line(
            "member.apply", date=on, member="B1M5", name="N5", birth="1980-01-01", branch="B2"
        )

    refused_alone(recorder, app, again("2026-06-19"), "discipline.expulsion_rejoin_bar")
    (outcome,) = record(recorder, [again("2026-06-20")])
    assert outcome.status == "accepted", outcome.message
    returned = member(app, "B1M5")
    assert (returned.status, returned.branch) == (Status.APPLICANT, "B2")


def test_a_probation_of_eighteen_months_writes_nothing(recorder: Recorder, app: BranchBook) -> None:
    set_up(recorder)
    record(recorder, [assembly("2021-06-01", FIVE, "A1")])
    bad = line(
        "member.discipline",
        date="2021-06-01",
        member="B1M5",
        meeting="A1",
        sanction="probation",
        matter="m1",
        months=18,
        yes=5,
    )
    refused_alone(recorder, app, bad, "discipline.probation_term")


def test_removal_as_self_withdrawn_reads_the_unpaid_months_from_the_dues_ledger(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    paid = line(
        "member.pay-dues",
        date="2021-06-10",
        member="B1M5",
        branch="B1",
        amount="6.00",
        months="2021-01:2021-06",
    )
    outcomes = record(recorder, [paid, assembly("2021-10-11", FIVE, "A1")])
    assert [o.status for o in outcomes] == ["accepted"] * 2, [o.message for o in outcomes]
    remove = line(
        "member.remove",
        date="2021-10-11",
        member="B1M5",
        meeting="A1",
        basis="self-withdrawal",
        matter="dues",
        grounds="dues",
        yes=5,
    )
    (outcome,) = record(recorder, [remove])
    assert outcome.status == "accepted", outcome.message
    assert [w.rule for w in outcome.warnings] == ["lapse.self_withdrawal"]
    assert outcome.warnings
    assert "3 consecutive unpaid" in outcome.warnings[0].reason


def test_removal_for_refusing_urging_without_urging_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    record(recorder, [assembly("2021-06-01", FIVE, "A1")])
    bad = line(
        "member.remove",
        date="2021-06-01",
        member="B1M5",
        meeting="A1",
        basis="refused-urging",
        matter="m1",
        yes=5,
    )
    refused_alone(recorder, app, bad, "record.transition")


def test_death_is_recorded_and_the_member_leaves_the_roll(
    recorder: Recorder, app: BranchBook
) -> None:
    set_up(recorder)
    (outcome,) = record(recorder, [line("member.death", date="2022-09-01", member="B1M3")])
    assert outcome.status == "accepted", outcome.message
    assert member(app, "B1M3").status is Status.DECEASED
    assert "B1M3" not in branch(app, "B1").members_on(date(2022, 9, 1))
    again = line("member.death", date="2022-09-02", member="B1M3")
    refused_alone(recorder, app, again, "record.transition")
