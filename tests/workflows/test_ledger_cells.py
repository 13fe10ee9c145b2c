"""A ledger's cells as the importer reads them: dates, the words for status, kind, sex and yes or
no, and numbers that are codes."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_rows_support import cell_time

from branchbook.workflows.ledger import cells
from branchbook.workflows.ledger.cells import CellProblem


@pytest.mark.parametrize(
    "cell",
    [
        "2019-07-01",
        "2019/7/1",
        "2019-7-1",
        "2019.7.1",
        "2019年7月1日",
        " 2019年07月01日 ",
        "２０１９－０７－０１",
        date(2019, 7, 1),
        cell_time(2019, 7, 1),
    ],
)
def test_a_date_is_read_in_every_form_a_ledger_holds_it(cell: object) -> None:
    assert cells.day(cell) == date(2019, 7, 1)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("20190701", "is not a date"),
        (20190701, r"format the cell as a date"),
        (43647.0, r"format the cell as a date"),
        ("2019/2/30", "no such day"),
        ("2019-7/1", "is not a date"),
        ("2019.07", "gives no day"),
        ("2019年7月", "gives no day"),
        ("19/7/1", "is not a date"),
        ("July 1, 2019", "is not a date"),
        (cell_time(2019, 7, 1, 8, 30), "holds a time of day"),
        (True, "is not a date"),
    ],
)
def test_a_cell_that_is_not_a_date_says_why(cell: object, message: str) -> None:
    with pytest.raises(CellProblem, match=message):
        cells.day(cell)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("正式党员", "full"),
        ("预备党员", "probationary"),
        ("入党积极分子", "activist"),
        ("积极分子", "activist"),
        ("发展对象", "candidate"),
        ("申请人", "applicant"),
        ("入党申请人", "applicant"),
        ("Full member", "full"),
        ("probationary member", "probationary"),
        ("Development candidate", "candidate"),
        (" applicant ", "applicant"),
    ],
)
def test_status_words(word: str, status: str) -> None:
    assert cells.status(word) == status


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("党委", "committee"),
        ("党总支", "general-branch"),
        ("总支部", "general-branch"),
        ("纪委", "discipline-commission"),
        ("纪律检查委员会", "discipline-commission"),
        ("党支部", "regular"),
        ("支部", "regular"),
        ("联合党支部", "joint"),
        ("临时党支部", "temporary"),
        ("村党支部", "village-community"),
        ("社区党支部", "village-community"),
        ("流动党员党支部", "mobile-member"),
        ("General branch", "general-branch"),
        ("mobile-member", "mobile-member"),
    ],
)
def test_kind_words(word: str, kind: str) -> None:
    assert cells.kind(word) == kind


def test_sex_and_yes_no_words() -> None:
    assert [cells.sex(w) for w in ("男", "女", "Male", "female", "M", "f")] == [
        "male",
        "female",
        "male",
        "female",
        "male",
        "female",
    ]
    yes = ("是", "有", "yes", "TRUE", "1", 1, True)
    no = ("否", "无", "no", "false", "0", 0.0, False)
    assert [cells.flag(w) for w in yes] == [True] * len(yes)
    assert [cells.flag(w) for w in no] == [False] * len(no)
    for word, reader in (("党员", cells.status), ("未知", cells.sex), ("也许", cells.flag)):
        with pytest.raises(CellProblem, match="is not"):
            reader(word)


def test_numbers_that_are_codes_read_as_their_digits() -> None:
    assert cells.number_text(1001) == "1001"
    assert cells.number_text(1001.0) == "1001"
    assert cells.number_text(" A-01 ") == "A-01"
    with pytest.raises(CellProblem, match="not a whole number"):
        cells.number_text(1001.5)
    with pytest.raises(CellProblem, match="too long to be held exactly"):
        cells.number_text(110105198501011234.0)
    assert cells.count(12.0) == 12
    assert cells.codes("1001，1002、1003; 1004 1005") == ["1001", "1002", "1003", "1004", "1005"]
    assert cells.names("甲公司、乙 公司,丙") == ["甲公司", "乙 公司", "丙"]


@pytest.mark.parametrize(
    ("written", "read"),
    [("１０００００２", "1000002"), ("10000003.0", "10000003"), (" 10000004 ", "10000004")],
)
def test_a_member_number_is_read_as_its_digits_however_the_spreadsheet_wrote_them(
    written: str, read: str
) -> None:
    assert cells.number_text(written) == read


def test_a_number_in_scientific_notation_is_refused_its_digits_being_lost() -> None:
    with pytest.raises(cells.CellProblem, match="scientific notation"):
        cells.number_text("1.0000004E+7")
    assert cells.text("Ｂ栋 1.0E+3") == "Ｂ栋 1.0E+3"  # a name or a text is kept as written
