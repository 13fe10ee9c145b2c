"""The bars on posts through the journal: every step that gives a post refuses one a removal
from posts or a restoration after intra-party probation bars (DC art. 11, 12).

TC is a committee with authority above B1 and B2, whose full members B1M1-B1M9 and
B2M1-B2M9 are enrolled on 2020-01-03. B1's leadership in office when the record begins:
secretary B1M1, deputy B1M2, committee member B1M3 (organisation). The posts rank
committee-member < deputy < secretary; a bar lasts 24 months from the approval of the removal
(or of the restoration).
"""

from __future__ import annotations

from collections.abc import Iterable

from eventsourcing.persistence import Notification
from recorder_support import enrolled, line

from branchbook.domain import ids
from branchbook.domain.member import Member
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

NINE = [f"B1M{i}" for i in range(1, 10)]
REMOVED_ON = "2021-06-20"  # the removal from posts approved: the bar runs to 2023-06-20


SETUP = [
    line("org.add", date="2020-01-01", code="TC", name="Committee", kind="committee",
         approves_admissions=True),
    *(
        line("branch.found", date="2020-01-02", code=code, name=code, kind="regular",
             parent="TC", full_members=9)
        for code in ("B1", "B2")
    ),
    *enrolled("B1", 9),
    *enrolled("B2", 9),
    line("branch.leadership", date="2020-01-05", branch="B1", members=["B1M1", "B1M2", "B1M3"],
         secretary="B1M1", deputy="B1M2", roles={"organisation": "B1M3"}),
]  # fmt: skip


def record(recorder: Recorder, lines: Iterable[str]) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines)))


def accepted(recorder: Recorder, lines: Iterable[str]) -> None:
    for outcome in record(recorder, lines):
        assert outcome.status == "accepted", outcome.message


def notifications(app: BranchBook) -> list[Notification]:
    return list(app.recorder.select_notifications(start=None, limit=100_000))


def refused_alone(recorder: Recorder, app: BranchBook, bad: str, rule: str) -> Outcome:
    """Record one line that must be refused under `rule`; prove it wrote nothing."""
    before = len(notifications(app))
    (outcome,) = record(recorder, [bad])
    assert (outcome.status, outcome.rule) == ("rejected", rule), outcome.message
    assert len(notifications(app)) == before
    return outcome


def assembly(on: str, code: str) -> str:
    return line("meeting.hold", date=on, branch="B1", kind="assembly", present=NINE,
                chair="B1M9", code=code)  # fmt: skip


def sanction(
    number: str, kind: str, *, on: str = "2021-06-01", months: int | None = None
) -> list[str]:
    """The assembly resolves on a sanction; the committee above approves it on REMOVED_ON."""
    resolution = {"months": months} if months else {}
    return [
        assembly(on, f"D-{number}"),
        line("member.discipline", date=on, member=number, meeting=f"D-{number}", sanction=kind,
             matter="m1", yes=9, **resolution),
        line("member.approve", date=REMOVED_ON, member=number, body="TC"),
    ]  # fmt: skip


def by_election(on: str, candidates: list[str], code: str) -> list[str]:
    """An assembly everyone attends fills one vacant seat; the first candidate wins."""
    votes = {c: 9 if i == 0 else 0 for i, c in enumerate(candidates)}
    return [
        assembly(on, code),
        line("branch.elect", date=on, branch="B1", meeting=code, seats=1, candidates=candidates,
             issued=9, returned=9, votes=votes, by_election=True),
    ]  # fmt: skip


def member(app: BranchBook, number: str) -> Member:
    found = app.find(ids.member_id(number))
    assert isinstance(found, Member)
    return found


def test_the_sanction_keeps_the_post_held_when_it_was_approved(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, [*SETUP, *sanction("B1M3", "post-removal"), *sanction("B1M4", "warning")])
    (removal,) = member(app, "B1M3").sanctions
    assert (removal.post, str(removal.bar_ends)) == ("committee-member", "2023-06-20")
    (warning,) = member(app, "B1M4").sanctions
    assert warning.as_dict().get("post") is None  # a warning bars no post


