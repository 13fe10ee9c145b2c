"""Decisions recorded through the store: judged against the roll read in the saving transaction."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.persistence import StaleRead
from branchbook.workflows.store.uow import UnitOfWork
from rival_support import rival_holding_the_lock

from branchbook.domain import ids
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Status
from branchbook.domain.rules import Judge

FOUNDED = "2015-01-01"
ASSEMBLY = "B01-2017-06-20-assembly"


def cmd(command: str, on: str, **values: Any) -> dict[str, Any]:
    return {"command": command, "date": on, **{k.replace("_", "-"): v for k, v in values.items()}}


def branch_with_voters(count: int) -> list[dict[str, Any]]:
    """A branch with `count` full members (F1..) and a committee of the first three, under a
    general branch GB01 of the committee TC01."""
    lines = [
        cmd(
            "org.add",
            FOUNDED,
            code="TC01",
            name="党委",
            kind="committee",
            approves_admissions=True,
        ),
        cmd("org.add", FOUNDED, code="GB01", name="总支", kind="general-branch", parent="TC01"),
        cmd(
            "branch.found",
            FOUNDED,
            code="B01",
            name="一支部",
            kind="regular",
            parent="GB01",
            full_members=count,
        ),
    ]
    lines += [
        cmd(
            "member.enrol",
            "2015-01-02",
            member=f"F{i}",
            name=f"党员{i}",
            birth="1970-01-01",
            branch="B01",
            status="full",
            admitted="2000-01-01",
            full_since="2001-01-01",
        )
        for i in range(1, count + 1)
    ]
    lines.append(
        cmd("branch.leadership", "2015-01-03", branch="B01", members="F1,F2,F3", secretary="F1")
    )
    return lines


def candidate(number: str = "A1") -> list[dict[str, Any]]:
    """An applicant taken to the eve of the admission vote, every step in order."""
    return [
        cmd(
            "member.apply",
            "2016-01-01",
            member=number,
            name="申请人",
            birth="1990-01-01",
            branch="B01",
        ),
        cmd("member.talk", "2016-01-20", member=number, by="F1"),
        cmd(
            "meeting.hold",
            "2016-04-01",
            branch="B01",
            kind="committee",
            present="F1,F2",
            chair="F1",
        ),
        cmd(
            "member.designate-activist",
            "2016-04-01",
            member=number,
            meeting="B01-2016-04-01-committee",
            contacts="F4,F5",
            recommended_by="members",
        ),
        cmd("member.assess", "2016-10-01", member=number),
        cmd("member.assess", "2017-03-01", member=number),
        cmd(
            "meeting.hold",
            "2017-04-10",
            branch="B01",
            kind="committee",
            present="F1,F2,F3",
            chair="F1",
        ),
        cmd(
            "member.designate-candidate",
            "2017-04-10",
            member=number,
            meeting="B01-2017-04-10-committee",
        ),
        cmd("member.review", "2017-05-01", member=number, result="passed"),
        cmd("member.train", "2017-05-10", member=number, days=3),
        cmd("member.introduce", "2017-05-11", member=number, introducers="F4,F5"),
        cmd("member.prereview", "2017-06-01", member=number, body="党委"),
    ]


def assembly(present: str) -> dict[str, Any]:
    return cmd(
        "meeting.hold", "2017-06-20", branch="B01", kind="assembly", present=present, chair="F1"
    )


def admit(yes: int, **extra: Any) -> dict[str, Any]:
    return cmd("member.admit", "2017-06-20", member="A1", meeting=ASSEMBLY, yes=yes, **extra)


def record(recorder: Recorder, lines: list[dict[str, Any]]) -> list[Outcome]:
    return list(recorder.record_many(Item(n, line) for n, line in enumerate(lines, start=1)))


def accepted_all(recorder: Recorder, lines: list[dict[str, Any]]) -> None:
    outcomes = record(recorder, lines)
    assert all(o.accepted for o in outcomes), [o for o in outcomes if not o.accepted]


def versions(app: BranchBook) -> dict[str, int | None]:
    found = {
        "branch": app.find(ids.branch_id("B01")),
        "member": app.find(ids.member_id("A1")),
        "meeting": app.find(ids.meeting_id(ASSEMBLY)),
    }
    return {k: (a.version if a is not None else None) for k, a in found.items()}


def enrol_a_tenth_voter(rival: Recorder) -> list[Outcome]:
    """Another writer enrols a tenth full member into B01."""
    tenth = cmd(
        "member.enrol", "2016-06-01", member="F10", name="党员10", birth="1970-01-01",
        branch="B01", status="full", admitted="2010-01-01", full_since="2011-01-01",
    )  # fmt: skip
    return [rival.record(tenth.pop("command"), tenth)]


@pytest.fixture
def ready(recorder: Recorder) -> Recorder:
    """Nine voting members, a committee, and a candidate ready for the assembly."""
    accepted_all(recorder, [*branch_with_voters(9), *candidate()])
    return recorder


def test_the_admission_is_recorded_with_its_evidence(ready: Recorder, app: BranchBook) -> None:
    accepted_all(ready, [assembly("F1,F2,F3,F4,F5,A1"), admit(5)])
    member = app.find(ids.member_id("A1"))
    assert isinstance(member, Member)
    assert member.status is Status.ADMITTED
    resolved = [
        e for e in app.events.get(ids.meeting_id(ASSEMBLY)) if isinstance(e, Meeting.Resolved)
    ]
    (evidence,) = [e.evidence for e in resolved]
    assert evidence["should_attend"] == 9
    assert evidence["present_voting"] == 5
    assert evidence["present_voting_members"] == ["F1", "F2", "F3", "F4", "F5"]
    assert evidence["quorum_needed"] == 5
    assert evidence["pass_needed"] == 5
    assert evidence["yes_total"] == 5
    assert evidence["rulebook"] == builtin_rulebook().versions[0].fingerprint
    branch_roll = app.find(ids.branch_id("B01"))
    assert branch_roll is not None
    assert branch_roll.standing_on("A1", member.admitted_on).status == "admitted"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("present", "yes", "rule"),
    [
        ("F1,F2,F3,F4,A1", 4, "assembly.quorum"),
        ("F1,F2,F3,F4,F5,A1", 4, "assembly.pass_threshold"),
    ],
)
def test_a_refused_admission_writes_nothing(
    ready: Recorder, app: BranchBook, present: str, yes: int, rule: str
) -> None:
    accepted_all(ready, [assembly(present)])
    before = versions(app)
    (outcome,) = record(ready, [admit(yes)])
    assert outcome.status == "rejected"
    assert outcome.rule == rule
    assert versions(app) == before


@pytest.mark.parametrize(
    ("body", "rule"),
    [("GB01", "approval.approver"), ("TC02", "record.body_above")],
    ids=["general branch above the branch", "committee not above the branch"],
)
def test_an_approval_by_a_body_that_may_not_give_it_writes_nothing(
    ready: Recorder, app: BranchBook, body: str, rule: str
) -> None:
    other = cmd(
        "org.add",
        "2017-06-20",
        code="TC02",
        name="另一党委",
        kind="committee",
        approves_admissions=True,
    )
    accepted_all(ready, [assembly("F1,F2,F3,F4,F5,A1"), admit(5), other])
    before = versions(app)
    (outcome,) = record(ready, [cmd("member.approve", "2017-08-01", member="A1", body=body)])
    assert outcome.status == "rejected"
    assert outcome.rule == rule
    assert outcome.facts["body"] == body
    assert versions(app) == before
    member = app.find(ids.member_id("A1"))
    assert isinstance(member, Member)
    assert member.status is Status.ADMITTED


def test_a_decision_is_judged_against_the_roll_a_rival_changed_while_it_waited(
    ready: Recorder, app: BranchBook, store_url: str
) -> None:
    """5 of 9 is a quorum; a rival holding the lock enrols a tenth voter, and 5 of 10 is not."""
    accepted_all(ready, [assembly("F1,F2,F3,F4,F5,A1")])
    with rival_holding_the_lock(store_url, enrol_a_tenth_voter) as rival:
        (outcome,) = record(ready, [admit(5)])
    assert [[o.status for o in outcomes] for outcomes in rival] == [["accepted"]]
    assert outcome.status == "rejected"
    assert outcome.rule == "assembly.quorum"
    assert "5 of 10" in (outcome.message or "")
    member = app.find(ids.member_id("A1"))
    assert isinstance(member, Member)
    assert member.status is Status.CANDIDATE


def test_a_decision_read_by_a_writer_that_skips_the_lock_is_judged_again(
    ready: Recorder, app: BranchBook, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version check behind the lock: had a writer not taken it, a rival that enrolled a
    tenth voter between the judging and the save sends the batch back to be judged again."""
    accepted_all(ready, [assembly("F1,F2,F3,F4,F5,A1")])
    monkeypatch.setattr(app.batch_recorder, "lock_for_writing", lambda session: None)
    commit = UnitOfWork.commit
    raced: list[list[Outcome]] = []
    started: list[bool] = []

    def commit_after_a_rival(self: UnitOfWork, **kwargs: Any) -> dict[int, int]:
        if not started:  # a rival in its own thread (and transaction) commits first
            started.append(True)
            rival = BranchBook(store_url)
            worker = threading.Thread(
                target=lambda: raced.append(
                    enrol_a_tenth_voter(Recorder(rival, builtin_rulebook(), "rival"))
                )
            )
            worker.start()
            worker.join(60)
            rival.close()
        return commit(self, **kwargs)

    monkeypatch.setattr(UnitOfWork, "commit", commit_after_a_rival)
    (outcome,) = record(ready, [admit(5)])
    assert [[o.status for o in outcomes] for outcomes in raced] == [["accepted"]]
    assert outcome.status == "rejected"
    assert "5 of 10" in (outcome.message or "")


