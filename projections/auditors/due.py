"""What falls due, or is overdue, on a date: the deadlines of the members' records and of the
branches, each with the rule that sets it.

Answers a question, never judges a step: the record is read as it stood on the date asked
about, the parameters are those of the rulebook version given (the one in force on that date),
and nothing here reads the clock. An item is overdue when its due date is before the date
asked about, and due when it falls on that date or within the window after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from attrs import evolve, frozen
from sqlalchemy import Connection, select

from branchbook.domain.branch import BranchKind
from branchbook.domain.dates import add_months
from branchbook.domain.discipline import SanctionKind
from branchbook.domain.dues import FINDING_RULES, Ledger, months_suspended, owes_dues
from branchbook.domain.leadership import Office
from branchbook.domain.member import Status
from branchbook.domain.months import next_month
from branchbook.domain.participation import TAKING_PART
from branchbook.domain.rules import MONTHS, Judge, Rule, RulebookVersion, Severity
from branchbook.domain.wording import counted
from branchbook.projections.auditors.due_members import behind_on_dues, may_fall_due
from branchbook.projections.auditors.due_temporary import RULE, instead, temporary_branches
from branchbook.projections.branches.findings import reminder_of, vacancies_on
from branchbook.projections.branches.view import Counts, offices_on, roll_counts, status_on
from branchbook.projections.members.as_of import MemberState, states_on
from branchbook.projections.members.next_step import next_steps
from branchbook.projections.members.suspended import suspension_spells
from branchbook.projections.storage.tables import (
    branches,
    dues_payments,
    participations,
    sanctions,
    transfers,
)

OVERDUE = "overdue"
DUE = "due"

# The kind of item each rule of a member's next step gives.
STEP_KINDS: Mapping[str, str] = {
    "applicant.talk_deadline": "talk",
    "activist.after_application": "activist-eligible",
    "activist.assessment_interval": "assessment",
    "activist.min_cultivation": "candidate-eligible",
    "admission.assembly_after_prereview": "admission-vote",
    "approval.deadline": "approval",
    "conversion.approval_deadline": "approval",
    "probation.early_conversion": "conversion",
}
DUES_KINDS: Mapping[str, str] = {"dues.payment_period": "dues", "lapse.self_withdrawal": "lapse"}
_ON_ROLL = frozenset(s.value for s in TAKING_PART)
# The most months a rule's own test is tried with to find where it first fails: as many as a
# months parameter may hold.
_SEARCH_MONTHS = MONTHS.high


@frozen
class DueItem:
    """One deadline: what, whose, the rule and its source, and where it stands on the date."""

    kind: str
    subject: str  # a member number or a branch code
    name: str
    branch: str
    step: str
    rule: str
    citation: str
    due: date
    earliest: date | None
    latest: date | None
    status: str  # overdue | due
    days: int  # from the date asked about to the due date: negative when overdue

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "name": self.name,
            "branch": self.branch,
            "step": self.step,
            "rule": self.rule,
            "citation": self.citation,
            "due": self.due.isoformat(),
            "earliest": _iso(self.earliest),
            "latest": _iso(self.latest),
            "status": self.status,
            "days": self.days,
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@frozen
class _Window:
    """The date asked about, the last day of the window after it, and the rulebook version."""

    on: date
    last: date
    version: RulebookVersion

    def item(
        self,
        kind: str,
        who: tuple[str, str, str],
        step: str,
        rule_id: str,
        due: date,
        *,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> DueItem:
        subject, name, branch = who
        return DueItem(
            kind, subject, name, branch, step, rule_id, self.version[rule_id].citation, due,
            earliest, latest, OVERDUE if due < self.on else DUE, (due - self.on).days,
        )  # fmt: skip


def due_items(
    conn: Connection,
    on: date,
    version: RulebookVersion,
    within: int = 30,
    branch: str | None = None,
) -> list[DueItem]:
    """Every deadline overdue on a date or falling due within `within` days after it, by due
    date; of one branch and its members when `branch` is given."""
    window = _Window(on, window_end(on, within), version)
    states = states_on(conn, on, branch, only=may_fall_due(on, window.last, version))
    items = [
        *_member_items(states, window),
        *_sanction_items(conn, states, window),
        *_dues_items(conn, states, window),
        *_transfer_items(conn, states, window),
        *_branch_items(conn, branch, window),
    ]
    temporary = temporary_branches(conn)
    items = [_allowed(i, temporary, window) for i in items]
    return sorted(items, key=lambda i: (i.due, i.kind, i.subject, i.step))


def _allowed(item: DueItem, temporary: frozenset[str], w: _Window) -> DueItem:
    """The item, or the transfer a member of a temporary branch needs instead of a step the
    branch may not take (projections.auditors.due_temporary)."""
    if item.branch not in temporary:
        return item
    step = instead(item.kind, item.branch, item.step, w.version)
    if step is None:
        return item
    citation = w.version[RULE].citation
    return evolve(item, kind="transfer", step=step, rule=RULE, citation=citation)


def window_end(on: date, within: int) -> date:
    """The last day of the window: `within` days after the date, or the calendar's last day
    when that lies beyond it."""
    try:
        return on + timedelta(days=within)
    except OverflowError:
        return date.max


def _who(state: MemberState) -> tuple[str, str, str]:
    return state.view.number, state.view.name, state.view.branch


def _member_items(states: Iterable[MemberState], w: _Window) -> Iterator[DueItem]:
    for state in states:
        for step in next_steps(state.view, w.version, w.on):
            kind = STEP_KINDS.get(step.rule or "")
            if kind is None or step.rule is None:
                continue
            who = _who(state)
            if step.due is not None and step.due <= w.last:
                yield w.item(
                    kind, who, step.step, step.rule, step.due,
                    earliest=step.earliest, latest=step.latest,
                )  # fmt: skip
            elif step.due is None and step.earliest is not None:
                eligible = step.earliest
                if w.on <= eligible <= w.last:  # eligible within the window; never overdue
                    yield w.item(kind, who, step.step, step.rule, eligible, earliest=eligible)
        yield from _case_items(state, w)


def _case_items(state: MemberState, w: _Window) -> Iterator[DueItem]:
    row = state.row
    deadline = row.get("rect_deadline")
    if deadline is not None and deadline <= w.last and state.view.status not in _ENDED:
        step = f"end of the rectification order: {row.get('rect_matter') or ''}".rstrip(": ")
        yield w.item(
            "rectification", _who(state), step, "disposal.rectification_term", deadline,
            earliest=row.get("rect_ordered"),
        )  # fmt: skip
    suspended = row.get("suspended_on")
    if state.view.status == Status.SUSPENDED.value and suspended is not None:
        years = Judge(w.version).whole("lost_contact.removal", "after_suspension_years")
        removal = add_months(suspended, 12 * years)
        if removal <= w.last:
            step = "removal for lost contact, still out of contact after the suspension"
            yield w.item(
                "lost-contact", _who(state), step, "lost_contact.removal", removal,
                earliest=removal,
            )  # fmt: skip


_ENDED = frozenset(
    s.value for s in (Status.EXPELLED, Status.REMOVED, Status.DECEASED, Status.REVOKED)
)


def _sanction_items(
    conn: Connection, states: Iterable[MemberState], w: _Window
) -> Iterator[DueItem]:
    """Intra-party probations whose term runs out: rights restored, or the term extended."""
    current = {s.view.number: s for s in states if s.view.status not in _ENDED}
    c = sanctions.c
    rows = conn.execute(
        select(sanctions)
        .where(c.effective <= w.on, c.kind == SanctionKind.PROBATION.value)
        .order_by(c.position)
    )
    latest = {(r.member, r.kind, r.matter, r.since): r for r in rows if r.member in current}
    for (number, _, matter, _), r in sorted(latest.items(), key=lambda kv: kv[1].position):
        if r.restored is None and r.ends is not None and r.ends <= w.last:
            step = f"end of the intra-party probation for {matter}: restore rights or extend"
            yield w.item(
                "probation-end", _who(current[number]), step, "discipline.probation_expiry",
                r.ends, earliest=r.ends,
            )  # fmt: skip


def first_failing(rule: Rule, count: str, **facts: Any) -> int | None:
    """The fewest months (the fact `count`) for which the rule's own test fails on the facts,
    or None when it holds for every count tried or only computes."""
    if rule.severity is Severity.COMPUTE:
        return None
    for months in range(1, _SEARCH_MONTHS + 1):
        if not rule.holds({**facts, count: months}):
            return months
    return None


def _dues_items(conn: Connection, states: Iterable[MemberState], w: _Window) -> Iterator[DueItem]:
    """Runs of unpaid months: the rule's limit passed (overdue) or reached within the window."""
    on_roll = {s.view.number: s for s in states if owes_dues(s.view.status)}
    paid: dict[str, set[str]] = defaultdict(set)
    d = dues_payments.c
    behind = d.member.in_(behind_on_dues(w.on))  # the others have no unpaid run
    for number, month in conn.execute(select(d.member, d.month).where(d.paid_on <= w.on, behind)):
        paid[number].add(month)
    limits = {
        rule_id: first_failing(w.version[rule_id], "unpaid_months", member="", since=None, on=w.on)
        for rule_id in FINDING_RULES
        if rule_id in DUES_KINDS
    }
    owing = sorted(paid.keys() & on_roll.keys())
    spells = suspension_spells(conn, owing, w.on)
    for number in owing:
        excused = months_suspended(spells.get(number, ()), w.on)
        ledger = Ledger(number, frozenset(paid[number]), (), excused)
        months = ledger.unpaid_months(w.on)
        if not months:
            continue
        run, first_unpaid = len(months), months[-1]
        for rule_id, limit in limits.items():
            if limit is None:
                continue
            failing, owed = first_unpaid, 0
            while owed < limit:  # the month after the limit's last owed month
                owed += failing not in ledger.excused
                failing = next_month(failing)
            due = date.fromisoformat(f"{failing}-01") - timedelta(days=1)
            if due <= w.last:
                unpaid = f"{counted(run, 'month')} unpaid from {first_unpaid}"
                step = (
                    f"dues: {unpaid}"
                    if rule_id == "dues.payment_period"
                    else f"self-withdrawal at the limit of the rule: {unpaid}"
                )
                yield w.item(DUES_KINDS[rule_id], _who(on_roll[number]), step, rule_id, due)