def test_a_member_removed_from_a_seat_is_refused_one_until_the_bar_ends(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, [*SETUP, *sanction("B1M3", "post-removal")])
    meeting, bad = by_election("2023-06-19", ["B1M3", "B1M4"], "E1")
    accepted(recorder, [meeting])
    outcome = refused_alone(recorder, app, bad, "discipline.removal_from_post_bar")
    assert outcome.facts["old_post"] == outcome.facts["post"] == "committee-member"
    assert str(outcome.facts["bar_ends"]) == "2023-06-20"
    assert "2023-06-20" in str(outcome.message)
    # On the day the bar ends the same candidates stand, and the removed member is elected.
    accepted(recorder, by_election("2023-06-20", ["B1M3", "B1M4"], "E2"))


def test_a_removed_deputy_may_take_a_lower_seat_but_not_an_equal_or_higher_post(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, [*SETUP, *sanction("B1M2", "post-removal")])
    accepted(recorder, by_election("2021-09-01", ["B1M2", "B1M4"], "E1"))  # a seat is lower
    committee = line("meeting.hold", date="2021-09-02", branch="B1", kind="committee",
                     present=["B1M1", "B1M2", "B1M3"], chair="B1M1", code="C1")  # fmt: skip
    accepted(recorder, [committee])
    as_deputy = line("branch.elect-officers", date="2021-09-02", branch="B1", meeting="C1",
                     secretary="B1M1", deputy="B1M2")  # fmt: skip
    outcome = refused_alone(recorder, app, as_deputy, "discipline.removal_from_post_bar")
    assert (outcome.facts["old_post"], outcome.facts["post"]) == ("deputy", "deputy")
    as_secretary = line("branch.elect-officers", date="2021-09-02", branch="B1", meeting="C1",
                        secretary="B1M2", deputy="B1M3")  # fmt: skip
    outcome = refused_alone(recorder, app, as_secretary, "discipline.removal_from_post_bar")
    assert outcome.facts["post"] == "secretary"
    accepted(
        recorder,
        [line("branch.elect-officers", date="2021-09-02", branch="B1", meeting="C1",
              secretary="B1M1", deputy="B1M3", roles={"organisation": "B1M2"})],
    )  # fmt: skip


def test_a_member_restored_after_probation_is_refused_an_equal_post_for_two_years(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, [*SETUP, *sanction("B1M1", "probation", months=12)])
    review = [
        assembly("2022-06-21", "R1"),
        line("member.review-sanction", date="2022-06-21", member="B1M1", meeting="R1",
             outcome="restore", yes=8),
        line("member.approve", date="2022-07-01", member="B1M1", body="TC"),
    ]  # fmt: skip
    accepted(recorder, review)
    (probation,) = member(app, "B1M1").sanctions
    assert (probation.post, str(probation.bar_ends)) == ("secretary", "2024-07-01")

    def appoint(on: str) -> str:
        return line("branch.appoint", date=on, branch="B1", body="TC", secretary="B1M1",
                    deputy="B1M2")  # fmt: skip

    outcome = refused_alone(recorder, app, appoint("2024-06-30"), "discipline.post_restoration_bar")
    assert (outcome.facts["old_post"], outcome.facts["post"]) == ("secretary", "secretary")
    assert str(outcome.facts["start"]) == "2022-07-01"
    accepted(recorder, [appoint("2024-07-01")])


def test_a_bar_follows_the_member_to_another_branch_and_its_opening_entry(
    recorder: Recorder, app: BranchBook
) -> None:
    moved = [
        line("transfer.request", date="2021-07-01", member="B1M2", to="B2", reason="new job"),
        line("transfer.issue", date="2021-07-02", member="B1M2", body="TC", ref="L-1"),
        line("transfer.receive", date="2021-07-05", member="B1M2", branch="B2"),
    ]  # fmt: skip
    accepted(recorder, [*SETUP, *sanction("B1M2", "post-removal"), *moved])

    def entry(secretary: str, deputy: str) -> str:
        seated = [secretary, deputy, "B2M3"]
        return line("branch.leadership", date="2021-08-01", branch="B2", members=seated,
                    secretary=secretary, deputy=deputy)  # fmt: skip

    outcome = refused_alone(
        recorder, app, entry("B2M1", "B1M2"), "discipline.removal_from_post_bar"
    )
    assert (outcome.facts["old_post"], outcome.facts["post"]) == ("deputy", "deputy")
    accepted(recorder, [entry("B2M1", "B2M2")])
