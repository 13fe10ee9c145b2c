"""Proof that the record is the one recorded: `verify` checks the log, its hash chain, every
record's replay, the views and any sealed checkpoints, on a store it never writes."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.options import context, json_option, store_options_but
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say
from branchbook.cli.wording import counted

if TYPE_CHECKING:
    from branchbook.projections.storage.secrecy import ViewKeyring
    from branchbook.workflows.proof.checkpoints import Checkpoint, SealKey
    from branchbook.workflows.proof.findings import Finding
    from branchbook.workflows.proof.verification import Page
    from branchbook.workflows.store.app import BranchBook

# The exit code of a store that fails verification (BrokenRecord's).
FAILED = 7


def reader() -> BranchBook:
    """The application on the store, opened so that it writes nothing."""
    from branchbook.workflows.store.app import BranchBook
    from branchbook.workflows.store.location import existing, read_only_url, sqlite_path

    ctx = context()
    existing(ctx.url)
    path = sqlite_path(ctx.url)
    # A store this user may write is read through its own URL, with writing switched off, so
    # a writer that comes along meanwhile is seen as SQLite sees any other; one that may not
    # be written is read without creating a file beside it.
    url = ctx.url if path is None or not ctx.reading_only else read_only_url(path)
    return BranchBook(url, ctx.wait_seconds, keyring=ctx.keyring, read_only=True)


def _keys(paths: tuple[str, ...]) -> list[SealKey]:
    from branchbook.workflows.proof.checkpoints import load_key

    return [load_key(Path(path)) for path in paths]


@click.command("verify", short_help="Prove the store unaltered: chain, replay, views, checkpoints.")
@click.option("--checkpoint", "checkpoints", metavar="FILE", multiple=True,
              help="A checkpoint written by `seal`: the store must extend it "
              "(repeatable).")  # fmt: skip
@click.option("--key", "seal_keys", metavar="FILE", multiple=True,
              help="A key that checks the checkpoints' signatures: the Ed25519 public (or "
              "private) key, or the shared secret one was sealed with (repeatable).")  # fmt: skip
@click.option("--views/--no-views", default=True, show_default=True,
              help="Compare the views with a rebuild in a scratch copy (the slowest check: "
              "it runs at the speed of `projections rebuild`).")  # fmt: skip
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@store_options_but("actor", "rules", "profile")
def verify(
    checkpoints: tuple[str, ...],
    seal_keys: tuple[str, ...],
    views: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Check, without writing anything, that the store holds the record as it was recorded:

    \b
    - the hash chain is unbroken from the first event to the last, one entry per event,
      and reaches the last event ever written;
    - every event decodes, and every record's versions run without a gap and replay;
    - every recorded command has its row in the key table, and none points past the log;
    - the views equal a rebuild from the log (made in a scratch copy);
    - the store extends every checkpoint given (its hash found at its position).

    An encrypted store checked without its key (--key-file) gets every check that needs no
    decoding: the chain, the key table's positions and the checkpoints.

    Each finding is one line with its position. Exit 0 when all holds, 7 when not."""
    from branchbook.projections.storage.secrecy import ViewsEncrypted
    from branchbook.workflows.errors import Encrypted
    from branchbook.workflows.proof.checkpoints import read_checkpoint

    sealed = [(name, read_checkpoint(Path(name))) for name in checkpoints]
    keys = _keys(seal_keys)
    started = time.perf_counter()
    ctx = context()
    app = reader()
    try:
        try:
            ctx.decrypt_views(app.engine)  # encrypted views are read with their key, or refused
            keyring = ctx.view_keyring(app.engine)
            decoding = True
        except (Encrypted, ViewsEncrypted):
            if ctx.keyring is not None:
                raise  # another key than the store's: said as it is (exit 8)
            keyring, decoding, views = None, False, False
        report = verification_report(
            app,
            sealed,
            keys,
            views=views,
            decoding=decoding,
            keyring=keyring,
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
    keys: Sequence[SealKey] = (),
    *,
    views: bool = True,
    decoding: bool = True,
    keyring: ViewKeyring | None = None,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Everything `verify` checks, on the store the application opens; what it found."""
    from branchbook.cli.render import progress_bar
    from branchbook.workflows.proof.checkpoints import check
    from branchbook.workflows.proof.findings import collapsed
    from branchbook.workflows.proof.verification import LogCheck

    notes: list[str] = []
    if not decoding:
        notes.append(
            "the store is encrypted and no key was given (--key-file): the chain, the key "
            "table's positions and the checkpoints were checked; the events were not decoded, "
            "replayed or compared with the views"
        )
    # Without decoding, the views are not compared: the note above says so already.
    through, end, findings = _views_to_compare(app, views and decoding, notes if decoding else [])
    recorder = app.batch_recorder
    with tempfile.TemporaryDirectory(prefix="branchbook-verify-") as scratch:
        rebuild = None if through is None else _Rebuild(app, Path(scratch), through, keyring)
        check_log = LogCheck(
            app.engine,
            recorder.events_table,
            recorder.chain,
            app.mapper.to_domain_event if decoding else None,
            wanted=[c.position for _, c in sealed],
        )
        with progress_bar(quiet=not show_progress) as progress:
            task = progress.add_task("verifying", total=end)
            scan = check_log.run(
                rebuild.feed if rebuild is not None else None,
                lambda n: progress.advance(task, n),
            )
        findings = [*scan.findings, *findings]
        if rebuild is not None and _views_moved(app, through, notes):
            through = None
        elif rebuild is not None:
            findings += rebuild.differences(app.engine)
    store = scan.origin.store_id if scan.origin is not None else None
    held = []
    for name, checkpoint in sealed:
        found, said = check(
            checkpoint,
            name,
            store=store,
            entries=scan.entries,
            chain_end=scan.chain_end,
            keys=keys,
        )
        findings += found
        notes += said
        held.append({"file": name, "position": checkpoint.position, "head": checkpoint.head,
                     "holds": not found})  # fmt: skip
    if scan.origin is not None and scan.origin.adopted_through:
        o = scan.origin
        notes.append(
            f"the chain was adopted by {o.adopted_by} at {o.adopted_at}: events #1 to "
            f"#{o.adopted_through} are vouched for since then, not since they were recorded"
        )
    findings = collapsed(findings)
    return {
        "verified": not findings,
        "store": store,
        "events": scan.events,
        "log_end": scan.log_end,
        "chain_end": scan.chain_end,
        "views_compared_through": through,
        "checkpoints": held,
        "findings": [{**f.as_dict(), "line": f.line()} for f in findings],
        "notes": notes,
    }


def _views_moved(app: BranchBook, through: int | None, notes: list[str]) -> bool:
    """Whether the views moved on while the log was checked (a query caught them up): then
    they are not compared, as they no longer stand where the rebuild stopped."""
    from branchbook.projections.catching_up.lag import lag
    from branchbook.workflows.store.location import EVENTS_TABLE

    applied, _, _ = lag(app.engine, EVENTS_TABLE)
    if applied == through:
        return False
    notes.append(
        f"the views moved from #{through} to #{applied} while the log was checked: not "
        "compared; run verify again when the store is quiet"
    )
    return True


def _views_to_compare(
    app: BranchBook, views: bool, notes: list[str]
) -> tuple[int | None, int, list[Finding]]:
    """The position up to which the views are compared with a rebuild (None: not compared),
    the log's end, and the finding of views that stand past it."""
    from branchbook.projections.catching_up.lag import lag
    from branchbook.projections.storage.tables import VIEW_SCHEMA
    from branchbook.workflows.proof.findings import Finding
    from branchbook.workflows.store.location import EVENTS_TABLE

    applied, end, schema = lag(app.engine, EVENTS_TABLE)
    if applied is not None and applied > end:
        past = (
            f"the views have applied events up to #{applied} but the log ends at #{end}: "
            "events were removed from the end of the log"
        )
        return None, end, [Finding("views", past, applied)]
    if not views:
        notes.append(
            "the views were not compared with a rebuild; that they stand within the log was "
            "still checked"
        )
        return None, end, []
    if applied is None:
        notes.append("the views were never built: not compared")
        return None, end, []
    if schema != VIEW_SCHEMA:
        notes.append(f"the views are of another version ({schema}): not compared")
        return None, end, []
    if applied < end:
        notes.append(f"the views are {end - applied} behind the log: compared as of #{applied}")
    return applied, end, []


class _Rebuild:
    """Views rebuilt in a scratch database from the pages the log check reads, up to the
    position the store's own views stand at."""

    def __init__(
        self, app: BranchBook, folder: Path, through: int, keyring: ViewKeyring | None
    ) -> None:
        from sqlalchemy import create_engine

        from branchbook.projections.auditors import audit_trail as audit
        from branchbook.projections.catching_up.catchup import CatchUp
        from branchbook.projections.catching_up.every_view import project
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
        from branchbook.projections.catching_up.rebuild_check import differences
        from branchbook.workflows.proof.findings import Finding

        try:
            if self.failed is not None:
                return [Finding("views", f"a rebuild to compare with failed: {self.failed}")]
            return [
                Finding("views", f"{d.table}: {d.message}", d.position)
                for d in differences(live, self.engine)
            ]
        finally:
            self.engine.dispose()


def _summary(report: dict[str, Any]) -> str:
    events = report["events"]
    if not report["verified"]:
        n = len(report["findings"])
        return f"NOT verified: {counted(n, 'finding')} in a log of {counted(events, 'event')}"
    parts = [f"verified: {counted(events, 'event')}, hash chain unbroken to #{report['chain_end']}"]
    if report["views_compared_through"] is not None:
        parts.append(f"views equal a rebuild (to #{report['views_compared_through']})")
    held = len(report["checkpoints"])
    if held:
        parts.append(f"the store extends {held} checkpoint{'s' if held != 1 else ''}")
    return "; ".join(parts)


COMMANDS: list[Any] = [verify]
