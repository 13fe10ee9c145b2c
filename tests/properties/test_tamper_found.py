"""Whatever is altered behind branchbook's back, `verify` finds it.

Random histories of transfers, discipline and disposal are recorded (the views caught up or
not), a checkpoint is sealed, and then one random row is tampered with, of a random kind: an
event's bytes edited, an event deleted (alone, or with its chain entry), a forged event
inserted, two events swapped, the log truncated, or a view row edited. `verify` with the
checkpoint must then fail, and name the position where the log was altered.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tamper_support as tamper
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from relation_support import NUMBERS, Driver, Op, opening, ops

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.cli.proof import verification_report
from branchbook.projections.auditors import audit_trail as audit
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.workflows.proof.checkpoints import read_checkpoint
from branchbook.workflows.store.app import BranchBook

# Each kind of tampering, and the position its finding must name, given where it struck and
# the end of the log before it.
TAMPERS: dict[str, Callable[[str, int, int], int]] = {
    "edit": lambda url, at, end: tamper.edit(url, at),
    "delete": lambda url, at, end: tamper.delete_event(url, at),
    "delete with entry": lambda url, at, end: tamper.delete_both(url, min(at, end - 1)),
    "insert": lambda url, at, end: tamper.insert_forged(url, at),
    "swap": lambda url, at, end: tamper.swap(url, min(at, end - 1)),
    "truncate": lambda url, at, end: (tamper.truncate(url, min(at, end - 1)), end)[1],
}


def seal(url: str, path: Path) -> None:
    obj = Context()
    try:
        result = CliRunner().invoke(cli, ["--db", url, "seal", "--output", str(path)], obj=obj)
    finally:
        obj.close()
    assert result.exit_code == 0, result.output


def report_of(url: str, checkpoint: Path) -> dict[str, Any]:
    app = BranchBook(url)
    try:
        return verification_report(app, [(str(checkpoint), read_checkpoint(checkpoint))])
    finally:
        app.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    full=st.lists(st.booleans(), min_size=len(NUMBERS), max_size=len(NUMBERS)),
    steps=st.lists(ops, min_size=0, max_size=15),
    views=st.booleans(),
    kind=st.sampled_from([*TAMPERS, "edit view"]),
    where=st.floats(min_value=0.0, max_value=1.0),
)
def test_every_kind_of_tampering_is_found(
    full: list[bool], steps: list[Op], views: bool, kind: str, where: float
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        app = BranchBook(url)
        try:
            driver = Driver(app)
            for line in opening(full):
                assert driver.record(line).accepted, line
            for op in steps:
                driver.play(op)
            if views or kind == "edit view":
                CatchUp(
                    app.engine, app.recorder, app.mapper.to_domain_event, project,
                    audit=audit.project,
                ).run()  # fmt: skip
            end = app.recorder.max_notification_id() or 0
        finally:
            app.close()
        checkpoint = Path(folder) / "seal.json"
        seal(url, checkpoint)
        assert report_of(url, checkpoint)["verified"] is True

        event(kind)
        at = max(1, min(end, 1 + int(where * end)))
        if kind == "edit view":
            tamper.edit_view(url)
            expected: tuple[int | None, str] | None = None
        else:
            expected = (TAMPERS[kind](url, at, end), "chain")
        if kind == "truncate":
            expected = (end, "checkpoint")
        report = report_of(url, checkpoint)
        assert report["verified"] is False, kind
        found = {(f["position"], f["check"]) for f in report["findings"]}
        if expected is not None:
            assert expected in found, (kind, at, report["findings"])
        else:
            assert {check for _, check in found} == {"views"}
