"""Broken rows for a generated ledger (see ledger.py): member rows altered to break one thing
each, with the rule or the column that should refuse them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ledger_sheets import Ledger, M, Planted, years_after

from branchbook.domain.dates import add_months


def plant_errors(ledger: Ledger, count: int, seed: int = 1) -> list[Planted]:
    """Alter `count` distinct member rows (none of them in office) to break one thing each,
    taking the ways in turn; return each row's number and what should refuse it."""
    rng = random.Random(seed)
    rows = ledger.member_rows
    full = [
        i
        for i, r in enumerate(rows)
        if r[M["人员类别"]] == "正式党员" and r[M["党员编号"]] not in ledger.leaders
    ]
    if count > len(full):
        raise ValueError(f"only {len(full)} rows can take an error; asked for {count}")
    planted: list[Planted] = []
    for n, i in enumerate(sorted(rng.sample(full, count))):
        row = rows[i]
        way = WAYS[n % len(WAYS)]
        what, rule, column = way(row)
        planted.append(Planted(i + 2, str(row[M["党员编号"]]), what, rule, column))
    return planted


def _admitted_at_17(row: list[object]) -> tuple[str, str | None, str | None]:
    admitted = _day(row[M["入党日期"]])
    row[M["出生日期"]] = years_after(admitted, -17) - timedelta(days=40)
    return "admitted at 17", "applicant.min_age", None


def _short_probation(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["转正日期"]] = add_months(_day(row[M["入党日期"]]), 6)
    return "full after six months of probation", "probation.early_conversion", "转正日期"


def _no_such_branch(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["所在党支部"]] = "X" + str(row[M["所在党支部"]])
    return "a branch that does not exist", None, "所在党支部"


def _unreadable_date(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["出生日期"]] = "1985/13/45"
    return "an unreadable date", None, "出生日期"


def _unknown_status(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["人员类别"]] = "群众"
    return "an unknown status word", None, "人员类别"


def _short_cultivation(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["确定为发展对象日期"]] = add_months(_day(row[M["确定为入党积极分子日期"]]), 6)
    return (
        "a candidate after six months of cultivation",
        "activist.min_cultivation",
        "确定为发展对象日期",
    )


def _no_name(row: list[object]) -> tuple[str, str | None, str | None]:
    row[M["姓名"]] = None
    return "no name", None, "姓名"


WAYS = (
    _admitted_at_17,
    _short_probation,
    _no_such_branch,
    _unreadable_date,
    _unknown_status,
    _short_cultivation,
    _no_name,
)


def _day(cell: object) -> date:
    """A date cell, or a date that --mixed-dates wrote as text."""
    if isinstance(cell, date):
        return cell
    text = str(cell).replace("年", "-").replace("月", "-").replace("日", "")
    y, m, d = (int(p) for p in text.replace("/", "-").replace(".", "-").split("-"))
    return date(y, m, d)
