"""The branch views: organisations, branches, rolls, leadership over time, elections, and the
queries on them (a branch on a date, every branch, the organisation tree)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, inspect, select, update

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.leadership import Office
from branchbook.domain.rules import RulebookVersion, with_overrides
from branchbook.projections.branches.organisations import organisation_tree
from branchbook.projections.branches.view import BranchView, branch_list, branch_view
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.catching_up.lag import SCHEMA
from branchbook.projections.storage.tables import VIEW_SCHEMA, offices, positions
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

VERSION = builtin_rulebook().in_force(date(2020, 1, 1))


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def enrol(on: str, branch: str, numbers: list[str], status: str = "full") -> list[str]:
    dates = (
        {"admitted": "2000-01-01", "full_since": "2001-01-01"}
        if status == "full"
        else {"admitted": "2014-12-01"}
    )
    return [
        line("member.enrol", date=on, member=n, name=f"党员 {n}", birth="1970-01-01",
             branch=branch, status=status, **dates)
        for n in numbers
    ]  # fmt: skip


# S01: a secretary and deputy (term 2015-01-03 to 2018-01-03); two more full members make
# seven on 2016-01-02; the deputy leaves on 2016-02-01.
SECRETARY_ONLY = [
    line("org.add", date="2014-01-01", code="TC", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("org.add", date="2014-01-01", code="GB", name="机关党总支", kind="general-branch",
         parent="TC"),
    line("branch.found", date="2015-01-01", code="S01", name="秘书支部", kind="regular",
         parent="GB", full_members=5, approved_by="TC"),
    *enrol("2015-01-02", "S01", [f"S{i}" for i in range(1, 6)]),
    line("branch.leadership", date="2015-01-03", branch="S01", secretary="S1", deputy="S2"),
    *enrol("2016-01-02", "S01", ["S6", "S7"]),
    line("branch.vacate", date="2016-02-01", branch="S01", member="S2", reason="transfer"),
]  # fmt: skip

# V01: a village branch (five-year term) with a probationary member; V3's rights suspended.
VILLAGE = [
    line("branch.found", date="2015-02-01", code="V01", name="村支部", kind="village-community",
         parent="TC", full_members=3),
    *enrol("2015-02-02", "V01", ["V1", "V2", "V3"]),
    *enrol("2015-02-02", "V01", ["V4"], status="probationary"),
    line("branch.leadership", date="2015-03-01", branch="V01", secretary="V1"),
    line("member.suspend-rights", date="2017-01-01", member="V3", reason="detained"),
]  # fmt: skip

# C01: nine full members elect a committee of three; the committee elects its officers, who
# await approval until 2016-04-01; the term is extended by six months in 2018.
COMMITTEE = [
    line("branch.found", date="2016-01-01", code="C01", name="委员会支部", kind="regular",
         parent="GB", full_members=9),
    *enrol("2016-01-02", "C01", [f"C{i}" for i in range(1, 10)]),
    line("meeting.hold", date="2016-03-01", branch="C01", kind="assembly",
         present="C1,C2,C3,C4,C5,C6,C7,C8", chair="C1"),
    line("branch.elect", date="2016-03-01", branch="C01", meeting="C01-2016-03-01-assembly",
         seats=3, candidates="C1,C2,C3,C4", issued=8, returned=8, votes="C1=8,C2=7,C3=6,C4=2",
         elected="C1,C2,C3"),
    line("meeting.hold", date="2016-03-02", branch="C01", kind="committee", present="C1,C2,C3",
         chair="C1"),
    line("branch.elect-officers", date="2016-03-02", branch="C01",
         meeting="C01-2016-03-02-committee", secretary="C1", deputy="C2",
         roles="organisation=C3,propaganda=C2,discipline=C3"),
    line("branch.approve-officers", date="2016-04-01", branch="C01", body="GB"),
    line("branch.term", date="2018-06-01", branch="C01", change="extend", months=6, body="TC"),
]  # fmt: skip

# T01: a temporary branch whose secretary the township committee appoints; it has no term.
TEMPORARY = [
    line("branch.found", date="2016-05-01", code="T01", name="临时支部", kind="temporary",
         parent="TC", full_members=3),
    *enrol("2016-05-02", "T01", ["T1", "T2", "T3"]),
    line("branch.appoint", date="2016-05-03", branch="T01", body="TC", secretary="T1"),
]  # fmt: skip

JOURNAL = SECRETARY_ONLY + VILLAGE + COMMITTEE + TEMPORARY
BRANCHES = ("S01", "V01", "C01", "T01")


def record(recorder: Recorder, lines: list[str]) -> None:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert [o.message for o in outcomes if not o.accepted] == []


def views_of(app: BranchBook, page_size: int = 1000) -> CatchUp:
    return CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size)


@pytest.fixture
def conn(recorder: Recorder, app: BranchBook) -> Iterator[Connection]:
    """A connection to views caught up with the whole journal."""
    record(recorder, JOURNAL)
    views_of(app).run()
    with app.engine.connect() as connection:
        yield connection


def show(conn: Connection, code: str, on: str, version: RulebookVersion = VERSION) -> BranchView:
    view = branch_view(conn, code, date.fromisoformat(on), version)
    assert view is not None
    return view


def rules_of(view: BranchView) -> list[str]:
    return [f.rule for f in view.findings]


def test_organisations_form_a_tree_with_their_branches(conn: Connection) -> None:
    tree = [(n.organisation.code, n.depth, n.branches) for n in organisation_tree(conn)]
    assert tree == [("TC", 0, ("T01", "V01")), ("GB", 1, ("C01", "S01"))]
    top = organisation_tree(conn)[0].organisation
    assert (top.name, top.kind, top.parent, top.authority) == (
        "城关镇党委",
        "committee",
        None,
        True,
    )


def test_a_branch_shows_its_founding_and_the_organisations_above_it(conn: Connection) -> None:
    data = show(conn, "S01", "2015-06-01").as_dict()
    assert [(o["code"], o["kind"]) for o in data["chain"]] == [
        ("GB", "general-branch"),
        ("TC", "committee"),
    ]
    assert (data["parent"], data["kind"], data["founded"], data["dissolved"]) == (
        "GB",
        "regular",
        "2015-01-01",
        None,
    )
    assert (data["full_members_at_founding"], data["approved_by"], data["units"]) == (5, "TC", [])
    assert (data["status"], data["size"], data["full_members"]) == ("open", 5, 5)


def test_an_unknown_branch_is_none(conn: Connection) -> None:
    assert branch_view(conn, "X99", date(2020, 1, 1), VERSION) is None


def test_the_roll_counts_members_full_members_and_voters_on_the_date(conn: Connection) -> None:
    before = show(conn, "V01", "2016-12-31").counts
    after = show(conn, "V01", "2017-01-01").counts
    assert (before.size, before.full, before.voters) == (4, 3, 3)
    assert (after.size, after.full, after.voters) == (4, 3, 2)
    assert show(conn, "V01", "2015-02-01").counts.size == 0


@pytest.mark.parametrize(
    ("on", "state"),
    [
        ("2017-07-02", "running"),
        ("2017-07-03", "reminder due"),  # six months before the end
        ("2018-01-03", "reminder due"),  # the last day of the term
        ("2018-01-04", "overdue"),
    ],
)
def test_the_term_state_turns_at_the_reminder_and_after_the_end(
    conn: Connection, on: str, state: str
) -> None:
    view = show(conn, "S01", on)
    assert view.term_state == state
    term = view.as_dict()["term"]
    assert (term["start"], term["years"], term["end"], term["reminder"]) == (
        "2015-01-03",
        3,
        "2018-01-03",
        "2017-07-03",
    )
    assert ("branch.term_overdue" in rules_of(view)) is (state == "overdue")


def test_a_village_branch_serves_five_years(conn: Connection) -> None:
    view = show(conn, "V01", "2019-08-31")
    term = view.as_dict()["term"]
    assert (term["years"], term["end"], term["reminder"]) == (5, "2020-03-01", "2019-09-01")
    assert view.term_state == "running"
    assert show(conn, "V01", "2019-09-01").term_state == "reminder due"
    assert show(conn, "V01", "2020-03-02").term_state == "overdue"


def test_a_secretary_only_branch_reaching_seven_full_members_is_flagged(conn: Connection) -> None:
    assert "branch.committee_required" not in rules_of(show(conn, "S01", "2016-01-01"))
    view = show(conn, "S01", "2016-01-02")
    assert view.counts.full == 7
    [finding] = [f for f in view.findings if f.rule == "branch.committee_required"]
    assert "7 full members on 2016-01-02" in finding.message
    assert "art. 20" in finding.citation


def test_a_vacancy_is_overdue_after_the_warning_days(conn: Connection) -> None:
    on_time = show(conn, "S01", "2016-05-01")  # 90 days after 2016-02-01
    assert on_time.office is not None
    assert (on_time.office.members, on_time.office.seats, on_time.office.deputy) == (
        ("S1",),
        2,
        None,
    )
    [vacancy] = on_time.vacancies
    assert (vacancy.member, vacancy.reason, vacancy.days, vacancy.overdue) == (
        "S2",
        "transfer",
        90,
        False,
    )
    assert "branch.vacancy_fill" not in rules_of(on_time)
    late = show(conn, "S01", "2016-05-02")
    assert (late.vacancies[0].days, late.vacancies[0].overdue) == (91, True)
    [finding] = [f for f in late.findings if f.rule == "branch.vacancy_fill"]
    assert "S2's seat" in finding.message
    assert "art. 21" in finding.citation
    assert show(conn, "S01", "2016-01-31").vacancies == ()


def test_elected_officers_await_approval_then_take_office(conn: Connection) -> None:
    pending = show(conn, "C01", "2016-03-15").as_dict()["leadership"]
    assert (pending["structure"], pending["seats"]) == ("committee", 3)
    assert pending["pending"] == {"secretary": "C1", "deputy": "C2"}
    assert (pending["secretary"], pending["deputy"], pending["approved_by"]) == (None, None, None)
    assert [(m["member"], m["roles"]) for m in pending["members"]] == [
        ("C1", []),
        ("C2", ["propaganda"]),
        ("C3", ["discipline", "organisation"]),
    ]
    approved = show(conn, "C01", "2016-04-01").as_dict()["leadership"]
    assert (approved["secretary"], approved["deputy"], approved["pending"]) == ("C1", "C2", None)
    assert approved["approved_by"] == "GB"
    assert [(m["member"], m["name"], m["roles"][:1]) for m in approved["members"]][:2] == [
        ("C1", "党员 C1", ["secretary"]),
        ("C2", "党员 C2", ["deputy"]),
    ]


def test_a_branch_lists_its_elections_with_the_count(conn: Connection) -> None:
    assert show(conn, "C01", "2016-02-29").elections == ()
    [election] = [e.as_dict() for e in show(conn, "C01", "2016-03-01").elections]
    assert (election["held"], election["meeting"], election["kind"]) == (
        "2016-03-01",
        "C01-2016-03-01-assembly",
        "first",
    )
    assert (election["seats"], election["elected"], election["unfilled"], election["tied"]) == (
        3,
        ["C1", "C2", "C3"],
        0,
        [],
    )
    assert election["evidence"]["votes"] == {"C1": 8, "C2": 7, "C3": 6, "C4": 2}


def test_no_leadership_before_the_first_election_is_a_finding(conn: Connection) -> None:
    view = show(conn, "C01", "2016-02-01")
    assert (view.office, view.term_state) == (None, "no term")
    [finding] = [f for f in view.findings if f.rule == "election.body"]
    assert "no leadership of C01" in finding.message
    assert "branch.committee_required" not in rules_of(view)


def test_an_extended_term_moves_the_end_and_the_reminder(conn: Connection) -> None:
    view = show(conn, "C01", "2019-08-31")
    term = view.as_dict()["term"]
    assert (term["ordinary_end"], term["extended"], term["end"], term["reminder"]) == (
        "2019-03-01",
        6,
        "2019-09-01",
        "2019-03-01",
    )
    assert view.term_state == "reminder due"
    assert show(conn, "C01", "2019-09-02").term_state == "overdue"
    assert show(conn, "C01", "2019-02-28").term_state == "running"


def test_an_appointed_temporary_leadership_has_no_term(conn: Connection) -> None:
    assert show(conn, "T01", "2016-04-30").status == "not founded yet"
    view = show(conn, "T01", "2016-06-01")
    leadership = view.as_dict()["leadership"]
    assert (leadership["secretary"], leadership["appointed"], leadership["approved_by"]) == (
        "T1",
        True,
        "TC",
    )
    assert (view.as_dict()["term"], view.term_state, view.findings) == (None, "no term", ())


def amended(**params: dict[str, Any]) -> RulebookVersion:
    """The built-in version with some rules' parameters changed."""
    changes = {rule: with_overrides(VERSION[rule], None, p) for rule, p in params.items()}
    return VERSION.amended("LOCAL", date(2000, 1, 1), changes)