def _transfer_items(
    conn: Connection, states: Iterable[MemberState], w: _Window
) -> Iterator[DueItem]:
    """Spells at a fixed place long enough to call for a transfer of the relation."""
    rule = w.version["transfer.required"]
    on_roll = {s.view.number: s for s in states if s.view.status in _ON_ROLL}
    t, p = transfers.c, participations.c
    moved: dict[str, date] = {}
    received = (t.outcome == "received") & (t.closed <= w.on)
    for number, closed in conn.execute(select(t.member, t.closed).where(received)):
        moved[number] = max(closed, moved.get(number, closed))
    rows = conn.execute(select(participations).where(p.since <= w.on).order_by(p.position))
    for r in rows:
        in_force = r.until is None or w.on < r.until
        if r.member not in on_roll or not r.fixed_place or not in_force:
            continue
        if r.member in moved and r.since <= moved[r.member]:
            continue  # settled by the transfer received since
        facts = {"member": r.member, "branch": r.branch, "since": r.since, "on": w.on}
        limit = first_failing(rule, "months", **facts)
        if limit is None:
            continue
        due = add_months(r.since, limit)
        if due <= w.last:
            step = f"transfer of the relation to {r.branch}, at a fixed place there since {r.since}"
            yield w.item("transfer", _who(on_roll[r.member]), step, rule.id, due, earliest=due)


