"""A realistic generated ledger: the branches sheet and the members sheet of an organisation's
member information system, as `branchbook import` reads them.

Run from the project root:

    python bench/ledger.py --members N --branches M --out DIR [--format csv|xlsx]
        [--errors K] [--seed S] [--as-of YYYY-MM-DD] [--mixed-dates] [--encoding gb18030]

It writes DIR/branches.<ext> and DIR/members.<ext> with Chinese headers (CSV: UTF-8 with a BOM,
as Excel saves it, unless --encoding says otherwise), and with --errors K also
DIR/planted.json: the K member rows altered to break one thing each, with the rule or column
each is expected to be refused by.

The tree: one top Party committee, a few committees under it, general branches under those,
then branches of mixed kinds under the committees and general branches, each founded years
before the ledger's date. Each branch holds 3 to 50 members (branch.max_members), at least 3 of
them full members of a year's party age or more; a branch of 7 or more full members has a
committee of 3 to 5 in office, a smaller one a secretary (and maybe a deputy). Members: births
1950-2005, about 85% full, 5% probationary, 4% activists, 3% candidates and 3% applicants, every
date in the order the default rules want (applied at 18 or later, a year of cultivation before
becoming a candidate, full a year after admission) and none after the ledger's date.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from ledger_errors import plant_errors
from ledger_sheets import (
    BRANCH_HEADERS,
    MEMBER_HEADERS,
    B,
    Ledger,
    M,
    Planted,
    write_csv,
    write_xlsx,
    years_after,
)

from branchbook.domain.dates import add_months

__all__ = [
    "BRANCH_HEADERS",
    "MEMBER_HEADERS",
    "B",
    "Ledger",
    "M",
    "Planted",
    "generate",
    "plant_errors",
    "write_csv",
    "write_xlsx",
]

BRANCH_MAX = 50  # branch.max_members
FIRST_BIRTH, LAST_BIRTH = date(1950, 1, 1), date(2005, 12, 31)
STATUSES = (("正式党员", 85), ("预备党员", 5), ("入党积极分子", 4), ("发展对象", 3), ("申请人", 3))
KINDS = (
    ("党支部", 75),
    ("联合党支部", 8),
    ("村党支部", 7),
    ("社区党支部", 6),
    ("流动党员党支部", 4),
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰志文斌晓宇浩然欣怡子轩梓涵雨婷佳琪"
)
PLACES = ("城关", "东城", "西城", "南关", "北关", "新华", "人民", "解放", "建设", "和平", "滨河")
UNITS = ("机关", "教育系统", "卫生系统", "工业园区", "商务局", "供销社", "农业农村局", "国资公司")
COMPANIES = (
    "宏达机械有限公司",
    "恒信商贸有限公司",
    "绿源农业合作社",
    "博文培训学校",
    "安康物业公司",
)
EDUCATION = ("大学本科", "大专", "高中", "研究生", "中专", "初中")
ETHNICITIES = (("汉族", 92), ("回族", 3), ("满族", 2), ("壮族", 2), ("蒙古族", 1))
DATE_FORMS = ("{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日")


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([w for w, _ in table], weights=[n for _, n in table])[0]


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def generate(
    members: int, branches: int, *, seed: int = 1, as_of: date, mixed_dates: bool = False
) -> Ledger:
    """A ledger of `members` member rows in `branches` branches, under a few organisations."""
    if branches < 1 or members < 3 * branches or members > (BRANCH_MAX - 5) * branches:
        raise ValueError(
            f"{members} members do not fit {branches} branches: each holds 3 to "
            f"{BRANCH_MAX - 5} (choose about members / 40 branches)"
        )
    rng = random.Random(seed)
    ledger = Ledger(as_of, BRANCH_HEADERS, [], MEMBER_HEADERS, [])
    parents = _organisations(rng, ledger, branches)
    sizes = _sizes(rng, members, branches)
    number = 10_000_000
    for i, size in enumerate(sizes):
        parent_code, parent_founded = parents[i % len(parents)]
        founded = _between(rng, years_after(parent_founded, 1), years_after(as_of, -3))
        code = f"B{i + 1:04d}"
        rows = []
        for k in range(size):
            number += 1
            status = "正式党员" if k < 3 else _weighted(rng, STATUSES)
            rows.append(_member(rng, str(number), code, status, as_of, veteran=k < 3))
        ledger.member_rows.extend(rows)
        ledger.branch_rows.append(
            _branch(rng, ledger, i=i, code=code, parent=parent_code, founded=founded, rows=rows)
        )
    if mixed_dates:
        _mix_dates(rng, ledger)
    return ledger


def _organisations(rng: random.Random, ledger: Ledger, branches: int) -> list[tuple[str, date]]:
    """The top committee, committees and general branches; the codes and founding dates of
    those branches are founded under."""
    as_of = ledger.as_of
    top = _between(rng, years_after(as_of, -40), years_after(as_of, -30))
    place = rng.choice(PLACES)
    rows = [_org("TC01", f"{place}镇党委", "党委", None, top, approves=True)]
    committees: list[tuple[str, date]] = []
    for n in range(max(1, branches // 200)):
        code, founded = f"C{n + 1:02d}", _between(rng, years_after(top, 1), years_after(top, 5))
        unit = UNITS[n % len(UNITS)]
        rows.append(_org(code, f"{place}镇{unit}党委", "党委", "TC01", founded, approves=True))
        committees.append((code, founded))
    generals: list[tuple[str, date]] = []
    for n in range(max(1, branches // 20)):
        parent, parent_founded = committees[n % len(committees)]
        founded = _between(rng, years_after(parent_founded, 1), years_after(parent_founded, 5))
        code = f"G{n + 1:03d}"
        rows.append(_org(code, f"{rng.choice(PLACES)}第{n + 1}党总支", "党总支", parent, founded))
        generals.append((code, founded))
    ledger.branch_rows.extend(rows)
    return committees + generals


def _org(
    code: str, name: str, kind: str, parent: str | None, founded: date, *, approves: bool = False
) -> list[object]:
    row: list[object] = [None] * len(BRANCH_HEADERS)
    row[B["组织编码"]], row[B["组织名称"]], row[B["组织类别"]] = code, name, kind
    row[B["上级党组织编码"]], row[B["成立日期"]] = parent, founded
    row[B["审批预备党员权限"]] = "是" if approves else "否"
    return row


def _sizes(rng: random.Random, members: int, branches: int) -> list[int]:
    """Members per branch: 3 each, the rest spread unevenly, none past BRANCH_MAX - 5."""
    sizes = [3] * branches
    weights = [rng.uniform(0.3, 1.7) for _ in range(branches)]
    left = members - 3 * branches
    while left:
        for i in rng.choices(range(branches), weights=weights, k=min(left, branches)):
            if left and sizes[i] < BRANCH_MAX - 5:
                sizes[i] += 1
                left -= 1
    return sizes


def _member(
    rng: random.Random, number: str, branch: str, status: str, as_of: date, *, veteran: bool
) -> list[object]:
    """A member row whose dates are in the order the default rules want."""
    activist_gap = timedelta(days=rng.randrange(30, 181))
    candidate_gap = timedelta(days=rng.randrange(0, 181))
    admitted_gap = timedelta(days=rng.randrange(30, 121))

    def chain(applied: date) -> list[date]:
        activist = applied + activist_gap
        candidate = add_months(activist, 12) + candidate_gap
        admitted = candidate + admitted_gap
        return [applied, activist, candidate, admitted, add_months(admitted, 12)]

    # From application to each step; a year is a day longer or shorter across 29 February.
    leap = timedelta(days=2)
    span = chain(as_of)[4] - as_of + leap
    if status == "正式党员":
        end = years_after(as_of, -2) if veteran else as_of
        birth = _between(rng, FIRST_BIRTH, min(LAST_BIRTH, years_after(end - span, -18)))
        earliest = years_after(birth, 18)
        latest = min(end - span, years_after(earliest, 25))
        dates: list[date | None] = list(chain(_between(rng, earliest, latest)))
    else:
        last = {"预备党员": 3, "发展对象": 2, "入党积极分子": 1, "申请人": 0}[status]
        target = as_of - timedelta(days=rng.randrange(0, 330))  # the last step, this year
        applied = target - (chain(as_of)[last] - as_of) - leap
        birth = _between(
            rng, max(FIRST_BIRTH, years_after(applied, -45)), years_after(applied, -18)
        )
        birth = min(birth, LAST_BIRTH)
        dates = [*chain(applied)[: last + 1], *([None] * (4 - last))]
    row: list[object] = [None] * len(MEMBER_HEADERS)
    row[M["党员编号"]], row[M["姓名"]] = number, _name(rng)
    row[M["性别"]] = rng.choice("男女")
    row[M["出生日期"]], row[M["所在党支部"]], row[M["人员类别"]] = birth, branch, status
    for header, on in zip(MEMBER_HEADERS[6:11], dates, strict=True):
        row[M[header]] = on
    row[M["民族"]] = _weighted(rng, ETHNICITIES)
    row[M["学历"]] = rng.choice(EDUCATION)
    row[M["工作单位"]] = rng.choice(COMPANIES + UNITS)
    row[M["联系电话"]] = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    return row


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _branch(
    rng: random.Random,
    ledger: Ledger,
    *,
    i: int,
    code: str,
    parent: str,
    founded: date,
    rows: list[list[object]],
) -> list[object]:
    as_of = ledger.as_of
    kind = _weighted(rng, KINDS)
    row: list[object] = [None] * len(BRANCH_HEADERS)
    place = rng.choice(PLACES)
    names = {
        "党支部": f"{place}第{i + 1}党支部",
        "联合党支部": f"{place}第{i + 1}联合党支部",
        "村党支部": f"{place}{i + 1}村党支部",
        "社区党支部": f"{place}{i + 1}社区党支部",
        "流动党员党支部": f"{place}第{i + 1}流动党员党支部",
    }
    row[B["组织编码"]], row[B["组织名称"]], row[B["组织类别"]] = code, names[kind], kind
    row[B["上级党组织编码"]], row[B["成立日期"]] = parent, founded
    full = [r for r in rows if r[M["人员类别"]] == "正式党员"]
    row[B["正式党员数"]] = rng.randint(3, max(3, min(len(full), 12)))
    if kind == "联合党支部":
        row[B["单位"]] = "、".join(rng.sample(COMPANIES, rng.randint(2, 3)))
    year_ago = years_after(as_of, -1) - timedelta(days=30)
    veterans = [str(r[M["党员编号"]]) for r in full if _on(r[M["转正日期"]]) <= year_ago]
    others = [str(r[M["党员编号"]]) for r in full if str(r[M["党员编号"]]) not in veterans[:2]]
    secretary, deputy = veterans[0], veterans[1] if len(veterans) > 1 else None
    seated = [secretary]
    if len(full) >= 7:
        size = rng.randint(3, 5)
        pool = [m for m in others if m not in (secretary, deputy)]
        seated = [secretary, *([deputy] if deputy else []), *rng.sample(pool, size - 2)][:size]
        row[B["委员"]] = "、".join(seated)
    elif deputy is not None and rng.random() < 0.5:
        seated.append(deputy)
    else:
        deputy = None
    row[B["书记"]], row[B["副书记"]] = secretary, deputy
    term_first = max(founded, as_of - timedelta(days=900))
    row[B["任期开始日期"]] = _between(rng, term_first, as_of - timedelta(days=30))
    ledger.leaders.update(seated)
    return row


def _on(cell: object) -> date:
    assert isinstance(cell, date)
    return cell


def _mix_dates(rng: random.Random, ledger: Ledger) -> None:
    """Some dates written as text in the forms spreadsheets hold them."""
    for rows in (ledger.member_rows, ledger.branch_rows):
        for row in rows:
            for i, cell in enumerate(row):
                if isinstance(cell, date) and rng.random() < 0.5:
                    form = rng.choice(DATE_FORMS)
                    row[i] = form.format(y=cell.year, m=cell.month, d=cell.day)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--branches", type=int, default=25)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 1, 1))
    parser.add_argument("--mixed-dates", action="store_true")
    parser.add_argument(
        "--encoding", choices=("utf-8-sig", "utf-8", "gb18030"), default="utf-8-sig"
    )
    args = parser.parse_args(argv)
    try:
        ledger = generate(
            args.members,
            args.branches,
            seed=args.seed,
            as_of=args.as_of,
            mixed_dates=args.mixed_dates,
        )
        planted = plant_errors(ledger, args.errors, args.seed) if args.errors else []
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, headers, rows in (
        ("branches", ledger.branch_headers, ledger.branch_rows),
        ("members", ledger.member_headers, ledger.member_rows),
    ):
        path = args.out / f"{name}.{args.format}"
        if args.format == "csv":
            write_csv(path, headers, rows, args.encoding)
        else:
            write_xlsx(path, headers, rows)
        print(f"{path}: {len(rows):,} rows")
    if planted:
        path = args.out / "planted.json"
        path.write_text(
            json.dumps([asdict(p) for p in planted], ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"{path}: {len(planted)} rows altered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
