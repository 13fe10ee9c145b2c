"""A correction changes what is known from its recording time on, not before: `roster`,
`member show` and `member history` as known at a moment before it show the step it voided."""

from __future__ import annotations

import runpy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import eventsourcing.domain
import pytest
from cli_support import json_of, line, record_journal, run

JOURNALS = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))
STEPS: list[str] = [*JOURNALS["OPENING"], *JOURNALS["ADMISSION"]]
# Everything up to A1's admission (2017-06-21), after the pre-review (2017-06-01).
ADMITTED = STEPS[: next(i for i, s in enumerate(STEPS) if "member.admit" in s) + 1]
RECORDED = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)  # the journal
ADMISSION_VOIDED = datetime(2024, 1, 20, 9, 0, tzinfo=UTC)
PREREVIEW_VOIDED = datetime(2024, 1, 25, 9, 0, tzinfo=UTC)
PREREVIEWED_AGAIN = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)


def recorded_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Stamp every event created from now on with this recording time."""
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: moment)


def position_of(url: str, kind: str) -> int:
    steps = json_of(run(url, "member", "history", "A1", "--json"))["steps"]
    found: int = next(s["position"] for s in steps if s["kind"] == kind)
    return found


def correct(url: str, kind: str) -> None:
    result = run(url, "step", "correct", "--step", str(position_of(url, kind)), "--why",
                 "recorded in error", "--date", "2017-06-30")  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.fixture
def url(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A1 admitted (recorded 2024-01-10); the admission voided on 2024-01-20, then the
    pre-review before it on 2024-01-25; a new pre-review recorded on 2024-02-01."""
    recorded_at(monkeypatch, RECORDED)
    record_journal(store_url, ADMITTED, tmp_path)
    recorded_at(monkeypatch, ADMISSION_VOIDED)
    correct(store_url, "admitted")
    recorded_at(monkeypatch, PREREVIEW_VOIDED)
    correct(store_url, "prereviewed")
    recorded_at(monkeypatch, PREREVIEWED_AGAIN)
    (tmp_path / "again").mkdir()
    again = line("member.prereview", date="2017-06-05", member="A1", body="城关镇党委")
    return record_journal(store_url, [again], tmp_path / "again")


def a1(url: str, on: str, known: str | None = None) -> Any:
    when = [] if known is None else ["--as-known-at", known]
    shown = json_of(run(url, "roster", "B01", "--as-of", on, *when, "--json"))
    return next(m for m in shown["members"] if m["member"] == "A1")


@pytest.mark.parametrize(
    ("known", "status"),
    [
        ("2024-01-10", "admitted"),
        ("2024-01-20T08:59:59", "admitted"),  # just before the correction's recording time
        ("2024-01-20T09:00:00", "candidate"),  # its recording time
        ("2024-01-20", "candidate"),
    ],
)
def test_the_roster_as_known_before_a_correction_shows_the_voided_step(
    url: str, known: str, status: str
) -> None:
    assert a1(url, "2017-07-01", known)["status"] == status
    assert a1(url, "2017-07-01")["status"] == "candidate"


@pytest.mark.parametrize(
    ("on", "status"),
    [("2017-06-20", "candidate"), ("2017-06-21", "admitted"), ("2017-06-22", "admitted")],
)
def test_the_voided_admission_took_effect_on_its_own_date_as_then_known(
    url: str, on: str, status: str
) -> None:
    assert a1(url, on, "2024-01-20T08:59:59")["status"] == status
    assert a1(url, on, "2024-01-20T09:00:00")["status"] == "candidate"


def member(url: str, known: str) -> Any:
    return json_of(run(url, "member", "show", "A1", "--as-of", "2017-07-01", "--as-known-at",
                       known, "--json"))  # fmt: skip


def test_two_corrections_one_after_the_other_each_change_what_is_known_from_their_time(
    url: str,
) -> None:
    before = member(url, "2024-01-20T08:59:59")
    assert (before["status"], before["admitted_on"], before["prereviewed_on"]) == (
        "admitted", "2017-06-21", "2017-06-01")  # fmt: skip
    assert before["pending"]["decision"] == "admit"
    between = member(url, "2024-01-25T08:59:59")
    assert (between["status"], between["admitted_on"], between["prereviewed_on"]) == (
        "candidate", None, "2017-06-01")  # fmt: skip
    after = member(url, "2024-01-25T09:00:00")
    assert (after["status"], after["prereviewed_on"]) == ("candidate", None)
    again = member(url, "2024-02-01")
    assert (again["status"], again["prereviewed_on"]) == ("candidate", "2017-06-05")
    now = json_of(run(url, "member", "show", "A1", "--as-of", "2017-07-01", "--json"))
    assert (now["status"], now["prereviewed_on"], now["known_position"]) == (
        "candidate", "2017-06-05", None)  # fmt: skip


def test_member_show_as_known_at_a_moment_reads_its_date_by_default(url: str) -> None:
    shown = json_of(run(url, "member", "show", "A1", "--as-known-at", "2024-01-20T08:59:59",
                        "--json"))  # fmt: skip
    assert (shown["as_of"], shown["status"]) == ("2024-01-20", "admitted")
    roster = json_of(run(url, "roster", "B01", "--as-known-at", "2024-01-20T08:59:59", "--json"))
    assert shown["known_position"] == roster["known_position"] > 0
    text = run(url, "member", "show", "A1", "--as-known-at", "2024-01-20T08:59:59").stdout
    assert "as known at 2024-01-20T08:59:59+00:00" in text


def test_member_history_as_known_at_leaves_out_the_steps_recorded_later(url: str) -> None:
    def kinds(known: str) -> list[str]:
        shown = json_of(run(url, "member", "history", "A1", "--as-known-at", known, "--json"))
        return [s["kind"] for s in shown["steps"]]

    assert kinds("2024-01-31T23:59:59").count("prereviewed") == 0
    assert kinds("2024-02-01T09:00:00").count("prereviewed") == 1
    assert kinds("2024-01-09") == []
    result = run(url, "member", "history", "A1", "--as-known-at", "last week")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_before_it_was_recorded_the_member_is_not_known(url: str) -> None:
    result = run(url, "member", "show", "A1", "--as-of", "2017-07-01", "--as-known-at",
                 "2024-01-09")  # fmt: skip
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "Error: member A1 has no recorded step by 2017-07-01 as known at 2024-01-09T23:59:59+00:00"
    )
