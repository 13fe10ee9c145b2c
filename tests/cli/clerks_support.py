"""Clerks recording journals in processes of their own, on branches they share."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import EVENTS_TABLE
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from branchbook.domain.catalogue import builtin_rulebook


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


# Two branches under TC01 with three full members each: every clerk records into both.
OPENING = [
    line("org.add", date="2015-01-01", code="TC01", name="城关镇党委", kind="committee",
         approves_admissions=True),
    *(
        line("branch.found", date="2015-01-01", code=b, name=f"第{b}党支部", kind="regular",
             parent="TC01", full_members=3)
        for b in ("B01", "B02")
    ),
]  # fmt: skip


def clerk_journal(clerk: int, lines: int) -> list[str]:
    """A clerk's journal: full members enrolled into the shared branches (each one changes the
    branch), applications and talks with the applicants, in turn, `lines` lines in all."""
    out: list[str] = []
    i = 0
    while len(out) < lines:
        branch = ("B01", "B02")[i % 2]
        person = f"C{clerk}-{i:05d}"
        out.append(
            line(
                "member.enrol",
                date="2016-01-04",
                member=f"F{person}",
                name=f"党员 {person}",
                birth="1970-01-01",
                branch=branch,
                status="full",
                admitted="2000-01-01",
                full_since="2001-01-01",
            )
        )
        out.append(
            line(
                "member.apply",
                date="2024-03-01",
                member=f"A{person}",
                name=f"申请人 {person}",
                birth="1995-05-01",
                branch=branch,
            )
        )
        out.append(line("member.talk", date="2024-03-20", member=f"A{person}", by="书记"))
        i += 1
    return out[:lines]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record_command(url: str, journal: Path, *options: str) -> list[str]:
    """The command line of a clerk's process recording a journal, with options of `record`."""
    return [sys.executable, "-m", "branchbook.cli.main", "--db", url, "--actor", "clerk",
            "record", str(journal), "--json", *options]  # fmt: skip


def run_record(url: str, journal: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        record_command(url, journal, *extra), capture_output=True, text=True, check=False
    )


def reference_events(journals: list[list[str]]) -> int:
    """How many events the journals make when recorded one after another, without rivals."""
    app = BranchBook("sqlite:///:memory:")
    try:
        recorder = Recorder(app, builtin_rulebook(), "reference")
        for journal in journals:
            assert all(o.accepted for o in recorder.record_many(parse_journal(journal)))
        return len(app.recorder.select_notifications(start=None, limit=10_000_000))
    finally:
        app.close()


def keys_in_store(url: str) -> Counter[str]:
    """How many recorded commands carry each idempotency key, read from the stored events."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            states = conn.execute(text(f"SELECT state FROM {EVENTS_TABLE}")).scalars()  # noqa: S608
            steps = [json.loads(bytes(s))["step"]["_data_"] for s in states]
    finally:
        engine.dispose()
    return Counter(key for key, _ in {(s["key"], s["command"]) for s in steps})


def event_count(url: str) -> int:
    """How many events the store holds; 0 while its tables are not yet made."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            query = text(f"SELECT count(*) FROM {EVENTS_TABLE}")  # noqa: S608
            return int(conn.execute(query).scalar_one())
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def kill_once_past(url: str, argv: list[str], events: int, rng: random.Random) -> bool:
    """Start a writer, SIGKILL it once the store holds more than `events` events (or at a
    random moment soon after it starts); False if it finished first."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if event_count(url) > events:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(rng.uniform(0.0, 0.02))
    proc.wait()
    return False
