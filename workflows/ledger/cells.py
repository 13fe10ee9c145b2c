"""What a ledger's cell says, in the forms spreadsheets hold it: dates written several ways or
as date cells, status and kind words in Chinese or English, numbers that are codes.

Each reader takes a cell that is not empty and returns the journal's form of its value, or
raises CellProblem saying what is wrong with it (the caller names the row and column). Limits
on the values themselves (lengths, characters, date ranges) are the commands' to judge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TypeVar

from branchbook.workflows.values import shown

# A float can hold every whole number up to 2**53 exactly; a longer one (an ID number typed
# into a number cell) has lost its last digits.
EXACT_MAX = 2**53
T = TypeVar("T")

_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_CHINESE_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
_MONTH = re.compile(r"[0-9]{4}([-/.])[0-9]{1,2}|[0-9]{4}年[0-9]{1,2}月")
# Separators of a list in one cell: commas (either width), the enumeration comma, semicolons.
_WHOLE_AS_DECIMAL = re.compile(r"([0-9]+)\.0+")
_SCIENTIFIC = re.compile(r"[0-9](\.[0-9]+)?[eE]\+?[0-9]+")
_LIST_SEPARATORS = re.compile(r"[,，、;；]")

STATUSES = {
    "正式党员": "full",
    "预备党员": "probationary",
    "入党积极分子": "activist",
    "积极分子": "activist",
    "发展对象": "candidate",
    "申请人": "applicant",
    "入党申请人": "applicant",
    "full": "full",
    "fullmember": "full",
    "probationary": "probationary",
    "probationarymember": "probationary",
    "activist": "activist",
    "candidate": "candidate",
    "developmentcandidate": "candidate",
    "applicant": "applicant",
}
SEXES = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
    "m": "male",
    "f": "female",
}
ORGANISATION_KINDS = {
    "党委": "committee",
    "党总支": "general-branch",
    "总支部": "general-branch",
    "纪委": "discipline-commission",
    "纪律检查委员会": "discipline-commission",
    "committee": "committee",
    "general-branch": "general-branch",
    "discipline-commission": "discipline-commission",
}
BRANCH_KINDS = {
    "党支部": "regular",
    "支部": "regular",
    "联合党支部": "joint",
    "临时党支部": "temporary",
    "村党支部": "village-community",
    "社区党支部": "village-community",
    "流动党员党支部": "mobile-member",
    "regular": "regular",
    "joint": "joint",
    "temporary": "temporary",
    "village-community": "village-community",
    "mobile-member": "mobile-member",
}
KINDS = {**ORGANISATION_KINDS, **BRANCH_KINDS}
FLAGS = {
    "是": True,
    "有": True,
    "yes": True,
    "true": True,
    "1": True,
    "否": False,
    "无": False,
    "no": False,
    "false": False,
    "0": False,
}


class CellProblem(ValueError):
    """Raised when a cell cannot be read as its field; says what is wrong, not where."""


def empty(cell: object) -> bool:
    """An empty cell (or one of spaces): the field is not given."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def day(cell: object) -> date:
    """A date: 2019-07-01, 2019/7/1, 2019-7-1, 2019.7.1, 2019年7月1日, or a date cell (one
    holding a time of day other than midnight is refused)."""
    if isinstance(cell, str):  # the common case first: a CSV file's cells are all text
        return _day_text(cell)
    if isinstance(cell, datetime):
        if cell.time() != time():
            raise CellProblem(f"{cell.isoformat(sep=' ')} holds a time of day; expected a date")
        return cell.date()
    if isinstance(cell, date):
        return cell
    numeric = isinstance(cell, (int, float)) and not isinstance(cell, bool)
    hint = " (format the cell as a date)" if numeric else ""
    raise CellProblem(f"{shown(cell)} is not a date{hint}")


def _day_text(cell: str) -> date:
    text = cell.strip()
    if not text.isascii():  # full-width digits and separators read as their ASCII forms
        text = unicodedata.normalize("NFKC", text)
    found = _DATE.fullmatch(text)
    parts = (found[1], found[3], found[4]) if found else None
    if parts is None and (chinese := _CHINESE_DATE.fullmatch(text)):
        parts = (chinese[1], chinese[2], chinese[3])
    if parts is None:
        if _MONTH.fullmatch(text):
            raise CellProblem(f"{shown(cell)} gives no day; expected a date such as 2019-07-01")
        raise CellProblem(
            f"{shown(cell)} is not a date; expected 2019-07-01, 2019/7/1, 2019.7.1 or 2019年7月1日"
        )
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CellProblem(f"{shown(cell)} is not a date: no such day in the calendar") from None


