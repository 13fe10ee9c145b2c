"""A store holding a poison value (a stored event edited by hand) still answers every query:
the event is left out of the views as a finding, each answer says so in one line on stderr,
`projections status` lists it and the audit trail keeps it in its place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from journals import line
from poison import POISONS, TRAINING, Poison, poisoned_store
from view_tables import dump

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.workflows.store.app import BranchBook

NOTE = re.compile(
    r"note: \d+ recorded events? could not be placed in the views; "
    r"see `branchbook projections status`"
)
QUERIES = [
    "roster B01", "roster B01 --as-of 2016-02-01 --json", "member show F1", "member show A1",
    "member show A2 --json", "member history A1", "member history F1 --json",
    f"meeting show {TRAINING}", "branch show B01", "branch show B02 --json", "branch list",
    "audit", "audit --member A1 --json", "due", "due --as-of 2099-12-31 --within 3660",
    "due --as-of 1900-01-01 --within 3660 --json", "stats", "stats --json",
    "compliance --year 2016", "export roster --format csv", "export members --format json",
    "export audit --format csv",
]  # fmt: skip


@pytest.fixture(params=POISONS, ids=lambda p: p.name)
def poisoned(request: pytest.FixtureRequest, store_url: str) -> tuple[str, Poison, int]:
    """A store holding one poison value; its url, the poison and the poisoned position."""
    poison: Poison = request.param
    return store_url, poison, poisoned_store(store_url, poison)


def run(url: str, command: str) -> Result:
    obj = Context()
    result = CliRunner().invoke(cli, ["--db", url, *command.split()], obj=obj)
    obj.close()
    return result


def test_every_query_answers_and_notes_the_events_left_out(
    poisoned: tuple[str, Poison, int],
) -> None:
    url, poison, _ = poisoned
    for query in QUERIES:
        result = run(url, query)
        expected = (0, 4) if query.removesuffix(" --json") in poison.keys else (0,)
        assert result.exit_code in expected, (query, result.stderr)
        assert NOTE.fullmatch((result.stderr or "\n").splitlines()[0]), (query, result.stderr)
        if result.exit_code == 0:
            assert result.stderr.count("\n") == 1, (query, result.stderr)
        if query.endswith("--json") and result.exit_code == 0:
            json.loads(result.stdout)
    rebuilt = run(url, "projections rebuild --quiet")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert NOTE.fullmatch("note: " + rebuilt.stdout.splitlines()[-1]), rebuilt.stdout
    assert rebuilt.stderr == ""


def test_projections_status_lists_the_finding_with_its_position_and_reason(
    poisoned: tuple[str, Poison, int],
) -> None:
    url, poison, position = poisoned
    assert run(url, "roster B01").exit_code == 0  # status does not catch up; a query does
    result = run(url, "projections status --json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["unplaced"]
    assert found["count"] == len(found["events"]) >= 1
    first = found["events"][0]
    assert first["position"] == position
    assert re.search(poison.about, first["reason"]), first
    assert "\n" not in first["reason"]
    assert "\x00" not in json.dumps(found)
    text = run(url, "projections status")
    assert text.exit_code == 0
    assert f"\n  #{position} " in text.stdout
    assert text.stderr == ""


def test_the_audit_trail_keeps_every_event_in_its_place(
    poisoned: tuple[str, Poison, int],
) -> None:
    url, _, position = poisoned
    result = run(url, "audit --json --reverse")  # in the log's order
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    app = BranchBook(url)
    try:
        end = app.recorder.max_notification_id()
    finally:
        app.close()
    assert [r["position"] for r in rows] == list(range(1, (end or 0) + 1))
    poisoned_row = next(r for r in rows if r["position"] == position)
    assert poisoned_row["unplaced"]
    assert min(r["position"] for r in rows if r["unplaced"]) == position
    assert "not placed in the views: " in run(url, "audit").stdout


def test_a_rebuild_equals_a_catch_up_a_page_at_a_time(
    poisoned: tuple[str, Poison, int],
) -> None:
    url, _, _ = poisoned
    app = BranchBook(url)
    try:
        views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, 2)
        views.run()
        caught_up = dump(views)
        assert caught_up["bb_unplaced"]
        views.page_size = 1000
        assert views.rebuild() == app.recorder.max_notification_id()
        assert dump(views) == caught_up
    finally:
        app.close()


def test_a_journal_recorded_after_it_exits_0_and_notes_the_events_left_out(
    poisoned: tuple[str, Poison, int], tmp_path: Path
) -> None:
    url, _, _ = poisoned
    journal = tmp_path / "journal.jsonl"
    journal.write_text(
        line("member.apply", date="2016-09-01", member="A3", name="申请人 王五",
             birth="1992-03-03", branch="B01") + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = run(url, f"record {journal}")
    assert result.exit_code == 0, result.output
    assert NOTE.fullmatch(result.stderr.removesuffix("\n")), result.stderr
    status = json.loads(run(url, "projections status --json").stdout)
    assert status["behind"] == 0
    assert status["unplaced"]["count"] >= 1
