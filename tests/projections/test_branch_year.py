"""The year of a branch on the demo store agrees with what the other commands answer: the
rosters with `roster`, the meetings with the audit trail, the compliance part with
`compliance`, the evaluation with `evaluation show`, the dues with the payments recorded; and
its changes take the start roster (the books as they stood on the day before the year) to the
last day's."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.members.view import ENDED
from branchbook.projections.yearbook.branch_year import branch_year

KEYS = [
    "report", "branch", "year", "from", "to", "as_of", "rulebook", "particulars", "roster",
    "meetings", "pipeline", "dues", "talks", "training", "compliance", "evaluation", "history",
]  # fmt: skip
STAGES = ["applicant", "activist", "candidate", "admitted", "probationary"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo store, built once for the module."""
    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    said = CliRunner().invoke(cli, ["--db", path, "demo"])
    assert said.exit_code == 0, said.output
    return path


@pytest.fixture(scope="module")
def engine(demo: str) -> Iterator[Engine]:
    """The views of the demo store, current once the demo has run."""
    views = create_engine(f"sqlite:///{Path(demo)}")
    try:
        yield views
    finally:
        views.dispose()


def answer(demo: str, *args: str) -> Any:
    """What a command prints with --json on the demo store."""
    obj = Context()
    result = CliRunner().invoke(cli, ["--db", demo, *args, "--json"], obj=obj)
    obj.close()
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def year_of(engine: Engine, code: str, year: int, on: str | None = None) -> dict[str, Any] | None:
    as_of = date.fromisoformat(on) if on else date(year, 12, 31)
    rulebook = builtin_rulebook()
    with engine.connect() as conn:
        found = branch_year(conn, code, year, rulebook.in_force(as_of), as_of, rulebook=rulebook)
    return None if found is None else found.as_dict()


def report(engine: Engine, code: str, year: int, on: str | None = None) -> dict[str, Any]:
    found = year_of(engine, code, year, on)
    assert found is not None
    # What a page or --json is given must survive JSON as it is.
    assert json.loads(json.dumps(found, ensure_ascii=False)) == found
    return found


def test_the_keys_are_the_reports(engine: Engine) -> None:
    found = report(engine, "B01", 2025)
    assert list(found) == KEYS
    assert (found["report"], found["branch"], found["year"]) == ("branch-year", "B01", 2025)
    assert (found["from"], found["to"], found["as_of"]) == (
        "2025-01-01",
        "2025-12-31",
        "2025-12-31",
    )
    assert found["rulebook"] == builtin_rulebook().in_force(date(2025, 12, 31)).fingerprint
    assert list(found["roster"]) == [
        "first_day", "last_day", "start_on", "start", "end", "changes",
    ]  # fmt: skip
    assert [m["month"] for m in found["dues"]["months"]] == [f"2025-{n:02d}" for n in range(1, 13)]


def test_the_rosters_are_those_before_the_year_and_of_its_last_day(
    demo: str, engine: Engine
) -> None:
    found = report(engine, "B01", 2025)["roster"]
    assert found["start_on"] == "2024-12-31"
    assert found["first_day"] == "2025-01-01"
    assert found["last_day"] == "2025-12-31"
    start = answer(demo, "roster", "B01", "--as-of", "2024-12-31")["members"]
    end = answer(demo, "roster", "B01", "--as-of", "2025-12-31")["members"]
    assert found["start"] == start
    assert found["end"] == end
    assert start != end


def test_the_particulars_are_the_branch_view_on_the_day(demo: str, engine: Engine) -> None:
    found = report(engine, "B01", 2025, "2025-06-30")["particulars"]
    shown = answer(demo, "branch", "show", "B01", "--as-of", "2025-06-30")
    assert found["code"] == "B01"
    assert found["as_of"] == "2025-06-30"
    assert {k: found[k] for k in ("name", "size", "founded", "leadership")} == {
        k: shown[k] for k in ("name", "size", "founded", "leadership")
    }


