"""The grade of an S003 organisation evaluation: the total of the item marks, the band it falls
in, the ▲ cap, and the consequences the norms attach to the grade (S003 annex note, §三.3).

Choices where the sources are silent or ambiguous (README "Organisation evaluation"):
- An item no one scored counts 0 and is listed as not scored; a ▲ item not scored is short.
- The bands come from eval003.bands: by default 80 and over is 合格, 60 to under 80 基本合格,
  under 60 不合格. "80分以上" and "60—80分" both hold 80, and "60—80分" and "60分以下" both
  hold 60; boundary_mode says which reading is used, and a score on a boundary says so.
- A ▲ item is met only when fully scored (eval003.triangle met_rule full_points); any ▲ item
  short caps the grade at 基本合格 (unmet_cap basic) and the result lists the items.
- Two 不合格 years in a row (eval003.consequences) are judged on the years evaluated in the
  record; a year with no evaluation recorded breaks the run, and the result says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from attrs import frozen

from branchbook.domain.eval_table import ITEMS, NUMERALS, Item, plain
from branchbook.domain.rules import RulebookVersion
from branchbook.domain.wording import counted

QUALIFIED = "合格"
BASIC = "基本合格"
UNQUALIFIED = "不合格"
ORDER = (UNQUALIFIED, BASIC, QUALIFIED)
ENGLISH = {QUALIFIED: "qualified", BASIC: "basically qualified", UNQUALIFIED: "unqualified"}
CAPS = {"basic": BASIC, "unqualified": UNQUALIFIED}


@frozen
class Mark:
    """The points an item got, and where they come from: given by the evaluator, counted per
    time (the notice board), or pre-filled from the record; None points: not scored."""

    points: Decimal | None
    source: str | None = None  # given | per-time | record
    detail: str = ""


@frozen
class ItemResult:
    item: Item
    mark: Mark
    met: bool

    def as_dict(self) -> dict[str, object]:
        points = self.mark.points
        return {
            **self.item.as_dict(),
            "points": None if points is None else str(points),
            "source": self.mark.source,
            "detail": self.mark.detail,
            "met": self.met,
        }


@frozen
class Grade:
    """The graded evaluation of one organisation for one year."""

    branch: str
    year: int
    items: tuple[ItemResult, ...]
    sections: tuple[tuple[str, Decimal, Decimal], ...]  # numeral, points, weight
    total: Decimal
    score_grade: str  # the band the total falls in
    grade: str  # after the ▲ cap
    boundary: str | None
    triangle_short: tuple[str, ...]
    consequences: tuple[str, ...]
    notes: tuple[str, ...]
    rulebook: str

    @property
    def prefilled(self) -> tuple[str, ...]:
        return tuple(r.item.id for r in self.items if r.mark.source == "record")

    @property
    def not_scored(self) -> tuple[str, ...]:
        return tuple(r.item.id for r in self.items if r.mark.points is None)

    def as_dict(self) -> dict[str, object]:
        return {
            "branch": self.branch,
            "year": self.year,
            "total": str(self.total),
            "score_grade": self.score_grade,
            "grade": self.grade,
            "grade_en": ENGLISH[self.grade],
            "boundary": self.boundary,
            "triangle_short": list(self.triangle_short),
            "consequences": list(self.consequences),
            "prefilled": list(self.prefilled),
            "not_scored": list(self.not_scored),
            "notes": list(self.notes),
            "sections": [
                {"section": s, "points": str(p), "weight": str(w)} for s, p, w in self.sections
            ],
            "items": [r.as_dict() for r in self.items],
            "rulebook": self.rulebook,
        }


def _comparators(mode: str, qualified_min: Decimal, basic_min: Decimal) -> tuple[bool, bool]:
    """Whether each band minimum is inclusive, read from a mode like ge80_qualified,ge60_basic."""
    parts = [p.strip() for p in mode.split(",")]
    wanted = ((qualified_min, "qualified"), (basic_min, "basic"))
    if len(parts) != 2:
        raise ValueError(f"eval003.bands boundary_mode {mode!r} is not two comma-separated parts")
    inclusive: list[bool] = []
    for part, (minimum, band) in zip(parts, wanted, strict=True):
        op, number, label = part[:2], part[2:].partition("_")[0], part.partition("_")[2]
        if op not in ("ge", "gt") or label != band or Decimal(number or "-1") != minimum:
            raise ValueError(
                f"eval003.bands boundary_mode part {part!r} is not ge{minimum}_{band} or "
                f"gt{minimum}_{band}"
            )
        inclusive.append(op == "ge")
    return inclusive[0], inclusive[1]


def band(total: Decimal, version: RulebookVersion) -> tuple[str, str | None]:
    """The grade the total's band gives, and a note when the total sits on a boundary."""
    params = version["eval003.bands"].params
    qualified_min = Decimal(str(params["qualified_min"]))
    basic_min = Decimal(str(params["basic_min"]))
    mode = str(params["boundary_mode"])
    q_in, b_in = _comparators(mode, qualified_min, basic_min)
    if total > qualified_min or (q_in and total == qualified_min):
        grade = QUALIFIED
    elif total > basic_min or (b_in and total == basic_min):
        grade = BASIC
    else:
        grade = UNQUALIFIED
    note = None
    if total == qualified_min:
        note = (f"{total} sits on the boundary: the annex's '{qualified_min}分以上' (合格) and "
                f"'{basic_min}—{qualified_min}分' (基本合格) both hold it; boundary_mode {mode} "
                f"reads it as {grade}")  # fmt: skip
    elif total == basic_min:
        note = (f"{total} sits on the boundary: the annex's '{basic_min}—{qualified_min}分' "
                f"(基本合格) and '{basic_min}分以下' (不合格) both hold it; boundary_mode {mode} "
                f"reads it as {grade}")  # fmt: skip
    return grade, note


