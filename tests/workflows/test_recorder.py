"""The recorder: a journal judged line by line; what is refused leaves no trace."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.store.app import BranchBook
from eventsourcing.persistence import Notification
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rival_support import rival_holding_the_lock

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.rules import Rulebook, with_overrides

FOUNDED = "2020-01-06"


def line(command: str, **keys: object) -> str:
    """One journal line; a key's underscores stand for the journal's hyphens."""
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


ORGANISATION = line(
    "org.add",
    code="TC01",
    name="城关镇党委",
    kind="committee",
    approves_admissions=True,
    date=FOUNDED,
)


def found(code: str = "B01", on: str = FOUNDED) -> str:
    return line(
        "branch.found",
        code=code,
        name=f"{code} 党支部",
        kind="regular",
        parent="TC01",
        full_members=3,
        date=on,
    )


def apply(number: str, birth: str, on: str = "2024-03-01", branch: str = "B01") -> str:
    return line(
        "member.apply", member=number, name=f"申请人 {number}", birth=birth, branch=branch, date=on
    )


def talk(number: str, on: str) -> str:
    return line("member.talk", member=number, by="组织委员 王芳", date=on)


# The journal: three applications to B01, the second from someone 17 on the day.
ACCEPTANCE = [
    apply("M0001", "1990-05-01"),
    apply("M0002", "2006-09-01"),  # 17 on 2024-03-01
    apply("M0003", "1985-11-20"),
]


def record(recorder: Recorder, lines: Iterable[str], **options: Any) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines), **options))


@pytest.fixture(autouse=True)
def organisation(app: BranchBook) -> None:
    """Every store starts with the township committee TC01 at position 1, for B01 to found under."""
    (outcome,) = record(Recorder(app, builtin_rulebook(), actor="tester"), [ORGANISATION])
    assert outcome.positions == (1,), outcome.message


def notifications(app: BranchBook) -> list[Notification]:
    return list(app.recorder.select_notifications(start=None, limit=100_000))


def stored_member(url: str, number: str) -> Member | None:
    """The member as a new application on the same store reads it."""
    fresh = BranchBook(url)
    try:
        found_member = fresh.find(ids.member_id(number))
    finally:
        fresh.close()
    assert found_member is None or isinstance(found_member, Member)
    return found_member


def member_events(app: BranchBook, number: str) -> list[Any]:
    return list(app.events.get(ids.member_id(number)))


def statuses(outcomes: list[Outcome]) -> list[tuple[int | None, str]]:
    return [(o.line, o.status) for o in outcomes]


def test_the_under_age_applicant_is_rejected_and_only_the_others_are_written(
    recorder: Recorder, app: BranchBook, store_url: str
) -> None:
    assert [o.status for o in record(recorder, [found()])] == ["accepted"]
    outcomes = record(recorder, ACCEPTANCE)
    assert statuses(outcomes) == [(1, "accepted"), (2, "rejected"), (3, "accepted")]
    rejected = outcomes[1]
    assert rejected.rule == "applicant.min_age"
    assert rejected.citation is not None
    assert "Party Constitution art. 1" in rejected.citation
    assert rejected.facts["age"] == 17
    assert rejected.positions == ()
    # The organisation, one founding and two applications, one event each: nothing of the
    # rejected line.
    assert len(notifications(app)) == 4
    assert stored_member(store_url, "M0001") is not None
    assert stored_member(store_url, "M0002") is None
    third = stored_member(store_url, "M0003")
    assert third is not None
    assert third.branch == "B01"
    assert third.applied == date(2024, 3, 1)


def test_each_accepted_outcome_names_the_positions_of_its_events(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [found(), *ACCEPTANCE])
    written = {n.id: n for n in notifications(app)}
    assert [o.positions for o in outcomes] == [(2,), (3,), (), (4,)]
    for outcome in outcomes:
        for position in outcome.positions:
            assert written[position].originator_id in {
                ids.branch_id("B01"),
                ids.member_id(outcome.subject or ""),
            }


def test_recording_a_member_number_twice_is_a_conflict_that_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, [found(), apply("M0001", "1990-05-01")])
    before = len(notifications(app))
    again = recorder.record(
        "member.apply",
        {
            "member": "M0001",
            "name": "又一人",
            "birth": "1980-01-01",
            "branch": "B01",
            "date": "2024-04-01",
        },
    )
    assert again.status == "conflict"
    assert again.positions == ()
    assert len(notifications(app)) == before
    first = app.find(ids.member_id("M0001"))
    assert isinstance(first, Member)
    assert first.birth == date(1990, 5, 1)


def test_a_duplicate_within_one_batch_is_a_conflict_and_the_first_stays(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        recorder, [found(), apply("M0001", "1990-05-01"), apply("M0001", "1970-01-01")]
    )
    assert statuses(outcomes) == [(1, "accepted"), (2, "accepted"), (3, "conflict")]
    assert len(notifications(app)) == 3
    member = app.find(ids.member_id("M0001"))
    assert isinstance(member, Member)
    assert member.birth == date(1990, 5, 1)


def test_founding_a_branch_twice_is_a_conflict(recorder: Recorder, app: BranchBook) -> None:
    outcomes = record(recorder, [found(), found(on="2021-01-01")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "conflict")]
    branch = app.find(ids.branch_id("B01"))
    assert isinstance(branch, Branch)
    assert branch.founded == date.fromisoformat(FOUNDED)


BAD_LINES = {
    "unknown command": line("member.fly", member="M0009", date="2024-03-01"),
    "missing key": line("member.apply", member="M0009", birth="1990-01-01", date="2024-03-01"),
    "bad date": line(
        "member.apply",
        member="M0009",
        name="x",
        birth="1990-02-30",
        branch="B01",
        date="2024-03-01",
    ),
    "unknown key": line(
        "member.apply",
        member="M0009",
        name="x",
        birth="1990-01-01",
        branch="B01",
        date="2024-03-01",
        colour="red",
    ),
    "no command": json.dumps({"member": "M0009", "date": "2024-03-01"}),
    "not JSON": '{"command": "member.apply", "member": ',
    "not an object": '["member.apply", "M0009"]',
}


@pytest.mark.parametrize("bad", list(BAD_LINES.values()), ids=list(BAD_LINES))
def test_an_unreadable_line_is_invalid_writes_nothing_and_the_next_line_still_runs(
    recorder: Recorder, app: BranchBook, bad: str
) -> None:
    outcomes = record(recorder, [found(), bad, apply("M0010", "1990-01-01")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "invalid"), (3, "accepted")]
    assert outcomes[1].message
    assert outcomes[1].positions == ()
    assert len(notifications(app)) == 3
    assert app.find(ids.member_id("M0009")) is None
    assert app.find(ids.member_id("M0010")) is not None


def test_blank_lines_are_skipped_but_keep_the_line_numbers(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), "", "   ", apply("M0001", "1990-05-01")])
    assert statuses(outcomes) == [(1, "accepted"), (4, "accepted")]


def test_an_application_to_an_unknown_branch_is_not_found(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [found(), apply("M0001", "1990-05-01", branch="B99")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "not-found")]
    assert len(notifications(app)) == 2


def test_a_talk_with_an_unknown_member_is_not_found(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), talk("M0404", "2024-03-05")])
    assert statuses(outcomes) == [(1, "accepted"), (2, "not-found")]


@pytest.mark.parametrize("batch_size", [500, 2, 1])
def test_stop_on_reject_stops_after_the_first_line_not_accepted(
    recorder: Recorder, app: BranchBook, batch_size: int
) -> None:
    outcomes = record(
        recorder,
        [found(), apply("M0001", "1990-05-01"), apply("M0002", "2006-09-01"), *ACCEPTANCE[2:]],
        stop_on_reject=True,
        batch_size=batch_size,
    )
    assert statuses(outcomes) == [(1, "accepted"), (2, "accepted"), (3, "rejected")]
    assert len(notifications(app)) == 3
    assert app.find(ids.member_id("M0001")) is not None
    assert app.find(ids.member_id("M0003")) is None


def test_without_stop_on_reject_the_lines_after_a_rejection_run(recorder: Recorder) -> None:
    outcomes = record(recorder, [found(), *ACCEPTANCE], batch_size=2)
    assert [o.status for o in outcomes] == ["accepted", "accepted", "rejected", "accepted"]


def test_a_rejected_line_mid_batch_writes_nothing_while_its_neighbours_share_one_save(
    recorder: Recorder, app: BranchBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves: list[int] = []
    real_save = app.save

    def counting_save(*events: Any, **kwargs: Any) -> Any:
        saves.append(len(events))
        return real_save(*events, **kwargs)

    monkeypatch.setattr(app, "save", counting_save)
    outcomes = record(
        recorder,
        [found(), *ACCEPTANCE, talk("M0001", "2024-03-10")],
        batch_size=500,
    )
    assert [o.status for o in outcomes] == [
        "accepted",
        "accepted",
        "rejected",
        "accepted",
        "accepted",
    ]
    # One transaction for the whole batch: the four events of the accepted lines.
    assert saves == [4]
    # Positions follow the journal's lines: line 4's application precedes line 5's talk.
    assert [o.positions for o in outcomes] == [(2,), (3,), (), (4,), (5,)]
    assert len(notifications(app)) == 5


def test_a_late_talk_is_accepted_with_a_warning_kept_in_its_event(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(
        recorder,
        [found(), apply("M0001", "1990-05-01", on="2024-03-01"), talk("M0001", "2024-05-20")],
    )
    assert [o.status for o in outcomes] == ["accepted"] * 3
    assert [w.rule for w in outcomes[2].warnings] == ["applicant.talk_deadline"]
    assert outcomes[1].warnings == ()
    applied, talked = member_events(app, "M0001")
    assert isinstance(applied, Member.Applied)
    assert applied.step.warnings == ()
    assert isinstance(talked, Member.TalkedWith)
    assert [w.rule for w in talked.step.warnings] == ["applicant.talk_deadline"]
    assert talked.step.warnings[0].citation


def test_a_talk_within_the_month_carries_no_warning(recorder: Recorder, app: BranchBook) -> None:
    outcomes = record(
        recorder,
        [found(), apply("M0001", "1990-05-01", on="2024-03-01"), talk("M0001", "2024-03-28")],
    )
    assert outcomes[2].warnings == ()
    _, talked = member_events(app, "M0001")
    assert isinstance(talked, Member.TalkedWith)
    assert talked.step.warnings == ()


LOWERED_FROM = date(2024, 1, 1)


def lowered_age_rulebook() -> Rulebook:
    """The built-in rulebook plus a version from 2024-01-01 that admits applicants at 16."""
    base = builtin_rulebook().versions[0]
    rule = with_overrides(base["applicant.min_age"], None, {"min_age_years": 16})
    later = base.amended("S000-16", LOWERED_FROM, {"applicant.min_age": rule})
    return Rulebook((base, later))


def test_the_rulebook_version_in_force_on_the_effective_date_judges_the_step(
    app: BranchBook,
) -> None:
    rulebook = lowered_age_rulebook()
    recorder = Recorder(app, rulebook, actor="tester")
    outcomes = record(
        recorder,
        [
            found(),
            apply("M0001", "2006-06-01", on="2023-12-31"),  # 17, before the change
            apply("M0002", "2006-06-01", on="2024-01-01"),  # 17, the day the change applies
            apply("M0003", "1990-01-01", on="2023-12-31"),  # an adult, before the change
        ],
    )
    assert [o.status for o in outcomes] == ["accepted", "rejected", "accepted", "accepted"]
    assert outcomes[1].rule == "applicant.min_age"
    assert outcomes[1].facts["age"] == 17
    old, new = rulebook.versions
    assert old.fingerprint != new.fingerprint
    (after,) = member_events(app, "M0002")
    assert isinstance(after, Member.Applied)
    assert after.step.rulebook == new.fingerprint
    (before,) = member_events(app, "M0003")
    assert isinstance(before, Member.Applied)
    assert before.step.rulebook == old.fingerprint


def test_every_event_stores_the_actor_who_recorded_it(app: BranchBook) -> None:
    record(Recorder(app, builtin_rulebook(), actor="clerk-1"), [found()])
    record(
        Recorder(app, builtin_rulebook(), actor="clerk-2"),
        [apply("M0001", "1990-05-01"), talk("M0001", "2024-03-10")],
    )
    decoded = [app.mapper.to_domain_event(n) for n in notifications(app)]
    stepped = Organisation.Registered | Branch.Founded | Member.Applied | Member.Event
    assert all(isinstance(e, stepped) for e in decoded)
    actors = [e.step.actor for e in decoded if isinstance(e, stepped)]
    assert actors == ["tester", "clerk-1", "clerk-2", "clerk-2"]


def test_an_application_dated_before_its_branch_was_founded_is_rejected(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [found(), apply("M0001", "1990-05-01", on="2019-12-31")])
    assert outcomes[1].status == "rejected"
    assert outcomes[1].rule == "record.branch_founded"
    assert len(notifications(app)) == 2


def test_a_writer_waits_for_a_rival_holding_the_lock_and_judges_against_what_it_recorded(
    recorder: Recorder, app: BranchBook, store_url: str
) -> None:
    record(recorder, [found()])
    rival_lines = [apply("M0001", "1970-01-01"), apply("M0002", "1971-01-01")]
    with rival_holding_the_lock(store_url, lambda rival: record(rival, rival_lines)) as rival:
        outcomes = record(recorder, [apply("M0001", "1990-05-01"), apply("M0003", "1985-11-20")])
    assert [[o.status for o in outcomes] for outcomes in rival] == [["accepted", "accepted"]]
    assert statuses(outcomes) == [(1, "conflict"), (2, "accepted")]
    assert len(notifications(app)) == 5
    member = stored_member(store_url, "M0001")
    assert member is not None
    assert member.birth == date(1970, 1, 1)


KEYS = sorted({f.name for spec in COMMANDS.values() for f in spec.all_fields} | {"colour"})
VALUES = st.one_of(
    st.sampled_from(["B01", "B99", "M0001", "M0002", "regular", "secret", "王芳", "", " "]),
    st.sampled_from(["1990-05-01", "2006-09-01", "2024-03-01", "2024-05-20", "2019-01-01"]),
    st.text(max_size=12),
    st.integers(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
LINES = st.one_of(
    st.builds(
        lambda command, keys: json.dumps({"command": command, **keys}, ensure_ascii=False),
        st.sampled_from([*COMMANDS, "member.fly"]),
        st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8),
    ),
    st.text(max_size=20),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(LINES, min_size=1, max_size=6))
def test_generated_lines_are_written_exactly_when_accepted(
    recorder: Recorder, app: BranchBook, lines: list[str]
) -> None:
    if app.find(ids.branch_id("B01")) is None:
        record(recorder, [found()])
    before = len(notifications(app))
    outcomes = record(recorder, lines, batch_size=4)
    assert {o.status for o in outcomes} <= {
        "accepted",
        "rejected",
        "invalid",
        "not-found",
        "conflict",
    }
    for outcome in outcomes:
        assert outcome.accepted == bool(outcome.positions)
        assert outcome.accepted or outcome.message
        assert (outcome.status == "rejected") == (outcome.rule is not None)
    written = sum(len(o.positions) for o in outcomes)
    assert len(notifications(app)) == before + written
