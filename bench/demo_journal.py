"""A realistic journal of any length: the demo's history (meetings, dues, enrolments,
applications through to conversion) in as many copies as asked, each copy's organisations,
branches and people renamed so the copies are independent.

Run by hand from the project root:

    python bench/demo_journal.py COPIES OUT
    python bench/demo_journal.py --events N OUT

Each copy records about 1,334 events (75 copies: about 100,000), its lines interleaved by date
with the other copies', as one record book of many townships would be kept. `--events N`
chooses the fewest copies that reach N events (750 for a million, about 100,000 members).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from branchbook.workflows.demo.journal import demo_commands  # noqa: E402

# The demo's organisation, branch and applicant codes; a member's number begins with its branch.
CODE = re.compile(r"(?<![A-Za-z0-9])(TC01|GB01|B0[1-4]|V01|M\d{4})")
# Events one copy records (its refused lines record none), counted in a recorded store.
EVENTS_PER_COPY = 1334


def copies_for(events: int) -> int:
    """The fewest copies whose history records at least `events` events."""
    return max(1, math.ceil(events / EVENTS_PER_COPY))


def tag(copy: int, copies: int) -> str:
    """A copy's prefix: K000 to K999, with more digits when there are more copies."""
    return f"K{copy:0{max(3, len(str(copies - 1)))}d}"


def demo_lines(copies: int) -> list[str]:
    """The journal's lines: every copy's, in date order."""
    demo = [json.dumps(command, ensure_ascii=False) for command in demo_commands()]
    dated = []
    for copy in range(copies):
        prefix = tag(copy, copies)
        for order, text in enumerate(demo):
            renamed = CODE.sub(rf"{prefix}\1", text)
            dated.append((json.loads(renamed)["date"], order, copy, renamed))
    return [text for *_, text in sorted(dated)]


def write(copies: int, out: Path) -> int:
    """Write the journal of `copies` copies to `out`; the number of lines."""
    lines = demo_lines(copies)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("copies", type=int, nargs="?", help="copies of the demo's history")
    parser.add_argument("out", type=Path, help="the journal file to write")
    parser.add_argument("--events", type=int, help="choose the copies to record this many events")
    args = parser.parse_args()
    if (args.copies is None) == (args.events is None):
        parser.error("give either COPIES or --events N")
    copies = args.copies if args.events is None else copies_for(args.events)
    if copies < 1:
        parser.error("at least one copy")
    count = write(copies, args.out)
    print(f"{count:,} lines ({copies:,} copies, about {copies * EVENTS_PER_COPY:,} events) "
          f"written to {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