@pytest.mark.parametrize(("code", "year", "on"), [("B01", 2025, None), ("B01", 2026, "2026-09-25")])
def test_the_meetings_are_those_the_audit_trail_records(
    demo: str, engine: Engine, code: str, year: int, on: str | None
) -> None:
    found = report(engine, code, year, on)
    last = on or f"{year}-12-31"
    trail = answer(demo, "audit", "--branch", code, "--from", f"{year}-01-01", "--to", last)
    held = {e["subject"]: e["details"] for e in trail if e["kind"] == "meeting.held"}
    assert held
    assert [m["meeting"] for m in found["meetings"]] == sorted(
        held, key=lambda c: (next(e["effective"] for e in trail if e["subject"] == c), c)
    )
    for m in found["meetings"]:
        assert m["present_count"] == len(held[m["meeting"]]["present"])
        assert set(m["names"]) >= {m["chair"], *m["present"]}
        assert all(d["outcome"] in ("passed", "failed", "void") for d in m["decisions"])
    training = [c for c, d in held.items() if d["kind"] == "training"]
    assert [s["meeting"] for s in found["training"]["sessions"]] == sorted(
        training, key=[m["meeting"] for m in found["meetings"]].index
    )
    assert found["training"]["hours"] == sum(held[c]["hours"] or 0 for c in training)


def test_each_meetings_attendance_and_tallies_are_what_meeting_show_gives(
    demo: str, engine: Engine
) -> None:
    found = report(engine, "B01", 2025)["meetings"]
    assert found
    for m in found:
        shown = answer(demo, "meeting", "show", m["meeting"])
        assert m["findings"] == shown["findings"]
        assert [d["position"] for d in m["decisions"]] == [
            d["position"] for d in shown["decisions"]
        ]
        judged = [d["evidence"] for d in shown["decisions"] if "should_attend" in d["evidence"]]
        quorums = [d["evidence"] for d in shown["decisions"] if "quorum_needed" in d["evidence"]]
        roll = (judged or quorums or [{}])[0]
        assert m["should_attend"] == roll.get("should_attend")
        assert m["quorum"] == roll.get("quorum_needed")
        should = roll.get("should_attend_members", roll.get("committee", []))
        assert [a["member"] for a in m["absent"]] == [
            n for n in should if n not in shown["present"]
        ]
        assert all(a["name"] == m["names"][a["member"]] for a in m["absent"])
        for d, s in zip(m["decisions"], shown["decisions"], strict=True):
            e = s["evidence"]
            tally = {k: e[k] for k in ("yes", "no", "abstain", "ballot")} if "yes" in e else None
            assert d["tally"] == tally
            assert {k: v for k, v in d.items() if k not in ("tally", "what")} == s
    with_roll = [m for m in found if m["should_attend"] is not None]
    assert any(m["absent"] for m in with_roll)
    assert all(m["quorum"] is not None for m in with_roll)
    tallied = [d for m in found for d in m["decisions"] if d["tally"]]
    assert tallied


def test_a_discipline_decision_says_the_sanction_resolved(demo: str, engine: Engine) -> None:
    found = report(engine, "B01", 2025)["meetings"]
    trail = answer(demo, "audit", "--branch", "B01", "--from", "2025-01-01", "--to", "2025-12-31")
    decided = {
        (e["details"]["meeting"], e["member"]): e["details"]["detail"]
        for e in trail
        if e["kind"] == "member.decided"
    }
    assert decided
    for m in found:
        for d in m["decisions"]:
            detail = decided.get((m["meeting"], d["member"]))
            if detail is None:
                assert d["what"] is None
            else:
                assert d["decision"] == "discipline"
                assert d["what"].split(", ")[0] == detail["sanction"]
                assert detail["matter"] not in d["what"]


@pytest.mark.parametrize("code", ["B01", "V01"])
def test_the_compliance_part_is_the_compliance_report(demo: str, engine: Engine, code: str) -> None:
    found = report(engine, code, 2025)["compliance"]
    (said,) = answer(demo, "compliance", "--branch", code, "--year", "2025")["branches"]
    assert found == said


def test_the_village_branch_missed_its_third_quarter_assembly(engine: Engine) -> None:
    results = report(engine, "V01", 2025)["compliance"]["results"]
    (q3,) = [r for r in results if r["rule"] == "assembly.frequency" and r["window"] == "2025-Q3"]
    assert q3["status"] == "missed"
    assert q3["found"] == 0
    assert "assembly.frequency" in builtin_rulebook().in_force(date(2025, 12, 31)).rules


