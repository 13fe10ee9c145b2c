"""`record`'s summary in text names the lines, those accepted and only the other counts that
are not zero; --json keeps every count, zeros too."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import TWO_BRANCHES, line, run

from branchbook.workflows.errors import EXIT_BY_OUTCOME

JOURNAL = [
    *TWO_BRANCHES,
    # A talk before the application: not found.
    line("member.talk", date="2016-03-01", member="A9", by="F1"),
]


def test_the_summary_says_only_the_counts_that_are_not_zero(store_url: str, tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    journal.write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    result = run(store_url, "record", str(journal))
    assert result.exit_code == 4, result.output
    assert (
        result.stdout.splitlines()[-1]
        == f"{len(JOURNAL)} lines: {len(JOURNAL) - 1} accepted, 1 not-found"
    )
    again = run(store_url, "record", str(journal))
    said = again.stdout.splitlines()[-1]
    assert (
        said
        == f"{len(JOURNAL)} lines: 0 accepted, {len(JOURNAL) - 1} already recorded, 1 not-found"
    )
    report = run(store_url, "record", "--json", str(journal))
    summary = json.loads(report.stdout)["summary"]
    assert set(summary) == {
        "lines",
        "accepted",
        "with_warnings",
        "already_recorded",
        *EXIT_BY_OUTCOME,
    }
    assert summary["rejected"] == 0
