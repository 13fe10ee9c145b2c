"""A dry run judges a journal as the real run would, and writes nothing."""

from __future__ import annotations

import json

import pytest
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.store import uow


def line(command: str, **keys: object) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


JOURNAL = [
    line("org.add", code="TC01", name="城关镇党委", kind="committee", date="2020-01-06"),
    line(
        "branch.found",
        code="B01",
        name="第一党支部",
        kind="regular",
        parent="TC01",
        full_members=3,
        date="2020-01-06",
    ),
    line(
        "member.apply",
        member="M1",
        name="王芳",
        birth="1990-05-01",
        branch="B01",
        date="2024-03-01",
    ),
    line(
        "member.apply",
        member="M2",
        name="赵小雨",
        birth="2007-09-01",
        branch="B01",
        date="2024-03-01",
    ),  # 16 on the day: rejected
    line(
        "member.apply",
        member="M1",
        name="王芳",
        birth="1990-05-01",
        branch="B02",
        date="2024-03-02",
    ),  # M1 is in the record by now
    line("member.talk", member="M1", by="李明", date="2024-03-20"),  # needs M1 from line 3
    line("member.talk", member="M2", by="李明", date="2024-03-20"),  # M2 was refused
    line(
        "member.apply",
        member="M3",
        name="李强",
        birth="1985-11-20",
        branch="B01",
        date="2024-03-01",
        id="apply-M3",
    ),
    line(
        "member.apply",
        member="M4",
        name="李强",
        birth="1985-11-20",
        branch="B01",
        date="2024-03-01",
        id="apply-M3",
    ),  # the key of another command
]


def judged(outcomes: list[Outcome]) -> list[tuple[int | None, str, str | None]]:
    return [(o.line, o.status, o.rule) for o in outcomes]


def run(app: BranchBook, *, dry_run: bool, batch_size: int = 2) -> list[Outcome]:
    recorder = Recorder(app, builtin_rulebook(), actor="tester")
    items = parse_journal(JOURNAL)
    return list(recorder.record_many(items, batch_size=batch_size, dry_run=dry_run))


def stored(app: BranchBook) -> int:
    return len(app.recorder.select_notifications(start=None, limit=1000))


def test_a_dry_run_judges_each_line_as_the_real_run_does_and_writes_nothing(
    app: BranchBook,
) -> None:
    tried = run(app, dry_run=True)
    assert stored(app) == 0
    assert all(o.positions == () for o in tried)
    done = run(app, dry_run=False)
    assert judged(tried) == judged(done)
    assert [o.status for o in done] == [
        "accepted", "accepted", "accepted", "rejected", "conflict",
        "accepted", "not-found", "accepted", "conflict",
    ]  # fmt: skip
    assert stored(app) == 5  # one event for each accepted line


def test_a_dry_run_in_one_batch_or_many_agrees(app: BranchBook) -> None:
    assert judged(run(app, dry_run=True, batch_size=1)) == judged(
        run(app, dry_run=True, batch_size=500)
    )
    assert stored(app) == 0


def test_a_dry_run_after_the_real_run_finds_every_accepted_line_already_recorded(
    app: BranchBook,
) -> None:
    done = run(app, dry_run=False)
    before = stored(app)
    again = run(app, dry_run=True)
    assert stored(app) == before
    for first, second in zip(done, again, strict=True):
        if first.status == "accepted":
            assert second.status == "already-recorded", (first, second)


def test_a_dry_run_that_lets_its_built_aggregates_go_judges_as_one_that_keeps_them(
    app: BranchBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = judged(run(app, dry_run=True, batch_size=1))
    monkeypatch.setattr(uow, "HELD_CACHE", 0)  # every batch's aggregates are built again
    assert judged(run(app, dry_run=True, batch_size=1)) == kept
    assert judged(run(app, dry_run=True, batch_size=3)) == kept
    assert stored(app) == 0