def test_the_evaluation_is_the_recorded_one_or_none(demo: str, engine: Engine) -> None:
    graded = report(engine, "B01", 2025)["evaluation"]
    assert graded is not None
    assert graded == answer(demo, "evaluation", "show", "B01", "--year", "2025")
    trail = answer(demo, "audit", "--branch", "V01")
    assert not [e for e in trail if e["aggregate"] == "org-evaluation"]
    assert report(engine, "V01", 2025)["evaluation"] is None


def test_the_dues_months_agree_with_the_payments(demo: str, engine: Engine) -> None:
    months = report(engine, "V01", 2025)["dues"]["months"]
    trail = answer(demo, "audit", "--branch", "V01", "--to", "2025-12-31")
    paid = [e for e in trail if e["kind"] == "dues.paid"]
    this_year = [e["details"] for e in paid if e["details"]["last"] >= "2025-01"]
    assert this_year
    # Every payment of the year lies wholly in it: the year's months hold all it paid.
    assert all(d["first"] >= "2025-01" and d["last"] <= "2025-12" for d in this_year)
    assert sum(m["paid_fen"] for m in months) == sum(d["amount_fen"] for d in this_year)
    payers: Counter[str] = Counter()
    for e in paid:
        d = e["details"]
        for m in months:
            payers[m["month"]] += d["first"] <= m["month"] <= d["last"]
    assert {m["month"]: m["paid"] for m in months} == dict(payers)
    assert all(0 < m["paid"] <= m["owed"] for m in months)


def test_the_owing_are_the_roster_members_on_the_roll(demo: str, engine: Engine) -> None:
    found = report(engine, "V01", 2025)
    end = [r for r in found["roster"]["end"] if r["status"] in ("probationary", "full")]
    assert found["dues"]["months"][-1]["owed"] == len(end)


def test_a_branch_with_no_payment_has_every_owing_member_never_paid(
    demo: str, engine: Engine
) -> None:
    dues = report(engine, "B01", 2025)["dues"]
    trail = answer(demo, "audit", "--branch", "B01", "--to", "2025-12-31")
    assert not [e for e in trail if e["kind"] == "dues.paid"]
    assert all(m["paid"] == m["paid_fen"] == 0 for m in dues["months"])
    assert dues["behind"] == []
    roster = answer(demo, "roster", "B01", "--as-of", "2025-12-31")["members"]
    owing = {r["member"] for r in roster if r["status"] in ("probationary", "full")}
    assert owing
    never = {n["member"]: n["months_owed"] for n in dues["never_paid"]}
    assert owing <= set(never)
    assert all(0 < n <= 12 for n in never.values())
    assert sum(never.values()) <= sum(m["owed"] for m in dues["months"])


def test_behind_and_never_paid_part_the_members_by_their_payments(
    demo: str, engine: Engine
) -> None:
    dues = report(engine, "V01", 2025)["dues"]
    trail = answer(demo, "audit", "--to", "2025-12-31")
    payers = {e["member"] for e in trail if e["kind"] == "dues.paid"}
    assert payers
    never = {n["member"] for n in dues["never_paid"]}
    assert never.isdisjoint(payers)
    assert {b["member"] for b in dues["behind"]} <= payers
    roster = answer(demo, "roster", "V01", "--as-of", "2025-12-31")["members"]
    assert never <= {r["member"] for r in roster}


def _replayed(roster: dict[str, Any]) -> dict[str, str]:
    """The start roster with the changes applied in order: member -> status; each
    change checked against the standing it changes."""
    on = {r["member"]: r["status"] for r in roster["start"]}
    for c in roster["changes"]:
        who = c["member"]
        if c["change"] == "joined":
            assert who not in on, c
            on[who] = c["to"]
        elif c["change"] == "left":
            assert on.pop(who) == c["from"], c
        else:
            assert c["change"] == "status", c
            assert on[who] == c["from"] != c["to"], c
            on[who] = c["to"]
    return on


