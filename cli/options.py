"""Options every command shares: where the store is, which rulebook, who records, JSON out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from branchbook.cli.context import Context

F = TypeVar("F", bound=Callable[..., Any])


def _setter(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def set_value(ctx: click.Context, _: click.Parameter, value: Any) -> None:
        if value is not None:
            setattr(ctx.ensure_object(Context), attribute, value)

    return set_value


def _wait_setter(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from branchbook.cli.values import WAIT

    if value is not None:
        ctx.ensure_object(Context).wait = WAIT(ctx, param, value)


def store_options_but(*left_out: str) -> Callable[[F], F]:
    """--db, --rules, --profile, --actor and --key-file after the subcommand as well as before
    it, but
    those a command uses for something else (the audit's --actor names whose steps to list)."""

    def decorate(function: F) -> F:
        if "read-only" not in left_out:
            function = click.option(
                "--read-only",
                is_flag=True,
                default=None,
                help="Open the store without writing (overrides the group option).",
                expose_value=False,
                callback=_setter("read_only"),
            )(function)
        if "wait" not in left_out:
            function = click.option(
                "--wait",
                metavar="SECONDS",
                help="Seconds to wait for the store's lock (overrides the group option).",
                expose_value=False,
                callback=_wait_setter,
            )(function)
        for name, metavar, help_text in (
            ("key-file", "FILE", "Key file of an encrypted store (overrides the group option)."),
            ("profile", "ID", "Built-in rule profile (overrides the group option)."),
            ("actor", "NAME", "Who records the step (overrides the group option)."),
            ("rules", "FILE", "Rulebook file (overrides the group option)."),
            ("db", "PATH|URL", "Store path or URL (overrides the group option)."),
        ):
            if name in left_out:
                continue
            function = click.option(
                f"--{name}",
                metavar=metavar,
                help=help_text,
                expose_value=False,
                callback=_setter(name.replace("-", "_")),
            )(function)
        return function

    return decorate


store_options = store_options_but()


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(
        function
    )


def context() -> Context:
    return click.get_current_context().ensure_object(Context)
