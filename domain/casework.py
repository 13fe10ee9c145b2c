"""Discipline and disposal cases: what each step checks before the Member records it.

The assembly's resolutions (a sanction, the end of an intra-party probation, urging to
withdraw, removal) wait for the higher body's approval through `Member.approve`; a
withdrawal is announced and filed; a rectification order is the committee's; death ends the
record.
"""

from __future__ import annotations

from datetime import date

from branchbook.domain.branch import Branch
from branchbook.domain.dates import add_months
from branchbook.domain.decisions import Decision, Votes, announcement, forbid_in_temporary
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Rectification, Status
from branchbook.domain.member.state import PATH
from branchbook.domain.organisation import Body
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step

ALIVE = (*PATH, Status.SUSPENDED)  # the admission path, and membership suspended


def discipline(
    member: Member,
    *,
    sanction: SanctionKind,
    matter: str,
    months: int | None,
    meeting: Meeting,
    branch: Branch,
    votes: Votes,
    step: Step,
    judge: Judge,
) -> None:
    """The general assembly resolves on one of the five sanctions (PC art. 41-42)."""
    on = step.effective
    judge.check(
        "discipline.probationary_member",
        member=member.number,
        status=member.status.value,
        sanction=sanction.value,
    )
    running = member.probation_sanction
    member.expect(
        judge,
        f"a sanction of {sanction.value}",
        Status.FULL,
        on=on,
        ok=not (sanction is SanctionKind.PROBATION and running is not None),
        why="already under intra-party probation",
    )
    if sanction is SanctionKind.PROBATION:
        judge.check("discipline.probation_term", months=months or 0, extended=0, extension=0)
    detail = {"sanction": sanction.value, "matter": matter, "months": months}
    member.resolve_case(
        decision=Decision.DISCIPLINE,
        detail=detail,
        meeting=meeting,
        branch=branch,
        votes=votes,
        step=step,
        judge=judge,
    )


def review_sanction(
    member: Member,
    *,
    outcome: str,
    meeting: Meeting,
    branch: Branch,
    votes: Votes,
    step: Step,
    judge: Judge,
) -> None:
    """At the end of an intra-party probation: restore the rights, or extend a one-year term."""
    on = step.effective
    running = member.probation_sanction
    step_name = "the end of an intra-party probation"
    member.expect(
        judge,
        step_name,
        Status.FULL,
        on=on,
        ok=running is not None,
        why="not under intra-party probation",
    )
    assert running is not None
    assert running.ends is not None
    judge.check(
        "discipline.probation_expiry",
        member=member.number,
        on=on,
        ends=running.ends,
        decision="restoration" if outcome == "restore" else "extension",
    )
    if outcome == "extend":
        judge.check(
            "discipline.probation_term",
            months=running.months or 0,
            extended=running.extended,
            extension=judge.whole("discipline.probation_term", "one_year_extension_months"),
        )
    member.resolve_case(
        decision=Decision.REVIEW_SANCTION,
        detail={"outcome": outcome},
        meeting=meeting,
        branch=branch,
        votes=votes,
        step=step,
        judge=judge,
    )


def check_matter(judge: Judge, member: Member, matter: str) -> None:
    """Disposal is not given for a matter already sanctioned under discipline (OD art. 4)."""
    judge.check(
        "disposal.no_double_jeopardy",
        member=member.number,
        matter=matter,
        sanctioned=sorted({s.matter for s in member.sanctions}),
    )


def urge(
    member: Member,
    *,
    matter: str,
    meeting: Meeting,
    branch: Branch,
    votes: Votes,
    step: Step,
    judge: Judge,
) -> None:
    """The general assembly resolves to urge the member to withdraw (PC art. 9)."""
    member.expect(
        judge,
        "urging to withdraw",
        Status.FULL,
        on=step.effective,
        ok=member.urged is None,
        why="already urged to withdraw",
    )
    check_matter(judge, member, matter)
    member.resolve_case(
        decision=Decision.URGE,
        detail={"matter": matter},
        meeting=meeting,
        branch=branch,
        votes=votes,
        step=step,
        judge=judge,
    )


