"""Queries answered from the read models, caught up before they answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.as_of import DEFAULT_HELP_KNOWN, LATEST, NO_STEP, as_of_for
from branchbook.cli.completion import complete_branch, complete_member
from branchbook.cli.context import Failure
from branchbook.cli.exports import export_options, exported
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY, MOMENT_TO, NAME
from branchbook.cli.wording import counted, standing
from branchbook.domain.wording import training as training_time

if TYPE_CHECKING:
    from branchbook.projections.members.view import MemberView


KNOWN_AT = click.option(
    "--as-known-at",
    "known_at",
    callback=MOMENT_TO,
    metavar="TIMESTAMP",
    help="As the record stood at this recording time (UTC unless a zone is given; a date "
    "alone means the end of that day). A step approved later, such as a conversion, changes "
    "what is known, not the date it took effect; a step corrected later is known as it was "
    "recorded until the correction's recording time. Without --as-of, the answer is for "
    "this moment's date.",
)


@click.command(short_help="Who is on a branch's books on a date.")
@click.argument("branch", callback=CODE, shell_complete=complete_branch)
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help=f"Who was on the books on this date {DEFAULT_HELP_KNOWN}.",
)
@KNOWN_AT
@json_option
@export_options
@store_options
def roster(branch: str, as_of: date | None, known_at: datetime | None, as_json: bool) -> None:
    """Who is on the books of BRANCH (by branch code) on a date, with status, the date of the
    latest change to their standing here, the dates of membership (admission) and of full
    membership (the end of probation), party age and roles: members transferred in from the
    receipt, none whose membership has ended."""
    from branchbook.cli.export_columns import ROSTER
    from branchbook.projections.branches.roster import branch_exists, known_at_position
    from branchbook.projections.branches.roster import roster as read_roster

    views = context().views
    with views.engine.connect() as conn:
        if not branch_exists(conn, branch):
            raise not_found(conn, "branch", branch)
        known = None if known_at is None else known_at_position(conn, known_at)
        when = as_of_for(conn, as_of, known_at)
        if when.basis in (LATEST, NO_STEP) and known is None:
            # Every step takes effect by the latest: the books as they stand say it all.
            rows = read_roster(conn, branch, latest=when.day)
        else:
            rows = read_roster(conn, branch, when.day, known=known)
    if exported(ROSTER, [r.as_dict() for r in rows], when):
        return
    if as_json:
        emit_json(
            {
                "branch": branch,
                **when.as_dict(),
                "as_known_at": known_at.isoformat() if known_at else None,
                "known_position": known,
                "members": [r.as_dict() for r in rows],
            }
        )
        return
    table(
        f"Roster of {branch} on {when.shown()}{_as_known(known_at, known)} "
        f"({len(rows)} on the books)",
        ("member", "name", "status", "standing since", "member since", "full since",
         "party age", "roles", "birth"),
        (
            (r.number, r.name, r.status, r.standing_since, r.member_since, r.full_since,
             r.party_age, ", ".join(r.roles), r.birth)
            for r in rows
        ),
        wrap=("name",),
    )  # fmt: skip


@click.command("find", short_help="Members by name.")
@click.argument("name", callback=NAME)
@json_option
@store_options
def member_find(name: str, as_json: bool) -> None:
    """Find the members named NAME (exactly, as recorded or as last corrected), with their
    member number, birth date, branch and status. It works on an encrypted store too: the
    views keep a keyed digest of each name (a blind index), not the name. For part of a name,
    see `member list --name`."""
    from branchbook.projections.members.by_name import named

    with context().views.engine.connect() as conn:
        found = named(conn, name)
    if not found:
        hint = f"; for names holding it: branchbook member list --name {name}"
        raise Failure(f"no member named {name} in the record{hint}", 4)
    if as_json:
        emit_json({"name": name, "members": [view.as_dict() for view in found]})
        return
    table(
        f"Members named {name}",
        ("member", "name", "birth", "branch", "status", "since"),
        ((v.number, v.name, v.birth, v.branch, v.status, v.since) for v in found),
        wrap=("name",),
    )


@click.command("show", short_help="A member's status, key dates and next step.")
@click.argument("member", callback=CODE, shell_complete=complete_member)
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help=f"Standing, case, party age, deadlines and rulebook parameters as of this date "
    f"{DEFAULT_HELP_KNOWN}.",
)
@KNOWN_AT
@json_option
@store_options
def member_show(member: str, as_of: date | None, known_at: datetime | None, as_json: bool) -> None:
    """Show MEMBER (by member number) as of a date: status, branch, key dates, party age,
    probation end, the pending decision, the case, and the next required step with its
    deadline. Exit 4 for a member not in the record, or with no step by the date (as then
    known)."""
    from branchbook.projections.branches.roster import known_at_position
    from branchbook.projections.members.as_of import member_on
    from branchbook.projections.members.next_step import next_steps
    from branchbook.projections.members.show import member_case
    from branchbook.projections.members.show_lines import case_lines
    from branchbook.projections.members.view import member as read_member
    from branchbook.projections.members.view import particulars

    ctx = context()
    with ctx.views.engine.connect() as conn:
        if read_member(conn, member) is None:
            raise not_found(conn, "member", member)
        when = as_of_for(conn, as_of, known_at)
        on = when.on  # a member in the record is a step in it
        version = ctx.rulebook.in_force(on)
        known = None if known_at is None else known_at_position(conn, known_at)
        state = member_on(conn, member, on, known=known)
        given = particulars(conn, member)
        case = member_case(conn, member, on, version, known=known)
    if state is None:
        raise Failure(f"member {member} has no recorded step by {on}{_as_known(known_at)}", 4)
    view = state.view
    steps = next_steps(view, version, on)
    party_age = view.party_age_on(on)
    if as_json:
        emit_json(
            {
                **view.as_dict(),
                "particulars": given,
                **when.as_dict(),
                "as_known_at": known_at.isoformat() if known_at else None,
                "known_position": known,
                "party_age": party_age,
                "rulebook": version.fingerprint,
                "next": [s.as_dict() for s in steps],
                **case.as_dict(),
            }
        )
        return
    shown = _member_lines(view, on, party_age, given)
    title = f"Member {view.number} {view.name} on {when.shown()}{_as_known(known_at, known)}"
    table(title, ("", ""), shown)
    lines = [
        (label, standing(value, view.extensions) if label == "status on the date" else value)
        for label, value in case_lines(case)
    ]
    if lines:
        table(f"Case of {view.number} as of {on}{_as_known(known_at, known)}", ("", ""), lines)
    for finding in case.findings:
        say(f"finding: {finding['rule']} — {finding['reason']} [{finding['citation']}]")
    if not steps:
        say(f"No step is waiting as of {on}.")
        return
    table(
        f"Next steps as of {on} (rulebook {version.fingerprint})",
        ("due", "status", "step", "earliest", "rule"),
        (
            (
                s.due and (f"{s.due} (at most {s.latest})" if s.latest else s.due),
                "overdue" if s.overdue else ("due" if s.due else "no deadline"),
                s.step,
                s.earliest,
                s.rule,
            )
            for s in steps
        ),
    )


def _as_known(known_at: datetime | None, known: int | None = None) -> str:
    """How a title says the record is read as it stood at a recording time."""
    if known_at is None:
        return ""
    position = "" if known is None else f" (#{known})"
    return f" as known at {known_at.isoformat(timespec='seconds')}{position}"


def _member_lines(
    view: MemberView, on: date, party_age: int | None, given: Mapping[str, str | None]
) -> list[tuple[str, Any]]:
    status = standing(view.status, view.extensions)
    status += " (rights suspended)" if view.rights_suspended else ""
    if view.excluded:
        status += f" (not counted: {view.excluded})"
    review = None
    if view.reviewed_on is not None:
        review = f"{view.reviewed_on} {'passed' if view.review_passed else 'failed'}"
    training = None
    if view.training_days or view.training_hours:
        training = training_time(view.training_days, view.training_hours)
    pending = None
    if view.pending is not None:
        pending = f"{view.pending} resolved {view.pending_on} at {view.pending_meeting}"
    lines: list[tuple[str, Any]] = [
        ("status", status),
        ("branch", view.branch),
        ("birth", view.birth),
        *((name.replace("_", " "), value) for name, value in given.items()),
        ("opening entry", "yes" if view.enrolled else None),
        ("applied", view.applied),
        ("talked", view.talked),
        ("activist", view.activist_on),
        ("last assessment", view.assessed_on),
        ("development candidate", view.candidate_on),
        ("political review", review),
        ("training", training),
        ("introducers", ", ".join(view.introducers) or None),
        ("pre-review", view.prereviewed_on),
        ("admitted", view.admitted_on and f"{view.admitted_on} {view.admitted_at or ''}".strip()),
        ("approved", view.approved_on and f"{view.approved_on} by {view.approved_by}"),
        ("oath", view.oath_on),
        ("probation end", view.probation_end),
        ("extensions", ", ".join(counted(m, "month") for m in view.extensions) or None),
        ("pending decision", pending),
        ("full since", view.full_since),
        (f"party age on {on}", party_age),
        ("ended", view.ended_on),
    ]
    return [(label, value) for label, value in lines if value is not None]


@click.command("history", short_help="Every recorded step of a member.")
@click.argument("member", callback=CODE, shell_complete=complete_member)
@KNOWN_AT
@json_option
@store_options
def member_history(member: str, known_at: datetime | None, as_json: bool) -> None:
    """Every recorded step of MEMBER in the order recorded: effective date, recorded-at,
    actor, document, warnings and what the step did; with --as-known-at, those recorded by
    then that stand (a step voided later is in `audit`, beside its correction)."""
    from branchbook.projections.branches.roster import known_at_position
    from branchbook.projections.members.history import history
    from branchbook.projections.members.view import member as read_member

    with context().views.engine.connect() as conn:
        if read_member(conn, member) is None:
            raise not_found(conn, "member", member)
        known = None if known_at is None else known_at_position(conn, known_at)
        steps = history(conn, member, known=known)
    if as_json:
        emit_json(
            {
                "member": member,
                "as_known_at": known_at.isoformat() if known_at else None,
                "known_position": known,
                "steps": [s.as_dict() for s in steps],
            }
        )
        return
    table(
        f"History of {member}{_as_known(known_at, known)} ({counted(len(steps), 'step')})",
        ("#", "effective", "recorded at", "step", "actor", "doc", "warnings"),
        (
            (
                s.position,
                s.effective,
                s.recorded_at.strftime("%Y-%m-%d %H:%M"),
                s.summary + (f" — {s.note}" if s.note else ""),
                s.actor,
                s.doc,
                ", ".join(w["rule"] for w in s.warnings),
            )
            for s in steps
        ),
        atoms=("recorded at",),
    )
    for s in steps:
        for w in s.warnings:
            say(f"#{s.position} warning: {w['rule']} — {w['reason']} [{w['citation']}]")