def number_text(cell: object) -> str:
    """A number cell as its digits (1001 and 1001.0 both read "1001"), or a text cell stripped:
    member numbers, codes, ID and phone numbers."""
    if isinstance(cell, str):
        return _digits_as_written(cell)
    if isinstance(cell, bool):
        raise CellProblem(f"{shown(cell)} is a true/false cell; expected text or a number")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise CellProblem(f"{cell!r} is not a whole number")
        if abs(cell) > EXACT_MAX:
            raise CellProblem(
                f"{cell!r} is a number too long to be held exactly; format the column as text"
            )
        return str(int(cell))
    if isinstance(cell, int):
        return str(cell)
    raise CellProblem(f"{shown(cell)} is not text")


def _digits_as_written(cell: str) -> str:
    """A text cell stripped, its full-width digits and letters as ASCII (NFKC); a whole number
    a spreadsheet wrote as text with ".0" as its digits; one it wrote in scientific notation,
    whose last digits are lost, refused."""
    text = unicodedata.normalize("NFKC", cell).strip()
    whole = _WHOLE_AS_DECIMAL.fullmatch(text)
    if whole is not None:
        return whole[1]
    if _SCIENTIFIC.fullmatch(text):
        raise CellProblem(
            f"{shown(text)} is a number in scientific notation, its last digits lost; format "
            "the column as text and export the ledger again"
        )
    return text


def text(cell: object) -> str:
    """A text cell stripped, as written (a whole number cell as its digits)."""
    if isinstance(cell, str):
        return cell.strip()
    return number_text(cell)


def _key(word: str) -> str:
    """A word as it is compared: NFKC, case-folded, without spaces, hyphens or underscores."""
    folded = unicodedata.normalize("NFKC", word).casefold()
    return "".join(folded.split()).replace("-", "").replace("_", "")


def _lookup(words: Mapping[str, T]) -> dict[str, T]:
    return {_key(word): value for word, value in words.items()}


def _word(cell: object, words: Mapping[str, T], lookup: Mapping[str, T], what: str) -> T:
    if isinstance(cell, bool):
        raise CellProblem(f"{shown(cell)} is a true/false cell; expected {what}")
    raw = number_text(cell)
    key = _key(raw)
    if key not in lookup:
        known = ", ".join(word for word in words if not word.isascii())
        raise CellProblem(f"{shown(raw)} is not {what} ({known}, or the English words)")
    return lookup[key]


_STATUS = _lookup(STATUSES)
_SEX = _lookup(SEXES)
_KIND = _lookup(KINDS)
_FLAG = _lookup(FLAGS)


def status(cell: object) -> str:
    return _word(cell, STATUSES, _STATUS, "a status")


def sex(cell: object) -> str:
    return _word(cell, SEXES, _SEX, "a sex")


def kind(cell: object) -> str:
    """An organisation's or a branch's kind, as the journal writes it."""
    return _word(cell, KINDS, _KIND, "a kind of organisation")


def flag(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    return _word(cell, FLAGS, _FLAG, "yes or no")


def count(cell: object) -> int | str:
    """A whole number: a number cell as an int; text is passed on for the command to judge."""
    if isinstance(cell, bool):
        raise CellProblem(f"{shown(cell)} is a true/false cell; expected a whole number")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise CellProblem(f"{cell!r} is not a whole number")
        return int(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, str):
        return unicodedata.normalize("NFKC", cell).strip()
    raise CellProblem(f"{shown(cell)} is not a number")


def codes(cell: object) -> list[str]:
    """Member numbers in one cell, separated by commas, 、, semicolons or spaces."""
    raw = number_text(cell)
    return [part for piece in _LIST_SEPARATORS.split(raw) for part in piece.split()]


def names(cell: object) -> list[str]:
    """Names in one cell (of units), separated by commas, 、 or semicolons."""
    raw = number_text(cell)
    return [part.strip() for part in _LIST_SEPARATORS.split(raw) if part.strip()]
