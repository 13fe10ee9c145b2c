"""`member show --as-of`: every field as of the one date (standing, branch, pending resolution,
case), no dues owed while the membership is suspended, and the due list agreeing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run

from branchbook.domain.wording import counted

# F1 pays January to March 2024, is suspended from 2024-05-10 (out of contact since
# 2023-11-01) and restored on 2024-09-15. G3's removal is resolved on 2024-07-10 and approved on
# 2024-08-01; G2 moves to B01 on 2024-06-05.
JOURNAL = [
    *TWO_BRANCHES,
    line("member.income", date="2024-01-05", member="F1", kind="student"),
    line("member.pay-dues", date="2024-01-05", member="F1", amount="0.60",
         months="2024-01:2024-03"),
    line("member.suspend-membership", date="2024-05-10", member="F1", reason="lost-contact",
         since="2023-11-01"),
    line("member.restore-membership", date="2024-09-15", member="F1"),
    line("transfer.request", date="2024-06-01", member="G2", to="B01", reason="new job"),
    line("transfer.issue", date="2024-06-02", member="G2", body="TC01", ref="L-9"),
    line("transfer.receive", date="2024-06-05", member="G2", branch="B01"),
    line("meeting.hold", date="2024-07-10", branch="B02", kind="assembly", present="G1,G3",
         chair="G1"),
    line("member.remove", date="2024-07-10", member="G3", meeting="B02-2024-07-10-assembly",
         basis="unqualified", matter="不合格", yes=2),
    line("member.approve", date="2024-08-01", member="G3", body="TC01"),
]  # fmt: skip


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


def show(url: str, member: str, on: str) -> Any:
    return json_of(run(url, "member", "show", member, "--as-of", on, "--json"))


def test_a_removal_resolved_later_is_not_pending_before_its_resolution(url: str) -> None:
    before, day, last = (show(url, "G3", d) for d in ("2024-07-09", "2024-07-10", "2024-07-31"))
    assert (before["status"], before["pending"], before["resolution"]) == ("full", None, None)
    for shown in (day, last):
        assert shown["status"] == "full"
        assert shown["pending"]["decision"] == "remove"
        assert shown["resolution"]["on"] == "2024-07-10"
        assert shown["ended"] is None
    approved = show(url, "G3", "2024-08-01")
    assert (approved["status"], approved["since"], approved["pending"]) == (
        "removed", "2024-08-01", None)  # fmt: skip
    assert approved["ended"] == {"status": "removed", "basis": "unqualified", "on": "2024-08-01"}
    assert [s["step"] for s in before["next"]] == []
    assert any("approval of the remove" in s["step"] for s in day["next"])
    text = run(url, "member", "show", "G3", "--as-of", "2024-07-09").stdout
    assert "Member G3 党员 G3 on 2024-07-09" in text
    assert "pending decision" not in text


def test_the_branch_and_the_relation_branch_are_those_of_the_date(url: str) -> None:
    before, day = show(url, "G2", "2024-06-04"), show(url, "G2", "2024-06-05")
    assert (before["branch"], before["relation_branch"]) == ("B02", "B02")
    assert before["pending_transfer"]["to"] == "B01"
    assert (day["branch"], day["relation_branch"], day["since"]) == ("B01", "B01", "2024-06-05")


def test_before_the_first_step_the_member_is_not_on_the_record(url: str) -> None:
    result = run(url, "member", "show", "F1", "--as-of", "2015-01-01")
    assert result.exit_code == 4
    assert result.stderr.strip() == "Error: member F1 has no recorded step by 2015-01-01"
    assert show(url, "F1", "2015-01-02")["status"] == "full"


@pytest.mark.parametrize(
    ("on", "status", "unpaid", "expected"),
    [
        ("2024-05-09", "full", 1, {"min_fen": 20, "max_fen": 20}),  # April unpaid
        ("2024-05-10", "suspended", 0, None),
        ("2024-09-14", "suspended", 0, None),
        ("2024-09-15", "full", 1, {"min_fen": 20, "max_fen": 20}),  # May-Sept not owed
        ("2024-10-31", "full", 1, {"min_fen": 20, "max_fen": 20}),
        ("2024-11-01", "full", 2, {"min_fen": 20, "max_fen": 20}),  # October owed
    ],
)
def test_no_dues_are_owed_while_the_membership_is_suspended(
    url: str, on: str, status: str, unpaid: int, expected: Any
) -> None:
    shown = show(url, "F1", on)
    assert shown["status"] == status
    assert shown["dues"]["unpaid_months"] == unpaid
    assert shown["dues"]["expected_monthly"] == expected
    rules = [f["rule"] for f in shown["findings"]]
    assert rules == (["dues.payment_period"] if unpaid else [])


def test_months_of_suspension_never_make_a_lapse(url: str) -> None:
    # Eight months from April to November unpaid, but five were months of suspension.
    shown = show(url, "F1", "2024-12-01")
    assert shown["dues"]["unpaid_months"] == 3
    assert "lapse.self_withdrawal" not in [f["rule"] for f in shown["findings"]]


@pytest.mark.parametrize(("on", "unpaid"), [("2024-06-01", None), ("2024-12-01", 3)])
def test_the_due_list_counts_the_months_member_show_counts(
    url: str, on: str, unpaid: int | None
) -> None:
    items = json_of(run(url, "due", "--as-of", on, "--json"))["items"]
    f1 = [i for i in items if i["subject"] == "F1"]
    if unpaid is None:
        assert f1 == []  # suspended: nothing due
        assert show(url, "F1", on)["dues"]["unpaid_months"] == 0
        return
    assert [(i["rule"], i["step"]) for i in f1] == [
        ("dues.payment_period", f"dues: {counted(unpaid, 'month')} unpaid from 2024-04")
    ]
    assert show(url, "F1", on)["dues"]["unpaid_months"] == unpaid


@pytest.mark.parametrize(
    ("on", "warned"),
    [
        # Owed: April 2024, then October 2024 on; May to September were months of suspension.
        ("2025-02-01", True),  # five months owed and unpaid: short of the six a lapse needs
        ("2025-03-01", False),  # six: a lapse
    ],
)
def test_a_removal_for_lapsed_dues_counts_the_months_member_show_counts(
    url: str, tmp_path: Path, on: str, warned: bool
) -> None:
    steps = [
        line("meeting.hold", date=on, branch="B01", kind="assembly", present="F1,F2,F3",
             chair="F2"),
        line("member.remove", date=on, member="F1", meeting=f"B01-{on}-assembly",
             basis="self-withdrawal", matter="不交党费", grounds="dues", yes=3),
    ]  # fmt: skip
    journal = tmp_path / "removal.jsonl"
    journal.write_text("".join(f"{s}\n" for s in steps), encoding="utf-8")
    report = json_of(run(url, "record", "--json", str(journal)))
    removal = report["lines"][-1]
    assert removal["status"] == ("accepted-with-warnings" if warned else "accepted"), removal
    rules = [w["rule"] for w in removal.get("warnings", [])]
    assert rules == (["lapse.self_withdrawal"] if warned else []), removal
