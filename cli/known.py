"""The codes the record holds, read when a suggestion needs them: a step names a member,
branch or organisation not found, and the nearest one the record holds is suggested."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine


def known_in(engine: Callable[[], Engine | None]) -> Callable[[str], list[str]]:
    """The codes of each kind the views through `engine()` hold, each kind read once, when
    first asked for; none when there is no engine or the views cannot be read (a suggestion
    is not worth a failure)."""
    read: dict[str, list[str]] = {}

    def known(kind: str) -> list[str]:
        if kind not in read:
            from branchbook.projections.branches.codes import codes

            read[kind] = []
            try:
                opened = engine()
                if opened is not None:
                    with opened.connect() as conn:
                        read[kind] = codes(conn, kind)
            except Exception:  # noqa: S110 (no views yet, or not readable: no suggestion)
                pass
        return read[kind]

    return known
