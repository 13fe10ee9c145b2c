"""`branchbook guide`: a whole procedure as the commands that record it, in order."""

from __future__ import annotations

from datetime import date

import click

from branchbook.cli.context import Failure
from branchbook.cli.options import context, json_option, store_options_but
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say
from branchbook.cli.values import DAY
from branchbook.cli.wording import in_force_since


@click.command(short_help="A procedure step by step: commands, who decides, intervals, rules.")
@click.argument("name", required=False, metavar="[GUIDE]")
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help="Give the intervals of the rulebook version in force on this date "
    "(default: the latest version; no store is read).",
)
@json_option
@store_options_but("db", "actor", "key-file", "wait", "read-only")
def guide(name: str | None, as_of: date | None, as_json: bool) -> None:
    """Print the guide GUIDE: the commands of a procedure in the order they are recorded, each
    with who decides, what the rulebook in force requires of it (intervals, counts) and the ids
    of its rules (`branchbook rules` gives their sources). Without GUIDE, list the guides.

    The intervals are read from the rulebook (--rules, --profile), so a rulebook file that
    changes a parameter changes the guide."""
    from branchbook.workflows.steps.guides import GUIDES, guide_of, walk

    if name is None:
        listed = {known: guide_of(known) for known in GUIDES}
        if as_json:
            emit_json([{"name": k, "title": g.title} for k, g in listed.items() if g])
            return
        say("Guides (branchbook guide NAME):")
        for known, found in listed.items():
            if found is not None:
                say(f"  {known:<12}{found.title}")
        return
    chosen = guide_of(name)
    if chosen is None:
        raise Failure(f"no guide {name!r}; the guides are {', '.join(GUIDES)}", 2)
    rulebook = context().rulebook
    version = rulebook.in_force(as_of) if as_of else rulebook.versions[-1]
    steps = walk(chosen, version)
    if as_json:
        emit_json(
            {
                "guide": chosen.name,
                "title": chosen.title,
                "rulebook": version.fingerprint,
                "steps": steps,
            }
        )
        return
    say(chosen.title)
    say(chosen.summary)
    since = in_force_since(version.effective_from)
    say(f"Intervals and counts from rulebook {version.fingerprint}, in force {since}.")
    part = None
    for step in steps:
        if step["part"] != part:
            part = step["part"]
            say("")
            say(f"{part}:")
        case = f"  ({step['case']})" if step["case"] else ""
        say(f"{step['number']:>3}. {step['command']}{case}")
        say(f"     {step['example']}")
        say(f"     Decided by: {step['decided_by']}")
        if step["when"]:
            say(f"     Requires: {step['when']}")
        if step["rules"]:
            say(f"     Rules: {', '.join(r['id'] for r in step['rules'])}")
