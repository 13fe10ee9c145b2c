"""The year's report pages: sections in order, the record's facts in their sections, record text
escaped, no external URL, and a print stylesheet for numbered A4 pages."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from jinja2 import UndefinedError
from page_samples import HOSTILE, branch_report, organisation_report

from branchbook.documents.pages import (
    BRANCH_SECTIONS,
    ORGANISATION_SECTIONS,
    branch_page,
    css_string,
    organisation_page,
    stylesheet,
    yuan,
)

# A chart as documents.charts hands it over: generated SVG, inserted as it is.
CHART = '<svg width="10" height="10" class="test-chart"><text>drawn chart</text></svg>'
# Every element the templates write; a tag from the record would add another.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
    "dl", "dt", "dd", "nav", "ol", "li", "a", "main", "section", "table", "caption", "thead",
    "tbody", "tr", "th", "td", "br", "div", "code", "strong", "ul", "figure", "figcaption",
    "footer", "svg", "text",
}  # fmt: skip
# Elements whose text a reader sees apart from its neighbours'.
BLOCKS = {"td", "th", "dt", "dd", "tr", "li", "p", "div", "h2", "h3", "br", "caption"}


class Page(HTMLParser):
    """The tags of a page, its sections' ids in order and each section's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.sections: list[str] = []
        self.text: dict[str, str] = {}
        self.classes: dict[str, list[tuple[str, str]]] = {}
        self.style = ""
        self._in: str | None = None
        self._class: list[str | None] = []
        self._style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "section":
            self._in = found["id"]
            assert self._in is not None
            self.sections.append(self._in)
            self.text[self._in] = ""
            self.classes[self._in] = []
        self._style = tag == "style"
        if self._in is not None and tag in BLOCKS:
            self.text[self._in] += " "
        if tag not in ("br", "meta"):
            self._class.append(found.get("class"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._in = None
        self._style = False
        if self._class:
            self._class.pop()

    def handle_data(self, data: str) -> None:
        if self._style:
            self.style += data
        if self._in is not None:
            self.text[self._in] += data
            cls = self._class[-1] if self._class else None
            if cls:
                self.classes[self._in].append((cls, data))


def marked(page: Page, section: str, cls: str) -> list[str]:
    """The texts inside elements of a class in a section."""
    return [text for c, text in page.classes[section] if cls in c.split()]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_branch_page_has_every_section_in_order_with_contents() -> None:
    html = branch_page(branch_report(), {})
    page = Page(html)
    ids = [i for i, _ in BRANCH_SECTIONS]
    assert page.sections == ids
    assert ids[0] == "particulars"
    assert ids[-1] == "history"
    for at, href in enumerate(re.findall(r'<li><a href="#([a-z]+)">', html)):
        assert href == ids[at]
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert '<meta charset="utf-8">' in html


def test_the_organisation_page_has_every_section_in_order() -> None:
    page = Page(organisation_page(organisation_report(), {}))
    assert page.sections == [i for i, _ in ORGANISATION_SECTIONS]


def test_the_missed_window_is_in_the_compliance_section_with_its_rule_and_source() -> None:
    page = Page(branch_page(branch_report(), {}))
    text = flat(page.text["compliance"])
    assert "2025-Q3" in marked(page, "compliance", "missed")
    assert "assembly.frequency" in text
    assert "Branch Work Regulations (trial) art. 11" in text
    assert "dues.payment_period" in text
    assert "Party Constitution art. 9" in text
    assert "training.annual_hours" in text
    assert "2025-Q3" not in page.text["meetings"]
    # the windows that were met are not listed as missed
    assert "2025-Q2" not in marked(page, "compliance", "missed")


def test_a_failed_decision_is_shown_failed_and_a_passed_one_passed() -> None:
    page = Page(branch_page(branch_report(), {}))
    assert marked(page, "meetings", "failed") == ["failed"]
    assert marked(page, "meetings", "passed") == ["passed"]
    text = flat(page.text["meetings"])
    why = "(4 yes votes of 11; at least 6 required)"
    assert f"admit M7001 王艳: failed 1–2–0, secret ballot {why}" in text
    assert "commend V0102 王芳: passed 3–0–0, show of hands" in text


def test_the_meetings_show_who_should_attend_who_was_absent_and_the_tally() -> None:
    report = branch_report()
    held = report["meetings"][0]
    held["decisions"].append(
        {**held["decisions"][1], "position": 927, "member": "V0106", "decision": "discipline",
         "tally": {"yes": 2, "no": 0, "abstain": 1, "ballot": "secret"}, "what": "warning"}
    )  # fmt: skip
    untallied = {
        **held, "meeting": "V01-2025-05-07-committee", "should_attend": None, "quorum": 2,
        "absent": [], "decisions": [{**held["decisions"][1], "tally": None}],
    }  # fmt: skip
    report["meetings"].append(untallied)
    page = Page(branch_page(report, {}))
    text = flat(page.text["meetings"])
    assert "3 of 5 present (quorum 3): 李明, 王芳," in text
    assert "absent: 赵强, V0105" in text
    assert f"discipline V0106 {HOSTILE}: passed 2–0–1, secret ballot; warning" in text
    assert marked(page, "meetings", "what") == ["warning"]
    # a meeting whose decisions say nothing of who should attend counts those present only
    assert "3 present (quorum 2): 李明" in text
    assert text.count("absent:") == 1
    assert text.count("3–0–0, show of hands") == 1
    # those present who need not attend (a probationary member) are counted in all
    held.update(should_attend=2, absent=[], present_count=3)
    assert "2 of 2 present, 3 in all (quorum 3)" in flat(
        Page(branch_page(report, {})).text["meetings"]
    )


def test_the_particulars_show_the_years_elections_leadership_and_chain() -> None:
    text = flat(Page(branch_page(branch_report(), {})).text["particulars"])
    assert "V01-2025-01-10-assembly" in text
    assert "V01-2022-01-08-assembly" not in text  # held before the year
    assert "TC01 城关镇党委" in text
    assert "16 on the roll, 15 full, 15 voting" in text
    assert "V0101 李明 secretary" in text


def test_the_pipeline_marks_the_overdue_step_and_the_dues_sum_yuan() -> None:
    page = Page(branch_page(branch_report(), {}))
    assert marked(page, "pipeline", "overdue") == ["overdue"]
    assert "member.designate-activist" in page.text["pipeline"]
    assert "1,234.56" in page.text["dues"]
    assert yuan(4500) == "45.00"
    assert yuan(-5) == "-0.05"


def test_the_roster_counts_each_status_at_the_start_and_on_the_last_day() -> None:
    report = branch_report()
    applicant = copy.deepcopy(report["roster"]["end"][-1])
    applicant.update(member="V0199", name="申请人", status="applicant")
    report["roster"]["end"].append(applicant)
    text = flat(Page(branch_page(report, {})).text["roster"])
    assert "status start of 2025 (2024-12-31) 2025-12-31" in text
    assert "applicant 0 1" in text
    assert "probationary 0 1" in text
    assert "full 2 2" in text
    # The applicant is on the books, not on the roll: the members are, as the size counts.
    assert "on the roll 2 3 all on the books 2 4" in text
    assert "On the roll: the members (admitted, probationary, full, suspended)" in text
    assert "On the books at the start of 2025 (as they stood on 2024-12-31)" in text
    assert "On the books on 2025-12-31" in text
    assert "Changes from 2025-01-01 to 2025-12-31" in text
    assert "On the books on 2025-01-01" not in text


def test_the_organisation_counts_size_on_the_roll_as_the_branch_page_does() -> None:
    branches = flat(Page(organisation_page(organisation_report(), {})).text["branches"])
    assert "size on the roll" in branches
    assert (
        "Size: members on the roll (admitted, probationary, full, suspended) at the start of"
        " 2025 (as it stood on 2024-12-31) → on 2025-12-31." in branches
    )
    assert "on the books" not in branches
    roster = flat(Page(branch_page(branch_report(), {})).text["roster"])
    assert "members (admitted, probationary, full, suspended)" in roster


def test_the_dues_list_who_is_behind_and_who_never_paid_apart() -> None:
    text = flat(Page(branch_page(branch_report(), {})).text["dues"])
    behind = text.index("Behind since their last payment")
    never = text.index("No payment recorded")
    assert behind < text.index("V0106") < never < text.index("V0107 赵强 7")
    assert "No one" not in text
    assert "The record holds no dues payment" not in text


def test_a_branch_without_payments_says_so_and_lists_its_members_as_never_paid() -> None:
    report = branch_report()
    dues = report["dues"]
    dues["months"] = [dict(m, paid=0, paid_fen=0) for m in dues["months"]]
    dues["behind"] = []
    text = flat(Page(branch_page(report, {})).text["dues"])
    assert "The record holds no dues payment to this branch for any month of 2025." in text
    assert "No one who has paid is behind since their last payment." in text
    assert "V0107 赵强 7" in text
    dues["never_paid"] = []
    text = flat(Page(branch_page(report, {})).text["dues"])
    assert "Every member who owed dues in 2025 has a payment recorded." in text


def test_months_not_begun_show_no_count() -> None:
    report = branch_report()
    report["as_of"] = "2025-10-15"
    for m in report["dues"]["months"][10:]:
        m.update(owed=0, paid=0, paid_fen=0)
    text = flat(Page(branch_page(report, {})).text["dues"])
    assert "2025-10 16 15 45.00 2025-11 0.00 2025-12 0.00" in text


def test_an_evaluation_shows_its_grade_and_items_and_none_says_so() -> None:
    text = flat(Page(branch_page(branch_report(), {})).text["evaluation"])
    assert "基本合格 (basically qualified)" in text
    assert "92 of 100" in text
    assert "2 / 3" in text
    none = flat(Page(branch_page(branch_report(evaluated=False), {})).text["evaluation"])
    assert "No evaluation recorded for this year." in none
    assert "92" not in none


def test_charts_go_in_as_they_are_and_a_missing_one_says_no_data() -> None:
    html = branch_page(branch_report(), {"pipeline": CHART})
    page = Page(html)
    assert CHART in html
    assert "drawn chart" in page.text["pipeline"]
    assert "no data" not in page.text["pipeline"]
    for section in ("dues", "compliance", "history"):
        assert "no data" in page.text[section]
    org = Page(organisation_page(organisation_report(), {"admissions_by_branch": CHART}))
    assert "drawn chart" in org.text["admissions"]
    assert "no data" in org.text["compliance"]


def test_record_text_is_escaped_and_never_markup() -> None:
    for html in (
        branch_page(branch_report(), {}),
        organisation_page(organisation_report(), {}),
    ):
        page = Page(html)
        assert page.tags <= OUR_TAGS
        assert "<script" not in html
        assert "<img" not in html
        assert HOSTILE not in html
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;double&#34; &#39;single&#39;" in html
        )
        assert any(HOSTILE in text for text in page.text.values())


def test_a_hostile_name_in_the_page_title_stays_a_css_string() -> None:
    report = branch_report()
    report["particulars"]["name"] = 'x"; } body { display: none } </style><script>'
    html = branch_page(report, {})
    page = Page(html)
    assert page.tags <= OUR_TAGS
    assert "</style><script>" not in html
    (title,) = re.findall(r"@top-center \{ content: (\"[^\"]*\");", page.style)

    def unescape(match: re.Match[str]) -> str:
        return chr(int(match.group(1), 16))

    assert re.sub(r"\\([0-9a-f]{6}) ", unescape, title[1:-1]) == (
        'x"; } body { display: none } </style><script> (V01): work record book 2025'
    )
    assert css_string("a b") == '"a b"'


def test_no_external_url_anywhere() -> None:
    charts = {"pipeline": CHART, "members_by_status": CHART}
    for html in (
        branch_page(branch_report(), charts),
        organisation_page(organisation_report(), charts),
    ):
        assert "http://" not in html
        assert "https://" not in html
        assert "@import" not in html
        assert "url(" not in html
        assert not re.search(r"""(?:src|href)\s*=\s*["']?//""", html)
        assert not re.search(r"""(?:src|href)\s*=\s*["']?[a-z]+:""", html)


def test_the_stylesheet_prints_numbered_a4_pages() -> None:
    css = str(stylesheet())
    assert re.search(r"@page\s*\{[^}]*size:\s*A4 portrait", css)
    assert 'content: "page " counter(page) " of " counter(pages)' in css
    assert "@media print" in css
    assert "break-after: avoid" in css  # a heading stays with what follows it
    assert "display: table-header-group" in css
    assert "overflow-wrap: anywhere" in css
    assert '"Noto Sans CJK SC"' in css
    assert css in branch_page(branch_report(), {})


def test_the_organisation_page_lists_the_missed_windows_and_overdue_items() -> None:
    page = Page(organisation_page(organisation_report(), {}))
    compliance = flat(page.text["compliance"])
    assert "V01 青山村党支部 assembly.frequency" in compliance
    assert "2025-Q3" in marked(page, "compliance", "missed")
    assert "B01" not in compliance  # it missed nothing
    overdue = flat(page.text["overdue"])
    assert "2025-09-15 107 days overdue B02" in overdue
    assert "branch.term_overdue" in overdue
    branches = flat(page.text["branches"])
    assert "16 → 16 1 0 1 29 / 2 / 0" in branches
    statistics = flat(page.text["statistics"])
    assert "60 and over 4" in statistics
    assert "probationary 2" in statistics


@pytest.mark.parametrize("path", [("particulars", "term_state"), ("pipeline", "stages")])
def test_a_missing_field_is_an_error_not_an_empty_cell(path: tuple[str, str]) -> None:
    report: dict[str, Any] = copy.deepcopy(branch_report())
    del report[path[0]][path[1]]
    with pytest.raises((UndefinedError, KeyError)):
        branch_page(report, {})
