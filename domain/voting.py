"""Counting at meetings: who should attend, who is present, and the thresholds a vote meets."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import floor
from typing import Any


def exact(fraction: float) -> Fraction:
    """The fraction a rulebook parameter means: its decimal exactly, or the simple fraction a
    recurring decimal stands for (0.6666666666666666 is 2/3, so 2 of 3 is not more than it)."""
    return Fraction(str(fraction)).limit_denominator(1_000_000)


def least_above(fraction: float, base: int, *, inclusive: bool) -> int:
    """The smallest count that exceeds (or, inclusive, reaches) `fraction` of `base`.

    Exact arithmetic: 0.5 of 9 is 4.5, so 5 either way; 0.5 of 10 is 5, so 6 strictly, 5
    inclusively. A base of 0 needs 1 strictly: no one can pass an empty assembly.
    """
    share = exact(fraction) * base
    if inclusive:
        return max(int(-(-share // 1)), 0)
    return floor(share) + 1


def wording(fraction: float, *, inclusive: bool) -> str:
    """How a threshold reads in a reason: 'more than half', 'at least 4/5'."""
    share = exact(fraction)
    name = "half" if share == Fraction(1, 2) else f"{share.numerator}/{share.denominator}"
    return f"{'at least' if inclusive else 'more than'} {name}"


def needed(
    params: Mapping[str, Any],
    base: int,
    *,
    fraction: str = "fraction",
    inclusive: str | None = "inclusive_half",
) -> int:
    """The count a rule's parameters require of a base: its threshold rules and evidence agree."""
    strict_or_not = bool(params[inclusive]) if inclusive is not None else False
    return least_above(float(params[fraction]), base, inclusive=strict_or_not)


def threshold_text(
    params: Mapping[str, Any],
    *,
    fraction: str = "fraction",
    inclusive: str | None = "inclusive_half",
) -> str:
    """The rule's threshold in words: 'more than half'."""
    strict_or_not = bool(params[inclusive]) if inclusive is not None else False
    return wording(float(params[fraction]), inclusive=strict_or_not)
