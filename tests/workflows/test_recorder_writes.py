"""What the recorder writes: warnings kept in the events, the rulebook version in force on the
step's date, the actor, and lines written exactly when accepted, also behind a rival's lock."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recorder_support import (
    apply,
    enter_organisation,
    found,
    member_events,
    notifications,
    record,
    statuses,
    stored_member,
    talk,
)
from rival_support import rival_holding_the_lock

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.rules import Rulebook, with_overrides
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.store.app import BranchBook


@pytest.fixture(autouse=True)
def organisation(app: BranchBook) -> None:
    """Every store starts with the township committee TC01 at position 1, for B01 to found under."""
    enter_organisation(app)


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
