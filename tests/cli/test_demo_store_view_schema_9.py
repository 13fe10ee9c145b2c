"""A demo store written by an earlier record book (view schema 9) still proves unaltered,
answers as the demo recorded now, rebuilds its views to the same answers and takes new steps."""

from __future__ import annotations

import json
import lzma
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import run

from branchbook.workflows.demo.journal import demo_commands

# The demo's store as `branchbook demo --fresh` left it at view schema 9, vacuumed and xz'd.
FIXTURE = Path(__file__).parents[1] / "fixtures" / "demo_store_view_schema_9.db.xz"
FINGERPRINT = re.compile(r"S000(\+S003)?#[0-9a-f]{8}")
VOLATILE = ("recorded_at", "command", "key", "actor")
COUNTED_THEN = re.compile(r"\b(\d[\d,]*) (\w+)\(s\)")
# Facts a step records now that the earlier record book did not: who consented to an exclusion.
RECORDED_SINCE = ("consented_by",)
QUERIES = (
    ("branch", "list"),
    ("roster", "B01"),
    ("roster", "B02", "--as-of", "2023-03-19"),
    ("roster", "V01"),
    ("member", "show", "B0108"),
    ("member", "show", "B0206"),
    ("member", "show", "V0105"),
    ("member", "show", "M0004"),
    ("member", "history", "M0004"),
    ("meeting", "show", "B01-2020-10-29-assembly"),
    ("branch", "show", "B02"),
    ("due", "--as-of", "2026-10-31", "--within", "90"),
    ("stats", "--as-of", "2026-10-31"),
    ("compliance", "--year", "2025", "--branch", "V01"),
)


def answers(path: Path) -> dict[str, Any]:
    """What the queries say, leaving out when, by whom and under which key steps were recorded."""

    def query(*args: str) -> Any:
        result = run(str(path), *args, "--json")
        assert result.exit_code == 0, (args, result.output)
        return json.loads(result.stdout)

    said = {" ".join(q): query(*q) for q in (*QUERIES, ("audit",))}
    return dict(json.loads(FINGERPRINT.sub("S000#", json.dumps(scrub(said), ensure_ascii=False))))


def scrub(value: Any) -> Any:
    """value without the keys that say when, by whom and under which key, or that the earlier
    record book did not record, at any depth."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in (*VOLATILE, *RECORDED_SINCE)}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return in_words_of_now(value)
    return value


def in_words_of_now(text: str) -> str:
    """A warning's reason as a step words it now: the earlier record book kept "1 month(s)"
    and "184 day(s)" in the reasons it stored, which are history and stay as stored."""
    return COUNTED_THEN.sub(lambda m: f"{m[1]} {m[2]}{'' if m[1] == '1' else 's'}", text)


@pytest.fixture(scope="module")
def demo_now(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo as it stood at view schema 9, recorded now: its later chapters left out."""
    folder = tmp_path_factory.mktemp("now")
    journal = folder / "demo.jsonl"
    lines = (json.dumps(c, ensure_ascii=False) for c in demo_commands(later=False))
    journal.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    result = run(str(folder / "demo.db"), "record", "--json", str(journal))
    assert result.exit_code == 3, result.output  # the demo's refused steps, as in the old store
    return answers(folder / "demo.db")


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    path.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    return path


def test_an_earlier_demo_store_proves_unaltered(old_store: Path) -> None:
    report = run(str(old_store), "verify", "--json")
    assert report.exit_code == 0, report.output


def test_an_earlier_demo_store_answers_as_the_demo_recorded_now(
    old_store: Path, demo_now: dict[str, Any]
) -> None:
    assert answers(old_store) == demo_now


def test_an_earlier_demo_store_rebuilt_answers_the_same(
    old_store: Path, demo_now: dict[str, Any]
) -> None:
    rebuilt = run(str(old_store), "projections", "rebuild", "--quiet")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert answers(old_store) == demo_now


def test_an_earlier_demo_store_takes_new_steps(old_store: Path) -> None:
    apply = ["member", "apply", "--member", "B0199", "--name", "王芳", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2026-11-02"]  # fmt: skip
    first = run(str(old_store), *apply)
    assert first.exit_code == 0, first.output
    assert run(str(old_store), *apply).stdout.startswith("already recorded: member.apply B0199 (#")
    shown = json.loads(run(str(old_store), "member", "show", "B0199", "--json").stdout)
    assert shown["status"] == "applicant"
