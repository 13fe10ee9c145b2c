"""Several writers or a killed writer on one store never lose, duplicate or split a command."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import Engine
from store_support import (
    BRANCHBOOK,
    all_notifications,
    application,
    applied_count,
    applied_members,
    found_branch,
    numbers,
)

from branchbook.domain import ids
from branchbook.domain.member import Member
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook

# --- several processes ------------------------------------------------------------------------


def start_recording(
    url: str, actor: str, journal: str = "-", *options: str
) -> subprocess.Popen[str]:
    """`branchbook record` in its own process; a journal of "-" is fed through stdin."""
    return subprocess.Popen(
        [BRANCHBOOK, "--db", url, "record", "--json", *options, journal],
        stdin=subprocess.PIPE if journal == "-" else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "BRANCHBOOK_ACTOR": actor},
    )


def feed(proc: subprocess.Popen[str], lines: Sequence[dict[str, str]]) -> None:
    stdin: IO[str] | None = proc.stdin
    assert stdin is not None
    stdin.write("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    stdin.flush()


def wait_for_applications(
    engine: Engine, count: int, procs: Sequence[subprocess.Popen[str]], timeout: float = 60
) -> None:
    """Poll the store until it holds count applications; fail at once if a recorder died."""
    deadline = time.monotonic() + timeout
    while applied_count(engine) < count:
        for proc in procs:
            if proc.poll() is not None:
                _, err = proc.communicate()
                pytest.fail(f"a recorder exited early ({proc.returncode}): {err}")
        if time.monotonic() > deadline:
            pytest.fail("the recorders made no progress")
        time.sleep(0.005)


def finish(proc: subprocess.Popen[str]) -> tuple[int, list[dict[str, Any]]]:
    """Close the process's input, wait for it, and return its exit code and reported lines."""
    out, err = proc.communicate(timeout=120)
    assert out.startswith("{"), f"exit {proc.returncode}: {err}"
    report = json.loads(out)
    assert report["summary"]["lines"] == len(report["lines"]), err
    return proc.returncode, report["lines"]


BATCH = 30
ROUNDS = 10


def test_two_processes_recording_disjoint_journals_lose_and_duplicate_nothing(
    store_url: str, app: BranchBook, recorder: Recorder
) -> None:
    found_branch(recorder)
    journals = {
        "proc-a": [application(n) for n in numbers(1, BATCH * ROUNDS)],
        "proc-b": [application(n) for n in numbers(1 + BATCH * ROUNDS, BATCH * ROUNDS)],
    }
    procs = {
        actor: start_recording(store_url, actor, "-", "--batch-size", str(BATCH))
        for actor in journals
    }
    # Lockstep: each round both processes get a batch and race to commit it, so the two
    # writers are provably at work at the same time rather than one after the other.
    for k in range(ROUNDS):
        for actor, proc in procs.items():
            feed(proc, journals[actor][k * BATCH : (k + 1) * BATCH])
        wait_for_applications(app.engine, 2 * BATCH * (k + 1), [*procs.values()])
    reports = {actor: finish(proc) for actor, proc in procs.items()}

    positions: dict[str, list[int]] = {}
    for actor, (code, lines) in reports.items():
        assert code == 0
        assert [line["status"] for line in lines] == ["accepted"] * BATCH * ROUNDS
        positions[actor] = [p for line in lines for p in line["positions"]]
        assert positions[actor] == sorted(set(positions[actor]))  # strictly increasing
        for k in range(ROUNDS):  # each batch is one transaction: one unbroken run of ids
            batch = positions[actor][k * BATCH : (k + 1) * BATCH]
            assert batch == list(range(batch[0], batch[0] + BATCH))
    log = all_notifications(app)
    ids_in_store = [n.id for n in log]
    assert ids_in_store == sorted(set(ids_in_store))
    assert sorted(ids_in_store[2:]) == sorted(positions["proc-a"] + positions["proc-b"])
    every = numbers(1, 2 * BATCH * ROUNDS)
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in every})
    by_position = {n.id: n for n in log}
    for actor, journal in journals.items():
        for line, position in zip(journal, positions[actor], strict=True):
            assert by_position[position].originator_id == ids.member_id(line["member"])


def test_two_processes_recording_the_same_members_record_each_once_and_report_the_other_conflict(
    store_url: str, app: BranchBook, recorder: Recorder, reader: BranchBook
) -> None:
    found_branch(recorder)
    same = numbers(1, BATCH * ROUNDS)
    journals = {
        "proc-a": [application(n, f"A {n}") for n in same],
        "proc-b": [application(n, f"B {n}") for n in same],
    }
    procs = {
        actor: start_recording(store_url, actor, "-", "--batch-size", str(BATCH))
        for actor in journals
    }
    for k in range(ROUNDS):
        order = list(procs) if k % 2 == 0 else list(reversed(procs))  # neither always first
        for actor in order:
            feed(procs[actor], journals[actor][k * BATCH : (k + 1) * BATCH])
        wait_for_applications(app.engine, BATCH * (k + 1), [*procs.values()])
    reports = {actor: finish(proc) for actor, proc in procs.items()}

    statuses = {actor: [line["status"] for line in lines] for actor, (_, lines) in reports.items()}
    for actor, (code, _) in reports.items():
        assert code == (5 if "conflict" in statuses[actor] else 0)
    winners: dict[str, str] = {}
    for index, number in enumerate(same):
        pair = {actor: statuses[actor][index] for actor in procs}
        assert sorted(pair.values()) == ["accepted", "conflict"], (number, pair)
        winners[number] = next(actor for actor, status in pair.items() if status == "accepted")
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in same})
    for number, actor in winners.items():
        (event,) = list(reader.events.get(ids.member_id(number)))
        assert isinstance(event, Member.Applied)
        assert (event.name, event.step.actor) == (f"{actor[-1].upper()} {number}", actor)


def test_a_process_killed_mid_journal_leaves_whole_commands_and_a_rerun_records_the_rest(
    store_url: str, app: BranchBook, recorder: Recorder, tmp_path: Path
) -> None:
    found_branch(recorder)
    every = numbers(1, 2000)
    journal = tmp_path / "journal.jsonl"
    journal.write_text("".join(json.dumps(application(n)) + "\n" for n in every), "utf-8")

    victim = subprocess.Popen(
        [BRANCHBOOK, "--db", store_url, "record", "--batch-size", "50", str(journal)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while applied_count(app.engine) < 100 and victim.poll() is None:
        assert time.monotonic() < deadline, "the recorder made no progress"
        time.sleep(0.002)
    victim.kill()
    _, err = victim.communicate()
    assert victim.returncode == -9, err  # killed, not finished: the journal was cut short

    counts = applied_members(app)
    recorded = [n for n in every if ids.member_id(n) in counts]
    assert 100 <= len(recorded) < len(every)
    assert set(counts.values()) == {1}
    assert len(counts) == len(recorded)
    assert recorded == every[: len(recorded)]  # batches are committed in journal order
    for number in recorded:
        assert [type(e) for e in app.events.get(ids.member_id(number))] == [Member.Applied]

    code, lines = finish(start_recording(store_url, "rerun", str(journal)))

    assert code == 0
    expected = ["already-recorded"] * len(recorded) + ["accepted"] * (len(every) - len(recorded))
    assert [line["status"] for line in lines] == expected
    assert applied_members(app) == Counter({ids.member_id(n): 1 for n in every})
