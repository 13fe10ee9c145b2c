"""The store as branchbook configures it: stable topics, exact round trips, one pinned table, and
several writers or a killed writer never losing, duplicating or splitting a command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any
from uuid import UUID, uuid4

import pytest
from branchbook.workflows.recording.recorder import Item, Recorder
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import APP_NAME
from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.rules import RuleWarning
from branchbook.domain.step import Step

BRANCHBOOK = str(Path(sys.executable).with_name("branchbook"))
EVENTS_TABLE = "branchbook_events"
APPLIED = "branchbook:Member.Applied"
FOUNDED = date(2000, 1, 1)
APPLIED_ON = date(2024, 3, 1)
ORGANISATION = {
    "code": "P",
    "name": "党委",
    "kind": "committee",
    "approves-admissions": True,
    "date": FOUNDED.isoformat(),
}
BRANCH = {
    "code": "B01",
    "name": "第一支部",
    "kind": "regular",
    "parent": "P",
    "full-members": 3,
    "date": FOUNDED.isoformat(),
}


def application(number: str, name: str | None = None, **extra: str) -> dict[str, str]:
    """A valid member.apply journal line for branch B01."""
    return {
        "command": "member.apply",
        "member": number,
        "name": name or f"Applicant {number}",
        "birth": "1990-05-01",
        "branch": "B01",
        "date": APPLIED_ON.isoformat(),
        **extra,
    }


def numbers(first: int, count: int) -> list[str]:
    return [f"M{n:05d}" for n in range(first, first + count)]


def found_branch(recorder: Recorder) -> None:
    """Enter the committee P, then found branch B01 under it: the store's first two events."""
    for command, values in (("org.add", ORGANISATION), ("branch.found", BRANCH)):
        outcome = recorder.record(command, values)
        assert outcome.accepted, outcome


def all_notifications(app: BranchBook, page: int = 1000) -> list[Notification]:
    """The whole notification log, read page by page as a catch-up reader would."""
    out: list[Notification] = []
    while True:
        start = out[-1].id if out else None
        batch = app.recorder.select_notifications(
            start=start, limit=page, inclusive_of_start=start is None
        )
        if not batch:
            return out
        out.extend(batch)


def raw_topics(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT topic FROM {EVENTS_TABLE} ORDER BY id"))  # noqa: S608
        return [row[0] for row in rows]


def applied_count(engine: Engine) -> int:
    with engine.connect() as conn:
        query = text(f"SELECT count(*) FROM {EVENTS_TABLE} WHERE topic = :t")  # noqa: S608
        return int(conn.execute(query, {"t": APPLIED}).scalar_one())


def applied_members(app: BranchBook) -> Counter[UUID | str]:
    """How many Applied events each member has in the store."""
    return Counter(n.originator_id for n in all_notifications(app) if n.topic == APPLIED)


@contextmanager
def open_reader(url: str) -> Iterator[BranchBook]:
    """The application opened afresh on a store URL, closed on leaving."""
    reader = BranchBook(url)
    try:
        yield reader
    finally:
        reader.close()


@pytest.fixture
def reader(store_url: str, app: BranchBook) -> Iterator[BranchBook]:
    """A second application on the same store, as another process would open it."""
    with open_reader(store_url) as second:
        yield second


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


# --- several processes ------------------------------------------------------------------------


def start_recording(
    url: str, actor: str, journal: str = "-", *options: str
) -> subprocess.Popen[str]:
    """`branchbook record` in its own process; a journal of "-" is fed through stdin."""
    return subprocess.Popen(
        [BRANCHBOOK, "--db", url, "record", "--json", *options, journal],
        stdin=subprocess.PIPE if journal == "-" else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "BRANCHBOOK_ACTOR": actor},
    )


