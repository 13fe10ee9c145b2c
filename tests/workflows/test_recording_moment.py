"""The recording moment: no step dated after it (record.future_date), and a fault in one line
is that line's outcome, never the end of the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from attrs import evolve

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rules import Rulebook, Severity, with_overrides
from branchbook.workflows.errors import BadInput
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.steps import application
from branchbook.workflows.store.app import BranchBook

# 23:30 UTC on 1 March 2024 is already 2 March east of UTC+1.
NOW = datetime(2024, 3, 1, 23, 30, tzinfo=UTC)


def line(command: str, **keys: object) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


OPENING = [
    line("org.add", code="TC01", name="城关镇党委", kind="committee", approves_admissions=True,
         date="2020-01-06"),
    line("branch.found", code="B01", name="机关第一党支部", kind="regular", parent="TC01",
         full_members=3, date="2020-01-06"),
]  # fmt: skip


def apply(number: str, on: str) -> str:
    return line(
        "member.apply", member=number, name=f"申请人 {number}", birth="1990-01-01", branch="B01",
        date=on,
    )  # fmt: skip


def stored(app: BranchBook) -> int:
    return len(app.recorder.select_notifications(start=None, limit=100_000))


def at(moment: datetime, rulebook: Rulebook | None = None) -> Callable[[BranchBook], Recorder]:
    def recorder(app: BranchBook) -> Recorder:
        book = rulebook or builtin_rulebook()
        return Recorder(app, book, actor="tester", clock=lambda: moment)

    return recorder


def record(recorder: Recorder, lines: Iterable[str]) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines)))


def opened(recorder: Recorder) -> Recorder:
    assert all(o.accepted for o in record(recorder, OPENING))
    return recorder


def test_a_step_dated_up_to_the_tolerance_after_the_recording_day_is_accepted(
    app: BranchBook,
) -> None:
    recorder = opened(at(NOW)(app))
    outcomes = record(recorder, [apply("M1", "2024-03-01"), apply("M2", "2024-03-02")])
    assert [o.status for o in outcomes] == ["accepted", "accepted"]


def test_a_step_dated_past_the_tolerance_is_rejected_naming_the_rule_and_writes_nothing(
    app: BranchBook,
) -> None:
    recorder = opened(at(NOW)(app))
    before = stored(app)
    (outcome,) = record(recorder, [apply("M3", "2024-03-03")])
    assert (outcome.status, outcome.rule) == ("rejected", "record.future_date")
    assert outcome.facts == {
        "step": "member.apply",
        "on": date(2024, 3, 3),
        "recorded": date(2024, 3, 1),
    }
    assert outcome.citation
    assert "2 days after it is recorded (2024-03-01 UTC)" in (outcome.message or "")
    assert stored(app) == before


def test_the_recording_day_is_the_utc_day_whatever_the_clocks_zone(app: BranchBook) -> None:
    east = NOW.astimezone(timezone(timedelta(hours=8)))  # 2 March, 07:30 in Beijing
    recorder = opened(at(east)(app))
    (outcome,) = record(recorder, [apply("M3", "2024-03-03")])
    assert outcome.rule == "record.future_date"


def test_years_ahead_is_refused_as_a_typing_slip(app: BranchBook) -> None:
    recorder = opened(at(NOW)(app))
    (outcome,) = record(recorder, [apply("M4", "2030-03-01")])
    assert outcome.rule == "record.future_date"


def test_the_tolerance_is_a_parameter_of_the_rulebook(app: BranchBook) -> None:
    version = builtin_rulebook().versions[0]
    rule = with_overrides(version["record.future_date"], None, {"tolerance_days": 0})
    strict = Rulebook((version.amended("strict", version.effective_from, {rule.id: rule}),))
    recorder = opened(at(NOW, strict)(app))
    (outcome,) = record(recorder, [apply("M2", "2024-03-02")])
    assert outcome.rule == "record.future_date"


def test_a_soft_future_date_is_recorded_with_its_warning(app: BranchBook) -> None:
    version = builtin_rulebook().versions[0]
    rule = with_overrides(version["record.future_date"], Severity.SOFT, {})
    lenient = Rulebook((version.amended("lenient", version.effective_from, {rule.id: rule}),))
    recorder = opened(at(NOW, lenient)(app))
    (outcome,) = record(recorder, [apply("M5", "2024-03-09")])
    assert outcome.accepted
    assert [w.rule for w in outcome.warnings] == ["record.future_date"]


def test_by_default_the_clock_is_now_in_utc(app: BranchBook) -> None:
    recorder = opened(Recorder(app, builtin_rulebook(), actor="tester"))
    soon = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    (outcome,) = record(recorder, [apply("M6", soon)])
    assert outcome.rule == "record.future_date"


def test_an_unexpected_fault_in_one_line_is_its_outcome_and_the_journal_runs_on(
    app: BranchBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    def faulty(*_: Any) -> str:
        raise ZeroDivisionError("a bug in a handler")

    # A step finds its command in the module of its stage (workflows.steps.index).
    specs = tuple(
        evolve(spec, handler=faulty) if spec.name == "member.talk" else spec
        for spec in application.SPECS
    )
    monkeypatch.setattr(application, "SPECS", specs)
    recorder = opened(at(NOW)(app))
    before = stored(app)
    talk = line("member.talk", member="M7", by="王芳", date="2024-03-01")
    outcomes = record(recorder, [apply("M7", "2024-03-01"), talk, apply("M8", "2024-03-01")])
    assert [(o.line, o.status) for o in outcomes] == [(1, "accepted"), (2, "error"),
                                                      (3, "accepted")]  # fmt: skip
    assert outcomes[1].message == "unexpected ZeroDivisionError: a bug in a handler"
    assert stored(app) == before + 2


def test_an_actor_outside_the_limits_of_a_name_is_bad_input(app: BranchBook) -> None:
    with pytest.raises(BadInput, match=r"^actor: "):
        Recorder(app, builtin_rulebook(), actor="clerk\x00")
