"""`branchbook rules`: the rules in force, and a check of rulebook files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import click

from branchbook.cli.context import Failure, rulebook_bytes
from branchbook.cli.lazy import LazyGroup
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say, say_lines
from branchbook.cli.values import DAY
from branchbook.cli.wording import in_force_since


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    short_help="The rules in force; check rulebook files.",
)
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help="List the version in force on this date "
    "(default: the latest version: the rulebook is listed, not the record).",
)
@click.option(
    "--markdown",
    "as_markdown",
    is_flag=True,
    help="Print them as a Markdown reference grouped by area (docs/rules.md is this).",
)
@json_option
@store_options
@click.pass_context
def rules(ctx: click.Context, as_of: date | None, as_markdown: bool, as_json: bool) -> None:
    """List the rules in force: id, severity, parameters and source article."""
    if ctx.invoked_subcommand is not None:
        return
    if as_markdown and as_json:
        raise Failure("--markdown and --json cannot be given together", 2)
    rulebook = context().rulebook
    version = rulebook.in_force(as_of) if as_of else rulebook.versions[-1]
    if as_markdown:
        from branchbook.cli.rules_markdown import rules_markdown

        say_lines(rules_markdown(version).removesuffix("\n").split("\n"))
        return
    listed = sorted(version.rules.values(), key=lambda r: r.id)
    if as_json:
        emit_json(
            {
                "version": version.id,
                "fingerprint": version.fingerprint,
                "effective_from": version.effective_from.isoformat(),
                "versions": [
                    {
                        "id": v.id,
                        "effective_from": v.effective_from.isoformat(),
                        "fingerprint": v.fingerprint,
                    }
                    for v in rulebook.versions
                ],
                "rules": [r.as_dict() for r in listed],
            }
        )
        return
    table(
        f"Rulebook {version.fingerprint}, in force {in_force_since(version.effective_from)}",
        ("rule", "severity", "parameters", "source", "checked"),
        (
            (r.id, r.severity.value, _params(r.params), r.citation, "yes" if r.checked else "")
            for r in listed
        ),
    )


def _params(params: Mapping[str, object]) -> str:
    """A rule's parameters as a reader writes them: `min_months: none; kinds: a, b`."""
    return "; ".join(f"{k}: {_value(v)}" for k, v in params.items())


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, Mapping):
        return "(" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + ")"
    return str(value)


@rules.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
def check(file: Path, as_json: bool) -> None:
    """Validate a rulebook FILE (TOML); exit 2 naming the key and line if it is not valid.

    With --json, stdout gives {"file", "valid", "versions": [{"id", "effective_from",
    "fingerprint"}], "error"}: for a file that is not valid (or cannot be read), "valid" is
    false, "error" says why, and the same line is on stderr, exit 2."""
    from branchbook.domain.catalogue import builtin_rulebook
    from branchbook.domain.rulefile import RulebookError, load_rulebook

    try:
        rulebook = load_rulebook(rulebook_bytes(file), builtin_rulebook())
    except (RulebookError, Failure) as exc:
        problem = exc.message if isinstance(exc, Failure) else f"{file}: {exc}"
        if as_json:
            emit_json({"file": str(file), "valid": False, "versions": [], "error": problem})
        raise Failure(problem, 2) from None
    if as_json:
        versions = [
            {
                "id": v.id,
                "effective_from": v.effective_from.isoformat(),
                "fingerprint": v.fingerprint,
            }
            for v in rulebook.versions
        ]
        emit_json({"file": str(file), "valid": True, "versions": versions, "error": None})
        return
    names = ", ".join(
        f"{v.fingerprint} {in_force_since(v.effective_from)}" for v in rulebook.versions
    )
    say(f"{file}: valid; versions {names}")
