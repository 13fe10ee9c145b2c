"""Year reports in the shape of BranchYear.as_dict() and OrganisationYear.as_dict(), for the
pages' tests: a village branch that missed an assembly window, failed an admission vote and
has an overdue step, with text hostile to HTML in the places the record lets people write."""

from __future__ import annotations

from typing import Any

# Text a clerk could type that a browser would take as markup if it were not escaped.
HOSTILE = "<script>alert(1)</script> & \"double\" 'single' <img src=x onerror=alert(2)>"
RULEBOOK = "S000#c7da79df"
ASSEMBLY_CITATION = "Branch Work Regulations (trial) art. 11"


def _row(member: str, name: str, status: str, since: str, roles: list[str]) -> dict[str, Any]:
    return {
        "member": member, "name": name, "birth": "1980-05-01", "status": status,
        "standing_since": since, "member_since": "2015-03-01", "full_since": "2016-03-01",
        "applied": None, "talked": None, "party_age": 9, "roles": roles,
    }  # fmt: skip


def _result(window: str, start: str, end: str, found: int) -> dict[str, Any]:
    return {
        "rule": "assembly.frequency", "citation": ASSEMBLY_CITATION, "subject": None,
        "window": window, "start": start, "end": end, "bound": "at least", "required": 1,
        "found": found, "met": found >= 1, "status": "met" if found else "missed",
        "detail": "none held" if not found else "held once",
    }  # fmt: skip


def compliance(code: str = "V01", name: str = "青山村党支部") -> dict[str, Any]:
    """A BranchCompliance.as_dict() of 2025 with the Q3 assembly missed."""
    return {
        "branch": code, "name": name, "kind": "village-community", "founded": "2019-05-20",
        "dissolved": None, "from": "2025-01-01", "to": "2025-12-31", "as_of": "2025-12-31",
        "rulebook": RULEBOOK,
        "summary": [
            {"rule": "assembly.frequency", "citation": ASSEMBLY_CITATION, "subject": None,
             "windows_judged": 4, "windows_met": 3, "missed": ["2025-Q3"], "open": []},
            {"rule": "group_meeting.frequency", "citation": "art. 13", "subject": HOSTILE,
             "windows_judged": 12, "windows_met": 12, "missed": [], "open": []},
        ],
        "results": [
            _result("2025-Q1", "2025-01-01", "2025-03-31", 2),
            _result("2025-Q2", "2025-04-01", "2025-06-30", 1),
            _result("2025-Q3", "2025-07-01", "2025-09-30", 0),
            _result("2025-Q4", "2025-10-01", "2025-12-31", 1),
        ],
        "not_judged": [
            {"rule": "training.annual_hours", "citation": "S000", "subject": None,
             "reason": "the profile requires no class hours"},
        ],
        "findings": [
            {"rule": "dues.payment_period", "message": f"V0106 {HOSTILE} has paid no dues",
             "citation": "Party Constitution art. 9"},
        ],
    }  # fmt: skip


