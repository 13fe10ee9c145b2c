"""What a short command loads: a query not the event store's machinery nor the other commands,
a roster not the aggregates, a recorded step not the queries, --help not the database at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, record_journal

# Runs one command in a fresh interpreter and writes the names of the modules it loaded.
PROGRAM = """
import atexit, json, sys
names = sys.argv[1]
atexit.register(lambda: open(names, "w").write(json.dumps(sorted(sys.modules))))
from branchbook.cli.main import main
sys.argv = ["branchbook", *sys.argv[2:]]
main()
"""
QUERY_NEVER = (
    "eventsourcing_sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy_utils",
    "branchbook.workflows.steps.catalogue",
    "branchbook.workflows.recording.recorder",
    "branchbook.workflows.store.app",
    "branchbook.projections.auditors.audit_trail",
    "branchbook.cli.audit",
    "branchbook.cli.proof",
)


def loaded(tmp_path: Path, *args: str) -> set[str]:
    """The modules loaded by `branchbook ARGS`, which must succeed."""
    names = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(names), *args], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return set(json.loads(names.read_text(encoding="utf-8")))


@pytest.fixture
def store(tmp_path: Path) -> str:
    """Two branches of three full members each, the views current."""
    return record_journal(f"sqlite:///{tmp_path / 'store.db'}", TWO_BRANCHES, tmp_path)


def test_help_loads_no_database(tmp_path: Path) -> None:
    modules = loaded(tmp_path, "--help")
    assert "sqlalchemy" not in modules
    assert "branchbook.domain.rules" not in modules


def test_a_query_loads_neither_the_event_store_nor_other_commands(
    store: str, tmp_path: Path
) -> None:
    modules = loaded(tmp_path, "--db", store, "roster", "B01", "--json")
    assert modules.isdisjoint(QUERY_NEVER), sorted(modules & set(QUERY_NEVER))
    assert "rich" not in modules  # JSON needs no table


def test_the_member_list_loads_neither_the_event_store_nor_the_aggregates(
    store: str, tmp_path: Path
) -> None:
    modules = loaded(tmp_path, "--db", store, "member", "list", "--name", "党员", "--json")
    assert modules.isdisjoint(QUERY_NEVER), sorted(modules & set(QUERY_NEVER))
    assert "branchbook.domain.member" not in modules
    assert "branchbook.cli.queries" not in modules


def test_a_roster_loads_neither_the_aggregates_nor_what_keeps_the_views(
    store: str, tmp_path: Path
) -> None:
    modules = loaded(tmp_path, "--db", store, "roster", "B01")
    assert "branchbook.domain.member" not in modules
    assert "branchbook.projections.members.row" not in modules


def test_a_recorded_step_loads_none_of_the_queries(store: str, tmp_path: Path) -> None:
    args = ["member", "apply", "--member", "M0009", "--name", "申请人", "--birth", "1990-05-01"]
    modules = loaded(tmp_path, "--db", store, *args, "--branch", "B01", "--date", "2024-03-01")
    assert "branchbook.cli.queries" not in modules
    assert "branchbook.cli.audit" not in modules


def test_a_recorded_step_loads_no_sqlalchemy(store: str, tmp_path: Path) -> None:
    """A step is judged and recorded through the database's driver: SQLAlchemy, which the
    views are read through, costs more to load than the whole step."""
    args = ["member", "apply", "--member", "M0009", "--name", "申请人", "--birth", "1990-05-01"]
    modules = loaded(tmp_path, "--db", store, *args, "--branch", "B01", "--date", "2024-03-01")
    assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "sqlalchemy_utils")}
    # Nor the other stages' handlers and the aggregates only they need.
    assert "branchbook.workflows.steps.catalogue" not in modules
    assert "branchbook.domain.dues" not in modules


def test_an_evaluation_loads_its_own_stage_and_no_sqlalchemy(store: str, tmp_path: Path) -> None:
    args = ["evaluation", "record", "--branch", "B01", "--year", "2016", "--score", "1.1=1"]
    modules = loaded(tmp_path, "--db", store, *args, "--date", "2017-01-20")
    assert "branchbook.workflows.steps.scoring" in modules
    assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "sqlalchemy_utils")}
    assert "branchbook.workflows.steps.catalogue" not in modules
    assert "branchbook.workflows.steps.admission" not in modules
    assert "branchbook.domain.dues" not in modules
    assert "branchbook.cli.scoring" not in modules  # the queries


def test_the_evaluation_query_loads_neither_the_event_store_nor_the_steps(
    store: str, tmp_path: Path
) -> None:
    args = ["evaluation", "show", "B01", "--year", "2016", "--json"]
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "m.json"), "--db", store, *args],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 4, done.stderr.decode()  # none recorded yet
    modules = set(json.loads((tmp_path / "m.json").read_text(encoding="utf-8")))
    assert modules.isdisjoint(QUERY_NEVER), sorted(modules & set(QUERY_NEVER))
