"""Did you mean…? The nearest known name to one given that is not known: a member number,
branch or organisation code, rule id, journal key or command typed in the wrong case or with a
letter wrong."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

CUTOFF = 0.6  # how alike (difflib's ratio) a known name must be to be suggested
# How many characters longer or shorter than the one given a known name may be: a name that
# merely holds the given one (`member` in `full_members`) is another name, not a typo of it.
LENGTH_SLACK = 2


def nearest(given: str, known: Iterable[str], *, close: bool = True) -> str | None:
    """The known name `given` most likely meant: one that differs only in case, else (when
    `close`) the closest by difflib (case ignored); None when none is close, when two are as
    close as each other, or when `given` is itself known."""
    by_fold: dict[str, str] = {}
    for name in known:
        if name == given:
            return None
        by_fold.setdefault(name.casefold(), name)
    folded = given.casefold()
    if folded in by_fold:
        return by_fold[folded]
    if not close:
        return None
    matcher = SequenceMatcher(b=folded)
    scores: dict[str, float] = {}
    for name in by_fold:
        if abs(len(name) - len(folded)) > LENGTH_SLACK:
            continue
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scores[name] = ratio
    if not scores:
        return None
    best = max(scores.values())
    closest = [name for name, score in scores.items() if score == best]
    # Two as near as each other: which was meant cannot be told.
    return by_fold[closest[0]] if len(closest) == 1 else None


def did_you_mean(given: str, known: Iterable[str], *, close: bool = True) -> str:
    """'; did you mean X?' to end a not-found message with, or '' when nothing is near."""
    found = nearest(given, known, close=close)
    return "" if found is None else f"; did you mean {found}?"
