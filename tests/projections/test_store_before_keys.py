"""A store written before commands carried keys (events without a key, the layers installed as
top-level packages) still loads, answers as a store written now, and takes new steps."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from journals import JOURNAL
from sqlalchemy import insert

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

# The events of tests/projections/journals.py's journal as the record book stored them before
# keys: every row of its event table, in the log's order.
FINGERPRINT = re.compile(r"S000#[0-9a-f]{8}")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "store_before_keys.jsonl"


def run(url: str, *args: str) -> Result:
    """The command line on the store at url, in this process."""
    obj = Context()
    try:
        return CliRunner().invoke(cli, ["--db", url, *args], obj=obj)
    finally:
        obj.close()


@pytest.fixture
def old_store(store_url: str) -> str:
    """A store holding exactly the rows the earlier record book wrote."""
    app = BranchBook(store_url)
    table = app.batch_recorder.events_table
    rows = [json.loads(text) for text in FIXTURE.read_text(encoding="utf-8").splitlines()]
    with app.engine.begin() as conn:
        conn.execute(
            insert(table),
            [
                {"originator_id": UUID(r["originator_id"]), "originator_version":
                 r["originator_version"], "topic": r["topic"], "state": r["state"].encode()}
                for r in rows
            ],
        )  # fmt: skip
    app.close()
    return store_url


def answers(url: str) -> dict[str, Any]:
    """What the queries say of a store, leaving out when, by whom and under which key it was
    recorded, the fingerprint of the rulebook that judged it then (rules were added since), and
    the facts it did not record then."""

    def query(*args: str) -> Any:
        result = run(url, *args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    trail = [
        {k: v for k, v in row.items() if k not in ("recorded_at", "command", "key", "actor")}
        for row in query("audit")
    ]
    for row in trail:  # who consented to an exclusion: a fact the earlier book did not record
        if isinstance(row.get("details"), dict):
            row["details"].pop("consented_by", None)
    said = {
        "rosters": [query("roster", b) for b in ("B01", "B02")],
        "members": [query("member", "show", m) for m in ("F6", "A1", "P1")],
        "due": query("due", "--as-of", "2020-01-01", "--within", "365"),
        "stats": query("stats", "--as-of", "2020-01-01"),
        "trail": trail,
    }
    # Decisions carry the rulebook fingerprint in their evidence too.
    return dict(json.loads(FINGERPRINT.sub("S000#", json.dumps(said, ensure_ascii=False))))


def test_a_store_written_before_keys_answers_as_the_same_journal_recorded_now(
    old_store: str, tmp_path: Path
) -> None:
    now = BranchBook(f"sqlite:///{tmp_path / 'now.db'}")
    try:
        outcomes = Recorder(now, builtin_rulebook(), "clerk-2025").record_many(
            parse_journal(JOURNAL)
        )
        assert all(o.accepted for o in outcomes)
    finally:
        now.close()
    assert answers(old_store) == answers(f"sqlite:///{tmp_path / 'now.db'}")
    trail = json.loads(run(old_store, "audit", "--json").stdout)
    assert {row["key"] for row in trail} == {None}


def test_a_store_written_before_the_chain_takes_no_step_until_the_chain_is_adopted(
    old_store: str,
) -> None:
    apply = ["member", "apply", "--member", "M9", "--name", "王芳", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2019-12-30"]  # fmt: skip
    before = len(json.loads(run(old_store, "audit", "--json").stdout))
    refused = run(old_store, *apply)
    assert refused.exit_code == 7
    assert "branchbook chain adopt" in refused.stderr
    assert len(json.loads(run(old_store, "audit", "--json").stdout)) == before
    unchained = run(old_store, "verify", "--json")
    assert unchained.exit_code == 7
    assert "no hash chain" in json.loads(unchained.stdout)["findings"][0]["message"]

    adopted = run(old_store, "chain", "adopt")
    assert adopted.exit_code == 0, adopted.output
    assert f"events #1 to #{before} entered it now" in adopted.stdout
    assert run(old_store, "chain", "adopt").exit_code == 5  # once only
    assert run(old_store, *apply).exit_code == 0
    report = run(old_store, "verify", "--json")
    assert report.exit_code == 0, report.output
    [note] = [n for n in json.loads(report.stdout)["notes"] if "adopted" in n]
    assert f"events #1 to #{before} are vouched for since then" in note


def test_a_store_written_before_keys_takes_new_steps_with_keys(old_store: str) -> None:
    apply = ["member", "apply", "--member", "M9", "--name", "王芳", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2019-12-30"]  # fmt: skip
    assert run(old_store, "chain", "adopt").exit_code == 0
    first = run(old_store, *apply)
    assert first.exit_code == 0, first.output
    assert run(old_store, *apply).stdout.startswith("already recorded: member.apply M9 (#")
    trail = json.loads(run(old_store, "audit", "--member", "M9", "--json").stdout)
    assert trail[-1]["key"].startswith("auto:")
    assert run(old_store, "projections", "rebuild", "--quiet").exit_code == 0
