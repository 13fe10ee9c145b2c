"""The audit trail holds every recorded event with its step, and each filter keeps both sides of
its bounds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate
from journals import JOURNAL, line
from sqlalchemy import select

from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.correction import Voided as Correction
from branchbook.domain.dues import Dues
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.participation import Participation
from branchbook.domain.step import Step
from branchbook.domain.transfer import Transfers
from branchbook.projections.auditors.audit_trail import (
    AuditFilter,
    AuditRow,
    kind_of,
    project,
    trail,
)
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project as project_all
from branchbook.projections.storage.tables import audit
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

AGGREGATES = (Member, Branch, Meeting, Organisation, Transfers, Dues, Participation)
_META = {"originator_id", "originator_version", "originator_topic", "timestamp", "step"}

# Steps recorded later by a second actor.
CLERK = [
    line("member.apply", date="2020-02-01", member="Z1", name="申请人 张三", birth="2001-01-01",
         branch="B02", doc="申请书 Z1"),
    line("member.talk", date="2020-04-15", member="Z1", by="G1", note="late talk"),
]  # fmt: skip


def record(recorder: Recorder, lines: list[str]) -> None:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert all(o.accepted for o in outcomes), [o.message for o in outcomes if not o.accepted]


@pytest.fixture
def views(recorder: Recorder, app: BranchBook) -> CatchUp:
    record(recorder, JOURNAL)
    record(Recorder(app, builtin_rulebook(), actor="clerk"), CLERK)
    caught_up = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project_all)
    caught_up.run()
    return caught_up


def rows_of(views: CatchUp, which: AuditFilter | None = None) -> list[AuditRow]:
    with views.engine.connect() as conn:
        return trail(conn, which)


def events(app: BranchBook) -> Iterator[tuple[int, Any]]:
    for n in app.recorder.select_notifications(start=None, limit=100_000):
        yield n.id, app.mapper.to_domain_event(n)


def test_every_event_lands_in_the_trail_with_its_step(app: BranchBook, views: CatchUp) -> None:
    rows = {r.position: r for r in rows_of(views)}
    stored = dict(events(app))
    assert list(rows) == sorted(stored)
    corrected = {e.corrects: p for p, e in stored.items() if isinstance(e, Correction)}
    assert corrected, "the journal corrects a step"
    for position, event in stored.items():
        row, step = rows[position], event.step.as_dict()
        if isinstance(event, Correction):
            assert row.kind == "correction"
            assert row.aggregate == rows[event.corrects].aggregate
            assert (row.corrects, row.why) == (event.corrects, event.why)
        else:
            assert row.kind == kind_of(type(event))
            assert row.aggregate == row.kind.split(".")[0]
            assert (row.corrects, row.why) == (None, None)
        assert row.corrected_by == corrected.get(position)
        assert (str(row.effective), row.actor, row.doc, row.note, row.rulebook) == (
            step["effective"], step["actor"], step["doc"], step["note"], step["rulebook"],
        )  # fmt: skip
        assert list(row.warnings) == step["warnings"]
        assert row.recorded_at == event.timestamp
        assert row.command == event.step.command
        assert set(row.details) == set(vars(event)) - _META
    kinds = {r.kind for r in rows.values()}
    assert {
        "organisation.registered", "branch.founded", "branch.roll-changed",
        "branch.committee-seated", "branch.elected", "meeting.held", "meeting.resolved",
        "member.enrolled", "member.applied", "member.talked-with", "member.admitted",
        "member.approved", "member.moved", "member.sanctioned", "transfers.opened",
        "transfers.requested", "transfers.issued", "transfers.received", "dues.opened",
        "dues.income-declared", "dues.paid", "participation.opened", "participation.started",
    } <= kinds  # fmt: skip


def test_each_row_names_its_subject_branch_and_member(views: CatchUp) -> None:
    def only(kind: str, **where: Any) -> tuple[Any, ...]:
        found = [
            r for r in rows_of(views)
            if r.kind == kind and all(getattr(r, k) == v for k, v in where.items())
        ]  # fmt: skip
        assert len(found) == 1, (kind, where, found)
        return (found[0].aggregate, found[0].subject, found[0].branch, found[0].member)

    assert only("organisation.registered") == ("organisation", "TC01", None, None)
    assert only("branch.founded", subject="B02") == ("branch", "B02", "B02", None)
    assert only("branch.committee-seated") == ("branch", "B01", "B01", None)
    assert only("member.admitted") == ("member", "A1", "B01", "A1")
    assert only("meeting.resolved", member="A1", effective=date(2017, 6, 21)) == (
        "meeting", "B01-2017-06-21-assembly", "B01", "A1",
    )  # fmt: skip
    assert only("meeting.held", effective=date(2019, 11, 1)) == (
        "meeting", "B01-2019-11-01-assembly", "B01", None,
    )  # fmt: skip
    assert only("branch.roll-changed", member="F6", branch="B02") == ("branch", "B02", "B02", "F6")
    # A transfer concerns the branch it leaves until it is received where it goes.
    assert only("transfers.requested") == ("transfers", "F6", "B01", "F6")
    assert only("transfers.issued") == ("transfers", "F6", "B01", "F6")
    assert only("transfers.received") == ("transfers", "F6", "B02", "F6")
    assert only("member.moved") == ("member", "F6", "B02", "F6")
    assert only("dues.paid") == ("dues", "F1", "B01", "F1")
    assert only("dues.income-declared") == ("dues", "F1", "B01", "F1")
    assert only("participation.started") == ("participation", "F2", "B02", "F2")
    assert only("member.applied", member="Z1") == ("member", "Z1", "B02", "Z1")


def test_every_event_class_has_its_own_kind_under_its_aggregate() -> None:
    classes = [
        cls for aggregate in AGGREGATES for cls in vars(aggregate).values()
        if isinstance(cls, type) and issubclass(cls, Aggregate.Event) and cls.__name__ != "Event"
    ]  # fmt: skip
    kinds = [kind_of(cls) for cls in classes]
    assert len(set(kinds)) == len(kinds) > 50
    assert kind_of(Member.TalkedWith) == "member.talked-with"
    assert {k.split(".")[0] for k in kinds} == {a.__name__.lower() for a in AGGREGATES}


@pytest.mark.parametrize("day", [date(2019, 10, 10), date(2017, 6, 21)])
def test_effective_dates_bound_the_trail_inclusively(views: CatchUp, day: date) -> None:
    every = rows_of(views)
    effective = {r.position: r.effective for r in every if r.effective is not None}
    assert len(effective) == len(every)
    on_day = {p for p, d in effective.items() if d == day}
    assert on_day

    def positions(which: AuditFilter) -> set[int]:
        return {r.position for r in rows_of(views, which)}

    after = positions(AuditFilter(effective_from=day))
    assert after == {p for p, d in effective.items() if d >= day}
    assert on_day <= after
    assert not on_day & positions(AuditFilter(effective_from=day + timedelta(days=1)))
    before = positions(AuditFilter(effective_to=day))
    assert before == {p for p, d in effective.items() if d <= day}
    assert on_day <= before
    assert not on_day & positions(AuditFilter(effective_to=day - timedelta(days=1)))
    assert positions(AuditFilter(effective_from=day, effective_to=day)) == on_day


def test_the_stored_recording_moment_bounds_the_trail_on_both_sides(views: CatchUp) -> None:
    every = rows_of(views)
    recorded = {r.position: r.recorded_at for r in every if r.recorded_at is not None}
    assert len(recorded) == len(every)
    middle, at = sorted(recorded.items(), key=lambda kv: kv[1])[len(every) // 2]
    tick = timedelta(microseconds=1)

    def positions(which: AuditFilter) -> set[int]:
        return {r.position for r in rows_of(views, which)}

    since = positions(AuditFilter(recorded_from=at))
    assert since == {p for p, moment in recorded.items() if moment >= at}
    assert middle in since
    assert middle not in positions(AuditFilter(recorded_from=at + tick))
    until = positions(AuditFilter(recorded_to=at))
    assert until == {p for p, moment in recorded.items() if moment <= at}
    assert middle in until
    assert middle not in positions(AuditFilter(recorded_to=at - tick))
    # A moment without a zone is UTC; one in another zone is the same instant.
    assert positions(AuditFilter(recorded_from=at.replace(tzinfo=None))) == since
    eastern = at.astimezone(timezone(timedelta(hours=8)))
    assert positions(AuditFilter(recorded_to=eastern)) == until


def test_member_branch_and_actor_keep_their_own_steps(views: CatchUp) -> None:
    every = rows_of(views)
    a1 = rows_of(views, AuditFilter(member="A1"))
    assert a1
    assert [r.position for r in a1] == [r.position for r in every if r.member == "A1"]
    assert {r.kind for r in a1} >= {"member.applied", "meeting.resolved", "branch.roll-changed"}
    b02 = rows_of(views, AuditFilter(branch="B02"))
    assert b02
    assert [r.position for r in b02] == [r.position for r in every if r.branch == "B02"]
    assert all(r.branch == "B02" for r in b02)
    clerk = rows_of(views, AuditFilter(actor="clerk"))
    assert [(r.kind, r.subject) for r in clerk] == [
        ("member.applied", "Z1"), ("member.talked-with", "Z1")
    ]  # fmt: skip
    assert len(rows_of(views, AuditFilter(actor="tester"))) == len(every) - 2
    assert rows_of(views, AuditFilter(member="A1", branch="B02")) == []


def test_rule_and_warnings_keep_the_steps_recorded_with_warnings(views: CatchUp) -> None:
    every = rows_of(views)
    warned = rows_of(views, AuditFilter(warnings_only=True))
    assert warned
    assert [r.position for r in warned] == [r.position for r in every if r.warnings]
    late = rows_of(views, AuditFilter(rule="conversion.approval_deadline"))
    assert late
    assert all("conversion.approval_deadline" in r.rules for r in late)
    assert [r.position for r in late] == [
        r.position for r in every if "conversion.approval_deadline" in r.rules
    ]
    talk = rows_of(views, AuditFilter(rule="applicant.talk_deadline"))
    assert [(r.subject, r.kind) for r in talk] == [("Z1", "member.talked-with")]
    # A rule id must match whole, not as part of another id.
    assert rows_of(views, AuditFilter(rule="conversion.approval")) == []
    assert len(warned) > len(late)


def test_limit_keeps_the_first_matching_steps(views: CatchUp) -> None:
    every = rows_of(views)
    assert rows_of(views, AuditFilter(limit=3)) == every[:3]
    assert rows_of(views, AuditFilter(limit=0)) == []
    warned = rows_of(views, AuditFilter(warnings_only=True))
    assert rows_of(views, AuditFilter(rule=warned[0].rules[0], limit=1)) == warned[:1]


class Voided:
    """An event of the shape a correction takes: it names the position it voids, and why."""

    def __init__(self, corrects: int, why: str, step: Step) -> None:
        self.originator_id = uuid4()
        self.originator_version = 9
        self.timestamp = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
        self.corrects = corrects
        self.why = why
        self.step = step


def test_a_correction_links_both_ways_and_copies_what_it_concerns(views: CatchUp) -> None:
    talk = next(r for r in rows_of(views) if r.kind == "member.talked-with" and r.member == "Z1")
    last = rows_of(views)[-1].position
    before = {r.position for r in rows_of(views) if r.corrected_by is not None}
    step = Step(effective=date(2024, 5, 1), actor="clerk", rulebook="S000#x", command="c-1")
    with views.engine.begin() as conn:
        project(conn, Voided(talk.position, "wrong date", step), last + 1)
    rows = {r.position: r for r in rows_of(views)}
    correction, voided = rows[last + 1], rows[talk.position]
    assert (correction.kind, correction.aggregate, correction.subject) == (
        "correction", "member", "Z1",
    )  # fmt: skip
    assert (correction.branch, correction.member, correction.command) == ("B02", "Z1", "c-1")
    assert (correction.corrects, correction.why, correction.corrected_by) == (
        talk.position, "wrong date", None,
    )  # fmt: skip
    assert correction.links == f"corrects #{talk.position}: wrong date"
    assert voided.corrected_by == last + 1
    assert voided.links == f"corrected by #{last + 1}"
    assert json.loads(json.dumps(correction.as_dict()))["corrects"] == talk.position
    # Other rows are not marked.
    with views.engine.connect() as conn:
        marked = conn.execute(select(audit.c.position).where(audit.c.corrected_by.is_not(None)))
        assert set(marked.scalars().all()) == {*before, talk.position}
    assert [r.position for r in rows_of(views, AuditFilter(member="Z1"))][-1] == last + 1


def test_catching_up_page_by_page_gives_the_trail_of_a_rebuild(
    recorder: Recorder, app: BranchBook
) -> None:
    half = len(JOURNAL) // 2
    record(recorder, JOURNAL[:half])
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project_all, 3)
    views.run()
    record(recorder, JOURNAL[half:])
    views.run()
    incremental = rows_of(views)
    assert len(incremental) == app.recorder.max_notification_id()
    views.rebuild()
    assert rows_of(views) == incremental
