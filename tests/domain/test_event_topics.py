"""Every topic a stored event was ever written under still names an event class, and no class
takes a new name: the topics are part of every store already written."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from eventsourcing.utils import resolve_topic

import branchbook.domain

# One topic per line, as the record book writes them; a new event class adds its line here.
FIXTURE = Path(__file__).parents[1] / "fixtures" / "event_topics.txt"


def declared_topics() -> set[str]:
    """The explicit topics of every aggregate and event class in the domain."""
    found: set[str] = set()
    pending: list[type] = []
    for info in pkgutil.walk_packages(branchbook.domain.__path__, "branchbook.domain."):
        module = importlib.import_module(info.name)
        pending.extend(v for v in vars(module).values() if isinstance(v, type))
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        topic = getattr(cls, "TOPIC", None)
        if isinstance(topic, str) and topic.startswith("branchbook:"):
            found.add(topic)
        pending.extend(v for v in vars(cls).values() if isinstance(v, type))
    return found


def test_the_domain_declares_exactly_the_topics_stores_hold() -> None:
    expected = set(FIXTURE.read_text(encoding="utf-8").split())
    assert declared_topics() == expected


def test_every_stored_topic_resolves_to_a_class_that_keeps_it() -> None:
    for topic in FIXTURE.read_text(encoding="utf-8").split():
        assert topic == resolve_topic(topic).TOPIC
