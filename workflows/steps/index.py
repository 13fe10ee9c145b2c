"""Which stage module defines each command, in the catalogue's order: a recorded step loads the
handlers of its own stage (and the aggregates they need), not every stage's.

`catalogue` holds the same commands with their definitions; a test holds the two equal.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchbook.workflows.steps.commands import CommandSpec

# Every command's name and the module (under branchbook.workflows.steps) that defines it.
STAGES: dict[str, str] = {
    "org.add": "branches",
    "branch.found": "branches",
    "branch.adjust": "branches",
    "branch.dissolve": "branches",
    "branch.leadership": "leadership",
    "branch.elect": "leadership",
    "branch.elect-officers": "leadership",
    "branch.approve-officers": "leadership",
    "branch.appoint": "leadership",
    "branch.reduce-seats": "leadership",
    "branch.vacate": "leadership",
    "branch.term": "leadership",
    "member.apply": "application",
    "member.talk": "application",
    "member.enrol": "application",
    "meeting.hold": "meetings",
    "member.designate-activist": "admission",
    "member.assess": "admission",
    "member.designate-candidate": "admission",
    "member.review": "admission",
    "member.train": "admission",
    "member.introduce": "admission",
    "member.prereview": "admission",
    "member.admit": "admission",
    "member.approve": "probation",
    "member.oath": "probation",
    "member.convert": "probation",
    "member.extend": "probation",
    "member.revoke": "probation",
    "member.suspend-rights": "rights",
    "member.restore-rights": "rights",
    "member.exclude": "rights",
    "member.include": "rights",
    "transfer.request": "transfers",
    "transfer.issue": "transfers",
    "transfer.receive": "transfers",
    "transfer.reject": "transfers",
    "member.postpone-conversion": "transfers",
    "member.discipline": "casework",
    "member.review-sanction": "casework",
    "member.rectify": "casework",
    "member.rectify-end": "casework",
    "member.urge": "casework",
    "member.remove": "casework",
    "member.withdraw": "casework",
    "member.suspend-membership": "casework",
    "member.restore-membership": "casework",
    "member.death": "casework",
    "member.income": "dues",
    "member.pay-dues": "dues",
    "member.participate": "dues",
    "member.participate-end": "dues",
    "member.report-participation": "dues",
    "meeting.rate": "meetings",
    "step.correct": "corrections",
    "member.correct-particulars": "corrections",
    "evaluation.record": "scoring",
    "points.record": "scoring",
}


def spec_of(name: str) -> CommandSpec | None:
    """The definition of the command `name`, its stage loaded; None for no such command."""
    stage = STAGES.get(name)
    if stage is None:
        return None
    specs: tuple[CommandSpec, ...] = import_module(f"branchbook.workflows.steps.{stage}").SPECS
    return next(spec for spec in specs if spec.name == name)


# How `NOUN --help` lists a noun's recorded steps: in sections by stage, each in the order the
# steps are taken. A noun not named here lists its commands in one alphabetical list.
SECTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "member": (
        ("Application", ("apply", "talk", "enrol")),
        (
            "Cultivation: activist, then development candidate",
            ("designate-activist", "assess", "designate-candidate", "review", "train", "introduce"),
        ),
        ("Admission", ("prereview", "admit", "approve")),
        ("Probation", ("oath", "convert", "extend", "revoke", "postpone-conversion")),
        (
            "Rights and the should-attend count",
            ("suspend-rights", "restore-rights", "exclude", "include"),
        ),
        (
            "Casework: discipline and disposal (transfers: see `transfer`)",
            (
                "discipline",
                "review-sanction",
                "rectify",
                "rectify-end",
                "urge",
                "remove",
                "withdraw",
                "suspend-membership",
                "restore-membership",
                "death",
            ),
        ),
        (
            "Dues, and taking part in another branch",
            ("income", "pay-dues", "participate", "participate-end", "report-participation"),
        ),
        ("Corrections", ("correct-particulars",)),
    ),
    "branch": (
        ("Founding and structure", ("found", "adjust", "dissolve")),
        (
            "Leadership: elections, appointments and terms",
            (
                "leadership",
                "elect",
                "reduce-seats",
                "elect-officers",
                "approve-officers",
                "appoint",
                "vacate",
                "term",
            ),
        ),
    ),
}
