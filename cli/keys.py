"""`branchbook key`: make the key file that encrypts a store's personal data, and rotate it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from branchbook.cli.lazy import LazyGroup
from branchbook.cli.safe_text import say


@click.group("key", cls=LazyGroup, short_help="Key files: make one, or add a newer key.")
def key() -> None:
    """Key files for personal data encrypted at rest (give one with --key-file)."""


@key.command("new", short_help="Write a fresh 256-bit key to a new key file.")
@click.argument("file", metavar="FILE")
@click.option(
    "--rotate",
    is_flag=True,
    help="Add a fresh key at the top of an existing key file, keeping the older keys below "
    "it: new data is encrypted with it, and the older keys still read what they wrote.",
)
def new(file: str, rotate: bool) -> None:
    """Write a fresh random 256-bit key to FILE, a new file only its owner may read (mode
    600); an existing file is never overwritten. With --rotate, put a fresh key at the top of
    the existing FILE instead. Keep the file (and a copy) safe: without it the store cannot be
    read."""
    from branchbook.workflows.store.keyring import rotate_key_file, write_new_key_file

    path = Path(file)
    ring = rotate_key_file(path) if rotate else write_new_key_file(path)
    older = len(ring.keys) - 1
    kept = f"; {older} older key{'' if older == 1 else 's'} kept below it" if older else ""
    say(f"wrote a new key (key id {ring.key_id}) to {path}{kept}")


COMMANDS: list[Any] = [key]
