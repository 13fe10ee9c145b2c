"""The hash chain over the log: its adoption on a store made before it, and sealed
checkpoints of its head that an auditor keeps outside the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.context import Failure
from branchbook.cli.lazy import LazyGroup
from branchbook.cli.options import context, store_options_but
from branchbook.cli.proof import reader
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say

# How many times seal reads the chain's head and the log's end before it takes a difference
# between them for one that stays.
SEAL_ATTEMPTS = 3

if TYPE_CHECKING:
    from branchbook.workflows.proof.checkpoints import SealKey
    from branchbook.workflows.store.app import BranchBook


@click.group(
    "chain", cls=LazyGroup, short_help="The hash chain over the log: adopt it on an older store."
)
def chain() -> None:
    """The hash chain: every stored event has an entry, written with it, that hashes the entry
    before it with the event's stored bytes. `seal` keeps its head outside the store and
    `verify` checks it."""


@chain.command("adopt", short_help="Start the hash chain on a store made before it existed.")
@store_options_but("read-only", "rules", "profile")
def adopt() -> None:
    """Start the hash chain on a store whose events were recorded before it existed: every
    event stored so far gets its entry now, and the store records through which position, when
    and by whom. The chain then vouches that those events are unchanged since the adoption
    (not before it), and every later event since it was recorded. Steps are refused on such a
    store until this is done."""
    ctx = context()
    origin = ctx.existing_app().adopt_chain(ctx.actor)
    through = origin.adopted_through
    said = f"events #1 to #{through} entered it now" if through else "the store held no events"
    say(
        f"hash chain adopted on store {origin.store_id}: {said}; "
        "every later event enters it as it is recorded"
    )


def _key(path: str | None) -> SealKey | None:
    from branchbook.workflows.proof.checkpoints import load_key

    return None if path is None else load_key(Path(path))


@click.command("seal", short_help="Write a checkpoint of the chain's head to keep elsewhere.")
@click.option("--key", "seal_key", metavar="FILE",
              help="Sign with this key: an Ed25519 private key (PEM or DER) or a shared secret "
              "file of at least 32 bytes (HMAC-SHA256).")  # fmt: skip
@click.option("--output", metavar="FILE", help="Write the checkpoint to this new file "
              "('-' or none: print it).")  # fmt: skip
@store_options_but("actor", "rules", "profile")
def seal(seal_key: str | None, output: str | None) -> None:
    """Write a checkpoint: the store's id, the position of its last event, the chain's hash
    there and the time, signed when a key is given. Keep it outside the store: `verify
    --checkpoint FILE` later proves that the store still extends it, i.e. that nothing up to
    that position has been altered, removed or reordered since.

    Sealing checks that the log, its chain, the views and the recorded commands end
    together, and refuses (exit 7) when they do not; it does not check every link of the
    chain: run `verify` first to seal a store known to be whole."""
    from branchbook.workflows.proof.checkpoints import Checkpoint, sealed_now, write_checkpoint

    key = _key(seal_key)
    app = reader()
    try:
        checkpoint = Checkpoint(**_head_to_seal(app), sealed_at=sealed_now()).signed(key)
    finally:
        app.close()
    if output in (None, "-"):
        emit_json(checkpoint.as_dict())
        return
    write_checkpoint(checkpoint, Path(output))
    signed = f", signed ({key.algorithm} {key.key_id})" if key else ", unsigned"
    say(f"sealed #{checkpoint.position} (chain head {checkpoint.head[:16]}…){signed} to {output}")


def _head_to_seal(app: BranchBook) -> dict[str, Any]:
    """The chain's head, once the log, the chain, the views and the key table are found to end
    together."""
    from branchbook.projections.catching_up.lag import lag
    from branchbook.workflows.errors import BrokenRecord
    from branchbook.workflows.store.chain import cut_short
    from branchbook.workflows.store.location import EVENTS_TABLE, KEYS_TABLE

    recorder = app.batch_recorder
    # What may only lag the log is read before it, so a step recorded meanwhile makes nothing
    # look removed; the head and the end are read again until no step came between them.
    views, _, _ = lag(app.engine, EVENTS_TABLE)
    with recorder.transaction(commit=False) as tx:
        commands_end = 0
        if KEYS_TABLE in tx.tables():
            query = f"SELECT max(position) FROM {KEYS_TABLE}"  # noqa: S608
            commands_end = tx.value(query) or 0
    origin, head, end, entries = _head_and_end(app)
    written = origin.written_through if origin is not None else None
    if origin is None or head is None:
        if end:
            raise BrokenRecord("the store has no hash chain; run 'branchbook chain adopt' first")
        raise Failure("the store holds no events: there is nothing to seal", 4)
    if head.position != end:
        raise BrokenRecord(
            f"the store's log ends at #{end} but its chain at #{head.position}; "
            "run 'branchbook verify'"
        )
    if written is not None and written != end:
        raise cut_short(written, end)
    for what, past in (("the views have applied", views or 0), ("commands recorded", commands_end)):
        if past > end:
            raise BrokenRecord(
                f"{what} events up to #{past} but the log ends at #{end}: events were removed "
                "from it; nothing is sealed; run 'branchbook verify'"
            )
    return {
        "store": origin.store_id,
        "position": head.position,
        "head": head.hash,
        "recorded_at": head.recorded_at,
        "events": int(entries),
    }


def _head_and_end(app: BranchBook) -> tuple[Any, Any, int, int]:
    """The store's origin, the chain's head, the log's end and the number of entries, read
    again while a step recorded between the reads makes them disagree."""
    from branchbook.workflows.store.schema import CHAIN_TABLE

    recorder = app.batch_recorder
    for attempt in range(SEAL_ATTEMPTS):
        with recorder.transaction(commit=False) as tx:
            if CHAIN_TABLE not in tx.tables():
                origin, head = None, None
            else:
                origin = recorder.chain.origin(tx)
                head = recorder.chain.head(tx)
            end = recorder.log_end(tx)
            entries = 0
            if head is not None:
                entries = tx.value(f"SELECT count(*) FROM {CHAIN_TABLE}")  # noqa: S608
        written = origin.written_through if origin is not None else None
        if head is None or (head.position == end and written in (None, end)):
            break
        if attempt + 1 < SEAL_ATTEMPTS:
            time.sleep(0.2)
    return origin, head, end, entries


COMMANDS: list[Any] = [chain, seal]
