"""What a branch's page says where a reader could be misled: text from the record shown
inert, counts that differ between parts explained, missed windows grouped, roles named alike."""

from __future__ import annotations

from page_samples import branch_report
from test_pages import Page, flat

from branchbook.documents.pages import branch_page


def test_control_and_bidi_characters_from_the_record_are_shown_not_obeyed() -> None:
    sneaky = "王\u202e芳\x1b[2J"
    report = branch_report()
    report["roster"]["end"][0]["name"] = sneaky
    html = branch_page(report, {})
    assert sneaky not in html
    assert "\u202e" not in html
    assert "\x1b" not in html
    assert "王\\u202e芳\\x1b[2J" in html


def test_the_particulars_say_why_their_full_count_differs_from_the_roster() -> None:
    report = branch_report()
    full = sum(r["status"] == "full" for r in report["roster"]["end"])
    for counted, noted in ((full, False), (full - 1, True)):
        report["particulars"]["full_members"] = counted
        particulars = flat(Page(branch_page(report, {})).text["particulars"])
        assert f"{counted} full" in particulars
        assert (
            f"end of probation, as the higher committee's approval does afterwards: {full} full"
            in particulars
        ) is noted


def test_windows_missed_of_one_obligation_are_one_row() -> None:
    report = branch_report()
    results = report["compliance"]["results"]
    q3 = next(r for r in results if r["window"] == "2025-Q3")
    q4 = next(r for r in results if r["window"] == "2025-Q4")
    q4.update(found=0, met=False, status="missed", detail="none held")
    assert q3["status"] == "missed"
    html = branch_page(report, {})
    compliance = flat(Page(html).text["compliance"])
    assert "2025-Q3 (0 / at least 1), 2025-Q4 (0 / at least 1)" in compliance
    assert compliance.count("none held") == 1


def test_the_leadership_names_roles_as_the_roster_does() -> None:
    report = branch_report()
    leader = report["particulars"]["leadership"]["members"][0]
    leader["roles"] = ["deputy"]
    row = next(r for r in report["roster"]["end"] if r["member"] == leader["member"])
    row["roles"] = ["deputy secretary"]
    particulars = flat(Page(branch_page(report, {})).text["particulars"])
    assert f"{leader['member']} " in particulars
    assert "deputy secretary" in particulars
    row["roles"] = []
    particulars = flat(Page(branch_page(report, {})).text["particulars"])
    assert "deputy secretary" not in particulars
