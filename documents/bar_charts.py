"""The reports' bar charts: members by status at each year end, the admission pipeline as a
funnel, dues paid against dues owed by month, and admissions and conversions by branch.

Each takes the part of the report dict it draws (as projections.yearbook gives it) and
returns an inline SVG, or None when there is nothing to draw. Counts are written on the bars,
so the charts read in black and white print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from branchbook.documents.chart_style import (
    ADMISSIONS,
    CONVERSIONS,
    GRID,
    MISSED,
    MISSED_HATCH,
    MONTHS,
    ON_TIME,
    OPEN,
    OWED,
    PAID,
    STATUS_COLOURS,
    figure,
    status_colour,
    svg_of,
)
from branchbook.domain.inert import shown


def members_by_status(history: Sequence[Mapping[str, Any]], name: str, label: str) -> str | None:
    """Stacked bars, one a year: the members on the books at the year's end by status (the
    last bar on the report's day), the total above each bar."""
    if not history or not any(sum(h["by_status"].values()) for h in history):
        return None
    found = {s for h in history for s in h["by_status"]}
    others = sorted(found - STATUS_COLOURS.keys())
    statuses = [s for s in STATUS_COLOURS if s in found] + others
    totals = [sum(h["by_status"].values()) for h in history]
    highest = max(totals)
    fig = figure(7.5, 3.4)
    ax = fig.add_subplot()
    xs = range(len(history))
    base = [0] * len(history)
    for status in statuses:
        counts = [int(h["by_status"].get(status, 0)) for h in history]
        ax.bar(
            xs,
            counts,
            0.62,
            bottom=base,
            color=status_colour(status, others),
            edgecolor="white",
            linewidth=0.6,
            label=shown(status),
        )
        for x, (below, n) in enumerate(zip(base, counts, strict=True)):
            if n and n >= highest * 0.07:
                ax.text(x, below + n / 2, str(n), ha="center", va="center", fontsize=7)
        base = [b + n for b, n in zip(base, counts, strict=True)]
    for x, total in enumerate(totals):
        ax.text(x, total + highest * 0.02, str(total), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(xs), [_year_label(h) for h in history])
    ax.set_ylim(0, highest * 1.12)
    ax.set_ylabel("members")
    _quiet(ax)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_of(fig, name, label)


def pipeline(stages: Sequence[Mapping[str, Any]], name: str, label: str) -> str | None:
    """A funnel: one horizontal bar a stage of the admission path, in path order from the
    top, centred; the people whose next step is overdue or due marked in red and amber."""
    counts = [int(s["count"]) for s in stages]
    if not any(counts):
        return None
    widest = max(counts)
    used: set[str] = set()  # the parts some stage has, named in the key
    fig = figure(7.5, 0.45 * len(stages) + 1.1)
    ax = fig.add_subplot()
    for y, stage in enumerate(stages):
        late = sum(1 for m in stage["members"] if m.get("status") == "overdue")
        due = sum(1 for m in stage["members"] if m.get("status") == "due")
        parts = [(late, MISSED, "next step overdue"), (due, OPEN, "next step due")]
        parts.append((max(counts[y] - late - due, 0), ON_TIME, "on time"))
        left = -counts[y] / 2
        used.update(part for n, _, part in parts if n)
        for n, colour, part in parts:
            hatch = MISSED_HATCH if colour == MISSED else None
            ax.barh(y, n, 0.7, left=left, color=colour, edgecolor="white", label=part, hatch=hatch)
            left += n
        said = [f"{n} {word}" for n, word in ((late, "overdue"), (due, "due")) if n]
        if said:
            ax.text(counts[y] / 2 + widest * 0.02, y, ", ".join(said), va="center", fontsize=7)
    ax.set_yticks(
        range(len(stages)),
        [f"{shown(s['stage'])} ({n})" for s, n in zip(stages, counts, strict=True)],
    )
    ax.set_ylim(len(stages) - 0.5, -0.5)
    ax.set_xlim(-widest * 0.55, widest * 0.85)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    handles, labels = ax.get_legend_handles_labels()
    key = {part: handle for handle, part in zip(handles, labels, strict=True) if part in used}
    ax.legend(list(key.values()), list(key), loc="lower right", fontsize=8)
    return svg_of(fig, name, label)


def dues_by_month(
    months: Sequence[Mapping[str, Any]], reached: str, name: str, label: str
) -> str | None:
    """Two bars a month: the members who owed dues for it, and those with a payment for it,
    "paid/owed" written above; a month after `reached` (YYYY-MM, the report's day) has not
    begun, and is left blank but for what was paid ahead for it."""
    owed = [int(m["owed"]) for m in months]
    paid = [int(m["paid"]) for m in months]
    if not any(owed) and not any(paid):
        return None
    highest = max(*owed, *paid)
    fig = figure(7.5, 3.0)
    ax = fig.add_subplot()
    xs = list(range(len(months)))
    ax.bar([x - 0.2 for x in xs], owed, 0.38, color=OWED, label="owed")
    ax.bar([x + 0.2 for x in xs], paid, 0.38, color=PAID, label="paid")
    for x, (p, o) in enumerate(zip(paid, owed, strict=True)):
        said = f"{p}/{o}" if str(months[x]["month"]) <= reached else ("ahead" if p else "")
        ax.text(x, max(p, o) + highest * 0.02, said, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs, [_month_label(str(m["month"])) for m in months])
    ax.set_ylim(0, highest * 1.15)
    ax.set_ylabel("members")
    _quiet(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_of(fig, name, label)


def admissions_by_branch(
    branches: Sequence[Mapping[str, Any]], name: str, label: str
) -> str | None:
    """Two bars a branch, by code: the admissions and the conversions of the year."""
    admitted = [int(b["admissions"]) for b in branches]
    converted = [int(b["conversions"]) for b in branches]
    if not any(admitted) and not any(converted):
        return None
    highest = max(*admitted, *converted)
    fig = figure(7.5, 3.2)
    ax = fig.add_subplot()
    xs = list(range(len(branches)))
    for shift, counts, colour, series in (
        (-0.2, admitted, ADMISSIONS, "admissions"),
        (0.2, converted, CONVERSIONS, "conversions"),
    ):
        bars = ax.bar([x + shift for x in xs], counts, 0.38, color=colour, label=series)
        ax.bar_label(bars, fontsize=7, padding=1)
    many = len(branches) > 12
    ax.set_xticks(
        xs,
        [shown(b["code"]) for b in branches],
        rotation=60 if many else 0,
        ha="right" if many else "center",
    )
    ax.set_ylim(0, highest * 1.15)
    ax.set_ylabel("people")
    _quiet(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_of(fig, name, label)


def _quiet(ax: Axes) -> None:
    """Light horizontal grid lines, no box, whole numbers on the count axis."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0)


def _year_label(point: Mapping[str, Any]) -> str:
    """The year; with the day as well when it is not the year's end (the report's day)."""
    year, on = str(point["year"]), str(point["on"])
    return year if on.endswith("-12-31") else f"{year}\nto {on[5:]}"


def _month_label(month: str) -> str:
    """Jan..Dec for a month written YYYY-MM."""
    number = month[5:7]
    return MONTHS[int(number) - 1] if number.isdigit() and 1 <= int(number) <= 12 else shown(month)
