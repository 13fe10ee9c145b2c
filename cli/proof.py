"""Proof that the record is the one recorded: the hash chain's adoption, sealed checkpoints,
and `verify`, which checks the log, its chain, every record's replay, the views and any
checkpoints, on a store it never writes."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.context import Failure
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say

if TYPE_CHECKING:
    from branchbook.projections.secrecy import ViewKeyring
    from branchbook.workflows.app import BranchBook
    from branchbook.workflows.checkpoints import Checkpoint, SealKey
    from branchbook.workflows.findings import Finding
    from branchbook.workflows.verification import Page

# The exit code of a store that fails verification (BrokenRecord's).
FAILED = 7


@click.group("chain", short_help="The hash chain over the log: adopt it on an older store.")
def chain() -> None:
    """The hash chain: every stored event has an entry, written with it, that hashes the entry
    before it with the event's stored bytes. `seal` keeps its head outside the store and
    `verify` checks it."""


@chain.command("adopt", short_help="Start the hash chain on a store made before it existed.")
@store_options
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


def _reader() -> BranchBook:
    """The application on the store, opened so that it writes nothing."""
    from branchbook.workflows.app import BranchBook
    from branchbook.workflows.store import existing, read_only_url, sqlite_path

    ctx = context()
    existing(ctx.url)
    path = sqlite_path(ctx.url)
    url = ctx.url if path is None else read_only_url(path)
    return BranchBook(url, ctx.wait_seconds, keyring=ctx.keyring, read_only=True)


def _key(path: str | None) -> SealKey | None:
    from branchbook.workflows.checkpoints import load_key

    return None if path is None else load_key(Path(path))


@click.command("seal", short_help="Write a checkpoint of the chain's head to keep elsewhere.")
@click.option("--key", "seal_key", metavar="FILE",
              help="Sign with this key: an Ed25519 private key (PEM) or a shared secret file "
              "of at least 32 bytes (HMAC-SHA256).")  # fmt: skip
@click.option("--output", metavar="FILE", help="Write the checkpoint to this new file "
              "[default: print it].")  # fmt: skip
@store_options
def seal(seal_key: str | None, output: str | None) -> None:
    """Write a checkpoint: the store's id, the position of its last event, the chain's hash
    there and the time, signed when a key is given. Keep it outside the store: `verify
    --checkpoint FILE` later proves that the store still extends it, i.e. that nothing up to
    that position has been altered, removed or reordered since."""
    from sqlalchemy import func, select

    from branchbook.workflows.checkpoints import (
        Checkpoint,
        sealed_now,
        write_checkpoint,
    )
    from branchbook.workflows.errors import BrokenRecord

    key = _key(seal_key)
    app = _reader()
    try:
        recorder = app.batch_recorder
        with recorder.transaction(commit=False) as session:
            origin = recorder.chain.origin(session)
            head = recorder.chain.head(session)
            end = recorder.log_end(session)
            entries = session.execute(select(func.count()).select_from(recorder.chain.entries))
            count = int(entries.scalar() or 0)
    except Exception as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            raise BrokenRecord(
                "the store has no hash chain; run 'branchbook chain adopt' first"
            ) from None
        raise
    finally:
        app.close()
    if origin is None or head is None:
        if end:
            raise BrokenRecord("the store has no hash chain; run 'branchbook chain adopt' first")
        raise Failure("the store holds no events: there is nothing to seal", 4)
    if head.position != end:
        raise BrokenRecord(
            f"the store's log ends at #{end} but its chain at #{head.position}; "
            "run 'branchbook verify'"
        )
    checkpoint = Checkpoint(
        store=origin.store_id,
        position=head.position,
        head=head.hash,
        recorded_at=head.recorded_at,
        sealed_at=sealed_now(),
        events=count,
    ).signed(key)
    if output is None:
        emit_json(checkpoint.as_dict())
        return
    write_checkpoint(checkpoint, Path(output))
    signed = f", signed ({key.algorithm} {key.key_id})" if key else ", unsigned"
    say(f"sealed #{checkpoint.position} (chain head {checkpoint.head[:16]}…){signed} to {output}")


@click.command("verify", short_help="Prove the store unaltered: chain, replay, views, checkpoints.")
@click.option("--checkpoint", "checkpoints", metavar="FILE", multiple=True,
              help="A checkpoint written by `seal`: the store must extend it "
              "(repeatable).")  # fmt: skip
@click.option("--key", "seal_key", metavar="FILE",
              help="The key that checks the checkpoints' signatures: the Ed25519 public (or "
              "private) key, or the shared secret they were sealed with.")  # fmt: skip
@click.option("--views/--no-views", default=True, show_default=True,
              help="Compare the views with a rebuild in a scratch copy (the slowest check: "
              "it runs at the speed of `projections rebuild`).")  # fmt: skip
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@store_options
def verify(
    checkpoints: tuple[str, ...], seal_key: str | None, views: bool, quiet: bool, as_json: bool
) -> None:
    """Check, without writing anything, that the store holds the record as it was recorded:

    \b
    - the hash chain is unbroken from the first event to the last, one entry per event;
    - every event decodes, and every record's versions run without a gap and replay;
    - no recorded command points past the end of the log;
    - the views equal a rebuild from the log (made in a scratch copy);
    - the store extends every checkpoint given (its hash found at its position).

    Each finding is one line with its position. Exit 0 when all holds, 7 when not."""
    from branchbook.workflows.checkpoints import read_checkpoint

    sealed = [(name, read_checkpoint(Path(name))) for name in checkpoints]
    key = _key(seal_key)
    started = time.perf_counter()
    app = _reader()
    try:
        ctx = context()
        ctx.decrypt_views(app.engine)  # encrypted views are read with their key, or refused
        report = verification_report(
            app,
            sealed,
            key,
            views=views,
            keyring=ctx.view_keyring(app.engine),
            show_progress=not (quiet or as_json),
        )
    finally:
        app.close()
    report["seconds"] = round(time.perf_counter() - started, 3)
    if as_json:
        emit_json(report)
    else:
        for finding in report["findings"]:
            say(finding["line"])
        for note in report["notes"]:
            say(f"note: {note}", err=True)
        say(_summary(report))
    if not report["verified"]:
        sys.exit(FAILED)


def verification_report(
    app: BranchBook,
    sealed: list[tuple[str, Checkpoint]],
    key: SealKey | None,
    *,
    views: bool = True,
    keyring: ViewKeyring | None = None,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Everything `verify` checks, on the store the application opens; what it found."""
    from branchbook.cli.render import progress_bar
    from branchbook.projections.standing import lag
    from branchbook.projections.tables import VIEW_SCHEMA
    from branchbook.workflows.checkpoints import check
    from branchbook.workflows.findings import Finding
    from branchbook.workflows.store import EVENTS_TABLE
    from branchbook.workflows.verification import LogCheck

    notes: list[str] = []
    findings: list[Finding] = []
    recorder = app.batch_recorder
    applied, end, schema = lag(app.engine, EVENTS_TABLE)
    through: int | None = None
    if not views:
        notes.append("the views were not compared (--no-views)")
    elif applied is None:
        notes.append("the views were never built: not compared")
    elif schema != VIEW_SCHEMA:
        notes.append(f"the views are of another version ({schema}): not compared")
    if applied is not None and applied > end:
        findings.append(
            Finding(
                "views",
                f"the views have applied events up to #{applied} but the log ends at "
                f"#{end}: events were removed from the end of the log",
                applied,
            )
        )
    elif views and applied is not None and schema == VIEW_SCHEMA:
        through = applied
        if applied < end:
            notes.append(f"the views are {end - applied} behind the log: compared as of #{applied}")
    with tempfile.TemporaryDirectory(prefix="branchbook-verify-") as scratch:
        rebuild = _scratch_views(app, Path(scratch), through, keyring)
        check_log = LogCheck(
            app.engine,
            recorder.events_record_cls.__table__,
            recorder.chain,
            app.mapper.to_domain_event,
            wanted=[c.position for _, c in sealed],
        )
        with progress_bar(quiet=not show_progress) as progress:
            task = progress.add_task("verifying", total=end)
            scan = check_log.run(
                rebuild.feed if rebuild is not None else None,
                lambda n: progress.advance(task, n),
            )
        findings = [*scan.findings, *findings]
        if rebuild is not None:
            findings += rebuild.differences(app.engine)
    store = scan.origin.store_id if scan.origin is not None else None
    for name, checkpoint in sealed:
        found, said = check(
            checkpoint,
            name,
            store=store,
            entries=scan.entries,
            chain_end=scan.chain_end,
            key=key,
        )
        findings += found
        notes += said
    if scan.origin is not None and scan.origin.adopted_through:
        o = scan.origin
        notes.append(
            f"the chain was adopted by {o.adopted_by} at {o.adopted_at}: events #1 to "
            f"#{o.adopted_through} are vouched for since then, not since they were recorded"
        )
    return {
        "verified": not findings,
        "store": store,
        "events": scan.events,
        "log_end": scan.log_end,
        "chain_end": scan.chain_end,
        "views_compared_through": through,
        "checkpoints": [{"file": n, "position": c.position, "head": c.head} for n, c in sealed],
        "findings": [{**f.as_dict(), "line": f.line()} for f in findings],
        "notes": notes,
    }