def remove(
    member: Member,
    *,
    basis: RemovalBasis,
    matter: str,
    unpaid_months: int | None,
    meeting: Meeting,
    branch: Branch,
    votes: Votes,
    step: Step,
    judge: Judge,
    missing_since: date | None = None,
) -> None:
    """The general assembly resolves to remove the member (除名, PC art. 9; EM art. 24).

    A member who went missing after a violation short of expulsion (`missing_since`, the
    matter naming the violation) is removed once missing for the set months (DC)."""
    on = step.effective
    suspension = member.suspension
    fits = {
        RemovalBasis.REFUSED_URGING: (member.urged is not None, "not urged to withdraw"),
        RemovalBasis.LOST_CONTACT: (
            suspension is not None and suspension[0] == "lost-contact",
            "not suspended for lost contact",
        ),
        RemovalBasis.DISAPPEARED: (
            missing_since is not None,
            "no date the member went missing is given (--missing-since)",
        ),
    }
    ok, why = fits.get(basis, (True, ""))
    member.expect(
        judge, f"removal ({basis.value})", Status.FULL, Status.SUSPENDED, on=on, ok=ok, why=why
    )
    check_matter(judge, member, matter)
    if basis is RemovalBasis.SELF_WITHDRAWAL and unpaid_months is not None:
        judge.check(
            "lapse.self_withdrawal",
            member=member.number,
            unpaid_months=unpaid_months,
            on=on,
            deciding=True,
        )
    if basis is RemovalBasis.LOST_CONTACT:
        assert suspension is not None
        judge.check("lost_contact.removal", member=member.number, suspended=suspension[2], on=on)
    detail: dict[str, str] = {"basis": basis.value, "matter": matter}
    if basis is RemovalBasis.DISAPPEARED:
        assert missing_since is not None
        judge.check(
            "record.step_order",
            step="removal",
            on=on,
            what="the disappearance",
            after=missing_since,
        )
        judge.check(
            "disappeared_after_violation.removal",
            member=member.number,
            matter=matter,
            since=missing_since,
            on=on,
        )
        detail["missing_since"] = missing_since.isoformat()
    member.resolve_case(
        decision=Decision.REMOVE,
        detail=detail,
        meeting=meeting,
        branch=branch,
        votes=votes,
        step=step,
        judge=judge,
    )


def withdraw(
    member: Member, *, meeting: Meeting, branch: Branch, filed_with: Body, step: Step, judge: Judge
) -> None:
    """The assembly announces the member's voluntary withdrawal, filed above (PC art. 9)."""
    on = step.effective
    member.expect(judge, "withdrawal", Status.FULL, Status.PROBATIONARY, on=on)
    evidence = announcement(
        judge,
        meeting=meeting,
        branch=branch,
        member=member.number,
        decision=Decision.WITHDRAW,
        on=on,
    )
    filed_with.check_above(judge, branch=branch.code, acting=f"the withdrawal of {member.number}")
    judged = step.judged(judge)
    basis = RemovalBasis.URGED_WITHDRAWAL if member.urged else RemovalBasis.WITHDRAWAL
    # Leaving (and any post) is judged as it is recorded, so it goes before the meeting's entry.
    member.leave(
        status=Status.REMOVED,
        basis=basis.value,
        body=filed_with.code,
        meeting=meeting.code,
        branch=branch,
        step=judged,
        judge=judge,
    )
    meeting.resolve(
        member=member.number,
        decision=Decision.WITHDRAW,
        evidence={**evidence, "filed_with": filed_with.code},
        step=judged,
    )


def rectify(
    member: Member,
    *,
    months: int,
    matter: str,
    filed_with: Body,
    meeting: Meeting,
    branch: Branch,
    votes: Votes | None,
    step: Step,
    judge: Judge,
) -> None:
    """The branch committee orders rectification within a deadline (限期改正, OD art. 3-6)."""
    on = step.effective
    member.expect(
        judge,
        "a rectification order",
        Status.FULL,
        on=on,
        ok=member.rectification is None,
        why="already under a rectification order",
    )
    check_matter(judge, member, matter)
    forbid_in_temporary(judge, branch, Decision.RECTIFY)
    judge.check("disposal.rectification_term", months=months)
    judge.check("disposal.rectification_term_typical", months=months)
    filed_with.check_above(
        judge, branch=branch.code, acting=f"the rectification of {member.number}"
    )
    order = Rectification(on, months, add_months(on, months), matter, filed_with.code)
    member.order_rectification(
        rectification=order, meeting=meeting, branch=branch, votes=votes, step=step, judge=judge
    )


def die(member: Member, *, branch: Branch, step: Step, judge: Judge) -> None:
    """Record a death: the person leaves every count and any post (sources silent)."""
    judge.check(
        "record.transition",
        member=member.number,
        status=member.status.value,
        step="death",
        allowed=[s.value for s in ALIVE],
        ok=member.status in ALIVE,
    )
    judge.check(
        "record.step_order",
        step="death",
        on=step.effective,
        what="the last change",
        after=member.last_change,
    )
    member.leave(
        status=Status.DECEASED,
        basis="death",
        body=None,
        meeting=None,
        branch=branch,
        step=step.judged(judge),
        judge=judge,
    )