@pytest.fixture
def admitted(ready: Recorder) -> Recorder:
    accepted_all(
        ready,
        [
            assembly("F1,F2,F3,F4,F5,A1"),
            admit(5),
            cmd(
                "member.approve",
                "2017-08-01",
                member="A1",
                body="TC01",
            ),
            cmd("member.oath", "2017-08-02", member="A1"),
        ],
    )
    return ready


def test_conversion_waits_for_the_end_of_probation_and_party_age_counts_from_it(
    admitted: Recorder, app: BranchBook
) -> None:
    early = [
        cmd(
            "meeting.hold",
            "2018-06-19",
            branch="B01",
            kind="assembly",
            present="F1,F2,F3,F4,F5,A1",
            chair="F1",
        ),
        cmd("member.convert", "2018-06-19", member="A1", meeting="B01-2018-06-19-assembly", yes=5),
    ]
    outcomes = record(admitted, early)
    assert outcomes[1].rule == "probation.early_conversion"
    on_time = [
        cmd(
            "meeting.hold",
            "2018-06-20",
            branch="B01",
            kind="assembly",
            present="F1,F2,F3,F4,F5,A1",
            chair="F1",
        ),
        cmd("member.convert", "2018-06-20", member="A1", meeting="B01-2018-06-20-assembly", yes=5),
        cmd(
            "member.approve",
            "2018-08-30",
            member="A1",
            body="TC01",
        ),
    ]
    accepted_all(admitted, on_time)
    member = app.find(ids.member_id("A1"))
    assert isinstance(member, Member)
    assert member.status is Status.FULL
    assert str(member.full_since) == "2018-06-20"
    branch = app.find(ids.branch_id("B01"))
    assert branch is not None
    assert "A1" not in branch.voters_on(member.full_since)  # type: ignore[attr-defined]
    assert "A1" in branch.voters_on(member.standings[-1].since)  # type: ignore[attr-defined]


