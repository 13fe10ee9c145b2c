"""The store as branchbook configures it: stable topics, one pinned table, and exact round trips."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from uuid import uuid4

from eventsourcing.utils import resolve_topic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from store_support import (
    APPLIED_ON,
    EVENTS_TABLE,
    all_notifications,
    application,
    applied_members,
    found_branch,
    numbers,
    open_reader,
    raw_topics,
)

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.rules import RuleWarning
from branchbook.domain.step import Step
from branchbook.workflows.recording.recorder import Item, Recorder
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import APP_NAME

# --- topics and table -------------------------------------------------------------------------


def test_every_stored_topic_is_an_explicit_branchbook_topic_that_resolves_to_its_class(
    app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)
    assert recorder.record("member.apply", application("M00001")).accepted
    talk = {"member": "M00001", "by": "x", "date": "2024-03-10"}
    assert recorder.record("member.talk", talk).accepted

    topics = raw_topics(app.engine)

    assert topics == [
        "branchbook:Organisation.Registered",
        "branchbook:Branch.Founded",
        "branchbook:Member.Applied",
        "branchbook:Member.TalkedWith",
    ]
    # A stable topic names no module, so moving a class cannot orphan what was stored.
    assert [resolve_topic(t) for t in topics] == [
        Organisation.Registered,
        Branch.Founded,
        Member.Applied,
        Member.TalkedWith,
    ]
    states = [json.loads(n.state) for n in all_notifications(app)]
    created = [s["originator_topic"] for s in states if "originator_topic" in s]
    assert created == ["branchbook:Organisation", "branchbook:Branch", "branchbook:Member"]
    assert resolve_topic("branchbook:Member") is Member


def test_the_events_table_is_named_after_the_pinned_application_name(
    app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)

    assert BranchBook.name == APP_NAME == "branchbook"
    assert getattr(app.recorder, "events_table_name", None) == EVENTS_TABLE
    tables = inspect(app.engine).get_table_names()
    assert [t for t in tables if t.endswith("_events")] == [EVENTS_TABLE]
    assert raw_topics(app.engine) == [
        "branchbook:Organisation.Registered",
        "branchbook:Branch.Founded",
    ]


def test_a_subclass_of_the_application_opens_the_same_store_not_an_empty_one(
    store_url: str, recorder: Recorder
) -> None:
    found_branch(recorder)

    class AuditBook(BranchBook):
        """An application built on BranchBook, e.g. to add a query or a custom factory."""

    with open_reader(store_url) as plain:
        assert plain.find(ids.branch_id("B01")) is not None
    subclassed = AuditBook(store_url)
    try:
        assert AuditBook.name == APP_NAME
        assert subclassed.find(ids.branch_id("B01")) is not None
    finally:
        subclassed.close()


# --- round trips ------------------------------------------------------------------------------


def test_a_date_field_and_the_step_metadata_round_trip_through_the_store_exactly(
    recorder: Recorder, reader: BranchBook
) -> None:
    found_branch(recorder)
    applied = recorder.record(
        "member.apply", application("M00001", "王芳", doc="DOC/2024/7", note="附：申请书 & 简历")
    )
    # Two months after the application: past the talk deadline, so a soft rule warns.
    talked = recorder.record(
        "member.talk", {"member": "M00001", "by": "李四", "date": "2024-05-02"}
    )
    assert applied.accepted
    assert talked.accepted
    assert [w.rule for w in talked.warnings] == ["applicant.talk_deadline"]

    member_id = ids.member_id("M00001")
    first, second = list(reader.events.get(member_id))
    fingerprint = builtin_rulebook().in_force(APPLIED_ON).fingerprint

    assert isinstance(first, Member.Applied)
    assert type(first.birth) is date
    assert first.birth == date(1990, 5, 1)
    assert first.name == "王芳"
    assert first.step == Step(
        effective=APPLIED_ON,
        actor="tester",
        doc="DOC/2024/7",
        note="附：申请书 & 简历",
        rulebook=fingerprint,
        warnings=(),
        command=first.step.command,
        key=applied.key,
    )
    assert isinstance(second, Member.TalkedWith)
    assert second.step == Step(
        effective=date(2024, 5, 2),
        actor="tester",
        rulebook=builtin_rulebook().in_force(date(2024, 5, 2)).fingerprint,
        warnings=talked.warnings,
        command=second.step.command,
        key=talked.key,
    )
    # Each recorded command has its own id, shared by the events it recorded.
    assert len({first.step.command, second.step.command} - {None}) == 2
    member = reader.find(member_id)
    assert isinstance(member, Member)
    assert (member.birth, member.applied, member.talks) == (
        date(1990, 5, 1),
        APPLIED_ON,
        [date(2024, 5, 2)],
    )


warnings_strategy = st.lists(
    st.builds(RuleWarning, rule=st.text(), reason=st.text(), citation=st.text()), max_size=3
).map(tuple)
steps = st.builds(
    Step,
    effective=st.dates(),
    actor=st.text(),
    doc=st.none() | st.text(),
    note=st.none() | st.text(),
    rulebook=st.text(),
    warnings=warnings_strategy,
)


@settings(
    max_examples=50,
    deadline=None,
    # The store is shared by the examples on purpose; each example writes a new member.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(step=steps, name=st.text(), birth=st.dates())
def test_any_step_metadata_and_dates_come_back_from_the_store_unchanged(
    app: BranchBook, reader: BranchBook, step: Step, name: str, birth: date
) -> None:
    number = f"H{uuid4().hex}"
    member = Member(number=number, name=name, birth=birth, branch="B01", step=step)
    app.save(member)

    (stored,) = list(reader.events.get(member.id))

    assert isinstance(stored, Member.Applied)
    assert (stored.number, stored.name, stored.birth, stored.step) == (number, name, birth, step)
    assert type(stored.birth) is date
    assert type(stored.step.effective) is date


def test_text_the_store_cannot_encode_is_refused_as_invalid_and_the_rest_of_its_batch_recorded(
    app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)
    # json.loads turns the escape "\ud800" into a lone surrogate, which UTF-8 cannot carry.
    bad = json.loads('{"command": "member.apply", "member": "M00002", "name": "A\\ud800"}')
    lines = [application("M00001"), {**application("M00002"), **bad}]

    outcomes = list(recorder.record_many([Item(n, raw) for n, raw in enumerate(lines, 1)]))

    assert [o.status for o in outcomes] == ["accepted", "invalid"]
    assert applied_members(app) == Counter({ids.member_id("M00001"): 1})


def test_reopening_the_store_sees_exactly_what_was_recorded(
    store_url: str, app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)
    journal = [{**application(n), "name": f"名字{n}"} for n in numbers(1, 20)]
    journal += [
        {"command": "member.talk", "member": n, "by": "x", "date": "2024-03-09"}
        for n in numbers(1, 5)
    ]
    items = [Item(i, raw) for i, raw in enumerate(journal, 1)]
    outcomes = list(recorder.record_many(items, batch_size=7))
    assert all(o.accepted for o in outcomes)
    before = all_notifications(app)
    app.close()

    with open_reader(store_url) as reopened:
        assert all_notifications(reopened) == before
        assert reopened.recorder.max_notification_id() == before[-1].id
        for number in numbers(1, 20):
            member = reopened.find(ids.member_id(number))
            assert isinstance(member, Member)
            assert (member.name, member.branch) == (f"名字{number}", "B01")
            assert len(member.talks) == (1 if number <= "M00005" else 0)
    positions = sorted(p for o in outcomes for p in o.positions)
    assert positions == [n.id for n in before[2:]]
