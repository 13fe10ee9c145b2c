"""Bringing the read models current after a command has written to the log, so that the first
query afterwards has nothing to catch up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchbook.cli.context import READER_WAIT, note_unplaced
from branchbook.cli.safe_text import say

if TYPE_CHECKING:
    from branchbook.cli.context import Context
    from branchbook.projections.catching_up.catchup import CatchUp


def bring_views_current(ctx: Context, *, quiet: bool) -> int | None:
    """Apply to the read models every event of the log they lack, a page per transaction, with
    a progress bar on stderr when it is a terminal and `quiet` is false; return how many events
    were applied.

    What the views lack is never a reason to fail what was already written: when they cannot
    be brought current, they are left as they stand (a query catches them up, or says why it
    cannot), one note line on stderr says why, and None is returned. So when another writer
    holds the store's lock for longer than a query would wait for it, or the store is
    unreadable, encrypted with a key not given, or its log is shorter than the views. Events
    the views cannot place are noted as every query notes them. A store open read-only is
    noted as well (it has refused the command's writes before). Any other exception is a fault
    and is raised."""
    from branchbook.workflows.store.location import is_locked

    try:
        views = ctx.catch_up(lock_wait=min(READER_WAIT, ctx.wait_seconds))
        applied = _run(views, quiet)
    except Exception as exc:
        if _interrupted(exc):
            # A driver may fail its rollback on the way out of an interrupt: the interrupt
            # ends the command, not a note that the views were left behind.
            raise KeyboardInterrupt from None
        why = _why(exc, ctx.wait_seconds)
        if why is None:
            raise
        if is_locked(exc):
            why = "another writer holds the store; the next query brings them current"
        say(f"note: the views were not brought current: {why}", err=True)
        return None
    note_unplaced(views.engine)
    return applied


def _run(views: CatchUp, quiet: bool) -> int:
    """Catch up, advancing a progress bar over the events the views stand behind."""
    from branchbook.cli.render import progress_bar
    from branchbook.projections.catching_up.lag import lag
    from branchbook.workflows.store.location import EVENTS_TABLE

    applied, end, _ = lag(views.engine, EVENTS_TABLE)
    with progress_bar(quiet=quiet) as progress:
        task = progress.add_task("bringing the views current", total=end - (applied or 0))
        return views.run(lambda n: progress.advance(task, n))


def _interrupted(exc: BaseException) -> bool:
    """Whether exc was raised while an interrupt was on its way out."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _why(exc: Exception, wait: float) -> str | None:
    """One line saying why the views could not be brought current; None for a fault."""
    from branchbook.projections.catching_up.broken_log import BrokenLog
    from branchbook.projections.storage.secrecy import ViewsEncrypted
    from branchbook.workflows.errors import CommandError
    from branchbook.workflows.store.keyring import Undecryptable
    from branchbook.workflows.store.location import storage_message

    if isinstance(exc, (CommandError, BrokenLog, ViewsEncrypted, Undecryptable)):
        return str(exc)
    return storage_message(exc, wait)