def _branch_items(conn: Connection, code: str | None, w: _Window) -> Iterator[DueItem]:
    """The terms and seats of the branches open on the date: read from their leadership in
    force then, as the branch view reads it, without the roll and the findings."""
    b = branches.c
    query = select(b.code, b.name, b.kind, b.founded, b.dissolved, b.full_members_at_founding)
    if code is not None:
        query = query.where(b.code == code)
    in_force = offices_on(conn, w.on, code)
    counts = roll_counts(conn, w.on, code)
    for row in conn.execute(query.order_by(b.code)):
        if status_on(row.founded, row.dissolved, w.on) == "open":
            on_roll = counts.get(row.code, Counts()).size > 0
            yield from _founding_items(row, on_roll, row.code in in_force, w)
            yield from _term_items(row.code, row.name, in_force.get(row.code), w)


def _founding_items(row: Any, on_roll: bool, led: bool, w: _Window) -> Iterator[DueItem]:
    """What a branch lacks since its founding, due from then on: the full members it was founded
    with, while none is on its roll (a temporary branch's members keep their relation
    elsewhere), and a leadership, while none is recorded (as the branch's findings say)."""
    if row.founded > w.last:
        return
    who = (row.code, row.name, row.code)
    temporary = row.kind == BranchKind.TEMPORARY.value
    if not on_roll and not temporary:
        founded_with = row.full_members_at_founding
        step = (
            f"roll: founded on {row.founded}"
            + (f" with {founded_with} full members" if founded_with else "")
            + ", none on its roll: enter them (`member enrol`) or receive them "
            "(`transfer receive`)"
        )
        yield w.item("roll", who, step, "branch.founding_members", row.founded)
    if not led:
        how = (
            "the approving organisation appoints it (`branch appoint`)"
            if temporary
            else "the general assembly elects it (`branch elect`), or enter the one in office "
            "(`branch leadership`)"
        )
        step = f"leadership: none recorded since the founding on {row.founded}; {how}"
        yield w.item("leadership", who, step, "election.body", row.founded)


def _term_items(code: str, name: str, office: Office | None, w: _Window) -> Iterator[DueItem]:
    who = (code, name, code)
    term = office.term if office is not None else None
    if term is not None and term.end <= w.last:
        step = f"change of term: the term from {term.start} ends"
        yield w.item("term-end", who, step, "branch.term_overdue", term.end, earliest=term.earliest)
    reminder = reminder_of(term, w.version)
    if term is not None and reminder is not None and reminder <= w.last and w.on <= term.end:
        step = f"reminder of the end of the term on {term.end} by the higher organisation"
        item = w.item("term-reminder", who, step, "branch.term_reminder", reminder)
        yield evolve(item, status=DUE)  # whether it was given is not recorded: never overdue
    vacancies = vacancies_on(office.vacancies, w.on, w.version) if office is not None else ()
    if not vacancies:
        return
    warn = Judge(w.version).whole("branch.vacancy_fill", "warn_days")
    for vacancy in vacancies:
        due = vacancy.since + timedelta(days=warn)
        if due <= w.last:
            whose = f"{vacancy.member}'s seat" if vacancy.member else "a seat no election filled"
            step = f"by-election for {whose}, vacant since {vacancy.since}"
            yield w.item("vacancy", who, step, "branch.vacancy_fill", due, earliest=vacancy.since)
