"""Rules that keep the record itself consistent: steps follow the facts they rest on."""

from __future__ import annotations

from domain.rules import Citation, Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        id="record.branch_founded",
        title="A step in a branch is dated on or after the branch's founding",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 6")),
        test=lambda f, p: f["on"] >= f["founded"],
        explain=lambda f, p: (
            f"branch {f['branch']} was founded on {f['founded']}; a step dated {f['on']} "
            "cannot precede it"
        ),
    ),
    Rule(
        id="record.step_order",
        title="A step is not dated before the step it follows for the same person",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["on"] >= f["after"],
        explain=lambda f, p: f"{f['step']} on {f['on']} cannot precede {f['what']} on {f['after']}",
    ),
    Rule(
        id="record.birth_before_step",
        title="A person's birth date precedes every step recorded for them",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["birth"] < f["on"],
        explain=lambda f, p: f"birth date {f['birth']} is not before the step date {f['on']}",
    ),
)
