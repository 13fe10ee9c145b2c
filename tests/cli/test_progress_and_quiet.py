"""Long work shows progress on a terminal and nothing on a pipe; --quiet keeps the problems
and the counts."""

from __future__ import annotations

import io

from cli_support import invoke, line, run
from ledger_support import EXAMPLES, ON

from branchbook.cli.render import draws_progress, progress_bar


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_a_bar_is_drawn_on_a_terminal_only_and_never_when_quiet() -> None:
    assert draws_progress(Terminal(), quiet=False)
    assert not draws_progress(Terminal(), quiet=True)
    assert not draws_progress(io.StringIO(), quiet=False)  # a pipe, or a file
    assert not draws_progress(Closed(), quiet=False)


def test_the_bar_writes_to_a_terminal_and_nothing_to_a_pipe() -> None:
    for stream, drawn in ((Terminal(), True), (io.StringIO(), False)):
        with progress_bar(quiet=False, stream=stream) as progress:
            task = progress.add_task("recording", total=None)
            progress.advance(task)
        assert bool(stream.getvalue()) is drawn


def test_record_off_a_terminal_writes_nothing_to_stderr(store_url: str) -> None:
    journal = line("org.add", code="TC01", name="党委", kind="committee", date="2020-01-06")
    journal += "\n"
    result = invoke(["--db", store_url, "record", "-"], stdin=journal)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    said = result.stdout.splitlines()
    assert said[0] == "line 1: accepted: org.add TC01 (#1)"
    assert said[1] == "1 line: 1 accepted"
    assert len(said) == 2


def test_a_quiet_import_gives_the_counts_without_the_waiting_committees(store_url: str) -> None:
    args = ("import", "branches", str(EXAMPLES / "branches.csv"), "--date", ON)
    quiet = run(store_url, *args, "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout.splitlines()[-1].startswith("branches.csv: ")
    assert not any(x.startswith("row ") for x in quiet.stdout.splitlines())
    assert "waiting" in quiet.stdout.splitlines()[-1]  # the counts still say so
    again = run(store_url, *args)
    assert any("waits for" in x for x in again.stdout.splitlines())
