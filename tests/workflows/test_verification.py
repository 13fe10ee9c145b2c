"""The log check holds only so many records in memory at once, and finds the same with any
number: a record let go is rebuilt from the store when the pass meets it again."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import tamper_support as tamper

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.proof.verification import LogCheck, Scan
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]


def check(url: str, keep: int) -> Scan:
    app = BranchBook(url)
    try:
        recorder = app.batch_recorder
        return LogCheck(
            app.engine,
            recorder.events_table,
            recorder.chain,
            app.mapper.to_domain_event,
            keep=keep,
        ).run()
    finally:
        app.close()


@pytest.fixture
def recorded(store_url: str) -> str:
    app = BranchBook(store_url)
    try:
        outcomes = list(
            Recorder(app, builtin_rulebook(), "tester").record_many(parse_journal(JOURNAL))
        )
        assert all(o.succeeded for o in outcomes)
    finally:
        app.close()
    return store_url


@pytest.mark.parametrize("keep", [1, 2, 5])
def test_a_pass_that_lets_records_go_replays_them_all_the_same(recorded: str, keep: int) -> None:
    held = check(recorded, keep)
    assert held.findings == []
    assert held.events == check(recorded, 100_000).events > 50


def test_records_let_go_are_judged_as_if_held(recorded: str) -> None:
    tamper.delete_event(recorded, 40)
    tamper.edit(recorded, 70)
    assert check(recorded, 1).findings == check(recorded, 100_000).findings != []
