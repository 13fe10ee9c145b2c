"""`member show` reports a member's case as of a date, and `roster --as-of` follows transfers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import json_of, record_journal, run


def line(command: str, **keys: Any) -> str:
    return json.dumps({"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}})


JOURNAL = [
    line("org.add", date="2020-01-01", code="TC", name="TC", kind="committee",
         approves_admissions=True),
    *(line("branch.found", date="2020-01-02", code=b, name=b, kind="regular", parent="TC",
           full_members=5) for b in ("B1", "B2")),
    *(line("member.enrol", date="2020-01-03", member=f"{b}M{n}", name=f"N{n}", birth="1980-01-01",
           branch=b, status="full", admitted="2010-01-01", full_since="2011-01-01")
      for b in ("B1", "B2") for n in range(1, 6)),
    line("transfer.request", date="2021-03-01", member="B1M5", to="B2", reason="new job"),
    line("transfer.issue", date="2021-03-02", member="B1M5", body="TC", ref="L-1"),
    line("transfer.receive", date="2021-03-05", member="B1M5", branch="B2"),
    line("member.income", date="2021-01-05", member="B1M2", kind="student"),
    line("member.pay-dues", date="2021-01-10", member="B1M2", amount="0.60",
         months="2021-01:2021-03"),
    line("member.pay-dues", date="2021-07-10", member="B1M2", amount="0.20", months="2021-06"),
    line("member.participate", date="2021-02-01", member="B1M2", branch="B2", basis="mobile",
         fixed_place=True),
]  # fmt: skip


def store(tmp_path: Path) -> str:
    return record_journal(f"sqlite:///{tmp_path / 'cases.db'}", JOURNAL, tmp_path)


def members_of(url: str, branch: str, on: str) -> list[str]:
    data = json_of(run(url, "roster", branch, "--as-of", on, "--json"))
    assert data["as_of"] == on
    return [m["member"] for m in data["members"]]


def test_the_roster_on_a_date_follows_the_transfer(tmp_path: Path) -> None:
    url = store(tmp_path)
    assert "B1M5" in members_of(url, "B1", "2021-03-04")
    assert "B1M5" not in members_of(url, "B2", "2021-03-04")
    assert "B1M5" not in members_of(url, "B1", "2021-03-05")
    assert "B1M5" in members_of(url, "B2", "2021-03-05")
    shown = run(url, "roster", "B2", "--as-of", "2021-03-05")
    assert shown.exit_code == 0
    assert "B1M5" in shown.stdout
    assert "on 2021-03-05" in shown.stdout


def test_member_show_reports_the_pending_and_the_received_transfer(tmp_path: Path) -> None:
    url = store(tmp_path)
    before = json_of(run(url, "member", "show", "B1M5", "--as-of", "2021-03-03", "--json"))
    assert before["relation_branch"] == "B1"
    assert before["pending_transfer"]["to"] == "B2"
    assert before["pending_transfer"]["issued"] == "2021-03-02"
    after = json_of(run(url, "member", "show", "B1M5", "--as-of", "2021-03-05", "--json"))
    assert (after["relation_branch"], after["pending_transfer"]) == ("B2", None)
    assert [t["outcome"] for t in after["transfers"]] == ["received"]
    text = run(url, "member", "show", "B1M5", "--as-of", "2021-03-03").stdout
    assert "pending transfer" in text
    assert "issued 2021-03-02" in text
    assert "(L-1)" in text


def test_member_show_reports_dues_participation_and_their_findings(tmp_path: Path) -> None:
    url = store(tmp_path)
    data = json_of(run(url, "member", "show", "B1M2", "--as-of", "2021-12-01", "--json"))
    assert data["dues"]["paid_up_to"] == "2021-03"
    assert data["dues"]["unpaid_months"] == 5
    assert data["dues"]["expected_monthly"] == {"min_fen": 20, "max_fen": 20}
    assert data["participations"] == [
        {"branch": "B2", "basis": "mobile", "since": "2021-02-01", "fixed_place": True}
    ]
    assert sorted(f["rule"] for f in data["findings"]) == [
        "dues.payment_period", "transfer.required"]  # fmt: skip
    early = json_of(run(url, "member", "show", "B1M2", "--as-of", "2021-04-15", "--json"))
    assert early["findings"] == []
    text = run(url, "member", "show", "B1M2", "--as-of", "2021-12-01").stdout
    assert "dues paid up to" in text
    assert "finding: transfer.required" in text
    assert "B2 (mobile) since 2021-02-01" in text


def test_the_history_lists_the_transfer_steps(tmp_path: Path) -> None:
    url = store(tmp_path)
    steps = json_of(run(url, "member", "history", "B1M5", "--json"))["steps"]
    assert [s["kind"] for s in steps] == [
        "enrolled",
        "transfer-requested",
        "transfer-issued",
        "moved",
        "transfer-received",
    ]
    assert steps[3]["summary"] == "relation moved to B2 (transfer #1)"
