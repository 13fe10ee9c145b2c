"""Every kind of aggregate a stored event can belong to.

A recorded step loads only the aggregates its own stage needs, so a stored event's topic
(`branchbook:Participation.Started`, say) resolves only once its class is defined. What reads
any step of the log (a correction, the demo's check that a store holds only its history) has
the store's mapper load every kind when a topic of the record is not yet known.
"""

from __future__ import annotations

from importlib import import_module

# The modules that define the aggregates whose events the log holds.
MODULES = (
    "branchbook.domain.organisation",
    "branchbook.domain.branch",
    "branchbook.domain.member",
    "branchbook.domain.meeting",
    "branchbook.domain.dues",
    "branchbook.domain.transfer",
    "branchbook.domain.participation",
    "branchbook.domain.correction",
    "branchbook.domain.org_evaluation",
    "branchbook.domain.member_points",
)
TOPIC_PREFIX = "branchbook:"


def load_every_kind() -> None:
    """Define every aggregate of the record, so that any stored event's topic resolves."""
    for module in MODULES:
        import_module(module)
