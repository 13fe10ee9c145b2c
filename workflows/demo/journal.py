"""A deterministic, realistic history of a small organisation, as a journal of commands.

Two higher organisations (a township committee with authority to approve probationary
members, and a general branch under it) stand above five branches: two regular ones, a joint
branch of four units, a temporary project branch and a village branch on a five-year term.
The branches are founded with their members (opening entries) and leaders. Sixty people
apply over the years; most are talked with, and many go on through the whole path: activist,
development candidate, political review, training, introducers, pre-review, admission by the
general assembly, approval, oath, probation and conversion. Every decision is taken at a
meeting whose attendance is recorded, and is judged against the branch's roll on that day.
A few things go the way the rules foresee when they go wrong: late talks (warnings), an
under-age application and a vote at an assembly without a quorum (both refused), one
probation extended and one probationary membership revoked. Terms run out and the assemblies
elect new committees, which elect their secretaries for the township to approve; one branch
holds its election late and lets its next term run out without one, and the temporary branch
tries to admit a member, which the rulebook refuses.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from branchbook.workflows.demo import failed_votes, post_bars, scoring, temporary
from branchbook.workflows.demo.cases import life_cases
from branchbook.workflows.demo.founding import found, terms
from branchbook.workflows.demo.meetings import hold_meetings
from branchbook.workflows.demo.people import (
    PEOPLE,
    person,
    special_cases,
    temporary_admission,
    underage,
)
from branchbook.workflows.demo.routine import routine_life
from branchbook.workflows.demo.world import BRANCHES, ORGANISATIONS, Command, History

SEED = 20181028  # the day the Branch Work Regulations came into force

# Chapters the demo gained after its store was first kept at view schema 9 (the fixture
# tests/fixtures/demo_store_view_schema_9.db.xz). They are written last, so the history before
# them is the same with or without them.
LATER_CHAPTERS: tuple[Callable[[History], None], ...] = (
    post_bars.chapter,
    temporary.chapter,
    scoring.chapter,
    failed_votes.chapter,
)


def demo_commands(*, later: bool = True) -> list[Command]:
    """The whole demo journal, in date order; without the later chapters if `later` is false."""
    rng = random.Random(SEED)
    world = History(rng)
    for code, name, kind, parent in ORGANISATIONS:
        org: Command = {"command": "org.add", "code": code, "name": name, "kind": kind}
        if parent is None:
            org["approves-admissions"] = True
        else:
            org["parent"] = parent
        world.add(date(2018, 12, 1), org, order=0)
    for i, branch in enumerate(BRANCHES, start=1):
        found(world, i, branch)
    for n in range(1, PEOPLE + 1):
        person(world, n)
    underage(world)
    temporary_admission(world)
    special_cases(world)
    life_cases(world)
    for branch in BRANCHES:
        terms(world, branch)
    routine_life(world)
    hold_meetings(world)
    if later:
        for chapter in LATER_CHAPTERS:
            chapter(world)
    world.steps.sort(key=lambda s: (s[0], s[1], s[2].get("member", ""), s[2]["command"]))
    return [command for _, _, command in world.steps]
