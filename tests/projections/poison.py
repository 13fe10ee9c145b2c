"""Stores that hold a poison value: a stored event whose JSON was edited in the events table
after it was recorded, as in a store written before the boundary refused the value."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from attrs import frozen
from journals import line
from sqlalchemy import column, select, table, update

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import EVENTS_TABLE

# TC01 above two branches; A1 applies and is talked with; a training session of 3 class hours;
# F1 declares an income; A2's talk is corrected.
JOURNAL = [
    line("org.add", date="2015-01-01", code="TC01", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2015-01-01", code="B01", name="机关第一党支部", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2015-01-02", member=n, name=f"党员 {n}", birth="1970-01-01",
             branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in ("F1", "F2", "F3")
    ),
    line("member.apply", date="2016-01-01", member="A1", name="申请人 张三", birth="1990-05-01",
         branch="B01"),
    line("member.talk", date="2016-01-20", member="A1", by="F1"),
    line("meeting.hold", date="2016-03-01", branch="B01", kind="training", present="F1,F2",
         chair="F1", hours=3),
    line("branch.found", date="2016-06-01", code="B02", name="技术中心党支部", kind="regular",
         parent="TC01", full_members=3),
    line("member.income", date="2016-07-01", member="F1", kind="retired", monthly="3000.00"),
    line("member.apply", date="2016-08-01", member="A2", name="申请人 李四", birth="1991-02-02",
         branch="B01"),
    line("member.talk", date="2016-08-10", member="A2", by="F2"),
]  # fmt: skip
TRAINING = "B01-2016-03-01-training"

State = dict[str, Any]


@frozen
class Poison:
    """One value the boundary refuses today, written into the stored event that carries it."""

    name: str
    topic: str  # the stored event's class, e.g. "Member.Applied"
    which: Callable[[State], bool]  # which of the events of that class
    edit: Callable[[State], None]
    about: str  # what the finding's reason names
    keys: tuple[str, ...] = ()  # the keys a query may no longer find (exit 4)


def _set(*path: str, value: Any) -> Callable[[State], None]:
    def edit(state: State) -> None:
        for key in path[:-1]:
            state = state[key]
        state[path[-1]] = value

    return edit


def _effective(value: str) -> Callable[[State], None]:
    return _set("step", "_data_", "effective", value=value)


def _of(key: str, value: str) -> Callable[[State], bool]:
    return lambda state: state.get(key) == value


def _any(_: State) -> bool:
    return True


POISONS = [
    Poison("full members 10^20 at founding", "Branch.Founded", _of("code", "B02"),
           _set("full_members", value=10**20), "full_members", keys=("branch show B02",)),
    Poison("training hours 10^20", "Meeting.Held", _any, _set("hours", value=10**20),
           "bb_meetings.hours", keys=(f"meeting show {TRAINING}",)),
    Poison("training hours 3,000,000,000", "Meeting.Held", _any,
           _set("hours", value=3_000_000_000), "bb_meetings.hours",
           keys=(f"meeting show {TRAINING}",)),
    Poison("income declared on 9999-12-31", "Dues.IncomeDeclared", _any,
           _effective("9999-12-31"), "9999-12-31"),
    Poison("talk effective on 9999-12-31", "Member.TalkedWith", _any, _effective("9999-12-31"),
           "9999-12-31"),
    Poison("applicant born 0001-01-01", "Member.Applied", _of("number", "A1"),
           _set("birth", "_data_", value="0001-01-01"), "0001-01-01",
           keys=("member show A1", "member history A1")),
    Poison("member number of 70 characters", "Member.Applied", _of("number", "A1"),
           _set("number", value="A" * 70), "70 characters",
           # A1 was never recorded: the poisoned application is of another number.
           keys=("member show A1", "member history A1", "audit --member A1")),
    Poison("NUL character in a name", "Member.Applied", _of("number", "A1"),
           _set("name", value="张\x00三"), "NUL", keys=("member show A1", "member history A1")),
    Poison("correction of position 10^20", "Voided", _any, _set("corrects", value=10**20),
           "OverflowError|NumericValueOutOfRange|out of range"),
]  # fmt: skip


def poisoned_store(url: str, poison: Poison) -> int:
    """Record the journal into the store at url, with A2's talk corrected; then write the
    poison into the stored event it names. Return that event's position."""
    app = BranchBook(url)
    try:
        record(app, JOURNAL)
        talk = _positions(app, "Member.TalkedWith")[-1]
        record(app, [line("step.correct", date="2016-08-11", step=talk, why="wrong member")])
        return write(app, poison)
    finally:
        app.close()


def record(app: BranchBook, lines: Sequence[str]) -> None:
    recorder = Recorder(app, builtin_rulebook(), actor="tester")
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert [o.message for o in outcomes if not o.accepted] == []


_EVENTS = table(EVENTS_TABLE, column("id"), column("topic"), column("state"))


def _positions(app: BranchBook, topic: str) -> list[int]:
    with app.engine.connect() as conn:
        rows = conn.execute(select(_EVENTS.c.id).where(_EVENTS.c.topic.endswith(topic)))
        return sorted(rows.scalars())


def write(app: BranchBook, poison: Poison) -> int:
    """Edit the first stored event the poison names, as a hand would; return its position."""
    with app.engine.begin() as conn:
        rows = conn.execute(
            select(_EVENTS.c.id, _EVENTS.c.state)
            .where(_EVENTS.c.topic.endswith(":" + poison.topic))
            .order_by(_EVENTS.c.id)
        )
        position, state = next((p, s) for p, s in ((p, json.loads(s)) for p, s in rows)
                               if poison.which(s))  # fmt: skip
        poison.edit(state)
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
        conn.execute(update(_EVENTS).where(_EVENTS.c.id == position).values(state=data))
    return int(position)
