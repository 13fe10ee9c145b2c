"""The reports' heat maps of the recurring obligations (docs/rules.md, "Obligations").

A branch's year: a row an obligation (and subject: a party group), a column a month, each
window judged drawn across the months it covers, coloured met, missed, open (not over by the
report's day) or not judged, with "found/required" written in it. An organisation's year: a
row a branch, a column an obligation's rule id, each cell the share of its windows met, with
"met/judged" written in it. Missed windows are hatched as well as red, and every cell carries
its text, so the maps read in black and white print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from branchbook.documents.chart_style import (
    INK,
    MET,
    MISSED,
    MISSED_HATCH,
    MONTHS,
    NOT_JUDGED,
    OPEN,
    OPEN_HATCH,
    figure,
    short,
    svg_of,
)
from branchbook.domain.inert import shown

STATUS_FILL = {"met": MET, "missed": MISSED, "open": OPEN}
_Row = tuple[str, str | None]


def obligations_by_month(
    compliance: Mapping[str, Any], year: int, name: str, label: str
) -> str | None:
    """The obligations of a branch's year month by month, from its compliance report's
    results and not-judged obligations; None when no window was judged or is open."""
    results = [r for r in compliance.get("results", ()) if _in_year(r, year)]
    if not results:
        return None
    rows: dict[_Row, list[Mapping[str, Any]]] = {}
    for r in results:
        rows.setdefault((r["rule"], r.get("subject")), []).append(r)
    for n in compliance.get("not_judged", ()):
        if not any(rule == n["rule"] for rule, _ in rows):
            rows.setdefault((n["rule"], n.get("subject")), [])
    fig = figure(8.5, 0.34 * len(rows) + 1.3)
    ax = fig.add_subplot()
    for y, windows in enumerate(rows.values()):
        covered: set[int] = set()
        for w in windows:
            first, last = _months(w, year)
            covered.update(range(first, last + 1))
            text = f"{w['found']}/{w['required']}"
            _cell(ax, first - 1, y, last - first + 1, status=str(w["status"]), text=text)
        for month in sorted(set(range(1, 13)) - covered):
            _cell(ax, month - 1, y, 1, status="not judged", text="–")
    ax.set_xlim(0, 12)
    ax.set_xticks([m + 0.5 for m in range(12)], MONTHS)
    ax.xaxis.tick_top()
    _rows(ax, [_row_label(rule, subject) for rule, subject in rows])
    _legend(fig, ["met", "missed", "open", "not judged"])
    return svg_of(fig, name, label)


def compliance_by_branch(reports: Sequence[Mapping[str, Any]], name: str, label: str) -> str | None:
    """Each branch's share of windows met by obligation, from the branches' compliance
    summaries; None when no branch has an obligation summarised."""
    rules: list[str] = []
    for report in reports:
        for s in report.get("summary", ()):
            if s["rule"] not in rules:
                rules.append(s["rule"])
    if not rules:
        return None
    share = LinearSegmentedColormap.from_list("share", [MISSED, "#f4efd9", MET])
    fig = figure(max(6.0, 3.0 + 0.7 * len(rules)), 0.34 * len(reports) + 2.4)
    ax = fig.add_subplot()
    for y, report in enumerate(reports):
        for x, rule in enumerate(rules):
            summaries = [s for s in report.get("summary", ()) if s["rule"] == rule]
            judged = sum(int(s["windows_judged"]) for s in summaries)
            met = sum(int(s["windows_met"]) for s in summaries)
            still = sum(len(s.get("open", ())) for s in summaries)
            if judged:
                colour = share(met / judged)
                status = "missed" if met < judged else "met"
                _cell(ax, x, y, 1, status=status, text=f"{met}/{judged}", colour=colour)
            elif still:
                _cell(ax, x, y, 1, status="open", text="open")
            else:
                _cell(ax, x, y, 1, status="not judged", text="–")
    ax.set_xlim(0, len(rules))
    ax.set_xticks(
        [x + 0.5 for x in range(len(rules))],
        [shown(rule) for rule in rules],
        rotation=35,
        ha="right",
        rotation_mode="anchor",
    )
    _rows(ax, [f"{shown(r.get('branch', ''))} {short(r.get('name', ''))}" for r in reports])
    _legend(
        fig, ["met", "missed", "open", "not judged"], ["all met", "some missed (redder: fewer met)"]
    )
    return svg_of(fig, name, label)


def _cell(
    ax: Axes, x: float, y: int, width: int, *, status: str, text: str, colour: Any = None
) -> None:
    """One cell: filled by status (or the colour given), hatched when missed, text inside."""
    fill = colour if colour is not None else STATUS_FILL.get(status, NOT_JUDGED)
    ax.add_patch(
        Rectangle(
            (x, y),
            width,
            1,
            facecolor=fill,
            edgecolor="white",
            linewidth=1.5,
            hatch=_hatch(status),
        )
    )
    ax.text(x + width / 2, y + 0.5, text, ha="center", va="center", fontsize=7.5, color=INK)


def _hatch(status: str) -> str | None:
    """Missed cells hatched, open ones dotted: they read apart in black and white print."""
    return {"missed": MISSED_HATCH, "open": OPEN_HATCH}.get(status)


def _rows(ax: Axes, labels: list[str]) -> None:
    """Row labels down the left, the first row at the top, no box and no ticks."""
    ax.set_ylim(len(labels), 0)
    ax.set_yticks([y + 0.5 for y in range(len(labels))], labels)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)


def _legend(fig: Figure, statuses: list[str], names: Sequence[str] = ()) -> None:
    """A key below the map: a swatch a status, named as the record names it (or by `names`)."""
    handles = [
        Patch(
            facecolor=STATUS_FILL.get(s, NOT_JUDGED),
            edgecolor="#999999",
            linewidth=0.5,
            hatch=_hatch(s),
        )
        for s in statuses
    ]
    labels = [*names, *statuses[len(names) :]]
    fig.legend(handles, labels, loc="outside lower center", ncols=len(statuses), fontsize=8)


def _in_year(window: Mapping[str, Any], year: int) -> bool:
    return str(window["start"]) <= f"{year}-12-31" and str(window["end"]) >= f"{year}-01-01"


def _months(window: Mapping[str, Any], year: int) -> tuple[int, int]:
    """The first and last month of the year (1..12) that a window covers."""
    start, end = str(window["start"]), str(window["end"])
    first = 1 if start < f"{year}-01-01" else int(start[5:7])
    last = 12 if end > f"{year}-12-31" else int(end[5:7])
    return first, last


def _row_label(rule: str, subject: str | None) -> str:
    return shown(rule) if subject is None else f"{shown(rule)} · {short(subject)}"