def test_structural_findings_follow_the_parameters_of_the_version_given(
    conn: Connection,
) -> None:
    assert rules_of(show(conn, "V01", "2017-06-01")) == []
    strict = amended(
        **{
            "branch.max_members": {"max": 3},
            "branch.founding_members": {"min_full_members": 4},
            "branch.committee_size": {"min": 4, "max": 7},
        }
    )
    village = show(conn, "V01", "2017-06-01", strict)
    assert rules_of(village) == ["branch.max_members", "branch.founding_members"]
    founding = village.findings[1]
    assert "should be adjusted or dissolved" in founding.message
    assert "art. 7" in founding.citation
    assert "branch.committee_size" in rules_of(show(conn, "C01", "2017-06-01", strict))
    later = amended(**{"branch.term_reminder": {"months_before": 5}})
    assert show(conn, "S01", "2017-07-03", later).term_state == "running"


def test_the_list_gives_each_branch_its_size_leadership_and_term(conn: Connection) -> None:
    rows = {r.code: r.as_dict() for r in branch_list(conn, date(2017, 7, 3), VERSION)}
    assert list(rows) == sorted(BRANCHES)
    assert rows["S01"] == {
        "code": "S01",
        "name": "秘书支部",
        "kind": "regular",
        "parent": "GB",
        "status": "open",
        "size": 7,
        "structure": "secretary",
        "secretary": "S1",
        "term_end": "2018-01-03",
        "term_state": "reminder due",
    }
    assert (rows["C01"]["structure"], rows["C01"]["term_state"]) == ("committee", "running")
    assert (rows["T01"]["term_end"], rows["T01"]["term_state"]) == (None, "no term")
    assert (rows["V01"]["size"], rows["V01"]["term_end"]) == (4, "2020-03-01")


