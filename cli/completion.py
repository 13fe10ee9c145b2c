"""Shell completion of the codes the record holds: branch codes and member numbers, read from
the views as they stand (nothing is caught up, written or created). When the store cannot be
read, nothing is completed: completion never fails aloud."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click
    from click.shell_completion import CompletionItem


def complete_branch(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The branch codes starting with what is typed."""
    return _completed(ctx, "branch", incomplete)


def complete_member(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The member numbers starting with what is typed."""
    return _completed(ctx, "member", incomplete)


def _completed(ctx: click.Context, kind: str, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    return [CompletionItem(code) for code in codes_in_store(_db(ctx), kind, incomplete)]


def _db(ctx: click.Context) -> str | None:
    """The store the command line names: --db after the subcommand, or before it."""
    from branchbook.cli.context import Context

    given = ctx.find_object(Context)
    if given is not None and given.db:
        return given.db
    node: click.Context | None = ctx
    while node is not None:
        db = node.params.get("db")
        if isinstance(db, str) and db:
            return db
        node = node.parent
    return None


def codes_in_store(db: str | None, kind: str, prefix: str) -> list[str]:
    """The codes of `kind` starting with `prefix` in the views of the store `db` (--db, or
    BRANCHBOOK_DB, or the default), read-only; none when there is no store or it cannot be
    read."""
    try:
        from branchbook.projections.branches.codes import codes
        from branchbook.workflows.store.engines import open_engine
        from branchbook.workflows.store.location import database_url, read_only_url, sqlite_path

        url = database_url(db)
        path = sqlite_path(url)
        if path is not None:
            if not path.is_file():
                return []
            url = read_only_url(path)
        elif url.startswith("postgresql"):
            from sqlalchemy.engine import make_url

            # A server that does not answer must not hold the shell: give up within a second.
            url = (
                make_url(url)
                .update_query_dict({"connect_timeout": "1"})
                .render_as_string(hide_password=False)
            )
        engine = open_engine(url, 0.5, read_only=True)
        try:
            with engine.connect() as conn:
                return codes(conn, kind, prefix)
        finally:
            engine.dispose()
    except Exception:  # no store, not ours, locked, damaged: complete nothing
        return []
