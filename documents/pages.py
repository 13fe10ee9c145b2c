"""The year's report as one self-contained HTML page: a branch's work record book of the year
(工作记录本) or an organisation's year over its branches.

The page is rendered by jinja2 from documents/templates with autoescape on for every template
and StrictUndefined, so every text from the record is escaped and a missing field is an error,
never an empty cell. The only markup taken as is are the charts' SVG strings, which
documents.charts draws and escapes itself; a chart left out of the dict shows "no data". The
stylesheet (documents/templates/report.css) is inlined: the page names no external URL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from branchbook.domain.inert import shown
from branchbook.domain.roll import ROLL_STATUSES

# The sections of a branch's page, in order: (id, heading).
BRANCH_SECTIONS = (
    ("particulars", "Particulars"),
    ("roster", "Roster"),
    ("meetings", "Meetings"),
    ("pipeline", "Admission pipeline"),
    ("dues", "Dues"),
    ("talks", "Talks and training"),
    ("compliance", "Compliance"),
    ("evaluation", "Evaluation"),
    ("history", "Members over the years"),
)
# The sections of an organisation's page, in order: (id, heading).
ORGANISATION_SECTIONS = (
    ("branches", "Branches"),
    ("statistics", "Statistics"),
    ("compliance", "Compliance"),
    ("overdue", "Overdue elections and approvals"),
    ("admissions", "Admissions"),
    ("history", "Members over the years"),
)
# The statuses in the order the record's life takes them (domain.member Status).
STATUS_ORDER = (
    "applicant", "activist", "candidate", "admitted", "probationary", "full",
    "suspended", "withdrawn", "revoked", "removed", "expelled", "deceased",
)  # fmt: skip

_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CSS_PLAIN = re.compile("[A-Za-z0-9 ]")


def zh(text: object) -> Markup:
    """The text escaped, inside a span lang="zh" when it holds Chinese characters."""
    if text is None:
        return Markup("")
    value = shown(text)
    if _CJK.search(value):
        return Markup('<span lang="zh">{}</span>').format(value)
    return escape(value)


def css_string(text: object) -> Markup:
    """A quoted CSS string holding the text: every character but letters, digits and spaces
    as a six-digit hex escape and the space that ends it, so no quote, backslash or
    `</style>` of the record can end the string or the style element."""
    out = "".join(c if _CSS_PLAIN.fullmatch(c) else f"\\{ord(c):06x} " for c in str(text))
    return Markup(f'"{out}"')  # noqa: S704 only letters, digits, spaces and escapes


def yuan(fen: int) -> str:
    """An amount in fen as yuan with two decimals."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def status_order(statuses: Iterable[str]) -> list[str]:
    """The statuses given, in the record's order, any unknown ones after them by name."""
    known = [s for s in STATUS_ORDER if s in statuses]
    return known + sorted(s for s in statuses if s not in STATUS_ORDER)


@cache
def environment() -> Environment:
    """The templates' environment: autoescape for every template, undefined is an error."""
    env = Environment(
        loader=PackageLoader("branchbook.documents", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_inert,
    )
    env.filters["zh"] = zh
    env.filters["css_string"] = css_string
    env.filters["yuan"] = yuan
    env.filters["groupby_missed"] = by_obligation
    env.globals["status_order"] = status_order
    return env


def by_obligation(
    results: Iterable[Mapping[str, Any]],
) -> list[tuple[tuple[str, str | None], list[Mapping[str, Any]]]]:
    """The windows missed grouped by obligation (and its group or meeting), in the order each
    obligation is first missed, each group in window order."""
    groups: dict[tuple[str, str | None], list[Mapping[str, Any]]] = {}
    for r in results:
        groups.setdefault((str(r["rule"]), r.get("subject")), []).append(r)
    return list(groups.items())


def _inert(value: Any) -> Any:
    """Every text printed into a page shown inert (domain/inert.py), then escaped; markup
    made here (the charts, the filters' spans) passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return shown(value)
    return value


def stylesheet() -> Markup:
    """The print and screen stylesheet, inlined into the page's head."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "report.css")
    if "</" in source:
        raise ValueError("report.css may not hold '</': it is inlined into a style element")
    return Markup(source)  # noqa: S704 the package's own stylesheet, not the record


def branch_page(report: Mapping[str, Any], charts: Mapping[str, str]) -> str:
    """The branch's work record book of the year, from `BranchYear.as_dict()` and the charts
    of documents.charts.branch_charts."""
    particulars = report["particulars"]
    title = f"{particulars['name']} ({report['branch']}): work record book {report['year']}"
    held = [e for e in particulars["elections"] if report["from"] <= e["held"] <= report["as_of"]]
    return _render(
        "branch.html.j2",
        report,
        charts,
        title=title,
        sections=BRANCH_SECTIONS,
        names=_branch_names(report),
        elections=held,
        roster_counts=tuple(
            Counter(row["status"] for row in report["roster"][day]) for day in ("start", "end")
        ),
        roll_counts=tuple(
            sum(row["status"] in ROLL_STATUSES for row in report["roster"][day])
            for day in ("start", "end")
        ),
        roll_statuses=status_order(ROLL_STATUSES),
    )


def organisation_page(report: Mapping[str, Any], charts: Mapping[str, str]) -> str:
    """The organisation's year over its branches, from `OrganisationYear.as_dict()` and the
    charts of documents.charts.organisation_charts."""
    organisation = report["organisation"]
    whose = (
        "Every branch"
        if organisation is None
        else f"{organisation['name']} ({organisation['code']})"
    )
    missed = [
        (c, [s for s in c["summary"] if s["missed"]])
        for c in report["compliance"]
        if any(s["missed"] for s in c["summary"])
    ]
    return _render(
        "organisation.html.j2",
        report,
        charts,
        title=f"{whose}: the year {report['year']}",
        sections=ORGANISATION_SECTIONS,
        missed=missed,
        start_on=f"{int(report['year']) - 1}-12-31",
        roll_statuses=status_order(ROLL_STATUSES),
    )


def _render(name: str, report: Mapping[str, Any], charts: Mapping[str, str], **more: Any) -> str:
    template = environment().get_template(name)
    return template.render(
        report=report,
        charts=charts,
        css=stylesheet(),
        **more,
    )


def _branch_names(report: Mapping[str, Any]) -> dict[str, str]:
    """The names the report knows, by member number: the roster's, the leadership's, those
    present at the meetings, in the pipeline, behind on dues and in the talks."""
    names: dict[str, str] = {}

    def add(rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            if row.get("name"):
                names[row["member"]] = row["name"]

    roster = report["roster"]
    add(roster["start"])
    add(roster["end"])
    add(roster["changes"])
    leadership = report["particulars"]["leadership"]
    if leadership is not None:
        add(leadership["members"])
    for meeting in report["meetings"]:
        names.update({k: v for k, v in meeting["names"].items() if v})
    for stage in report["pipeline"]["stages"]:
        add(stage["members"])
    add(report["dues"]["behind"])
    add(report["dues"]["never_paid"])
    add(report["talks"])
    return names
