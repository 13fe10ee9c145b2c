"""The branchbook command line: one group, a subcommand per recorded step, and the queries."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from branchbook.cli.context import Context, Failure
from branchbook.cli.lazy import LazyGroup, Place, StepGroup, load

EPILOG = (
    "Exit codes: 0 ok, 1 unexpected, 2 usage or bad input, 3 rejected by a rule, "
    "4 not found, 5 conflict, 6 storage failure, 7 the store fails verification, "
    "8 the store is encrypted and its key was not given, 9 a program the command needs is "
    "missing, 130 interrupted."
)


# Where each command outside the noun groups is defined: loaded when asked for or listed.
COMMANDS: dict[str, Place] = {
    "record": ("record", "record"),
    "import": ("imports", "import_group"),
    "roster": ("queries", "roster"),
    "audit": ("audit", "audit_command"),
    "export": ("audit", "export"),
    "compliance": ("compliance", "compliance"),
    "due": ("reports", "due"),
    "stats": ("reports", "stats"),
    "report": ("report", "report"),
    "projections": ("views", "projections"),
    "chain": ("chain", "chain"),
    "seal": ("chain", "seal"),
    "verify": ("proof", "verify"),
    "key": ("keys", "key"),
    "rules": ("rules", "rules"),
    "guide": ("guide", "guide"),
    "demo": ("demo", "demo"),
}


class Group(LazyGroup):
    """A group that turns branchbook's errors into one line on stderr and an exit code."""

    def make(self, name: str) -> click.Command | None:
        return load(COMMANDS[name]) if name in COMMANDS else None

    def names(self) -> list[str]:
        return list(COMMANDS)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise Failure(_usage_line(exc), 2) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise Failure(_usage_line(exc), 2) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            # What was saved before is whole (a batch is one transaction): a rerun records
            # the rest exactly once.
            raise Failure("interrupted", 130) from None
        except BrokenPipeError:
            # The reader closed the pipe (`branchbook ... | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            known = _known_failure(exc)
            if known is not None:
                raise known from None
            # The database's own errors (a locked or unreadable store) say so in one line,
            # without the statement and its parameters.
            message = _storage_message(ctx, exc)
            if message is not None:
                raise Failure(message, 6) from None
            encrypted = _encrypted_failure(exc)
            if encrypted is not None:
                raise encrypted from None
            raise Failure(f"unexpected {type(exc).__name__}: {exc}", 1) from exc


