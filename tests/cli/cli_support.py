"""Running the CLI in-process for the CLI tests, and reading back what a store holds."""

from __future__ import annotations

from collections.abc import Sequence

from click.testing import CliRunner, Result

from cli.context import Context
from cli.main import cli
from workflows.app import BranchBook


def invoke(args: Sequence[str], stdin: str | None = None) -> Result:
    """Run the CLI in-process, closing the store it opened."""
    obj = Context()
    result = CliRunner().invoke(cli, list(args), input=stdin, obj=obj)
    opened = vars(obj).get("app")
    if isinstance(opened, BranchBook):
        opened.close()
    return result


def stored_count(url: str) -> int:
    """How many events the store at url holds."""
    app = BranchBook(url)
    try:
        return len(app.recorder.select_notifications(start=None, limit=100_000))
    finally:
        app.close()
