"""`branchbook meeting show`: a meeting, who attended and what it decided, with the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from branchbook.cli.context import Failure
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.values import MEETING_CODE

# The evidence of a decision, in the order an auditor reads it.
EVIDENCE = {
    "body": "decided by",
    "should_attend": "should attend",
    "should_attend_members": "should-attend members",
    "present_voting": "present with a vote",
    "present_voting_members": "present voting members",
    "committee": "committee",
    "committee_present": "committee present",
    "quorum_needed": "quorum needed",
    "ballot": "ballot",
    "yes": "yes",
    "no": "no",
    "abstain": "abstain",
    "written_for": "written opinions for",
    "written_against": "written opinions against",
    "written_counted": "written opinions counted",
    "yes_total": "yes in total",
    "pass_needed": "yes needed to pass",
    "written_lodged": "written opinions lodged",
    "opened": "meeting opened",
    "written_late": "written opinions lodged late (not counted)",
    "outcome": "outcome",
    "failed_rule": "rule not met",
    "why": "why",
    "rulebook": "rulebook",
}


@click.command("show", short_help="A meeting, who attended and what it decided.")
@click.argument("code", callback=MEETING_CODE)
@json_option
@store_options
def meeting_show(code: str, as_json: bool) -> None:
    """Show the meeting CODE: branch, kind, date, chair, who was present, and each decision
    with the evidence it was judged on (should attend, present, votes, thresholds), and anyone
    it lists as present who had left the branch by then (record.present_in_branch)."""
    from attrs import evolve

    from branchbook.projections.branches.attendance import meeting_findings
    from branchbook.projections.branches.meetings import meeting

    ctx = context()
    with ctx.views.engine.connect() as conn:
        view = meeting(conn, code)
        if view is None:
            raise Failure(f"meeting {code} is not in the record", 4)
        version = ctx.rulebook.in_force(view.held)
        found = meeting_findings(
            conn, view.code, view.branch, view.held, present=[*view.present], version=version
        )
    view = evolve(view, findings=tuple(found))
    if as_json:
        emit_json(view.as_dict())
        return
    table(
        f"Meeting {view.code}",
        ("", ""),
        [
            ("branch", view.branch),
            ("kind", view.kind),
            ("held", view.held),
            ("chair", view.chair),
            ("present", f"{len(view.present)}: {', '.join(view.present)}"),
            ("decisions", len(view.decisions)),
        ],
    )
    for d in view.decisions:
        ended = "" if d.outcome == "passed" else f" ({d.outcome})"
        table(
            f"#{d.position} {d.decision} {d.member}{ended}", ("", ""), _evidence_lines(d.evidence)
        )
    if view.findings:
        table(
            f"Findings (rulebook {version.fingerprint})",
            ("rule", "finding", "source"),
            ((f.rule, f.message, f.citation) for f in view.findings),
        )


def _evidence_lines(evidence: Mapping[str, Any]) -> list[tuple[str, str]]:
    keys = [k for k in EVIDENCE if k in evidence] + [k for k in evidence if k not in EVIDENCE]
    return [(EVIDENCE.get(k, k), _shown(evidence[k])) for k in keys]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)}: {', '.join(map(str, value))}" if value else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "none"
    return str(value)
