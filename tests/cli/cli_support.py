"""Running the CLI in-process for the CLI tests, and reading back what a store holds."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.workflows.store.app import BranchBook


def invoke(args: Sequence[str], stdin: str | None = None) -> Result:
    """Run the CLI in-process, closing the store it opened."""
    obj = Context()
    result = CliRunner().invoke(cli, list(args), input=stdin, obj=obj)
    obj.close()
    return result


def empty_store(url: str) -> str:
    """Open a store that holds no steps yet (as a first, rejected step leaves it); return url."""
    BranchBook(url).close()
    return url


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


def record_journal(url: str, lines: Sequence[str], directory: Path, *options: str) -> str:
    """Record a journal of JSON lines into the store at url (with `record`'s options, e.g.
    --no-views); return the url."""
    journal = directory / "journal.jsonl"
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(url, "record", *options, str(journal))
    assert result.exit_code == 0, result.output
    return url


def line(command: str, **keys: Any) -> str:
    """One journal line: underscores in the keys become the options' dashes."""
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


# Two branches under TC01, three full members each: B01 (F1-F3) and B02 (G1-G3).
# Command lines: a committee TC01 above branch B01 of five full members F1-F5 (2015).
FIVE_FULL_IN_B01 = [
    ["org", "add", "--code", "TC01", "--name", "党委", "--kind", "committee",
     "--approves-admissions", "--date", "2015-01-01"],
    ["branch", "found", "--code", "B01", "--name", "一支部", "--kind", "regular",
     "--parent", "TC01", "--full-members", "5", "--date", "2015-01-01"],
    *[
        ["member", "enrol", "--member", f"F{i}", "--name", f"党员{i}", "--birth", "1970-01-01",
         "--branch", "B01", "--status", "full", "--admitted", "2000-01-01",
         "--full-since", "2001-01-01", "--date", "2015-01-02"]
        for i in range(1, 6)
    ],
]  # fmt: skip

TWO_BRANCHES = [
    line("org.add", date="2015-01-01", code="TC01", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2015-01-01", code="B01", name="机关第一党支部", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2015-01-02", member=n, name=f"党员 {n}", birth="1970-01-01",
             branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in ("F1", "F2", "F3")
    ),
    line("branch.found", date="2015-06-01", code="B02", name="技术中心党支部", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2015-06-02", member=n, name=f"党员 {n}", birth="1975-01-01",
             branch="B02", status="full", admitted="2005-01-01", full_since="2006-01-01")
        for n in ("G1", "G2", "G3")
    ),
]  # fmt: skip


def without_write_permission() -> list[str]:
    """The command prefix that runs a process the file permissions apply to: as root, one
    without the capabilities that let root pass them by."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
