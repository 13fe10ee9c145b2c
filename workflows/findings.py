"""What a check of the store found: one thing that does not hold, at a position of the log."""

from __future__ import annotations

from typing import Any

from attrs import frozen


@frozen
class Finding:
    """One thing that does not hold, at a position of the log when it has one."""

    check: str  # chain, decode, versions, replay, keys, views, checkpoint
    message: str
    position: int | None = None

    def line(self) -> str:
        where = f"#{self.position} " if self.position is not None else ""
        return f"{where}{self.check}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "check": self.check, "message": self.message}


def reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