@pytest.mark.parametrize(
    ("year", "on"), [(2020, None), (2023, None), (2025, None), (2026, "2026-09-25")]
)
def test_the_changes_take_the_first_roster_to_the_last(
    demo: str, engine: Engine, year: int, on: str | None
) -> None:
    codes = [b["code"] for b in answer(demo, "branch", "list")["branches"]]
    changed = 0
    for code in codes:
        roster = report(engine, code, year, on)["roster"]
        assert _replayed(roster) == {r["member"]: r["status"] for r in roster["end"]}
        days = [c["date"] for c in roster["changes"]]
        assert days == sorted(days)
        assert all(roster["first_day"] <= d <= roster["last_day"] for d in days)
        changed += len(roster["changes"])
    assert changed


def test_the_pipeline_holds_the_end_rosters_members_on_the_path(engine: Engine) -> None:
    found = report(engine, "B01", 2025)
    stages = found["pipeline"]["stages"]
    assert [s["stage"] for s in stages] == STAGES
    on_path = {r["member"]: r["status"] for r in found["roster"]["end"] if r["status"] in STAGES}
    assert {m["member"]: s["stage"] for s in stages for m in s["members"]} == on_path
    assert all(s["count"] == len(s["members"]) for s in stages)
    for m in (m for s in stages for m in s["members"]):
        assert m["status"] in (None, "due", "overdue")
        if m["status"] == "overdue":
            assert m["due"] < found["as_of"]


def test_the_years_admissions_are_the_statistics(demo: str, engine: Engine) -> None:
    found = report(engine, "B01", 2025)["pipeline"]
    counted = answer(demo, "stats", "--branch", "B01", "--as-of", "2025-12-31")
    (year,) = [y for y in counted["per_year"] if y["year"] == 2025]
    assert (found["admitted_in_year"], found["converted_in_year"]) == (
        year["admissions"],
        year["conversions"],
    )


def test_the_history_runs_from_the_founding_to_the_day(demo: str, engine: Engine) -> None:
    found = report(engine, "B01", 2026, "2026-09-25")
    history = found["history"]
    founded = date.fromisoformat(found["particulars"]["founded"])
    assert [h["year"] for h in history] == list(range(founded.year, 2027))
    assert [h["on"] for h in history][-2:] == ["2025-12-31", "2026-09-25"]
    for h in history:
        roster = answer(demo, "roster", "B01", "--as-of", h["on"])["members"]
        on_books = {s: n for s, n in h["by_status"].items() if s not in ENDED}
        assert on_books == dict(Counter(r["status"] for r in roster))


def test_the_talks_are_those_the_audit_trail_records(demo: str, engine: Engine) -> None:
    for code in ("B04", "B01"):
        found = report(engine, code, 2025)["talks"]
        trail = answer(
            demo, "audit", "--branch", code, "--from", "2025-01-01", "--to", "2025-12-31"
        )
        talked = [(e["effective"], e["member"]) for e in trail if e["kind"] == "member.talked-with"]
        assert [(t["date"], t["member"]) for t in found] == sorted(talked)
        assert all(t["by"] and t["name"] for t in found)
    assert report(engine, "B04", 2025)["talks"]


def test_an_unknown_branch_has_no_year(engine: Engine) -> None:
    assert year_of(engine, "NO-SUCH", 2025) is None


def test_a_year_before_the_founding_is_an_empty_report(engine: Engine) -> None:
    found = report(engine, "B01", 2010)
    assert list(found) == KEYS
    assert found["particulars"]["status"] == "not founded yet"
    assert found["roster"]["start"] == found["roster"]["end"] == found["roster"]["changes"] == []
    assert found["meetings"] == found["talks"] == found["history"] == []
    assert found["compliance"]["results"] == []
    assert found["evaluation"] is None
    assert all(s["count"] == 0 for s in found["pipeline"]["stages"])
    assert all(m["owed"] == m["paid"] == 0 for m in found["dues"]["months"])


def test_the_day_asked_about_lies_in_the_year(engine: Engine) -> None:
    with pytest.raises(ValueError, match="not in 2025"):
        year_of(engine, "B01", 2025, "2026-01-01")