def feed(proc: subprocess.Popen[str], lines: Sequence[dict[str, str]]) -> None:
    stdin: IO[str] | None = proc.stdin
    assert stdin is not None
    stdin.write("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    stdin.flush()


def wait_for_applications(
    engine: Engine, count: int, procs: Sequence[subprocess.Popen[str]], timeout: float = 60
) -> None:
    """Poll the store until it holds count applications; fail at once if a recorder died."""
    deadline = time.monotonic() + timeout
    while applied_count(engine) < count:
        for proc in procs:
            if proc.poll() is not None:
                _, err = proc.communicate()
                pytest.fail(f"a recorder exited early ({proc.returncode}): {err}")
        if time.monotonic() > deadline:
            pytest.fail("the recorders made no progress")
        time.sleep(0.005)


def finish(proc: subprocess.Popen[str]) -> tuple[int, list[dict[str, Any]]]:
    """Close the process's input, wait for it, and return its exit code and reported lines."""
    out, err = proc.communicate(timeout=120)
    assert out.startswith("{"), f"exit {proc.returncode}: {err}"
    report = json.loads(out)
    assert report["summary"]["lines"] == len(report["lines"]), err
    return proc.returncode, report["lines"]


BATCH = 30
ROUNDS = 10


def test_two_processes_recording_disjoint_journals_lose_and_duplicate_nothing(
    store_url: str, app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)
    journals = {
        "proc-a": [application(n) for n in numbers(1, BATCH * ROUNDS)],
        "proc-b": [application(n) for n in numbers(1 + BATCH * ROUNDS, BATCH * ROUNDS)],
    }
    procs = {
        actor: start_recording(store_url, actor, "-", "--batch-size", str(BATCH))
        for actor in journals
    }
    # Lockstep: each round both processes get a batch and race to commit it, so the two
    # writers are provably at work at the same time rather than one after the other.
    for k in range(ROUNDS):
        for actor, proc in procs.items():
            feed(proc, journals[actor][k * BATCH : (k + 1) * BATCH])
        wait_for_applications(app.engine, 2 * BATCH * (k + 1), [*procs.values()])
    reports = {actor: finish(proc) for actor, proc in procs.items()}

    positions: dict[str, list[int]] = {}
    for actor, (code, lines) in reports.items():
        assert code == 0
        assert [line["status"] for line in lines] == ["accepted"] * BATCH * ROUNDS
        positions[actor] = [p for line in lines for p in line["positions"]]
        assert positions[actor] == sorted(set(positions[actor]))  # strictly increasing
        for k in range(ROUNDS):  # each batch is one transaction: one unbroken run of ids
            batch = positions[actor][k * BATCH : (k + 1) * BATCH]
            assert batch == list(range(batch[0], batch[0] + BATCH))
    log = all_notifications(app)
    ids_in_store = [n.id for n in log]
    assert ids_in_store == sorted(set(ids_in_store))
    assert sorted(ids_in_store[2:]) == sorted(positions["proc-a"] + positions["proc-b"])
    every = numbers(1, 2 * BATCH * ROUNDS)
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in every})
    by_position = {n.id: n for n in log}
    for actor, journal in journals.items():
        for line, position in zip(journal, positions[actor], strict=True):
            assert by_position[position].originator_id == ids.member_id(line["member"])


def test_two_processes_recording_the_same_members_record_each_once_and_report_the_other_conflict(
    store_url: str, app: BranchBook, recorder: Recorder, reader: BranchBook
) -> None:
    found_branch(recorder)
    same = numbers(1, BATCH * ROUNDS)
    journals = {
        "proc-a": [application(n, f"A {n}") for n in same],
        "proc-b": [application(n, f"B {n}") for n in same],
    }
    procs = {
        actor: start_recording(store_url, actor, "-", "--batch-size", str(BATCH))
        for actor in journals
    }
    for k in range(ROUNDS):
        order = list(procs) if k % 2 == 0 else list(reversed(procs))  # neither always first
        for actor in order:
            feed(procs[actor], journals[actor][k * BATCH : (k + 1) * BATCH])
        wait_for_applications(app.engine, BATCH * (k + 1), [*procs.values()])
    reports = {actor: finish(proc) for actor, proc in procs.items()}

    statuses = {actor: [line["status"] for line in lines] for actor, (_, lines) in reports.items()}
    for actor, (code, _) in reports.items():
        assert code == (5 if "conflict" in statuses[actor] else 0)
    winners: dict[str, str] = {}
    for index, number in enumerate(same):
        pair = {actor: statuses[actor][index] for actor in procs}
        assert sorted(pair.values()) == ["accepted", "conflict"], (number, pair)
        winners[number] = next(actor for actor, status in pair.items() if status == "accepted")
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in same})
    for number, actor in winners.items():
        (event,) = list(reader.events.get(ids.member_id(number)))
        assert isinstance(event, Member.Applied)
        assert (event.name, event.step.actor) == (f"{actor[-1].upper()} {number}", actor)


def test_a_process_killed_mid_journal_leaves_whole_commands_and_a_rerun_records_the_rest(
    store_url: str, app: BranchBook, recorder: Recorder, tmp_path: Path
) -> None:
    found_branch(recorder)
    every = numbers(1, 2000)
    journal = tmp_path / "journal.jsonl"
    journal.write_text("".join(json.dumps(application(n)) + "\n" for n in every), "utf-8")

    victim = subprocess.Popen(
        [BRANCHBOOK, "--db", store_url, "record", "--batch-size", "50", str(journal)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while applied_count(app.engine) < 100 and victim.poll() is None:
        assert time.monotonic() < deadline, "the recorder made no progress"
        time.sleep(0.002)
    victim.kill()
    _, err = victim.communicate()
    assert victim.returncode == -9, err  # killed, not finished: the journal was cut short

    counts = applied_members(app)
    recorded = [n for n in every if ids.member_id(n) in counts]
    assert 100 <= len(recorded) < len(every)
    assert set(counts.values()) == {1}
    assert len(counts) == len(recorded)
    assert recorded == every[: len(recorded)]  # batches are committed in journal order
    for number in recorded:
        assert [type(e) for e in app.events.get(ids.member_id(number))] == [Member.Applied]

    code, lines = finish(start_recording(store_url, "rerun", str(journal)))

    assert code == 0
    expected = ["already-recorded"] * len(recorded) + ["accepted"] * (len(every) - len(recorded))
    assert [line["status"] for line in lines] == expected
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in every})
