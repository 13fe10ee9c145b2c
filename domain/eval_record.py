"""The marks of the S003 table that the record already knows, from the compliance report of the
evaluated year (domain.compliance): 三会一课, theme days, talks, the organisational life
meeting, training hours, the democratic evaluation, and a full team with 换届 on time.

Choices where the sources are silent (README "Organisation evaluation"):
- An item, or each part of 三会一课 (assembly 4, committee 3, group 2, lecture 2 points), gets
  its points times the share of the year's judged windows in which the obligation was met,
  rounded down to the hundredth: a missed window always leaves a ▲ item short of full points.
- An obligation with no window judged in the year (the branch founded or dissolved within it,
  no committee in office, a profile that sets no lecture frequency or class hours) leaves the
  item to the evaluator, and the reason is given.
- A window not over by the report's date (the year not yet over in the record) is open: an
  item with an open window is left to the evaluator until it is over, never counted missed.
- "配齐配强…按期进行换届" is met when the year ends without an overdue term, a vacancy left
  unfilled too long, or a committee of the wrong shape or size among the findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from branchbook.domain.compliance_facts import NotJudged, Result
from branchbook.domain.eval_grade import Mark
from branchbook.domain.eval_table import BY_ID, plain

HUNDREDTH = Decimal("0.01")
# Each item the record knows: its parts, each an obligation of the compliance report and the
# points it carries (the item's own points when it has one part).
PARTS: Mapping[str, tuple[tuple[str, Decimal], ...]] = {
    "4.1": (
        ("assembly.frequency", Decimal(4)),
        ("committee_meeting.frequency", Decimal(3)),
        ("group_meeting.frequency", Decimal(2)),
        ("lecture.frequency", Decimal(2)),
    ),
    "4.3": (("theme_day.schedule", BY_ID["4.3"].points),),
    "4.4": (("talks.per_pair", BY_ID["4.4"].points),),
    "4.5": (("org_life_meeting.frequency", BY_ID["4.5"].points),),
    "5.3": (("training.annual_hours", BY_ID["5.3"].points),),
    "5.6": (("democratic_evaluation.frequency", BY_ID["5.6"].points),),
}
RULES = frozenset(rule for parts in PARTS.values() for rule, _ in parts)
TEAM_ITEM = "2.1"
# The findings at the year's end that say the team is not complete or its term not renewed.
TEAM_FINDINGS = (
    "branch.term_overdue",
    "branch.vacancy_fill",
    "branch.committee_required",
    "branch.committee_size",
)


def open_windows(results: Sequence[Result]) -> int:
    """How many windows of the obligations the record's items are read from are still open."""
    return sum(r.still_open for r in results if r.rule in RULES)


def _part(
    rule: str, points: Decimal, results: Sequence[Result], skipped: Sequence[NotJudged]
) -> tuple[Decimal | None, str]:
    listed = [r for r in results if r.rule == rule]
    if not listed:
        why = "; ".join(n.reason for n in skipped if n.rule == rule) or "no window judged"
        return None, f"{rule}: not judged ({why})"
    judged = [r for r in listed if not r.still_open]
    met = sum(r.met for r in judged)
    if still := len(listed) - len(judged):
        return None, f"{rule}: {met}/{len(judged)} met, {still} open (not over yet), not scored yet"
    share = (points * met / len(judged)).quantize(HUNDREDTH, rounding=ROUND_DOWN)
    return plain(share), f"{rule}: {met}/{len(judged)} met"


def record_marks(
    results: Sequence[Result],
    skipped: Sequence[NotJudged],
    findings: Iterable[tuple[str, str]],
) -> tuple[dict[str, Mark], dict[str, str]]:
    """The marks the report gives, by item; and why each other item it might give is left to
    the evaluator. `findings` are the (rule, message) of the findings at the year's end."""
    marks: dict[str, Mark] = {}
    left: dict[str, str] = {}
    for item, parts in PARTS.items():
        got = [_part(rule, points, results, skipped) for rule, points in parts]
        detail = "; ".join(d for _, d in got)
        if any(p is None for p, _ in got):
            left[item] = detail
        else:
            total = sum((p for p, _ in got if p is not None), Decimal(0))
            marks[item] = Mark(plain(total), "record", detail)
    against = [f"{rule}: {message}" for rule, message in findings if rule in TEAM_FINDINGS]
    if against:
        marks[TEAM_ITEM] = Mark(Decimal(0), "record", "; ".join(against))
    else:
        marks[TEAM_ITEM] = Mark(
            BY_ID[TEAM_ITEM].points,
            "record",
            "no overdue term, late vacancy or committee shape finding at the year's end",
        )
    return marks, left
