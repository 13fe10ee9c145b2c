"""One default date for every query: the date of the latest recorded step, never the clock;
each answer names the date it is for and why (given, or the latest recorded step)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, empty_store, json_of, line, record_journal, run

# P1's probation ends on 2016-01-02; the record's latest step is 2015-09-01, so nothing about
# P1 is overdue on the record's date, whatever the clock says. B02 is dissolved on 2015-09-01.
LATEST = "2015-09-01"
JOURNAL = [
    *TWO_BRANCHES,
    line("member.enrol", date="2015-01-03", member="P1", name="预备党员", birth="1990-01-01",
         branch="B01", status="probationary", admitted="2015-01-02"),
    *(line("transfer.request", date="2015-08-01", member=n, to="B01", reason="merger")
      for n in ("G1", "G2", "G3")),
    *(line("transfer.issue", date="2015-08-02", member=n, body="TC01", ref=f"L-{n}")
      for n in ("G1", "G2", "G3")),
    *(line("transfer.receive", date="2015-08-03", member=n, branch="B01")
      for n in ("G1", "G2", "G3")),
    line("branch.dissolve", date=LATEST, branch="B02", body="TC01", reason="merged"),
]  # fmt: skip

BASIS = "latest recorded step"


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


DATED = [
    ("roster", "B01"),
    ("member", "show", "P1"),
    ("branch", "show", "B01"),
    ("branch", "list"),
    ("due",),
    ("stats",),
]


@pytest.mark.parametrize("query", DATED, ids=" ".join)
def test_every_query_defaults_to_the_latest_recorded_step_and_says_so(
    book: str, query: tuple[str, ...]
) -> None:
    data = json_of(run(book, *query, "--json"))
    assert (data["as_of"], data["as_of_basis"]) == (LATEST, BASIS)
    text = run(book, *query).stdout
    assert f"{LATEST} (the latest recorded step)" in text


@pytest.mark.parametrize("query", DATED, ids=" ".join)
def test_a_date_given_is_named_as_given(book: str, query: tuple[str, ...]) -> None:
    data = json_of(run(book, *query, "--as-of", "2015-07-01", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == ("2015-07-01", "given")
    assert "2015-07-01 (given)" in run(book, *query, "--as-of", "2015-07-01").stdout


def test_member_show_and_due_agree_on_what_is_overdue(book: str) -> None:
    shown = json_of(run(book, "member", "show", "P1", "--json"))
    assert not any(step["overdue"] for step in shown["next"])
    assert "overdue" not in run(book, "member", "show", "P1").stdout
    due = json_of(run(book, "due", "--json"))
    assert not [i for i in due["items"] if i["subject"] == "P1" and i["status"] == "overdue"]


def test_as_known_at_alone_reads_as_of_its_date_in_every_dated_query(book: str) -> None:
    for query in (("roster", "B01"), ("member", "show", "P1")):
        data = json_of(run(book, *query, "--as-known-at", "2099-01-01", "--json"))
        assert (data["as_of"], data["as_of_basis"]) == ("2099-01-01", "date of --as-known-at")


def test_the_compliance_report_names_the_date_its_period_comes_from(book: str) -> None:
    data = json_of(run(book, "compliance", "--json"))
    assert (data["from"], data["to"], data["as_of"]) == ("2015-01-01", "2015-12-31", LATEST)
    assert data["as_of_basis"] == "latest recorded step"
    assert data["period_basis"] == "calendar year of the latest recorded step"
    assert data["latest_recorded_step"] == LATEST
    year = json_of(run(book, "compliance", "--year", "2015", "--json"))
    assert (year["as_of"], year["as_of_basis"]) == (LATEST, "latest recorded step")
    ended = ("--from", "2015-01-01", "--to", "2015-06-30", "--json")
    given = json_of(run(book, "compliance", *ended))
    assert (given["as_of"], given["as_of_basis"], given["period_basis"]) == (
        "2015-06-30",
        "given",
        "given",
    )
    text = run(book, "compliance").stdout
    assert f"(the calendar year of the latest recorded step, {LATEST})" in text


def test_an_empty_store_says_it_holds_no_step(store_url: str) -> None:
    empty_store(store_url)
    listed = json_of(run(store_url, "branch", "list", "--json"))
    assert (listed["as_of"], listed["as_of_basis"], listed["branches"]) == (None, "no step", [])
    assert "holds no steps yet" in run(store_url, "branch", "list").stdout
    due = json_of(run(store_url, "due", "--json"))
    assert (due["as_of"], due["items"]) == (None, [])
    assert json_of(run(store_url, "stats", "--json"))["as_of"] is None
    judged = json_of(run(store_url, "compliance", "--json"))
    assert (judged["as_of"], judged["as_of_basis"], judged["branches"]) == (None, "no step", [])
    said = run(store_url, "compliance")
    assert (said.exit_code, said.stdout) == (0, "The record holds no steps yet.\n")


def test_branch_show_before_a_dissolution_does_not_report_it(book: str) -> None:
    before = json_of(run(book, "branch", "show", "B02", "--as-of", "2015-08-31", "--json"))
    assert (before["status"], before["dissolved"]) == ("open", None)
    text = run(book, "branch", "show", "B02", "--as-of", "2015-08-31").stdout
    assert LATEST not in text  # the date of the dissolution, which has not come
    on = json_of(run(book, "branch", "show", "B02", "--as-of", LATEST, "--json"))
    assert (on["status"], on["dissolved"]) == ("dissolved", LATEST)
