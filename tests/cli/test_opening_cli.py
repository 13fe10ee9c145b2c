"""Opening entries from a member ledger: every status, its dates and the person's particulars,
as the journal and `member enrol` give them; shown, listed and due like anyone who came by the
pipeline; the particulars encrypted at rest; and opening entries of the first version still
read."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run, stored_count
from sqlalchemy import create_engine, insert, text

from branchbook.workflows.store.app import BranchBook

PARTICULARS = {
    "sex": "female",
    "id_number": "11010119900101002X",
    "ethnicity": "回族",
    "education": "大学本科",
    "work_unit": "城关镇人民政府 综合办公室",
    "phone": "+86 138 0000 0000",
}
LEDGER = [
    *TWO_BRANCHES,
    line("member.enrol", date="2016-01-04", member="AP1", name="申请人 陈静", birth="1992-05-05",
         branch="B01", status="applicant", applied="2015-12-20",
         **{k.replace("_", "-"): v for k, v in PARTICULARS.items()}),
    line("member.enrol", date="2016-01-04", member="AC1", name="积极分子 刘洋",
         birth="1990-02-02", branch="B01", status="activist", applied="2015-01-10",
         activist_since="2015-06-01"),
    line("member.enrol", date="2016-01-04", member="CA1", name="发展对象 何平",
         birth="1988-08-08", branch="B01", status="candidate", activist_since="2014-03-01",
         candidate_since="2015-09-01"),
    line("member.enrol", date="2016-01-04", member="PR1", name="预备党员 孙丽",
         birth="1991-07-07", branch="B01", status="probationary", applied="2013-03-01",
         activist_since="2013-09-01", candidate_since="2014-10-01", admitted="2015-06-01"),
    line("member.enrol", date="2016-01-04", member="FU1", name="党员 周强", birth="1980-01-01",
         branch="B01", status="full", admitted="2010-03-01", full_since="2011-03-01"),
]  # fmt: skip


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, LEDGER, tmp_path)


def show(url: str, member: str, *args: str) -> dict[str, object]:
    data: dict[str, object] = json_of(run(url, "member", "show", member, "--json", *args))
    return data


def test_each_status_is_shown_with_the_dates_it_rests_on(url: str) -> None:
    seen = {
        m: {k: show(url, m)[k] for k in ("status", "enrolled", "applied", "activist_on",
                                         "candidate_on", "admitted_on", "full_since")}
        for m in ("AP1", "AC1", "CA1", "PR1", "FU1")
    }  # fmt: skip
    assert seen == {
        "AP1": {"status": "applicant", "enrolled": True, "applied": "2015-12-20",
                "activist_on": None, "candidate_on": None, "admitted_on": None,
                "full_since": None},
        "AC1": {"status": "activist", "enrolled": True, "applied": "2015-01-10",
                "activist_on": "2015-06-01", "candidate_on": None, "admitted_on": None,
                "full_since": None},
        "CA1": {"status": "candidate", "enrolled": True, "applied": None,
                "activist_on": "2014-03-01", "candidate_on": "2015-09-01", "admitted_on": None,
                "full_since": None},
        "PR1": {"status": "probationary", "enrolled": True, "applied": "2013-03-01",
                "activist_on": "2013-09-01", "candidate_on": "2014-10-01",
                "admitted_on": "2015-06-01", "full_since": None},
        "FU1": {"status": "full", "enrolled": True, "applied": None, "activist_on": None,
                "candidate_on": None, "admitted_on": "2010-03-01", "full_since": "2011-03-01"},
    }  # fmt: skip


def test_the_particulars_are_shown_in_text_and_json(url: str) -> None:
    assert show(url, "AP1")["particulars"] == PARTICULARS
    assert show(url, "FU1")["particulars"] == dict.fromkeys(PARTICULARS)
    out = run(url, "member", "show", "AP1").stdout
    for shown in ("id number", "11010119900101002X", "work unit", "ethnicity", "回族", "female"):
        assert shown in out
    assert "id number" not in run(url, "member", "show", "FU1").stdout


def test_the_history_line_names_the_status_and_its_dates(url: str) -> None:
    steps = json_of(run(url, "member", "history", "PR1", "--json"))["steps"]
    assert [s["summary"] for s in steps] == [
        "opening entry: probationary member, applied 2013-03-01, activist since 2013-09-01, "
        "development candidate since 2014-10-01, admitted 2015-06-01"
    ]
    steps = json_of(run(url, "member", "history", "AP1", "--json"))["steps"]
    assert steps[0]["summary"] == "opening entry: applicant, applied 2015-12-20"
    out = run(url, "member", "history", "AP1").stdout
    assert "opening entry" in out
    assert "2015-12-20" in out


def test_the_next_steps_are_those_of_the_pipeline(url: str) -> None:
    def next_of(member: str) -> list[tuple[object, object]]:
        steps = show(url, member, "--as-of", "2016-01-10")["next"]
        assert isinstance(steps, list)
        return [(s["step"], s["due"] or s["earliest"]) for s in steps]

    assert next_of("AP1") == [("talk with the applicant", "2016-01-20")]
    assert next_of("AC1") == [
        ("assessment", "2015-12-01"),
        ("designation as development candidate", "2016-06-01"),
    ]
    assert next_of("PR1")[-1] == (
        "conversion discussed by the general assembly at the end of probation",
        "2016-06-01",
    )


def test_roster_due_list_and_stats_count_them_like_anyone_else(url: str) -> None:
    roster = json_of(run(url, "roster", "B01", "--as-of", "2016-02-01", "--json"))["members"]
    statuses = {m["member"]: (m["status"], m["party_age"]) for m in roster}
    assert {k: v for k, v in statuses.items() if k.endswith("1") and len(k) == 3} == {
        "AP1": ("applicant", None), "AC1": ("activist", None), "CA1": ("candidate", None),
        "PR1": ("probationary", None), "FU1": ("full", 4),
    }  # fmt: skip
    due = json_of(run(url, "due", "--as-of", "2016-01-10", "--within", "15", "--json"))
    assert {(d["subject"], d["rule"], d["status"]) for d in due["items"]} >= {
        ("AP1", "applicant.talk_deadline", "due"),
        ("AC1", "activist.assessment_interval", "overdue"),
    }
    stats = json_of(run(url, "stats", "--as-of", "2016-02-01", "--json"))
    by_status = stats["by_status"]
    assert (by_status["applicant"], by_status["activist"], by_status["candidate"]) == (1, 1, 1)
    assert (by_status["probationary"], by_status["full"]) == (1, 7)
    assert stats["members"] == 8  # on the roll: the full and probationary members


def test_enrolled_people_take_the_next_steps(url: str, tmp_path: Path) -> None:
    later = [
        line("member.talk", date="2016-01-15", member="AP1", by="书记 李"),
        line("meeting.hold", date="2016-06-01", branch="B01", kind="assembly",
             present="F1,F2,F3,FU1", chair="F1"),
        line("member.assess", date="2016-05-01", member="AC1"),
        line("member.designate-candidate", date="2016-06-01", member="AC1",
             meeting="B01-2016-06-01-assembly"),
    ]  # fmt: skip
    journal = tmp_path / "later.jsonl"
    journal.write_text("\n".join(later) + "\n", encoding="utf-8")
    result = run(url, "record", str(journal))
    assert result.exit_code == 0, result.output
    assert show(url, "AP1")["talked"] == "2016-01-15"
    assert (show(url, "AC1")["status"], show(url, "AC1")["candidate_on"]) == (
        "candidate",
        "2016-06-01",
    )


ENROL = ["member", "enrol", "--member", "N1", "--name", "新 人", "--birth", "1990-01-01",
         "--branch", "B01", "--date", "2016-02-01"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["--status", "applicant", "--applied", "2016-01-01", "--sex", "other"], "sex"),
        (["--status", "applicant", "--applied", "2016-01-01", "--id-number", "1" * 33],
         "id-number"),
        (["--status", "applicant", "--applied", "2016-01-01", "--ethnicity", "族" * 51],
         "ethnicity"),
        (["--status", "applicant", "--applied", "2016-01-01", "--education", "x" * 101],
         "education"),
        (["--status", "applicant", "--applied", "2016-01-01", "--work-unit", "x" * 201],
         "work-unit"),
        (["--status", "applicant", "--applied", "2016-01-01", "--phone", "1" * 33], "phone"),
        (["--status", "admitted", "--admitted", "2015-01-01"], "status"),
        (["--status", "activist", "--activist-since", "2016-13-01"], "activist-since"),
    ],
)  # fmt: skip
def test_a_particular_beyond_its_limit_is_bad_input(url: str, args: list[str], key: str) -> None:
    before = stored_count(url)
    result = run(url, *ENROL, *args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert key in result.stderr
    assert stored_count(url) == before


def test_the_longest_particulars_are_accepted(url: str) -> None:
    result = run(url, *ENROL, "--status", "applicant", "--applied", "2016-01-01",
                 "--id-number", "1" * 32, "--ethnicity", "族" * 50, "--education", "x" * 100,
                 "--work-unit", "x" * 200, "--phone", "1" * 32, "--sex", "male")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert show(url, "N1")["particulars"] == {
        "sex": "male", "id_number": "1" * 32, "ethnicity": "族" * 50, "education": "x" * 100,
        "work_unit": "x" * 200, "phone": "1" * 32,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "rule", "words"),
    [
        (["--status", "probationary", "--admitted", "2015-06-01", "--full-since", "2016-01-01"],
         "record.opening_dates", "full-since"),
        (["--status", "candidate", "--candidate-since", "2015-06-01", "--admitted",
          "2016-01-01"], "record.opening_dates", "admitted"),
        (["--status", "activist"], "record.opening_dates", "activist-since"),
        (["--status", "full", "--admitted", "2007-06-01", "--full-since", "2008-06-01"],
         "applicant.min_age", "17"),
        (["--status", "full", "--admitted", "2012-06-01"], "record.full_since_given",
         "full-since"),
    ],
)  # fmt: skip
def test_a_date_the_status_does_not_allow_is_rejected_by_rule(
    url: str, args: list[str], rule: str, words: str
) -> None:
    before = stored_count(url)
    result = run(url, *ENROL, *args)
    assert result.exit_code == 3, result.output
    assert rule in result.stderr
    assert words in result.stderr
    assert stored_count(url) == before


# --- particulars at rest --------------------------------------------------------------------


def stored_text(url: str, tables: tuple[str, ...]) -> str:
    engine = create_engine(url)
    found: list[str] = []
    try:
        with engine.connect() as conn:
            for table in tables:
                for row in conn.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
                    found += [
                        bytes(v).decode("utf-8", "replace")
                        if isinstance(v, bytes | memoryview)
                        else str(v)
                        for v in row
                    ]
    finally:
        engine.dispose()
    return "\n".join(found)


SECRETS = tuple(PARTICULARS.values())
TABLES = ("bb_members", "bb_member_states", "bb_member_events", "bb_audit", "branchbook_events")


def test_an_encrypted_store_holds_no_particular_in_clear(store_url: str, tmp_path: Path) -> None:
    key = tmp_path / "branchbook.key"
    assert run("unused.db", "key", "new", str(key)).exit_code == 0
    journal = tmp_path / "journal.jsonl"
    journal.write_text("\n".join(LEDGER) + "\n", encoding="utf-8")
    assert run(store_url, "--key-file", str(key), "record", str(journal)).exit_code == 0

    shown = json_of(run(store_url, "--key-file", str(key), "member", "show", "AP1", "--json"))
    assert shown["particulars"] == PARTICULARS
    stored = stored_text(store_url, TABLES)
    assert "AP1" in stored
    for secret in SECRETS:
        assert secret not in stored


def test_a_clear_store_holds_them_as_given(url: str) -> None:
    assert show(url, "AP1")["particulars"] == PARTICULARS
    stored = stored_text(url, ("bb_members", "branchbook_events"))
    for secret in SECRETS:
        assert secret in stored


# --- opening entries of the first version -----------------------------------------------------

# The first rows of a store as the record book wrote them before opening entries took every
# status: an organisation, a branch and F1's opening entry (version 1 of Member.Enrolled, with
# no application, designations or particulars), and F1 entering the branch's roll.
OLD_ROWS = Path(__file__).parents[1] / "fixtures" / "store_before_keys.jsonl"


def test_an_opening_entry_of_the_first_version_still_loads_and_shows(store_url: str) -> None:
    rows = [json.loads(t) for t in OLD_ROWS.read_text(encoding="utf-8").splitlines()[:5]]
    enrolled = json.loads(rows[3]["state"])
    assert rows[3]["topic"] == "branchbook:Member.Enrolled"
    assert "class_version" not in enrolled
    assert "applied" not in enrolled
    app = BranchBook(store_url)
    table = app.batch_recorder.events_table
    with app.engine.begin() as conn:
        conn.execute(
            insert(table),
            [
                {"originator_id": UUID(r["originator_id"]), "originator_version":
                 r["originator_version"], "topic": r["topic"], "state": r["state"].encode()}
                for r in rows
            ],
        )  # fmt: skip
    app.close()

    shown = show(store_url, "F1", "--as-of", "2016-01-01")
    assert (shown["status"], shown["admitted_on"], shown["full_since"], shown["applied"]) == (
        "full",
        "2000-01-01",
        "2001-01-01",
        None,
    )
    assert shown["party_age"] == 15
    assert shown["particulars"] == dict.fromkeys(PARTICULARS)
    steps = json_of(run(store_url, "member", "history", "F1", "--json"))["steps"]
    assert steps[0]["summary"] == (
        "opening entry: full member, admitted 2000-01-01, full since 2001-01-01"
    )
    # The aggregate loads from the event as stored, and its age is judged on the admission.
    assert run(store_url, "chain", "adopt").exit_code == 0
    correct = ["member", "correct-particulars", "--member", "F1", "--why", "ledger", "--date",
               "2016-01-01", "--birth"]  # fmt: skip
    too_young = run(store_url, *correct, "1982-06-01")
    assert too_young.exit_code == 3, too_young.output
    assert "applicant.min_age" in too_young.stderr
    assert "2000-01-01" in too_young.stderr
    assert run(store_url, *correct, "1981-06-01").exit_code == 0
    assert show(store_url, "F1")["birth"] == "1981-06-01"
    report = run(store_url, "verify", "--json")
    assert report.exit_code == 0, report.output
