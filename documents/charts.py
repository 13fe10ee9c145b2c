"""The charts of the year's reports (`branchbook report`), drawn by matplotlib into inline SVG
from the report dicts projections.yearbook gives: chart name -> `<svg ...>...</svg>`.

A chart with nothing to draw (no rows, or every count zero) is left out of the dict; the
page says "no data" in its place. The same report gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branchbook.documents.bar_charts import (
    admissions_by_branch,
    dues_by_month,
    members_by_status,
    pipeline,
)
from branchbook.documents.chart_style import drawing
from branchbook.documents.heat_maps import compliance_by_branch, obligations_by_month
from branchbook.domain.inert import shown


def branch_charts(report: Mapping[str, Any]) -> dict[str, str]:
    """A branch's year (the "branch-year" dict): "members_by_status", "obligations_by_month"
    (docs/rules.md, "Obligations"), "pipeline" and "dues_by_month"."""
    code, year = shown(report["branch"]), int(report["year"])
    history = report.get("history") or []
    stages = (report.get("pipeline") or {}).get("stages") or []
    months = (report.get("dues") or {}).get("months") or []
    with drawing():
        charts = {
            "members_by_status": members_by_status(
                history, "members_by_status", f"Members of {code} by status {_years(history)}"
            ),
            "obligations_by_month": obligations_by_month(
                report.get("compliance") or {},
                year,
                "obligations_by_month",
                f"Obligations of {code} in {year} by month: each window met, missed, open or "
                "not judged, with meetings found of those required",
            ),
            "pipeline": pipeline(
                stages,
                "pipeline",
                f"Admission pipeline of {code} on {shown(report.get('as_of', ''))}: "
                "people at each stage",
            ),
            "dues_by_month": dues_by_month(
                months,
                str(report.get("as_of", ""))[:7],
                "dues_by_month",
                f"Dues of {code} in {year}: members who paid for each month against members "
                "who owed",
            ),
        }
    return {name: svg for name, svg in charts.items() if svg is not None}


def organisation_charts(report: Mapping[str, Any]) -> dict[str, str]:
    """An organisation's year (the "organisation-year" dict): "members_by_status",
    "compliance_by_branch" (docs/rules.md, "Obligations") and "admissions_by_branch"."""
    year = int(report["year"])
    organisation = report.get("organisation")
    who = (
        "all branches"
        if not organisation
        else f"{shown(organisation['code'])} {shown(organisation.get('name', ''))}".strip()
    )
    history = report.get("history") or []
    with drawing():
        charts = {
            "members_by_status": members_by_status(
                history, "members_by_status", f"Members of {who} by status {_years(history)}"
            ),
            "compliance_by_branch": compliance_by_branch(
                report.get("compliance") or [],
                "compliance_by_branch",
                f"Obligations of {who} in {year} by branch: windows met of windows judged, by rule",
            ),
            "admissions_by_branch": admissions_by_branch(
                report.get("branches") or [],
                "admissions_by_branch",
                f"Admissions and conversions of {who} in {year}, by branch",
            ),
        }
    return {name: svg for name, svg in charts.items() if svg is not None}


def _years(history: list[Mapping[str, Any]]) -> str:
    """ "at each year end, 2019–2025": the years the bars stand for."""
    if not history:
        return "at each year end"
    return f"at each year end, {shown(history[0]['year'])}–{shown(history[-1]['year'])}"
