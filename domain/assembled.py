"""Aggregates assembled from parts: a part declares its events, the assembled aggregate a copy of
each under the same name and topic, and a part's step triggers the copy."""

from __future__ import annotations

from typing import TypeVar, cast

E = TypeVar("E", bound=type)


def copy_of(aggregate: type, event: E) -> E:
    """The assembled aggregate's copy of a part's event, the class its stored topic names."""
    found = getattr(aggregate, event.__name__, None)
    if not (isinstance(found, type) and issubclass(found, event)):
        raise TypeError(f"{aggregate.__name__} declares no copy of {event.__qualname__}")
    return cast(E, found)
