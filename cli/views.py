"""The read models themselves: how far they have caught up, and rebuilding them from zero."""

from __future__ import annotations

import time
from typing import Any

import click

from branchbook.cli.lazy import LazyGroup
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say
from branchbook.cli.wording import counted


@click.group("projections", cls=LazyGroup, short_help="The read models: status and rebuild.")
def projections() -> None:
    """The read models (the tables every query reads), kept in the store beside the events."""


@projections.command("status", short_help="How far the read models have caught up.")
@json_option
@store_options
def status(as_json: bool) -> None:
    """The last event applied to the read models, the end of the log and the view schema;
    and the findings: recorded events the views could not place (a value they cannot hold,
    or a step that cannot follow what they hold of its record), each with its position and
    why. Such an event is left out of every answer; the audit trail keeps what it can of it.
    Queries catch up before they answer; this one does not."""
    from branchbook.projections.catching_up.broken_log import beyond_end
    from branchbook.projections.catching_up.lag import lag
    from branchbook.projections.catching_up.unplaced import findings
    from branchbook.projections.storage.limits import one_line
    from branchbook.projections.storage.tables import VIEW_SCHEMA
    from branchbook.workflows.store.location import EVENTS_TABLE, existing

    ctx = context()
    existing(ctx.url)
    engine = ctx.read_only_engine()
    held, end, schema = lag(engine, EVENTS_TABLE)
    applied = held or 0
    if applied > end:
        raise beyond_end(applied, end)
    found = []
    if schema == VIEW_SCHEMA:  # views of another version hold no findings of this one
        with engine.connect() as conn:
            found = findings(conn)
    data = {
        "applied": applied,
        "log_end": end,
        "behind": end - applied,
        "schema": VIEW_SCHEMA,
        "unplaced": {"count": len(found), "events": [f.as_dict() for f in found]},
    }
    if as_json:
        emit_json(data)
        return
    say(f"views at #{applied} of #{end} ({end - applied} behind), view schema {VIEW_SCHEMA}")
    s = "" if len(found) == 1 else "s"
    colon = ":" if found else ""
    say(f"{len(found)} recorded event{s} could not be placed in the views{colon}")
    for f in found:
        about = f" {one_line(f.subject)}" if f.subject else ""
        say(f"  #{f.position} {f.kind}{about} (record {f.originator}): {f.reason}")


@projections.command("rebuild", short_help="Drop the read models and refill them from zero.")
@click.option("--page-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Events applied per transaction.")  # fmt: skip
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@store_options
def rebuild(page_size: int, quiet: bool, as_json: bool) -> None:
    """Drop every read-model table and apply the whole log again from the first event, a page
    of events per transaction. The events are untouched; every answer stays the same."""
    from branchbook.cli.render import progress_bar
    from branchbook.projections.catching_up.lag import unplaced_count
    from branchbook.workflows.store.key_ids import require_keys

    ctx = context()
    views = ctx.catch_up()
    with views.engine.connect() as conn:
        require_keys(conn, ctx.keyring)  # before a view is dropped
    views.page_size = page_size
    views.chain = None  # a rebuild shows the log as it stands, whatever was removed from it
    total = views.recorder.max_notification_id() or 0
    started = time.perf_counter()
    with progress_bar(quiet=quiet or as_json) as progress:
        task = progress.add_task("rebuilding", total=total)
        applied = views.rebuild(lambda n: progress.advance(task, n))
    seconds = time.perf_counter() - started
    with views.engine.connect() as conn:
        left_out = unplaced_count(conn)
    data: dict[str, Any] = {
        "events": applied,
        "seconds": round(seconds, 3),
        "events_per_second": round(applied / seconds) if seconds > 0 else None,
        "unplaced": left_out,
    }
    if as_json:
        emit_json(data)
        return
    rate = f", {data['events_per_second']:,} events/s" if applied else ""
    say(f"rebuilt the read models from {counted(applied, 'event')} in {seconds:.2f} s{rate}")
    if left_out:
        s = "" if left_out == 1 else "s"
        say(
            f"{left_out} recorded event{s} could not be placed in the views; "
            "see `branchbook projections status`"
        )


COMMANDS: list[Any] = [projections]
