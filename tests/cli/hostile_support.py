"""A store holding text hostile to terminals and spreadsheets, written past the input boundary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from branchbook.workflows.store.location import EVENTS_TABLE
from cli_support import invoke, line
from sqlalchemy import MetaData, Table, create_engine, select, update

# Screen clear, a window-title sequence, C1 CSI, a right-to-left override and isolate, rich
# markup and an emoji code, a tab and a line break: all of it must reach the reader as text.
HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07 \x9b31m \u202eevil\u2069 "
    "[link=https://evil.example]click[/link] [bold]b[/bold] [/x] :smile: tab\there\nline\x7f"
)
# For columns of at most 64 characters (a party group).
SHORT = "\x1b]0;g\x07[/x]\u202e:smile:"
# What a person must see of it, literally.
LITERALS = (
    "\\x1b[2J",
    "\\x1b]0;pwned\\x07",
    "\\x9b31m",
    "\\u202eevil\\u2069",
    "[link=https://evil.example]click[/link]",
    "[bold]b[/bold]",
    "[/x]",
    ":smile:",
    "tab\\there\\nline\\x7f",
)
# Names a spreadsheet would take as formulas, for applicants C1 to C5.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1")

# Anything a terminal would act on, or that reorders what a reader sees; a line break is the
# output's own.
ACTIVE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

PLACEHOLDERS = {
    "PH-TEXT": HOSTILE,
    "PH-SHORT": SHORT,
    **{f"PH-C{n}": f for n, f in enumerate(FORMULAS, start=1)},
}

JOURNAL = [
    line("org.add", date="2015-01-01", code="TC01", name="PH-TEXT", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2015-01-01", code="B01", name="PH-TEXT", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2015-01-02", member=n, name=f"党员 {n}", birth="1970-01-01",
             branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in ("F1", "F2", "F3")
    ),
    line("member.apply", date="2016-01-01", member="A1", name="PH-TEXT", birth="1990-01-01",
         branch="B01", doc="PH-TEXT", note="PH-TEXT"),
    line("member.talk", date="2016-03-01", member="A1", by="PH-TEXT", note="PH-TEXT",
         doc="PH-TEXT"),
    line("member.apply", date="2016-02-01", member="A2", name="PH-TEXT", birth="1990-01-01",
         branch="B01"),
    *(
        line("member.apply", date="2016-02-01", member=f"C{n}", name=f"PH-C{n}",
             birth="1990-01-01", branch="B01")
        for n in range(1, len(FORMULAS) + 1)
    ),
    line("meeting.hold", date="2016-02-10", branch="B01", kind="group", group="PH-SHORT",
         present="F1,F2", chair="F1", note="PH-TEXT"),
]  # fmt: skip


def hostile_store(url: str, directory: Path) -> str:
    """Record the journal with placeholders, put the hostile text in their place in the stored
    events, and rebuild the views from them; return the url."""
    journal = directory / "hostile.jsonl"
    journal.write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    recorded = invoke(["--db", url, "--actor", "PH-TEXT", "record", str(journal)])
    assert recorded.exit_code == 0, recorded.output
    engine = create_engine(url)
    try:
        events = Table(EVENTS_TABLE, MetaData(), autoload_with=engine)
        with engine.begin() as conn:
            for position, state in conn.execute(select(events.c.id, events.c.state)).all():
                changed = bytes(state)
                for placeholder, value in PLACEHOLDERS.items():
                    changed = changed.replace(
                        placeholder.encode(), json.dumps(value)[1:-1].encode()
                    )
                if changed != bytes(state):
                    conn.execute(
                        update(events).where(events.c.id == position).values(state=changed)
                    )
    finally:
        engine.dispose()
    rebuilt = invoke(["--db", url, "projections", "rebuild", "--quiet"])
    assert rebuilt.exit_code == 0, rebuilt.output
    return url
