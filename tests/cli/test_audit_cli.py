"""`branchbook audit`: the recorded steps in the log's order, narrowed by each filter on both
sides of its bounds, as a table or as JSON."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, invoke, json_of, line, run, stored_count

OPENING = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 张三", birth="1995-01-01",
         branch="B01", doc="申请书 A1"),
    # A month late: recorded with a warning of applicant.talk_deadline.
    line("member.talk", date="2016-03-01", member="A1", by="F1", note="谈话推迟"),
    line("member.apply", date="2016-02-01", member="A2", name="申请人 李四", birth="1996-01-01",
         branch="B02"),
]  # fmt: skip

CLERK = [
    line("member.apply", date="2016-05-01", member="C1", name="申请人 王五", birth="1997-01-01",
         branch="B02"),
    line("member.talk", date="2016-05-10", member="C1", by="G1"),
]  # fmt: skip


def record(url: str, lines: list[str], directory: Path, actor: str) -> None:
    journal = directory / f"{actor}.jsonl"
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(url, "--actor", actor, "record", str(journal))
    assert result.exit_code == 0, result.output


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    record(store_url, OPENING, tmp_path, "tester")
    record(store_url, CLERK, tmp_path, "clerk")
    return store_url


def audit(url: str, *args: str) -> list[dict[str, Any]]:
    rows = json_of(run(url, "audit", "--json", *args))
    assert isinstance(rows, list)
    return rows


def positions(rows: list[dict[str, Any]]) -> list[int]:
    return [r["position"] for r in rows]


def test_the_trail_lists_every_stored_event_newest_first_with_stable_keys(url: str) -> None:
    rows = audit(url)
    assert positions(rows) == list(range(stored_count(url), 0, -1))
    assert positions(audit(url, "--reverse")) == list(range(1, stored_count(url) + 1))
    assert list(rows[0]) == [
        "position", "aggregate", "kind", "subject", "branch", "member", "effective",
        "recorded_at", "actor", "doc", "note", "rulebook", "warnings", "command", "key",
        "corrects", "why", "corrected_by", "unplaced", "details",
    ]  # fmt: skip
    applied = next(r for r in rows if r["kind"] == "member.applied" and r["subject"] == "A1")
    assert (applied["branch"], applied["member"], applied["doc"]) == ("B01", "A1", "申请书 A1")
    assert applied["details"]["name"] == "申请人 张三"
    assert applied["effective"] == "2016-01-01"
    assert datetime.fromisoformat(applied["recorded_at"]).utcoffset() == timedelta(0)
    assert applied["rulebook"].startswith("S000#")
    assert applied["key"].startswith("auto:")


def test_member_branch_and_actor_narrow_the_trail(url: str) -> None:
    every = audit(url)
    a1 = audit(url, "--member", "A1")
    assert positions(a1) == [r["position"] for r in every if r["member"] == "A1"]
    assert {r["kind"] for r in a1} == {"member.applied", "member.talked-with"}
    b02 = audit(url, "--branch", "B02")
    assert b02
    assert positions(b02) == [r["position"] for r in every if r["branch"] == "B02"]
    assert "A1" not in {r["member"] for r in b02}
    clerk = audit(url, "--actor", "clerk")
    assert [(r["kind"], r["subject"]) for r in clerk] == [
        ("member.talked-with", "C1"), ("member.applied", "C1"),
    ]  # fmt: skip
    assert len(audit(url, "--actor", "tester")) == len(every) - 2
    assert audit(url, "--actor", "nobody") == []


def test_effective_dates_are_inclusive_on_both_sides(url: str) -> None:
    every = audit(url)
    on_day = [r["position"] for r in every if r["effective"] == "2016-02-01"]
    assert on_day == [r["position"] for r in every if r["subject"] == "A2"]
    from_day = positions(audit(url, "--from", "2016-02-01"))
    assert from_day == [r["position"] for r in every if r["effective"] >= "2016-02-01"]
    assert set(on_day) <= set(from_day)
    assert not set(on_day) & set(positions(audit(url, "--from", "2016-02-02")))
    to_day = positions(audit(url, "--to", "2016-02-01"))
    assert to_day == [r["position"] for r in every if r["effective"] <= "2016-02-01"]
    assert set(on_day) <= set(to_day)
    assert not set(on_day) & set(positions(audit(url, "--to", "2016-01-31")))
    assert positions(audit(url, "--from", "2016-02-01", "--to", "2016-02-01")) == on_day


def test_a_stored_recording_moment_bounds_the_trail_on_both_sides(url: str) -> None:
    every = audit(url)
    moment = {r["position"]: datetime.fromisoformat(r["recorded_at"]) for r in every}
    middle = every[len(every) // 2]
    at = moment[middle["position"]]
    tick = timedelta(microseconds=1)
    since = positions(audit(url, "--recorded-from", middle["recorded_at"]))
    assert since == [p for p, m in moment.items() if m >= at]
    assert middle["position"] in since
    later = (at + tick).isoformat()
    assert middle["position"] not in positions(audit(url, "--recorded-from", later))
    until = positions(audit(url, "--recorded-to", middle["recorded_at"]))
    assert until == [p for p, m in moment.items() if m <= at]
    assert middle["position"] in until
    earlier = (at - tick).isoformat()
    assert middle["position"] not in positions(audit(url, "--recorded-to", earlier))
    # Without a zone a moment is UTC.
    naive = at.replace(tzinfo=None).isoformat()
    assert positions(audit(url, "--recorded-from", naive)) == since


def test_a_date_alone_is_the_whole_day_of_recording(url: str) -> None:
    every = audit(url)
    days = {datetime.fromisoformat(r["recorded_at"]).date() for r in every}
    first, last = min(days), max(days)
    assert len(audit(url, "--recorded-from", first.isoformat())) == len(every)
    assert len(audit(url, "--recorded-to", last.isoformat())) == len(every)
    assert audit(url, "--recorded-from", (last + timedelta(days=1)).isoformat()) == []
    assert audit(url, "--recorded-to", (first - timedelta(days=1)).isoformat()) == []


def test_rule_and_warnings_keep_the_steps_with_warnings(url: str) -> None:
    warned = audit(url, "--warnings")
    assert [(r["kind"], r["subject"]) for r in warned] == [("member.talked-with", "A1")]
    assert warned[0]["warnings"][0]["rule"] == "applicant.talk_deadline"
    assert warned[0]["note"] == "谈话推迟"
    assert audit(url, "--rule", "applicant.talk_deadline") == warned
    assert audit(url, "--rule", "conversion.approval_deadline") == []


def test_an_unknown_rule_is_bad_input(url: str) -> None:
    result = run(url, "audit", "--rule", "no.such_rule")
    assert result.exit_code == 2
    assert "unknown rule no.such_rule" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [("--recorded-from", "yesterday"), ("--from", "2016-13-01"), ("--limit", "-1")],
)
def test_bad_bounds_are_usage_errors(url: str, args: tuple[str, str]) -> None:
    result = run(url, "audit", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_limit_keeps_the_newest_matching_steps_or_with_reverse_the_oldest(url: str) -> None:
    every = audit(url, "--reverse")
    assert audit(url, "--limit", "3") == every[::-1][:3]
    assert audit(url, "--limit", "3", "--reverse") == every[:3]
    b02 = audit(url, "--branch", "B02", "--reverse")
    assert audit(url, "--branch", "B02", "--limit", "2") == b02[::-1][:2]
    warned = audit(url, "--rule", "applicant.talk_deadline", "--reverse", "--limit", "1")
    assert [r["subject"] for r in warned] == ["A1"]


def test_the_table_shows_the_newest_step_first(url: str) -> None:
    newest = audit(url)[0]["position"]
    assert run(url, "audit").stdout.splitlines()[1].startswith(f"#{newest} ")
    assert run(url, "audit", "--reverse").stdout.splitlines()[1].startswith("#1 ")


def test_the_table_shows_each_step_and_its_warning(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    result = invoke(["--db", url, "audit", "--member", "A1"])
    assert result.exit_code == 0, result.output
    assert "Audit trail (2 events)" in result.stdout
    for text in ("member.applied", "member.talked-with", "申请书 A1", "谈话推迟",
                 "applicant.talk_deadline", "2016-03-01", "tester"):  # fmt: skip
        assert text in result.stdout, text


def test_a_correction_links_both_steps(url: str) -> None:
    talk = next(r for r in audit(url, "--member", "C1") if r["kind"] == "member.talked-with")
    result = run(url, "step", "correct", "--step", str(talk["position"]), "--why", "wrong day",
                 "--date", "2016-05-11")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {r["position"]: r for r in audit(url, "--member", "C1")}
    correction = next(r for r in rows.values() if r["kind"] == "correction")
    assert (correction["corrects"], correction["why"]) == (talk["position"], "wrong day")
    assert (correction["subject"], correction["branch"]) == ("C1", "B02")
    assert rows[talk["position"]]["corrected_by"] == correction["position"]