class _Rebuild:
    """Views rebuilt in a scratch database from the pages the log check reads, up to the
    position the store's own views stand at."""

    def __init__(
        self, app: BranchBook, folder: Path, through: int, keyring: ViewKeyring | None
    ) -> None:
        from sqlalchemy import create_engine

        from branchbook.projections import audit
        from branchbook.projections.catchup import CatchUp
        from branchbook.projections.roster import project
        from branchbook.workflows.errors import Encrypted

        self.engine = create_engine(f"sqlite:///{folder / 'views.db'}")
        # Written with the views' own key: nothing of a person lies in clear in the scratch copy.
        self.views = CatchUp(
            self.engine,
            app.recorder,
            app.mapper.to_domain_event,
            project,
            audit=audit.project,
            keyring=keyring,
            fatal=(Encrypted,),
        )
        self.views.through = through
        self.through = through
        self.failed: str | None = None

    def feed(self, page: Page) -> None:
        if self.failed is not None:
            return
        kept = [i for i, n in enumerate(page.notifications) if n.id <= self.through]
        if not kept:
            return
        try:
            self.views.feed([page.notifications[i] for i in kept], [page.decoded[i] for i in kept])
        except Exception as exc:  # reported as a finding once the pass ends
            self.failed = f"{type(exc).__name__}: {exc}"

    def differences(self, live: Any) -> list[Finding]:
        from branchbook.projections.comparison import differences
        from branchbook.workflows.findings import Finding

        try:
            if self.failed is not None:
                return [Finding("views", f"a rebuild to compare with failed: {self.failed}")]
            return [
                Finding("views", f"{d.table}: {d.message}", d.position)
                for d in differences(live, self.engine)
            ]
        finally:
            self.engine.dispose()


def _scratch_views(
    app: BranchBook, folder: Path, through: int | None, keyring: ViewKeyring | None
) -> _Rebuild | None:
    return None if through is None else _Rebuild(app, folder, through, keyring)


def _summary(report: dict[str, Any]) -> str:
    events = report["events"]
    if not report["verified"]:
        n = len(report["findings"])
        return f"NOT verified: {n} finding{'s' if n != 1 else ''} in a log of {events:,} events"
    parts = [f"verified: {events:,} events, hash chain unbroken to #{report['chain_end']}"]
    if report["views_compared_through"] is not None:
        parts.append(f"views equal a rebuild (to #{report['views_compared_through']})")
    held = len(report["checkpoints"])
    if held:
        parts.append(f"the store extends {held} checkpoint{'s' if held != 1 else ''}")
    return "; ".join(parts)


COMMANDS: list[Any] = [chain, seal, verify]
