"""A realistic journal of any length: the demo's history (meetings, dues, enrolments,
applications through to conversion) in as many copies as asked, each copy's organisations,
branches and people renamed so the copies are independent.

Run by hand from the project root:

    python bench/demo_journal.py COPIES OUT

Each copy records 1,296 events (75 copies: about 97,000), its lines interleaved by date with
the other copies', as one record book of many townships would be kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from branchbook.workflows.demo.journal import demo_commands  # noqa: E402

# The demo's organisation, branch and applicant codes; a member's number begins with its branch.
CODE = re.compile(r"(?<![A-Za-z0-9])(TC01|GB01|B0[1-4]|V01|M\d{4})")


def demo_lines(copies: int) -> list[str]:
    """The journal's lines: every copy's, in date order."""
    demo = [json.dumps(command, ensure_ascii=False) for command in demo_commands()]
    dated = []
    for copy in range(copies):
        tag = f"K{copy:03d}"
        for order, text in enumerate(demo):
            renamed = CODE.sub(rf"{tag}\1", text)
            dated.append((json.loads(renamed)["date"], order, copy, renamed))
    return [text for *_, text in sorted(dated)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("copies", type=int, help="copies of the demo's history")
    parser.add_argument("out", type=Path, help="the journal file to write")
    args = parser.parse_args()
    lines = demo_lines(args.copies)
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines):,} lines written to {args.out}")


if __name__ == "__main__":
    main()
