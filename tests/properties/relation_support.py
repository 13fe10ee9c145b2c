"""Histories of transfers, discipline and disposal over three branches, played through the
recorder, and a fourth branch that may be dissolved and receive transfers found late.

An `Op` says what happens next, to whom and after how many days; a `Driver` turns it into
journal lines against what the store holds at that moment (the member's branch, the transfer
under way, the roll on the meeting date), records them one by one and keeps every date it used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from attrs import define, field, frozen
from hypothesis import strategies as st

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member, Status
from branchbook.domain.transfer import Transfer, Transfers
from branchbook.workflows.recording.recorder import Outcome, Recorder
from branchbook.workflows.store.app import BranchBook

COMMITTEE = "C1"
COMMISSION = "D1"
BRANCHES = ("B1", "B2", "B3")
# Founded without members; dissolved by a step, and the target of transfers recorded late
# (dated back, sometimes before its dissolution recorded already).
LATE = "B4"
PER_BRANCH = 5
NUMBERS = tuple(f"{b}M{i}" for b in BRANCHES for i in range(1, PER_BRANCH + 1))
START = date(2021, 1, 4)
# Probationary members were admitted this long before the record began.
PROBATION_BEFORE_START = timedelta(days=200)
KINDS = (
    *["request"] * 3, *["issue"] * 3, *["receive"] * 3, *["reject"] * 2,
    *["discipline"] * 2, *["approve"] * 3, *["review"] * 2,
    "suspend", "restore", "withdraw", "remove", "death", "dissolve", *["late"] * 2,
)  # fmt: skip
SANCTIONS = (("warning", None), ("probation", 12), ("probation", 24), ("expulsion", None))


@frozen
class Op:
    """One generated step: its kind, whom it picks, days after the previous step, a number
    and a flag that choose among its variants (target branch, sanction, outcome, body), and
    whether the next steps of the same case follow (a transfer's issue and receipt, the higher
    body's approval of a resolution), `pick` days later."""

    kind: str
    who: int
    gap: int
    pick: int
    flag: bool
    follow: bool = False


def opening(full: Sequence[bool]) -> list[dict[str, Any]]:
    """The higher organisation, its discipline commission, three branches and their members;
    `full[i]` says whether the i-th member is enrolled full or probationary."""
    founded = (START - timedelta(days=30)).isoformat()
    lines: list[dict[str, Any]] = [
        {"command": "org.add", "date": founded, "code": COMMITTEE, "name": "Committee",
         "kind": "committee", "approves-admissions": True},
        {"command": "org.add", "date": founded, "code": COMMISSION, "name": "Commission",
         "kind": "discipline-commission", "parent": COMMITTEE},
    ]  # fmt: skip
    for code in (*BRANCHES, LATE):
        lines.append(
            {"command": "branch.found", "date": founded, "code": code, "name": code,
             "kind": "regular", "parent": COMMITTEE, "full-members": PER_BRANCH}
        )  # fmt: skip
    for number, is_full in zip(NUMBERS, full, strict=True):
        line = {"command": "member.enrol", "date": START.isoformat(), "member": number,
                "name": number, "birth": "1980-01-01", "branch": number[:2]}  # fmt: skip
        if is_full:
            line.update(status="full", admitted="2010-01-01", **{"full-since": "2011-01-01"})
        else:
            line.update(status="probationary", admitted=str(START - PROBATION_BEFORE_START))
        lines.append(line)
    return lines


@define
class Driver:
    """Plays ops through the recorder, reading the store to fill in each journal line."""

    app: BranchBook
    recorder: Recorder = field(init=False)
    today: date = START
    serial: int = 0
    dates: set[date] = field(factory=set)
    outcomes: list[tuple[dict[str, Any], Outcome]] = field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.recorder = Recorder(self.app, builtin_rulebook(), actor="property")

    # Recording --------------------------------------------------------------------------

    def record(self, line: dict[str, Any]) -> Outcome:
        """Record one line; a line not accepted must leave the store as it was."""
        before = self.app.recorder.max_notification_id()
        outcome = self.recorder.record(line["command"], line)
        after = self.app.recorder.max_notification_id()
        if outcome.accepted:
            assert after is not None
            assert before is None or after > before, line
        else:
            assert after == before, (line, outcome)
        self.dates.add(date.fromisoformat(line["date"]))
        self.outcomes.append((line, outcome))
        return outcome

    def now(self, command: str, **values: Any) -> Outcome:
        """A new step dated today. Each has a key of its own: the same content recorded twice
        on one day would otherwise be one command (already recorded), not a second step."""
        line = {"command": command, "date": self.today.isoformat(), **values}
        return self.record({**line, "id": f"line-{len(self.outcomes) + 1}"})

    # Reading the store --------------------------------------------------------------------

    def member(self, number: str) -> Member:
        found: object = self.app.repository.get(ids.member_id(number))
        assert isinstance(found, Member)
        return found

    def branch(self, code: str) -> Branch:
        found: object = self.app.repository.get(ids.branch_id(code))
        assert isinstance(found, Branch)
        return found

    def pending(self, number: str) -> Transfer | None:
        found = self.app.find(ids.transfers_id(number))
        return found.pending if isinstance(found, Transfers) else None

    def choose(self, op: Op, wanted: Iterable[str]) -> str:
        """The op's pick among the members it fits, or among everyone when none fits."""
        fits = list(wanted) or list(NUMBERS)
        return fits[op.who % len(fits)]

    def where(self, status: Status) -> list[str]:
        return [n for n in NUMBERS if self.member(n).status is status]

    # Playing ops ----------------------------------------------------------------------------

    def play(self, op: Op) -> None:
        self.today += timedelta(days=op.gap)
        getattr(self, f"_{op.kind}")(op)

    def _request(self, op: Op) -> None:
        # One pick in three names the member's own branch, which the rules refuse.
        number = self.choose(op, [n for n in NUMBERS if self.pending(n) is None])
        branch = self.member(number).branch
        own = BRANCHES.index(branch) if branch in BRANCHES else -1
        to = BRANCHES[(own + 1 + op.pick % 3) % 3]
        self.now("transfer.request", member=number, to=to, reason="moved")
        if op.follow:
            self._issue(op, number)
            self.today += timedelta(days=op.pick)
            self._receive(op, number)

    def _under_way(self, op: Op) -> str:
        return self.choose(op, [n for n in NUMBERS if self.pending(n) is not None])

    def _issue(self, op: Op, number: str | None = None) -> None:
        self.serial += 1
        number = number or self._under_way(op)
        self.now("transfer.issue", member=number, body=COMMITTEE, ref=f"L-{self.serial}")

    def _approved(self, op: Op, number: str) -> None:
        """The approval of a resolution just taken, the op's pick of days later."""
        if op.follow:
            self.today += timedelta(days=op.pick)
            self._approve(op, number)

    def _receive(self, op: Op, number: str | None = None) -> None:
        """The receiving branch takes the member in; without the op's flag the wrong branch
        tries first, and must be refused."""
        number = number or self._under_way(op)
        pending = self.pending(number)
        if pending is None:
            self.now("transfer.receive", member=number, branch=BRANCHES[op.pick % 3])
            return
        if not op.flag:
            wrong = [b for b in BRANCHES if b != pending.to][op.pick % 2]
            outcome = self.now("transfer.receive", member=number, branch=wrong)
            assert outcome.status == "rejected", outcome
        if op.flag or op.follow:
            self.now("transfer.receive", member=number, branch=pending.to)

    def _reject(self, op: Op) -> None:
        number = self._under_way(op)
        pending = self.pending(number)
        by = pending.to if pending else COMMITTEE
        silent = op.pick % 4 == 3  # a refusal must give a reason
        outcome = self.now(
            "transfer.reject", member=number, by=by, reason="" if silent else "no work unit"
        )
        if silent:
            assert not outcome.accepted, outcome

    def _assembly(self, number: str) -> tuple[str, int]:
        """Hold a general assembly today in the member's branch, everyone on its roll present;
        return its code and the votes of everyone counted."""
        branch = self.branch(self.member(number).branch)
        present = branch.members_on(self.today)
        counted = set(branch.counted_on(self.today))
        self.serial += 1
        code = f"{branch.code}-A{self.serial}"
        self.now(
            "meeting.hold",
            branch=branch.code,
            kind="assembly",
            present=present,
            chair=present[0] if present else number,
            code=code,
        )
        return code, len(counted & set(present))

    def _discipline(self, op: Op) -> None:
        number = self.choose(op, self.where(Status.FULL) if op.flag else [])
        sanction, months = SANCTIONS[op.pick % len(SANCTIONS)]
        meeting, yes = self._assembly(number)
        term = {"months": months} if months else {}
        self.now(
            "member.discipline",
            member=number,
            meeting=meeting,
            sanction=sanction,
            matter=f"matter-{op.pick % 3}",
            yes=yes,
            **term,
        )
        self._approved(op, number)

    def _approve(self, op: Op, number: str | None = None) -> None:
        number = number or self.choose(
            op, [n for n in NUMBERS if self.member(n).pending is not None]
        )
        pending = self.member(number).pending
        expulsion = bool(pending and (pending.detail or {}).get("sanction") == "expulsion")
        right, wrong = (COMMISSION, COMMITTEE) if expulsion else (COMMITTEE, COMMISSION)
        self.now("member.approve", member=number, body=wrong if op.pick % 4 == 3 else right)

    def _review(self, op: Op) -> None:
        number = self.choose(
            op, [n for n in NUMBERS if self.member(n).probation_sanction is not None]
        )
        running = self.member(number).probation_sanction
        if op.flag and running is not None and running.ends is not None:
            self.today = max(self.today, running.ends)
        meeting, yes = self._assembly(number)
        outcome = "restore" if op.pick % 2 == 0 else "extend"
        self.now("member.review-sanction", member=number, meeting=meeting, outcome=outcome, yes=yes)
        self._approved(op, number)

    def _suspend(self, op: Op) -> None:
        number = self.choose(op, self.where(Status.FULL))
        if op.flag:
            since = (self.today - timedelta(days=7 * 31)).isoformat()
            self.now("member.suspend-membership", member=number, reason="lost-contact", since=since)
        else:
            self.now("member.suspend-membership", member=number, reason="emigrated")

    def _restore(self, op: Op) -> None:
        number = self.choose(op, self.where(Status.SUSPENDED))
        self.now("member.restore-membership", member=number)

    def _withdraw(self, op: Op) -> None:
        number = self.choose(op, [])
        meeting, _ = self._assembly(number)
        self.now("member.withdraw", member=number, meeting=meeting, **{"filed-with": COMMITTEE})

    def _remove(self, op: Op) -> None:
        number = self.choose(op, self.where(Status.SUSPENDED) if op.flag else [])
        suspended = self.member(number).status is Status.SUSPENDED
        basis = "lost-contact" if suspended and op.pick % 2 else "unqualified"
        meeting, yes = self._assembly(number)
        self.now(
            "member.remove",
            member=number,
            meeting=meeting,
            basis=basis,
            matter=f"matter-{op.pick % 3}",
            yes=yes,
        )
        self._approved(op, number)

    def _death(self, op: Op) -> None:
        self.now("member.death", member=self.choose(op, []))

    def _dissolve(self, op: Op) -> None:
        """The higher committee dissolves the fourth branch today, if its roll is empty."""
        self.now("branch.dissolve", branch=LATE, body=COMMITTEE, reason="task ended")

    def _late(self, op: Op) -> None:
        """A transfer into the fourth branch whose papers are found late: requested, issued
        and received on one day, the op's pick of days (and one) before today."""
        number = self.choose(
            op,
            [n for n in NUMBERS if self.pending(n) is None and self.member(n).branch != LATE],
        )
        on = (self.today - timedelta(days=op.pick + 1)).isoformat()
        self.serial += 1
        for command, values in (
            ("transfer.request", {"to": LATE, "reason": "moved"}),
            ("transfer.issue", {"body": COMMITTEE, "ref": f"L-{self.serial}"}),
            ("transfer.receive", {"branch": LATE}),
        ):
            self.record({"command": command, "date": on, "member": number, **values})

    # What the history covers ------------------------------------------------------------

    def check_dates(self) -> list[date]:
        """Every date anything was recorded on, with the day before and the day after: the
        rolls, standings and relations only change on those dates."""
        days = {d + timedelta(days=k) for d in self.dates for k in (-1, 0, 1)}
        return sorted(days)


@contextmanager
def fresh_store() -> Iterator[BranchBook]:
    """An application on an empty in-memory SQLite store of its own, closed afterwards."""
    app = BranchBook("sqlite:///:memory:")
    try:
        yield app
    finally:
        app.close()


# Steps of every kind, to anyone, at gaps from none to more than a year.
ops = st.builds(
    Op,
    kind=st.sampled_from(KINDS),
    who=st.integers(min_value=0, max_value=len(NUMBERS) - 1),
    gap=st.sampled_from([0, 1, 7, 30, 90, 200, 400]),
    pick=st.integers(min_value=0, max_value=11),
    flag=st.booleans(),
    follow=st.booleans(),
)
