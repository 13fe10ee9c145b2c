"""A rival writer that records while it holds the store's write lock, in a thread of its own."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.recording.recorder import Outcome, Recorder
from branchbook.workflows.store.app import BranchBook

HOLD_SECONDS = 0.4


@contextmanager
def rival_holding_the_lock(
    store_url: str, record: Callable[[Recorder], list[Outcome]]
) -> Iterator[list[list[Outcome]]]:
    """While the block runs, a rival with its own application records through `record` and
    sits on the write lock for a moment before it saves: whatever the block records waits
    for the rival's save, then sees it. Yields the rival's outcomes once it is done."""
    rival = BranchBook(store_url)
    holding = threading.Event()
    done: list[list[Outcome]] = []
    real_put = rival.events.put

    def slow_put(events: Any, **kwargs: Any) -> Any:
        holding.set()
        threading.Event().wait(HOLD_SECONDS)
        return real_put(events, **kwargs)

    rival.events.put = slow_put  # type: ignore[method-assign,assignment]
    worker = threading.Thread(
        target=lambda: done.append(record(Recorder(rival, builtin_rulebook(), "rival")))
    )
    worker.start()
    try:
        assert holding.wait(30), "the rival never reached its save"
        yield done
    finally:
        worker.join(60)
        rival.close()
    assert done, "the rival did not finish"