def _met(item: Item, mark: Mark, met_rule: str) -> bool:
    if mark.points is None:
        return False
    if met_rule == "any_points":
        return mark.points > 0
    if met_rule == "full_points":
        return mark.points >= item.points
    raise ValueError(f"eval003.triangle met_rule {met_rule!r} is not full_points or any_points")


def consequences(grade: str, earlier: Sequence[str | None], version: RulebookVersion) -> list[str]:
    """What S003 §三.3 attaches to the grade; `earlier` are the grades of the years before,
    nearest first (None: no evaluation recorded that year)."""
    out: list[str] = []
    if grade == BASIC:
        out.append("谈话提醒: a warning talk with the party secretary and the administrative head")
    if grade == UNQUALIFIED:
        out.append("组织诫勉: an organisational admonition of the party secretary and the "
                   "administrative head")  # fmt: skip
        out.append("纳入后进党组织: listed as a lagging party organisation for rectification")
        run = version["eval003.consequences"].params["replace_after_unqualified_years"]
        assert isinstance(run, int)
        before = list(earlier[: max(run - 1, 0)])
        if run >= 1 and len(before) == run - 1 and all(g == UNQUALIFIED for g in before):
            out.append(f"调整: {run} years in a row 不合格, the party secretary or the "
                       "administrative head is to be replaced")  # fmt: skip
    return out


def grade_of(
    branch: str,
    year: int,
    marks: Mapping[str, Mark],
    version: RulebookVersion,
    earlier: Sequence[str | None] = (),
) -> Grade:
    """The evaluation graded: each item's mark (missing: not scored), by the version's rules."""
    triangle = version["eval003.triangle"].params
    results = tuple(
        ItemResult(item, mark, _met(item, mark, str(triangle["met_rule"])))
        for item in ITEMS
        for mark in (marks.get(item.id, Mark(None)),)
    )
    total = plain(sum((r.mark.points or Decimal(0) for r in results), Decimal(0)))
    weights = version["eval003.section_weights"].params["weights"]
    assert isinstance(weights, dict)
    sections = tuple(
        (
            numeral,
            plain(sum((r.mark.points or Decimal(0) for r in results if r.item.section == numeral),
                      Decimal(0))),
            Decimal(str(weights[numeral])),
        )
        for numeral in NUMERALS
    )  # fmt: skip
    score_grade, boundary = band(total, version)
    short = tuple(r.item.id for r in results if r.item.triangle and not r.met)
    grade = score_grade
    notes: list[str] = []
    if short:
        cap = CAPS.get(str(triangle["unmet_cap"]))
        if cap is None:
            raise ValueError(f"eval003.triangle unmet_cap {triangle['unmet_cap']!r} is not "
                             "basic or unqualified")  # fmt: skip
        if ORDER.index(cap) < ORDER.index(grade):
            notes.append(f"▲ items short of full points cap the grade at {cap}: "
                         + ", ".join(short))  # fmt: skip
            grade = cap
    for numeral, points, weight in sections:
        if points > weight:
            notes.append(f"section {numeral} scores {points}, above its weight {weight}")
    missing = [r.item.id for r in results if r.mark.points is None]
    if missing:
        notes.append(f"{counted(len(missing), 'item')} not scored count 0: " + ", ".join(missing))
    return Grade(
        branch=branch,
        year=year,
        items=results,
        sections=sections,
        total=total,
        score_grade=score_grade,
        grade=grade,
        boundary=boundary,
        triangle_short=short,
        consequences=tuple(consequences(grade, earlier, version)),
        notes=tuple(notes),
        rulebook=version.fingerprint,
    )