def branch_report(evaluated: bool = True) -> dict[str, Any]:
    """A branch's year: V01 in 2025, as of the year's end."""
    names = {"V0101": "李明", "V0102": "王芳", "V0106": HOSTILE, "M7001": "王艳"}
    meeting = {
        "meeting": "V01-2025-04-07-assembly", "branch": "V01", "kind": "assembly",
        "held": "2025-04-07", "chair": "V0101", "present": ["V0101", "V0102", "V0106"],
        "rulebook": RULEBOOK,
        "decisions": [
            {"position": 925, "member": "M7001", "decision": "admit", "outcome": "failed",
             "rulebook": RULEBOOK,
             "evidence": {"outcome": "failed", "why": "4 yes votes of 11; at least 6 required"},
             "tally": {"yes": 1, "no": 2, "abstain": 0, "ballot": "secret"}, "what": None},
            {"position": 926, "member": "V0102", "decision": "commend", "outcome": "passed",
             "rulebook": RULEBOOK, "evidence": {},
             "tally": {"yes": 3, "no": 0, "abstain": 0, "ballot": "show-of-hands"}, "what": None},
        ],
        "hours": 2, "group": None, "ratings": {},
        "findings": [{"rule": "assembly.quorum", "message": "quorum barely met",
                      "citation": "art. 11"}],
        "present_count": 3, "should_attend": 5, "quorum": 3,
        "absent": [{"member": "V0104", "name": "赵强"}, {"member": "V0105", "name": ""}],
        "names": names,
    }  # fmt: skip
    return {
        "report": "branch-year", "branch": "V01", "year": 2025,
        "from": "2025-01-01", "to": "2025-12-31", "as_of": "2025-12-31", "rulebook": RULEBOOK,
        "particulars": {
            "code": "V01", "name": "青山村党支部", "kind": "village-community", "parent": "TC01",
            "chain": [{"code": "TC01", "name": "城关镇党委", "kind": "committee",
                       "parent": None, "authority": True}],
            "units": [], "founded": "2019-05-20", "dissolved": None,
            "full_members_at_founding": 5, "approved_by": "TC01", "as_of": "2025-12-31",
            "status": "open", "size": 16, "full_members": 15, "voting_members": 15,
            "leadership": {
                "since": "2025-01-10", "structure": "committee", "seats": 3,
                "members": [
                    {"member": "V0101", "name": "李明", "roles": ["secretary"]},
                    {"member": "V0102", "name": "王芳", "roles": ["deputy"]},
                    {"member": "V0106", "name": HOSTILE, "roles": []},
                ],
                "secretary": "V0101", "deputy": "V0102", "pending": None, "vacancies": [],
                "appointed": False, "approved_by": "TC01",
            },
            "term": {"start": "2025-01-10", "years": 3, "ordinary_end": "2028-01-10",
                     "extended": 0, "advanced": 0, "earliest": "2028-01-10",
                     "end": "2028-01-10", "reminder": "2027-07-10",
                     "overdue_from": "2028-01-11"},
            "term_state": "running", "findings": [],
            "elections": [
                {"held": "2022-01-08", "meeting": "V01-2022-01-08-assembly",
                 "kind": "change-of-term", "structure": "committee", "seats": 3,
                 "elected": ["V0101", "V0102", "V0103"], "unfilled": 0, "tied": [],
                 "evidence": {}},
                {"held": "2025-01-10", "meeting": "V01-2025-01-10-assembly",
                 "kind": "change-of-term", "structure": "committee", "seats": 3,
                 "elected": ["V0101", "V0102", "V0106"], "unfilled": 0, "tied": [],
                 "evidence": {}},
            ],
            "rulebook": RULEBOOK,
        },
        "roster": {
            "first_day": "2025-01-01", "last_day": "2025-12-31", "start_on": "2024-12-31",
            "start": [_row("V0101", "李明", "full", "2016-03-01", ["secretary"]),
                      _row("V0106", HOSTILE, "full", "2016-03-01", [])],
            "end": [_row("V0101", "李明", "full", "2016-03-01", ["secretary"]),
                    _row("V0106", HOSTILE, "full", "2016-03-01", ["committee member"]),
                    _row("V0107", "赵强", "probationary", "2025-06-01", [])],
            "changes": [{"date": "2025-06-01", "member": "V0107", "name": "赵强",
                         "change": "joined", "from": None, "to": "probationary",
                         "step": "member.admit"}],
        },
        "meetings": [meeting],
        "pipeline": {
            "stages": [
                {"stage": "applicant", "count": 1, "members": [
                    {"member": "M7001", "name": "王艳", "since": "2024-03-01",
                     "next_step": "member.designate-activist", "due": "2024-09-26",
                     "status": "overdue", "rule": "admission.assembly_after_prereview"}]},
                {"stage": "activist", "count": 0, "members": []},
                {"stage": "candidate", "count": 0, "members": []},
                {"stage": "admitted", "count": 0, "members": []},
                {"stage": "probationary", "count": 1, "members": [
                    {"member": "V0107", "name": "赵强", "since": "2025-06-01",
                     "next_step": None, "due": None, "status": None, "rule": None}]},
            ],
            "admitted_in_year": 1, "converted_in_year": 0,
        },
        "dues": {
            "months": [{"month": f"2025-{m:02d}", "owed": 16, "paid": 15 if m < 12 else 3,
                        "paid_fen": 123456 if m == 1 else 4500} for m in range(1, 13)],
            "behind": [{"member": "V0106", "name": HOSTILE, "months_unpaid": 7}],
            "never_paid": [{"member": "V0107", "name": "赵强", "months_owed": 7}],
        },
        "talks": [{"date": "2025-05-05", "member": "V0107", "name": "赵强", "by": "V0101"}],
        "training": {"sessions": [{"meeting": "V01-2025-03-05-training", "held": "2025-03-05",
                                   "hours": 4, "present_count": 14}], "hours": 4},
        "compliance": compliance(),
        "evaluation": _evaluation() if evaluated else None,
        "history": [
            {"year": 2024, "on": "2024-12-31", "by_status": {"full": 15, "applicant": 1}},
            {"year": 2025, "on": "2025-12-31", "by_status": {"full": 15, "probationary": 1}},
        ],
    }  # fmt: skip


