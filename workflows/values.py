"""What a value may be: the documented limits every input crosses, in the steps and the queries.

The command definitions (`steps/commands.py`) apply these to each field kind; the CLI's query
options apply the same ones, so each number lives here once. A value outside a limit raises
ValueProblem, which says what is wrong without naming the key: the caller names it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from pathlib import Path

from branchbook.workflows.errors import BadInput

# Dates: ISO 8601 calendar dates only (date.fromisoformat of 3.11 also takes 20240301 and
# 2024-W01-1), within the years a living organisation's records need.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)
DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
MONTH_PATTERN = r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])"
# A recording time: a date, or a date and time with an optional zone (Z or +HH:MM).
MOMENT_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)

# Counts: whole numbers from 0. The default bounds a count of people, votes or ballots; a field
# whose unit is smaller (hours, days, months) states its own maximum.
COUNT_MAX = 1_000_000
MONTHS_MAX = 120  # an extension, a postponement, a term of probation or rectification
HOURS_MAX = 1_000  # class hours of one training session, or of one step of training
DAYS_MAX = 366  # days of one step of training
# Positions in the log: the largest integer every JSON reader holds exactly.
POSITION_MAX = 2**53 - 1
# Lists of member numbers or names, and NAME=VALUE pairs.
LIST_MAX = 10_000

# Query options: how many days ahead a due list looks, and how many rows a listing shows.
WITHIN_MAX = 3_660
ROWS_MAX = 10_000_000

# Codes (member numbers, branch, organisation and meeting codes) are keys of the record and
# of the views' columns (64 characters; meeting codes 128, as they hold a branch code).
CODE_MAX = 64
MEETING_CODE_MAX = 128
# Text: names, reasons and references; notes may be longer. Every text is one line.
NAME_MAX = 100
TEXT_MAX = 500
REFERENCE_MAX = 200
NOTE_MAX = 2_000
# A person's particulars in an opening entry: an identity document number, ethnicity,
# education, work unit and telephone number.
ID_NUMBER_MAX = 32
ETHNICITY_MAX = 50
EDUCATION_MAX = 100
WORK_UNIT_MAX = 200
PHONE_MAX = 32
# A file of a few lines given by path (a key file, a seal key, a checkpoint).
SMALL_FILE_MAX = 64 * 1024

# Characters no text may hold: controls (C0, DEL, C1), line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates that reorder what a reader sees.
_UNSAFE = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# A code also holds no space, no invisible character, and neither of the separators of
# NAME=VALUE,NAME=VALUE lists.
_NOT_IN_CODE = _UNSAFE + r"\s,=\u00ad\u200b-\u200f\u2060-\u2064\ufeff"
TEXT_PATTERN = rf"^[^{_UNSAFE}]*[^\s{_UNSAFE}][^{_UNSAFE}]*$"
CODE_PATTERN = rf"^[^{_NOT_IN_CODE}]+$"

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(MOMENT_PATTERN)
_TEXT = re.compile(TEXT_PATTERN)
_CODE = re.compile(CODE_PATTERN)
_UNSAFE_CHAR = re.compile(f"[{_UNSAFE}]")
_NOT_IN_CODE_CHAR = re.compile(f"[{_NOT_IN_CODE}]")


class ValueProblem(ValueError):
    """Raised when a value is outside its documented limits; says what, not which key."""


def day(raw: object) -> date:
    """A date YYYY-MM-DD from FIRST_DAY to LAST_DAY."""
    if isinstance(raw, datetime) or not isinstance(raw, (str, date)):
        raise ValueProblem(f"expected a date YYYY-MM-DD, got {shown(raw)}")
    if isinstance(raw, str):
        text = raw.strip()
        if not _DATE.fullmatch(text):
            raise ValueProblem(f"{shown(raw)} is not a date YYYY-MM-DD")
        try:
            raw = date.fromisoformat(text)
        except ValueError:
            raise ValueProblem(f"{shown(raw)} is not a date: no such day in the calendar") from None
    if not FIRST_DAY <= raw <= LAST_DAY:
        raise ValueProblem(f"{raw.isoformat()} is outside {_range()}")
    return raw


def moment(raw: str, *, end: bool = False) -> datetime:
    """A recording time in UTC: a date-time (UTC unless it names a zone) or a date alone,
    which is the start of that day or, with `end`, its last instant. Its date is in range."""
    text = raw.strip()
    if not _MOMENT.fullmatch(text):
        raise ValueProblem(
            f"{shown(raw)} is not a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
        )
    if len(text) == 10:
        on = day(text)
        return datetime.combine(on, time.max if end else time.min, tzinfo=UTC)
    try:
        given = datetime.fromisoformat(text)
    except ValueError:
        raise ValueProblem(
            f"{shown(raw)} is not a date-time: no such moment in the calendar"
        ) from None
    day(given.date())
    return given.replace(tzinfo=UTC) if given.tzinfo is None else given.astimezone(UTC)


def whole(raw: object, maximum: int = COUNT_MAX) -> int:
    """A whole number from 0 to `maximum`, given as a number or as ASCII digits."""
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        digits = raw.strip().lstrip("0") or "0"
        # int() of a long string is slow and refuses past 4,300 digits: measure it first.
        if len(digits) > len(str(maximum)):
            raise ValueProblem(f"{shown(raw)} is more than {maximum:,}")
        raw = int(digits)
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise ValueProblem(f"expected a whole number of 0 or more, got {shown(raw)}")
    if raw > maximum:
        # str() of an int past 4,300 digits raises: show only what can be shown.
        given = f"{raw:,}" if raw < 10**30 else "a number of more than 30 digits"
        raise ValueProblem(f"{given} is more than {maximum:,}")
    return raw


def text(raw: object, maximum: int = TEXT_MAX) -> str:
    """One line of text: NFC-normalised and stripped, not empty, at most `maximum` characters,
    without control characters, separators of lines or bidirectional overrides."""
    if not isinstance(raw, str):
        raise ValueProblem(f"expected non-empty text, got {shown(raw)}")
    value = _normalised(raw, maximum)
    if not value:
        raise ValueProblem(f"expected non-empty text, got {shown(raw)}")
    if not _TEXT.fullmatch(value):
        bad = _UNSAFE_CHAR.search(value)
        assert bad is not None  # the pattern refuses nothing else
        raise ValueProblem(f"holds {_named(bad[0])}, which no text may hold")
    return value


def code(raw: object, maximum: int = CODE_MAX) -> str:
    """A code: 1 to `maximum` letters, digits, marks, punctuation or symbols, NFC-normalised;
    no space, control or invisible character, no comma and no equals sign."""
    if not isinstance(raw, str):
        raise ValueProblem(f"expected a code, got {shown(raw)}")
    value = _normalised(raw, maximum)
    if not value:
        raise ValueProblem(f"expected a code, got {shown(raw)}")
    if not _CODE.fullmatch(value):
        bad = _NOT_IN_CODE_CHAR.search(value)
        assert bad is not None  # the pattern refuses nothing else
        raise ValueProblem(f"{shown(value)} holds {_named(bad[0])}, which no code may hold")
    return value


def _normalised(raw: str, maximum: int) -> str:
    if len(raw) > maximum:
        raise ValueProblem(f"too long: {len(raw):,} characters, at most {maximum:,}")
    if raw.isascii():  # ASCII is NFC already and holds no surrogate: the common case, fast
        return raw.strip()
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueProblem(f"{shown(raw)} is not valid Unicode text") from None
    value = unicodedata.normalize("NFC", raw).strip()
    if len(value) > maximum:
        raise ValueProblem(f"too long: {len(value):,} characters, at most {maximum:,}")
    return value


def _named(char: str) -> str:
    if char in ",=":
        return f"{char!r}"
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character').lower()})"


def _range() -> str:
    return f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def shown(raw: object) -> str:
    """A value as an error shows it: escaped, and cut short when long."""
    shown = repr(raw)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."


def small_file(path: Path, what: str) -> bytes:
    """The bytes of a file of a few lines, read no further than SMALL_FILE_MAX (a device or a
    pipe may never end); one that cannot be read or holds more is bad input."""
    try:
        with path.open("rb") as file:
            data = file.read(SMALL_FILE_MAX + 1)
    except OSError as exc:
        raise BadInput(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > SMALL_FILE_MAX:
        raise BadInput(f"{what} {path} holds more than {SMALL_FILE_MAX // 1024} KiB")
    return data
