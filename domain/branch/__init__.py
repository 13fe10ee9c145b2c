"""The Branch aggregate and the words it is spoken of in, assembled from its parts."""

from branchbook.domain.branch.aggregate import Branch
from branchbook.domain.branch.officers import COMMITTEE_MEETING
from branchbook.domain.branch.seats import opening_term
from branchbook.domain.branch.state import BranchKind
from branchbook.domain.roll import FULL_STATUS, ROLL_STATUSES, Standing, standing_at

__all__ = [
    "COMMITTEE_MEETING",
    "FULL_STATUS",
    "ROLL_STATUSES",
    "Branch",
    "BranchKind",
    "Standing",
    "opening_term",
    "standing_at",
]
