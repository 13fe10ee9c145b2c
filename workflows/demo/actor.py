"""Who records the demo, and whether a store holds nothing else (so it may be thrown away)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchbook.workflows.store.app import BranchBook

DEMO_ACTOR = "branchbook-demo"


def holds_only_demo_history(app: BranchBook) -> bool:
    """Whether every step in the store was recorded by the demo (so it may be thrown away)."""
    position: int | None = None
    while True:
        page = app.recorder.select_notifications(
            start=position, limit=1000, inclusive_of_start=position is None
        )
        if not page:
            return True
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            if getattr(getattr(event, "step", None), "actor", None) != DEMO_ACTOR:
                return False
        position = page[-1].id