def _evaluation() -> dict[str, Any]:
    return {
        "branch": "V01", "year": 2025, "total": "92", "score_grade": "合格",
        "grade": "基本合格", "grade_en": "basically qualified", "boundary": None,
        "triangle_short": ["4.1"], "consequences": [], "prefilled": ["4.3"],
        "not_scored": [], "notes": ["▲ items short of full points cap the grade at 基本合格"],
        "sections": [{"section": "四", "points": "20", "weight": "22"}],
        "items": [
            {"id": "4.1", "section": "四", "text": "按期召开党员大会", "label": "assemblies",
             "max": "3", "triangle": True, "scored": "record", "points": "2",
             "source": "record", "detail": "3 of 4 quarters", "met": False},
            {"id": "4.3", "section": "四", "text": "主题党日", "label": "theme days",
             "max": "2", "triangle": False, "scored": "record", "points": "2",
             "source": "record", "detail": "", "met": True},
        ],
        "rulebook": RULEBOOK, "from_record": True, "not_prefilled": {},
        "earlier": [{"year": 2024, "grade": None}], "open_windows": 0,
    }  # fmt: skip


def organisation_report() -> dict[str, Any]:
    """An organisation's year: TC01 in 2025 over V01 and B01."""
    return {
        "report": "organisation-year",
        "organisation": {"code": "TC01", "name": "城关镇党委", "kind": "committee",
                         "parent": None},
        "year": 2025, "from": "2025-01-01", "to": "2025-12-31", "as_of": "2025-12-31",
        "rulebook": RULEBOOK,
        "branches": [
            {"code": "B01", "name": "机关第一党支部", "kind": "regular", "founded": "2018-01-01",
             "dissolved": None, "secretary": "黄敏", "size_start": 12, "size_end": 14,
             "admissions": 2, "conversions": 1, "transfers_received": 0, "removals": 0,
             "windows_judged": 30, "windows_met": 30, "windows_missed": 0,
             "windows_open": 0, "grade": "合格"},
            {"code": "V01", "name": "青山村党支部", "kind": "village-community",
             "founded": "2019-05-20", "dissolved": None, "secretary": HOSTILE,
             "size_start": 16, "size_end": 16, "admissions": 1, "conversions": 0,
             "transfers_received": 0, "removals": 1, "windows_judged": 31,
             "windows_met": 29, "windows_missed": 2, "windows_open": 0, "grade": None},
        ],
        "stats": {
            "as_of": "2025-12-31", "branch": None,
            "by_status": {"full": 29, "probationary": 2, "applicant": 5},
            "by_branch": {}, "by_branch_kind": {}, "open_branches_by_kind": {},
            "per_year": [], "members": 31,
            "age": {"under 30": 3, "30-39": 8, "40-49": 10, "50-59": 6, "60 and over": 4},
            "party_age": {"probationary": 2, "under 5": 6, "5-9": 9, "10-19": 8,
                          "20-29": 4, "30 and over": 2},
        },
        "compliance": [compliance("B01", "机关第一党支部") | {"summary": []}, compliance()],
        "overdue": [
            {"kind": "term-end", "subject": "B02", "name": HOSTILE, "branch": "B02",
             "step": "change of term: the term from 2022-09-15 ends",
             "rule": "branch.term_overdue", "citation": "art. 21", "due": "2025-09-15",
             "earliest": "2025-09-15", "latest": None, "status": "overdue", "days": -107},
        ],
        "history": [
            {"year": 2024, "on": "2024-12-31", "by_status": {"full": 28, "applicant": 4}},
            {"year": 2025, "on": "2025-12-31", "by_status": {"full": 29, "probationary": 2}},
        ],
    }  # fmt: skip
