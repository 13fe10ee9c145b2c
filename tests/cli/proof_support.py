"""A store holding the test journal for `seal` and `verify`, and readings of their reports."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

from cli_support import record_journal, run

from branchbook.workflows.store.app import BranchBook

JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]


def recorded_journal(store_url: str, tmp_path: Path) -> str:
    """A store holding the test journal, its views caught up."""
    record_journal(store_url, JOURNAL, tmp_path)
    assert run(store_url, "roster", "B01").exit_code == 0
    return store_url


def verify(url: str, *args: str) -> tuple[int, dict[str, Any]]:
    result = run(url, "verify", "--json", *args)
    assert result.exit_code in (0, 7), result.output
    return result.exit_code, json.loads(result.stdout)


def log_end(url: str) -> int:
    app = BranchBook(url)
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def found(report: dict[str, Any]) -> set[tuple[int | None, str]]:
    return {(f["position"], f["check"]) for f in report["findings"]}


def seal(url: str, path: Path, *args: str) -> Path:
    result = run(url, "seal", "--output", str(path), *args)
    assert result.exit_code == 0, result.output
    return path
