"""Errors a command can end in besides a rule violation, each with its exit code."""

from __future__ import annotations


class CommandError(Exception):
    """Raised when a command cannot be carried out; the subclass says why."""

    exit_code = 1
    outcome = "error"


class BadInput(CommandError):
    """Raised when a command's input is missing, malformed or of the wrong type."""

    exit_code = 2
    outcome = "invalid"


class NotFound(CommandError):
    """Raised when a command names a member or branch that the record does not hold: `kind`
    (member, branch, organisation) and `code` say which, so a near one can be suggested."""

    exit_code = 4
    outcome = "not-found"

    def __init__(self, message: str, *, kind: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code


class Conflict(CommandError):
    """Raised when a command would record what is already recorded, or a writer raced it."""

    exit_code = 5
    outcome = "conflict"


class StorageFailure(CommandError):
    """Raised when the store cannot be opened, read or written."""

    exit_code = 6
    outcome = "storage-failure"


class BrokenRecord(CommandError):
    """Raised when the log and its hash chain do not agree, or the chain was never started on
    a store that holds events: nothing more is written until the store is checked."""

    exit_code = 7
    outcome = "broken-record"


class Encrypted(CommandError):
    """Raised when the store is encrypted and its key was not given, or another key was."""

    exit_code = 8
    outcome = "encrypted"


# The exit code of each outcome that is not "accepted", worst first: a journal run exits with
# the code of its worst line. "error" is a line that failed unexpectedly (a fault to report).
EXIT_BY_OUTCOME: dict[str, int] = {
    CommandError.outcome: CommandError.exit_code,
    BrokenRecord.outcome: BrokenRecord.exit_code,
    StorageFailure.outcome: StorageFailure.exit_code,
    BadInput.outcome: BadInput.exit_code,
    Conflict.outcome: Conflict.exit_code,
    NotFound.outcome: NotFound.exit_code,
    "rejected": 3,
}
