"""Running the CLI in-process for the CLI tests, and reading back what a store holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from cli.context import Context
from cli.main import cli
from workflows.app import BranchBook


def invoke(args: Sequence[str], stdin: str | None = None) -> Result:
    """Run the CLI in-process, closing the store it opened."""
    obj = Context()
    result = CliRunner().invoke(cli, list(args), input=stdin, obj=obj)
    opened = vars(obj).get("app")
    if isinstance(opened, BranchBook):
        opened.close()
    return result


def stored_count(url: str) -> int:
    """How many events the store at url holds."""
    app = BranchBook(url)
    try:
        return len(app.recorder.select_notifications(start=None, limit=100_000))
    finally:
        app.close()


def run(url: str, *args: str) -> Result:
    """Run the CLI on the store at url."""
    return invoke(["--db", url, *args])


def json_of(result: Result) -> Any:
    """The JSON a successful command printed, with nothing on stderr."""
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def record_journal(url: str, lines: Sequence[str], directory: Path) -> str:
    """Record a journal of JSON lines into the store at url; return the url."""
    journal = directory / "journal.jsonl"
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(url, "record", str(journal))
    assert result.exit_code == 0, result.output
    return url
