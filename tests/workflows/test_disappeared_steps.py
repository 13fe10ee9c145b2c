"""`member remove --basis disappeared` through the journal: the date the member went missing
is read, judged and kept with the resolution (DC art. 35 of the 2018 text)."""

from __future__ import annotations

from recorder_support import line

from branchbook.domain import ids
from branchbook.domain.member import Member, Status
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

NINE = [f"M{i}" for i in range(1, 10)]


SETUP = [
    line("org.add", date="2020-01-01", code="TC", name="Committee", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2020-01-02", code="B1", name="B1", kind="regular", parent="TC",
         full_members=9),
    *(
        line("member.enrol", date="2020-01-03", member=n, name=n, birth="1980-01-01",
             branch="B1", status="full", admitted="2010-01-01", full_since="2011-01-01")
        for n in NINE
    ),
]  # fmt: skip


def removal(on: str, **extra: object) -> list[str]:
    return [
        line("meeting.hold", date=on, branch="B1", kind="assembly", present=NINE[:8],
             chair="M1", code=f"A-{on}"),
        line("member.remove", date=on, member="M9", meeting=f"A-{on}", basis="disappeared",
             matter="挪用公款", yes=8, **extra),
    ]  # fmt: skip


def test_a_removal_as_disappeared_reads_the_date_and_warns_within_six_months(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = list(recorder.record_many(parse_journal(SETUP)))
    assert {o.status for o in outcomes} == {"accepted"}
    (_, bare) = recorder.record_many(parse_journal(removal("2021-03-01")))
    assert bare.status == "invalid", bare.message  # bad input: the date is missing
    assert bare.message is not None
    assert "missing-since" in bare.message
    (_, early) = recorder.record_many(
        parse_journal(removal("2021-07-01", missing_since="2021-01-01"))
    )
    assert early.status == "accepted", early.message
    assert [w.rule for w in early.warnings] == ["disappeared_after_violation.removal"]
    member = app.find(ids.member_id("M9"))
    assert isinstance(member, Member)
    assert member.pending is not None
    assert member.pending.detail == {
        "basis": "disappeared",
        "matter": "挪用公款",
        "missing_since": "2021-01-01",
    }
    approval = line("member.approve", date="2021-07-20", member="M9", body="TC")
    (approved,) = recorder.record_many(parse_journal([approval]))
    assert approved.status == "accepted", approved.message
    removed = app.find(ids.member_id("M9"))
    assert isinstance(removed, Member)
    assert (removed.status, removed.basis) == (Status.REMOVED, "disappeared")


def test_a_missing_since_date_on_another_basis_is_bad_input_and_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = list(recorder.record_many(parse_journal(SETUP)))
    assert {o.status for o in outcomes} == {"accepted"}
    held, other = removal("2021-07-01", missing_since="2021-01-01")
    other = other.replace('"disappeared"', '"unqualified"')
    (_, refused) = recorder.record_many(parse_journal([held, other]))
    assert refused.status == "invalid", refused.message
    assert refused.message is not None
    assert "missing-since" in refused.message
    member = app.find(ids.member_id("M9"))
    assert isinstance(member, Member)
    assert (member.status, member.pending) == (Status.FULL, None)
