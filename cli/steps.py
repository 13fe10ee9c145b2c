"""Click commands made from the command definitions: one subcommand per recordable step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.completion import complete_branch, complete_member
from branchbook.cli.context import Failure
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, outcome_line, warning_lines
from branchbook.cli.safe_text import say

if TYPE_CHECKING:
    from branchbook.workflows.steps.commands import CommandSpec, Field


METAVARS = {
    "date": "YYYY-MM-DD",
    "count": "N",
    "code": "CODE",
    "members": "M1,M2,...",
    "names": "NAME,NAME,...",
    "tally": "M1=N,M2=N,...",
    "roles": "ROLE=M,...",
    "money": "YUAN",
    "months": "YYYY-MM[:YYYY-MM]",
    "clock": "HH:MM",
    "moments": "M1=YYYY-MM-DD[THH:MM],...",
}

# The options whose codes the record holds: completed from it.
COMPLETIONS = {"member": complete_member, "branch": complete_branch}


def _option(f: Field) -> Any:
    if f.kind == "flag":
        return click.option(f"--{f.name}", is_flag=True, default=False, help=f.help)
    kind: Any = click.Choice(f.choices) if f.kind == "choice" else str
    return click.option(
        f"--{f.name}",
        type=kind,
        required=f.required,
        metavar=METAVARS.get(f.kind),
        help=f.described,
        shell_complete=COMPLETIONS.get(f.name) if f.kind == "code" else None,
    )


def id_option(function: Any) -> Any:
    from branchbook.workflows.steps.keys import ID_HELP

    return click.option("--id", metavar="KEY", help=ID_HELP)(function)


def step_command(spec: CommandSpec, verb: str) -> click.Command:
    """The CLI subcommand for a command definition."""

    def run(as_json: bool, **values: Any) -> None:
        # click names --written-for written_for; the command's keys are the option names.
        raw = {k.replace("_", "-"): v for k, v in values.items() if v is not None}
        outcome = context().recorder.record(spec.name, raw)
        if as_json:
            emit_json(outcome.as_dict())
        elif outcome.succeeded:
            say(outcome_line(outcome))
            for line in warning_lines(outcome):
                say(line)
        if not outcome.succeeded:
            from branchbook.workflows.errors import EXIT_BY_OUTCOME

            # With --json, the outcome above on stdout and this one line on stderr.
            raise Failure(outcome_line(outcome), EXIT_BY_OUTCOME.get(outcome.status, 1))

    command: Any = store_options(json_option(id_option(run)))
    for f in reversed(spec.all_fields):
        command = _option(f)(command)
    return click.command(verb, help=spec.help, epilog=guidance(spec))(command)


def guidance(spec: CommandSpec) -> str:
    """The help's closing paragraphs: an example, the steps before, and who decides. Each
    starts with click's \\b marker so the example keeps its line as written."""
    paragraphs = [f"\b\nExample:\n  {spec.example}"] if spec.example else []
    if spec.after:
        steps = "\n".join(f"  {step}" for step in spec.after)
        paragraphs.append(f"\b\nBefore it, record:\n{steps}")
    if spec.decided_by:
        paragraphs.append(f"Decided by: {spec.decided_by}.")
    return "\n\n".join(paragraphs)
