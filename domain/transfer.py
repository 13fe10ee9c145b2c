"""Transfers of a member's organisational relation between branches (EM art. 25).

A transfer is requested, issued by the outgoing side, then received or refused. Until the
receiving branch receives it the member stays in the outgoing branch, which keeps
responsibility; on receipt the relation moves in one step: the member, the outgoing branch's
roll and the receiving branch's roll change in the same transaction. Activists and candidates
have no relation: their materials move the same way, and their cultivation time runs on.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from attrs import evolve, frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.branch import Branch, Standing
from branchbook.domain.member import Member, Status
from branchbook.domain.organisation import Body
from branchbook.domain.roll import LEFT
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

# Who may be transferred: people on the path to membership (their materials) and members.
MOVABLE = (
    Status.APPLICANT,
    Status.ACTIVIST,
    Status.CANDIDATE,
    Status.PROBATIONARY,
    Status.FULL,
)


@frozen
class Transfer:
    """One transfer of the relation (or of the materials) from one branch to another."""

    number: int
    origin: str
    to: str
    reason: str
    requested: date
    issued: date | None = None
    ref: str | None = None
    outcome: str | None = None  # received | refused
    closed: date | None = None
    refusal: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "from": self.origin,
            "to": self.to,
            "reason": self.reason,
            "requested": self.requested.isoformat(),
            "issued": self.issued.isoformat() if self.issued else None,
            "ref": self.ref,
            "outcome": self.outcome,
            "closed": self.closed.isoformat() if self.closed else None,
            "refusal": self.refusal,
        }


class Transfers(Aggregate):
    """The transfers of one member, identified by the member's number."""

    TOPIC = "branchbook:Transfers"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Transfers.Event"
        step: Step

    class Opened(Aggregate.Created):
        TOPIC = "branchbook:Transfers.Opened"
        number: str
        step: Step

    class Requested(Event):
        TOPIC = "branchbook:Transfers.Requested"
        origin: str
        to: str
        reason: str

    class Issued(Event):
        TOPIC = "branchbook:Transfers.Issued"
        body: str
        ref: str

    class Received(Event):
        TOPIC = "branchbook:Transfers.Received"
        branch: str

    class Refused(Event):
        TOPIC = "branchbook:Transfers.Refused"
        by: str
        reason: str

    @staticmethod
    def create_id(number: str) -> UUID:
        return ids.transfers_id(number)

    @classmethod
    def open(cls, *, number: str, step: Step) -> Transfers:
        """The member's transfer file, opened with their first request."""
        return cls(number=number, step=step)

    @event(Opened)
    def __init__(self, *, number: str, step: Step) -> None:
        self.number = number
        self.history: list[Transfer] = []
        self.pending: Transfer | None = None

    def _expect(self, judge: Judge, step: str, *, wanted: bool) -> None:
        judge.check(
            "record.transfer_pending",
            member=self.number,
            pending=self.pending.to if self.pending else None,
            wanted=wanted,
            step=step,
        )

    def request(
        self, *, member: Member, origin: Branch, to: Branch, reason: str, step: Step, judge: Judge
    ) -> None:
        """The member (or their unit) asks to move the relation to another branch."""
        on = step.effective
        self._expect(judge, "request a transfer", wanted=False)
        member.expect(judge, "transfer request", *MOVABLE, on=on)
        to.check_exists_on(judge, on)
        judge.check("transfer.destination", member=member.number, origin=origin.code, to=to.code)
        to.check_takes_relation(judge, member=member.number, on=on, step="transfer")
        if member.status is Status.PROBATIONARY:
            judge.check(
                "transfer.probation_expired", member=member.number, on=on, ends=member.probation_end
            )
        self._requested(origin=origin.code, to=to.code, reason=reason, step=step.judged(judge))

    @event(Requested)
    def _requested(self, *, origin: str, to: str, reason: str, step: Step) -> None:
        number = len(self.history) + 1
        self.pending = Transfer(number, origin, to, reason, step.effective)

    def issue(self, *, body: Body, ref: str, step: Step, judge: Judge) -> None:
        """The outgoing side's higher committee issues the transfer (letter or online)."""
        on = step.effective
        self._expect(judge, "issue a transfer", wanted=True)
        pending = self.pending
        assert pending is not None
        judge.check(
            "record.step_order", step="issue", on=on, what="the request", after=pending.requested
        )
        judge.check(
            "record.transition",
            member=self.number,
            status="a transfer already issued",
            step="issue",
            allowed=["a transfer requested, not yet issued"],
            ok=pending.issued is None,
        )
        body.check_above(judge, branch=pending.origin, acting=f"the transfer of {self.number}")
        self._issued(body=body.code, ref=ref, step=step.judged(judge))

    @event(Issued)
    def _issued(self, *, body: str, ref: str, step: Step) -> None:
        assert self.pending is not None
        self.pending = evolve(self.pending, issued=step.effective, ref=ref)

    def receive(
        self, *, member: Member, origin: Branch, branch: Branch, step: Step, judge: Judge
    ) -> None:
        """The receiving branch takes the member in: the relation moves on this date."""
        on = step.effective
        pending = self._issued_pending(judge, "receive a transfer", on)
        judge.check(
            "transfer.receiving_branch", member=self.number, branch=branch.code, to=pending.to
        )
        branch.check_exists_on(judge, on)
        branch.check_relation_kept(
            judge, on, member=self.number, step="the receipt of the transfer"
        )
        member.expect(judge, "receipt of a transfer", *MOVABLE, on=on)
        on_roll = member.standing.on_roll
        if on_roll:
            branch.check_room(judge, on, joining=member.number)
        judged = step.judged(judge)
        # Leaving a post is judged too (the leadership's dates): it goes before any change.
        origin.leave_office(member=member.number, reason="transferred", step=judged, judge=judge)
        self._received(branch=branch.code, step=judged)
        member.move(to=branch.code, transfer=pending.number, step=judged, judge=judge)
        if on_roll:
            origin.record_standing(member=member.number, standing=_left(on), step=judged)
            branch.record_standing(member=member.number, standing=member.standing, step=judged)

    def refuse(self, *, by: str, reason: str, step: Step, judge: Judge) -> None:
        """The transfer is refused, with a reason; the member stays where they are."""
        on = step.effective
        self._expect(judge, "refuse a transfer", wanted=True)
        pending = self.pending
        assert pending is not None
        judge.check(
            "record.step_order",
            step="refusal",
            on=on,
            what="the request",
            after=pending.issued or pending.requested,
        )
        judge.check("transfer.rejection_reason", member=self.number, reason=reason)
        self._refused(by=by, reason=reason, step=step.judged(judge))

    def _issued_pending(self, judge: Judge, step: str, on: date) -> Transfer:
        self._expect(judge, step, wanted=True)
        pending = self.pending
        assert pending is not None
        judge.check(
            "record.transition",
            member=self.number,
            status="a transfer requested but not issued",
            step=step,
            allowed=["an issued transfer"],
            ok=pending.issued is not None,
        )
        assert pending.issued is not None
        judge.check("record.step_order", step=step, on=on, what="the issue", after=pending.issued)
        return pending

    @event(Received)
    def _received(self, *, branch: str, step: Step) -> None:
        self._close("received", step.effective, None)

    @event(Refused)
    def _refused(self, *, by: str, reason: str, step: Step) -> None:
        self._close("refused", step.effective, f"{by}: {reason}")

    def _close(self, outcome: str, on: date, refusal: str | None) -> None:
        assert self.pending is not None
        self.history.append(evolve(self.pending, outcome=outcome, closed=on, refusal=refusal))
        self.pending = None


def _left(on: date) -> Standing:
    return Standing(on, LEFT, False, False)
