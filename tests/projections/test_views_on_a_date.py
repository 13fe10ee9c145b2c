"""What the organisation-wide queries read on a date instead of the whole history: the member
rows stand for the members unchanged after the date, the due list and the compliance report
read only the members that may give an item or a finding, and the statistics count
bb_counted_steps. Each answers as the history alone does, on the days the demo's record
changes and around them, after catching up page by page and after a rebuild."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from journals import JOURNAL
from sqlalchemy import Connection, Engine, create_engine, func, select, true
from view_tables import dump

from branchbook.cli.main import cli
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.dates import age_on
from branchbook.domain.meeting import RATED_STATUSES
from branchbook.domain.member import Status
from branchbook.domain.roll import ROLL_STATUSES
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.auditors import due
from branchbook.projections.auditors.compliance import LAPSE_RULES, compliance, reports
from branchbook.projections.auditors.stats import stats
from branchbook.projections.branches.findings import Finding
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.as_of import MemberState, states_on
from branchbook.projections.members.show import member_case
from branchbook.projections.storage.tables import (
    STATE_COLUMNS,
    audit,
    branches,
    counted_steps,
    member_events,
    member_states,
    transfers,
)
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

VERSION = builtin_rulebook().versions[-1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo's store, its views current."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo"])
    assert result.exit_code == 0, result.output
    engine = create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def days(conn: Connection, every: int = 1) -> list[date]:
    """Each day a member's state changes, the day before it, and a day beyond the record."""
    changed = conn.execute(select(member_states.c.effective).distinct()).scalars().all()
    around = sorted({d for day in changed for d in (day, day - timedelta(days=1))})
    return [*around[::every], max(changed) + timedelta(days=400)]


def end(conn: Connection) -> int:
    return int(conn.execute(select(func.max(audit.c.position))).scalar_one())


def shown(states: list[MemberState]) -> list[tuple[Any, ...]]:
    return [(s.view, tuple(s.row[c] for c in STATE_COLUMNS)) for s in states]


def test_the_states_on_a_date_are_those_the_history_alone_gives(demo: Engine) -> None:
    with demo.connect() as conn:
        last = end(conn)
        codes = conn.execute(select(branches.c.code)).scalars().all()
        for on in days(conn):
            # As known at the log's end, the states come from the history alone.
            history = states_on(conn, on, known=last)
            assert shown(states_on(conn, on)) == shown(history), on
            for code in codes[:3]:
                assert shown(states_on(conn, on, code)) == shown(
                    states_on(conn, on, code, known=last)
                ), (on, code)


