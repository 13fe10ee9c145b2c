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


# A run of at least this many findings alike at successive positions is said in one line.
RUN = 3


def collapsed(findings: list[Finding]) -> list[Finding]:
    """The findings, each run of the same check and message at successive positions said once,
    with the first and last position and how many."""
    out: list[Finding] = []
    run: list[Finding] = []

    def close() -> None:
        if len(run) >= RUN:
            first, last = run[0], run[-1]
            out.append(
                Finding(
                    first.check,
                    f"{first.message} (#{first.position} to #{last.position}: {len(run):,} events)",
                    first.position,
                )
            )
        else:
            out.extend(run)
        run.clear()

    for finding in findings:
        if run and (
            finding.position is None
            or run[-1].position is None
            or (finding.check, finding.message) != (run[-1].check, run[-1].message)
            or finding.position <= run[-1].position
        ):
            close()
        run.append(finding)
    close()
    return out