def test_the_stored_offices_are_the_aggregates_offices(conn: Connection, app: BranchBook) -> None:
    for code in BRANCHES:
        branch = app.find(ids.branch_id(code))
        assert isinstance(branch, Branch)
        stored = conn.execute(
            select(offices.c.office).where(offices.c.branch == code).order_by(offices.c.position)
        )
        assert [Office.from_dict(json.loads(o)) for o in stored.scalars()] == branch.offices
        assert branch.offices


DATES = ("2015-01-01", "2016-01-02", "2016-03-15", "2016-05-02", "2018-01-04", "2019-09-02")


def answers(app: BranchBook) -> list[Any]:
    with app.engine.connect() as conn:
        out: list[Any] = [[n.as_dict() for n in organisation_tree(conn)]]
        for on in DATES:
            day = date.fromisoformat(on)
            out.append([r.as_dict() for r in branch_list(conn, day, VERSION)])
            for code in BRANCHES:
                view = branch_view(conn, code, day, VERSION)
                assert view is not None
                out.append(view.as_dict())
    return out


def test_a_rebuild_from_zero_gives_the_same_answers(recorder: Recorder, app: BranchBook) -> None:
    views = views_of(app, page_size=3)
    for start in range(0, len(JOURNAL), 7):
        record(recorder, JOURNAL[start : start + 7])
        views.run()
    caught_up = answers(app)
    assert views.rebuild() == app.recorder.max_notification_id()
    assert answers(app) == caught_up
    assert any(a.get("findings") for a in caught_up[1:] if isinstance(a, dict))


