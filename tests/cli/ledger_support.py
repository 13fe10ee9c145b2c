"""Generated ledgers for the import tests: the generator of bench/ledger.py, written to files."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cli_support import run

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from ledger import (  # noqa: E402  (bench/ is put on the path just above)
    Ledger,
    Planted,
    generate,
    plant_errors,
    write_csv,
    write_xlsx,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ledger"
AS_OF = date(2025, 1, 1)
ON = AS_OF.isoformat()

__all__ = ["AS_OF", "EXAMPLES", "ON", "Ledger", "Planted", "generate", "plant_errors"]


def write(ledger: Ledger, directory: Path, ext: str = "csv", encoding: str = "utf-8-sig") -> None:
    """The ledger's two sheets as DIR/branches.EXT and DIR/members.EXT."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, headers, rows in (
        ("branches", ledger.branch_headers, ledger.branch_rows),
        ("members", ledger.member_headers, ledger.member_rows),
    ):
        path = directory / f"{name}.{ext}"
        if ext == "csv":
            write_csv(path, headers, rows, encoding)
        else:
            write_xlsx(path, headers, rows)


def imported(url: str, kind: str, path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """Run `import KIND PATH --date ON --json ARGS`; its exit code and report."""
    result = run(url, "import", kind, str(path), "--date", ON, "--json", *args)
    assert result.stderr == "" or result.exit_code != 1, result.stderr
    return result.exit_code, json.loads(result.stdout)


def import_all(url: str, directory: Path, ext: str = "csv") -> None:
    """Branches, members, then branches again for the committees: each succeeds."""
    for kind in ("branches", "members", "branches"):
        code, report = imported(url, kind, directory / f"{kind}.{ext}")
        assert code == 0, report["refused"][:3]
