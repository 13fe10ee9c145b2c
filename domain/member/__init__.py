"""The Member aggregate and the words it is spoken of in, assembled from its parts."""

from branchbook.domain.member.aggregate import Member
from branchbook.domain.member.approval import APPROVABLE, approve_effect
from branchbook.domain.member.entry import ENROLLED_V2, REAPPLY
from branchbook.domain.member.sanctions import LOSES_POSTS
from branchbook.domain.member.state import Pending, Rectification, Status, Training

__all__ = [
    "APPROVABLE",
    "ENROLLED_V2",
    "LOSES_POSTS",
    "REAPPLY",
    "Member",
    "Pending",
    "Rectification",
    "Status",
    "Training",
    "approve_effect",
]
