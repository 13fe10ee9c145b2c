"""An interrupted command ends with exit 130 and one line on stderr, whatever it was doing:
recording, or bringing the views current after recording (where the database's own error
on the way out must not hide the interrupt)."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest
from cli_support import TWO_BRANCHES, run

from branchbook.cli import catching_up
from branchbook.workflows.recording.recorder import Recorder


def _journal(tmp_path: Path) -> str:
    journal = tmp_path / "journal.jsonl"
    journal.write_text("\n".join(TWO_BRANCHES) + "\n", encoding="utf-8")
    return str(journal)


def test_a_journal_interrupted_while_recording_exits_130(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object, **__: object) -> NoReturn:
        raise KeyboardInterrupt

    monkeypatch.setattr(Recorder, "record_many", interrupted)
    result = run(store_url, "record", _journal(tmp_path))
    assert result.exit_code == 130, result.output
    assert result.stderr == "Error: interrupted\n"
    assert "Traceback" not in result.output


def test_an_interrupt_while_the_views_catch_up_is_not_taken_for_a_storage_failure(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rolled_back_after_an_interrupt(*_: object, **__: object) -> NoReturn:
        # As a driver does: the interrupt invalidates the connection, and the rollback on
        # the way out fails with the database's own error, the interrupt as its context.
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise OSError("cannot reconnect until the invalid transaction is rolled back") from None

    monkeypatch.setattr(catching_up, "_run", rolled_back_after_an_interrupt)
    result = run(store_url, "record", _journal(tmp_path))
    assert result.exit_code == 130, result.output
    assert result.stderr.splitlines()[-1] == "Error: interrupted"
    assert "not brought current" not in result.stderr
