"""Compliance reports in the shape BranchCompliance.as_dict() gives, written by hand after the
demo store's 2025: every window of the year met, save those named missed, and open from a
month on. One party group carries hostile text (`HOSTILE`)."""

from __future__ import annotations

import calendar
from typing import Any

HOSTILE = '<script>&"x"'
RULEBOOK = "S000#c7da79df"
ART = "Branch Work Regulations (trial) art. "
GROUP = "第一党小组"
MONTHLY = ("committee_meeting.frequency", "theme_day.schedule")
QUARTERLY = ("assembly.frequency",)
YEARLY = ("org_life_meeting.frequency", "democratic_evaluation.frequency", "talks.per_pair")
NOT_JUDGED = (
    ("lecture.frequency", "the profile sets no lecture frequency (S000: 按期)"),
    ("training.annual_hours", "the profile requires no class hours (S000 sets none)"),
)


def window(
    rule: str, label: str, start: str, end: str, *, found: int, status: str, **more: Any
) -> dict[str, Any]:
    """One obligation judged in one window (Result.as_dict())."""
    required = more.pop("required", 1)
    return {
        "rule": rule,
        "citation": ART + "11",
        "subject": more.pop("subject", None),
        "window": label,
        "start": start,
        "end": end,
        "bound": "at least",
        "required": required,
        "found": found,
        "met": None if status == "open" else status == "met",
        "status": status,
        "detail": f"held {found}",
    }


def year_results(year: int, missed: set[str], open_from: int = 13) -> list[dict[str, Any]]:
    """Every window of the year: met, save those labelled in `missed`, and open from the
    month `open_from` on (13: none open)."""

    def status(label: str, last_month: int) -> str:
        if last_month >= open_from:
            return "open"
        return "missed" if label in missed else "met"

    out: list[dict[str, Any]] = []
    for q in range(4):
        label, first = f"{year}-Q{q + 1}", 3 * q + 1
        last = first + 2
        end = f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]}"
        s = status(label, last)
        found = 0 if s == "missed" else 1 + q % 2
        out.append(
            window(QUARTERLY[0], label, f"{year}-{first:02d}-01", end, found=found, status=s)
        )
    for rule in MONTHLY:
        for m in range(1, 13):
            label, s = f"{year}-{m:02d}", status(f"{rule} {year}-{m:02d}", m)
            end = f"{year}-{m:02d}-{calendar.monthrange(year, m)[1]}"
            found = 0 if s == "missed" else 1
            out.append(window(rule, label, f"{year}-{m:02d}-01", end, found=found, status=s))
    for subject in (GROUP, HOSTILE):
        for q in range(4):
            label, first = f"{year}-Q{q + 1}", 3 * q + 1
            last = first + 2
            end = f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]}"
            s = status(f"{subject} {label}", last)
            out.append(
                window(
                    "group_meeting.frequency",
                    label,
                    f"{year}-{first:02d}-01",
                    end,
                    found=0 if s == "missed" else 3,
                    status=s,
                    subject=subject,
                    required=3,
                )
            )
    for rule in YEARLY:
        s = status(f"{rule} {year}", 12)
        required = 50 if rule == "talks.per_pair" else 1
        found = 0 if s == "missed" else required
        out.append(
            window(
                rule,
                str(year),
                f"{year}-01-01",
                f"{year}-12-31",
                found=found,
                status=s,
                required=required,
            )
        )
    return out


def summary(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Windows met of windows judged by obligation (and group), as Summary.as_dict()."""
    by: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for r in results:
        by.setdefault((r["rule"], r["subject"]), []).append(r)
    return [
        {
            "rule": rule,
            "citation": rs[0]["citation"],
            "subject": subject,
            "windows_judged": sum(r["status"] != "open" for r in rs),
            "windows_met": sum(r["status"] == "met" for r in rs),
            "missed": [r["window"] for r in rs if r["status"] == "missed"],
            "open": [r["window"] for r in rs if r["status"] == "open"],
        }
        for (rule, subject), rs in by.items()
    ]


def compliance(
    code: str, name: str, kind: str, *, year: int, missed: set[str], open_from: int = 13
) -> dict[str, Any]:
    """A branch's compliance report for the year (BranchCompliance.as_dict())."""
    results = year_results(year, missed, open_from)
    return {
        "branch": code,
        "name": name,
        "kind": kind,
        "founded": "2019-01-08",
        "dissolved": None,
        "from": f"{year}-01-01",
        "to": f"{year}-12-31",
        "as_of": f"{year}-12-31",
        "rulebook": RULEBOOK,
        "summary": summary(results),
        "results": results,
        "not_judged": [
            {"rule": rule, "citation": ART + "16", "subject": None, "reason": reason}
            for rule, reason in NOT_JUDGED
        ],
        "findings": [],
    }