def test_a_save_whose_read_aggregate_moved_raises_and_writes_nothing(
    admitted: Recorder, app: BranchBook, store_url: str
) -> None:
    """A conversion writes the member and the meeting and only reads the branch's roll."""
    accepted_all(
        admitted,
        [
            cmd(
                "meeting.hold",
                "2018-06-20",
                branch="B01",
                kind="assembly",
                present="F1,F2,F3,F4,F5,A1",
                chair="F1",
            ),
        ],
    )
    convert = cmd(
        "member.convert", "2018-06-20", member="A1", meeting="B01-2018-06-20-assembly", yes=5
    )
    spec = COMMANDS[convert.pop("command")]
    values, step = spec.parse(convert)
    uow = UnitOfWork(app)
    judge = Judge(builtin_rulebook().in_force(step.effective))
    uow.run(lambda work: spec.handler(work, judge, step, values))
    rival = BranchBook(store_url)
    try:
        assert enrol_a_tenth_voter(Recorder(rival, builtin_rulebook(), "rival"))[0].accepted
    finally:
        rival.close()
    member_before = app.find(ids.member_id("A1"))
    meeting_before = app.find(ids.meeting_id("B01-2018-06-20-assembly"))
    with pytest.raises(StaleRead):
        uow.commit()
    member_after = app.find(ids.member_id("A1"))
    meeting_after = app.find(ids.meeting_id("B01-2018-06-20-assembly"))
    assert member_before is not None
    assert member_after is not None
    assert meeting_before is not None
    assert meeting_after is not None
    assert member_after.version == member_before.version
    assert meeting_after.version == meeting_before.version
