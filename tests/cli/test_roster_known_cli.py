"""`roster --as-known-at`: the roster on a date as the record stood at a recording time."""

from __future__ import annotations

import runpy
from datetime import UTC, datetime
from pathlib import Path

import eventsourcing.domain
import pytest
from cli_support import json_of, record_journal, run

JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]
# A1's conversion is resolved on 2018-06-21 (the end of probation) and approved on 2018-10-01.
APPROVAL = next(
    i for i, text in enumerate(JOURNAL) if '"2018-10-01"' in text and "member.approve" in text
)
BEFORE = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)
AFTER = datetime(2024, 1, 20, 9, 0, tzinfo=UTC)


def recorded_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Stamp every event created from now on with this recording time."""
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: moment)


@pytest.fixture
def store(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The journal recorded on 2024-01-10 up to A1's late approval, the rest on 2024-01-20."""
    recorded_at(monkeypatch, BEFORE)
    record_journal(store_url, JOURNAL[:APPROVAL], tmp_path)
    recorded_at(monkeypatch, AFTER)
    (tmp_path / "later").mkdir()
    return record_journal(store_url, JOURNAL[APPROVAL:], tmp_path / "later")


def a1(store: str, *args: str) -> dict[str, object]:
    shown = json_of(run(store, "roster", "B01", "--as-of", "2018-07-01", *args, "--json"))
    return next(m for m in shown["members"] if m["member"] == "A1")


def test_a_conversion_approved_later_changes_what_was_known_not_when_it_took_effect(
    store: str,
) -> None:
    assert a1(store)["status"] == "full"
    assert a1(store, "--as-known-at", "2024-01-15")["status"] == "probationary"
    assert a1(store, "--as-known-at", "2024-01-20T08:59:59")["status"] == "probationary"
    assert a1(store, "--as-known-at", "2024-01-20T09:00:00")["status"] == "full"
    assert a1(store, "--as-known-at", "2024-01-20")["status"] == "full"


def test_before_anything_was_recorded_nothing_is_known(store: str) -> None:
    shown = json_of(run(store, "roster", "B01", "--as-known-at", "2024-01-09", "--json"))
    assert (shown["members"], shown["known_position"]) == ([], 0)


def test_a_date_alone_means_the_end_of_that_day_and_a_zone_is_honoured(store: str) -> None:
    # 2024-01-20 09:00 UTC is 17:00 in Beijing.
    assert a1(store, "--as-known-at", "2024-01-20T16:59:59+08:00")["status"] == "probationary"
    assert a1(store, "--as-known-at", "2024-01-20T17:00:00+08:00")["status"] == "full"


def test_a_malformed_recording_time_is_bad_input(store: str) -> None:
    result = run(store, "roster", "B01", "--as-known-at", "yesterday")
    assert result.exit_code == 2
    assert "is not a date YYYY-MM-DD or date-time" in result.stderr
    assert "Traceback" not in result.output