def _raised(exc: Exception, module: str, name: str) -> bool:
    """Whether exc is of the class `name` of `module`. A command that never loaded the module
    cannot have raised one, so it is not loaded to ask (a query leaves the domain unloaded)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(exc, getattr(loaded, name))


def _known_failure(exc: Exception) -> Failure | None:
    """A rule broken (exit 3), a command refused (its own code), a log found cut short, a
    program the command needs missing (exit 9) or a PDF the browser did not print (exit 1)."""
    from branchbook.workflows.errors import BrokenRecord, CommandError

    if _raised(exc, "branchbook.domain.rules", "RuleViolation"):
        return Failure(f"rejected: {exc}", 3)
    if isinstance(exc, CommandError):
        return Failure(str(exc), exc.exit_code)
    if _raised(exc, "branchbook.projections.catching_up.broken_log", "BrokenLog"):
        return Failure(str(exc), BrokenRecord.exit_code)
    if _raised(exc, "branchbook.documents.printing", "MissingProgram"):
        return Failure(str(exc), 9)
    if _raised(exc, "branchbook.documents.printing", "PrintFailed"):
        return Failure(str(exc), 1)
    return None


def _usage_line(exc: click.UsageError) -> str:
    """A usage error as one line, naming where the help is."""
    where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    return " ".join(exc.format_message().split()) + where


def _encrypted_failure(exc: Exception) -> Failure | None:
    """Encrypted views read without their key (exit 8), or holding text that does not
    decrypt (exit 6); None for any other error. Imported only when something failed."""
    from branchbook.projections.storage.secrecy import ViewsEncrypted
    from branchbook.workflows.store.keyring import Undecryptable

    if isinstance(exc, ViewsEncrypted):
        return Failure(str(exc), 8)
    if isinstance(exc, Undecryptable):
        return Failure(f"storage failure: encrypted text in the store does not decrypt: {exc}", 6)
    return None


def _storage_message(ctx: click.Context, exc: Exception) -> str | None:
    from branchbook.workflows.store.location import storage_message

    return storage_message(exc, ctx.ensure_object(Context).wait_seconds)


def _wait(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    from branchbook.cli.values import WAIT

    seconds: float | None = WAIT(ctx, param, value)
    return seconds


@click.group(cls=Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH|URL",
    help="Store: SQLite file path or SQLAlchemy URL [env BRANCHBOOK_DB; default ./branchbook.db].",
)
@click.option("--rules", metavar="FILE", help="Rulebook file (TOML) [env BRANCHBOOK_RULES].")
@click.option("--actor", help="Who records the steps [env BRANCHBOOK_ACTOR; default OS user].")
@click.option(
    "--profile",
    metavar="ID",
    help="Built-in rule profile: S000 or S000+S003 [env BRANCHBOOK_PROFILE; default S000].",
)
@click.option(
    "--wait",
    callback=_wait,
    metavar="SECONDS",
    help="How long a writer waits for the store's lock each time it needs it, before giving "
    "up [default: 30].",
)
@click.option(
    "--read-only",
    is_flag=True,
    default=None,
    help="Open the store without writing anything: answer from the views as they stand "
    "[automatic when the store file cannot be written].",
)
@click.option(
    "--key-file",
    metavar="FILE",
    help="Encrypt personal data at rest with the keys in FILE, and read it back "
    "(make one with `branchbook key new FILE`) [env BRANCHBOOK_KEY_FILE].",
)
@click.version_option(package_name="branchbook")
@click.pass_context
def cli(
    ctx: click.Context,
    *,
    db: str | None,
    rules: str | None,
    actor: str | None,
    profile: str | None,
    wait: float | None,
    read_only: bool | None,
    key_file: str | None,
) -> None:
    """branchbook — the branch record book, event-sourced.

    Records every procedural step of a branch-structured membership organisation as an
    immutable event, judges it against the rulebook in force on its date, and answers
    questions from projections.
    """
    context = ctx.ensure_object(Context)
    context.db = db or context.db
    context.rules = rules or context.rules
    if actor:
        context.actor = actor
    context.profile = profile or context.profile
    context.wait = wait if wait is not None else context.wait
    context.read_only = bool(read_only) or context.read_only
    context.key_file = key_file or context.key_file


# The command groups, each holding its recorded steps (named noun.verb) and its queries.
HELPS = {
    "org": "Higher organisations: the committees and general branches above branches.",
    "branch": "Branches: founding, leadership, elections and terms.",
    "member": "Members: from the application to full membership, their rights, dues, "
    "discipline and disposal. The whole path in order: `branchbook guide admission`.",
    "transfer": "Transfers of a member's organisational relation between branches.",
    "meeting": "Meetings: attendance, and the decisions taken at them.",
    "step": "Recorded steps: corrections of mistaken ones.",
    "evaluation": "Organisation evaluations: the S003 100-point table, scored for a year.",
    "points": "Member points: the S002 annual points of members.",
}
# Each noun's queries, beside its recorded steps.
QUERIES: dict[str, dict[str, Place]] = {
    "member": {
        "find": ("queries", "member_find"),
        "list": ("member_list", "member_list"),
        "show": ("queries", "member_show"),
        "history": ("queries", "member_history"),
    },
    "meeting": {"show": ("meetings", "meeting_show")},
    "branch": {"show": ("branches", "branch_show"), "list": ("branches", "branch_list")},
    "org": {"list": ("branches", "org_list")},
    "evaluation": {
        "show": ("scoring", "evaluation_show"),
        "items": ("scoring", "evaluation_items"),
    },
    "points": {"show": ("scoring", "points_show")},
}
GROUPS: dict[str, StepGroup] = {}
for _noun, _help in HELPS.items():
    GROUPS[_noun] = StepGroup(_noun, _help, QUERIES.get(_noun, {}))
    cli.add_command(GROUPS[_noun])


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(prog_name="branchbook"))


if __name__ == "__main__":
    main()