def test_the_due_list_reads_every_member_that_has_an_item(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo.connect() as conn:
        dates = days(conn, every=3)
        narrowed = {
            (on, within): due.due_items(conn, on, VERSION, within)
            for on in dates
            for within in (0, 30, 400)
        }
        monkeypatch.setattr(due, "may_fall_due", lambda *_: lambda state: true())
        every = {key: due.due_items(conn, key[0], VERSION, key[1]) for key in narrowed}
    assert narrowed == every
    assert sum(map(len, every.values())) > 100  # items of many kinds, not a list of nothing
    assert len({i.kind for items in every.values() for i in items}) >= 8


def test_the_statistics_count_as_the_history_does(demo: Engine) -> None:
    with demo.connect() as conn:
        for on in days(conn, every=5):
            s = stats(conn, on)
            states = [st.view for st in states_on(conn, on, known=end(conn))]
            assert s.by_status == Counter(v.status for v in states), on
            by_branch = Counter((v.branch, v.status) for v in states)
            assert {(b, x): n for b, c in s.by_branch.items() for x, n in c.items()} == by_branch
            on_roll = [v for v in states if v.status in ROLL_STATUSES]
            assert s.members == len(on_roll)
            assert sum(s.ages.values()) == len(on_roll)
            assert sum(s.party_ages.values()) == len(on_roll)
            ages = Counter(age_on(v.birth, on) for v in on_roll)
            assert s.ages["under 30"] == sum(n for age, n in ages.items() if age < 30)
            assert [y.as_dict() for y in s.years] == years_from_history(conn, on)


def years_from_history(conn: Connection, on: date) -> list[dict[str, Any]]:
    """The steps of each year counted from every step's details, as the statistics did."""
    first = conn.execute(select(func.min(audit.c.effective))).scalar_one()
    tally: dict[int, dict[str, Any]] = {
        year: {"year": year, "admissions": 0, "conversions": 0, "transfers_received": 0,
               "sanctions": Counter(), "removals": Counter()}
        for year in range(first.year, on.year + 1)
    } if first <= on else {}  # fmt: skip
    e, s = member_events.c, member_states.c
    steps = select(e.kind, e.effective, e.details).join(member_states, s.position == e.position)
    for kind, effective, details in conn.execute(steps.where(e.effective <= on)):
        data, counts = json.loads(details), tally[effective.year]
        if kind == "approved" and data["decision"] in ("admit", "convert"):
            counts["admissions" if data["decision"] == "admit" else "conversions"] += 1
        elif kind == "sanctioned":
            counts["sanctions"][data["sanction"]["kind"]] += 1
        elif kind == "left" and data["status"] == Status.REMOVED.value:
            counts["removals"][data.get("basis") or "unknown"] += 1
    t = transfers.c
    received = select(t.closed).where(t.outcome == "received", t.closed <= on)
    for closed in conn.execute(received).scalars():
        tally[closed.year]["transfers_received"] += 1
    return [{**c, "sanctions": dict(sorted(c["sanctions"].items())),
             "removals": dict(sorted(c["removals"].items()))} for c in tally.values()]  # fmt: skip


def test_the_compliance_report_finds_the_lapsing_members_member_show_finds(demo: Engine) -> None:
    with demo.connect() as conn:
        for year in (2021, 2023, 2025, 2026):
            start, last = date(year, 1, 1), date(year, 12, 31)
            found = reports(conn, start, last, VERSION)
            assert found == [compliance(conn, r.code, start, last, VERSION) for r in found]
            lapsing = {r.code: [f for f in r.findings if f.rule in LAPSE_RULES] for r in found}
            assert lapsing == lapsing_from_cases(conn, [r.code for r in found], last, VERSION)
    assert any(lapsing.values())


def lapsing_from_cases(
    conn: Connection, codes: list[str], on: date, version: RulebookVersion
) -> dict[str, list[Finding]]:
    """The lapse findings of each member's whole case, as the report once read them."""
    out: dict[str, list[Finding]] = {code: [] for code in codes}
    for state in states_on(conn, on):
        view = state.view
        if view.branch in out and view.status in RATED_STATUSES:
            for f in member_case(conn, view.number, on, version).findings:
                if f["rule"] in LAPSE_RULES:
                    message = f"{view.number}: {f['reason']}"
                    out[view.branch].append(Finding(f["rule"], message, f["citation"]))
    return out


def test_views_caught_up_page_by_page_are_those_a_rebuild_gives(tmp_path: Path) -> None:
    app = BranchBook(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        recorder = Recorder(app, builtin_rulebook(), actor="tester")
        views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project,
                        page_size=7)  # fmt: skip
        for at in range(0, len(JOURNAL), 13):  # new steps after the views were current
            outcomes = list(recorder.record_many(parse_journal(JOURNAL[at : at + 13])))
            assert all(o.accepted for o in outcomes)
            views.run()
        incremental, before = dump(views), answers(views.engine)
        views.rebuild()
        assert dump(views) == incremental
        assert answers(views.engine) == before
        with views.engine.connect() as conn:
            counted = conn.execute(select(counted_steps.c.what).distinct()).scalars().all()
        assert sorted(counted) == ["admission", "conversion", "sanction"]
    finally:
        app.close()


def answers(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [stats(conn, on).as_dict() for on in days(conn, every=4)]