def test_views_of_schema_2_lose_their_committees_table(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, SECRETARY_ONLY)
    views_of(app).run()
    old = MetaData()
    Table("bb_committees", old, Column("position", Integer, primary_key=True),
          Column("branch", String(64)))  # fmt: skip
    old.create_all(app.engine)
    with app.engine.begin() as connection:
        connection.execute(
            update(positions).where(positions.c.name == SCHEMA).values(position=VIEW_SCHEMA - 1)
        )
    views = views_of(app)
    tables = set(inspect(app.engine).get_table_names())
    assert "bb_committees" not in tables
    assert {"bb_offices", "bb_roll", "bb_elections", "bb_organisations"} <= tables
    assert views.run() == app.recorder.max_notification_id()
    with app.engine.connect() as connection:
        assert show(connection, "S01", "2015-06-01").office is not None


def test_a_committee_in_a_branch_below_the_committee_threshold_is_a_finding(
    conn: Connection,
) -> None:
    assert "branch.secretary_only_deputy" not in rules_of(show(conn, "C01", "2017-06-01"))
    higher = amended(**{"branch.committee_required": {"at_full_members": 50}})
    view = show(conn, "C01", "2017-06-01", higher)
    [finding] = [f for f in view.findings if f.rule == "branch.secretary_only_deputy"]
    assert "fewer than 50, yet it has a committee" in finding.message
    assert "branch.committee_required" not in rules_of(view)
