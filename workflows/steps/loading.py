"""What the command handlers share: loading aggregates by natural key, and common fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.decisions import Votes
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Body, Organisation
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput, NotFound
from branchbook.workflows.steps.commands import Field

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def branch_of(uow: UnitOfWork, code: str) -> Branch:
    found = uow.get(ids.branch_id(code), Branch)
    if found is None:
        raise NotFound(f"branch {code} is not in the record", kind="branch", code=code)
    return found


def member_of(uow: UnitOfWork, number: str) -> Member:
    found = uow.get(ids.member_id(number), Member)
    if found is None:
        raise NotFound(f"member {number} is not in the record", kind="member", code=number)
    return found


def organisation_of(uow: UnitOfWork, code: str) -> Organisation:
    found = uow.get(ids.organisation_id(code), Organisation)
    if found is None:
        raise NotFound(f"organisation {code} is not in the record", kind="organisation", code=code)
    return found


def chain_above(uow: UnitOfWork, parent: str) -> list[Organisation]:
    """The higher organisations from `parent` up to the top of the tree, nearest first."""
    chain: list[Organisation] = []
    code: str | None = parent
    while code is not None and all(o.code != code for o in chain):
        organisation = organisation_of(uow, code)
        chain.append(organisation)
        code = organisation.parent
    return chain


def body_of(uow: UnitOfWork, code: str, parent: str) -> Body:
    """The organisation `code` acting for a branch whose parent organisation is `parent`."""
    return Body.of(organisation_of(uow, code), chain_above(uow, parent))


def meeting_of(uow: UnitOfWork, code: str) -> Meeting:
    found = uow.get(ids.meeting_id(code), Meeting)
    if found is None:
        raise NotFound(f"meeting {code} is not in the record; record it with `meeting hold`")
    return found


def members_named(uow: UnitOfWork, numbers: tuple[str, ...]) -> dict[str, Member | None]:
    """The members behind these numbers; a number not in the record maps to None."""
    return {n: uow.get(ids.member_id(n), Member) for n in numbers}


def votes_of(v: dict[str, Any]) -> Votes:
    written = (*v.get("written-for", ()), *v.get("written-against", ()))
    lodged: dict[str, str] = v.get("lodged") or {}
    strays = sorted(set(lodged) - set(written))
    if strays:
        raise BadInput(
            f"lodged: {', '.join(strays)} gave no written opinion (--written-for/--written-against)"
        )
    return Votes(
        yes=v["yes"],
        no=v["no"],
        abstain=v["abstain"],
        written_for=v.get("written-for", ()),
        written_against=v.get("written-against", ()),
        ballot=v["ballot"],
        lodged=lodged,
        opened=v.get("opened"),
    )


def failed(v: dict[str, Any]) -> bool:
    """Whether the clerk records the vote as failed (--outcome failed)."""
    return bool(v.get("outcome") == "failed")


def optional_votes(v: dict[str, Any]) -> Votes | None:
    """Committee decisions are often recorded as agreed, without counts; counts given are judged."""
    if v.get("yes") is None:
        return None
    return Votes(yes=v["yes"], no=v.get("no") or 0, abstain=v.get("abstain") or 0)


def branch_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.branch_id(v["branch"]),)


def member_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.member_id(v["member"]),)


def decision_touch(v: dict[str, Any]) -> tuple[UUID, ...]:
    return (ids.member_id(v["member"]), ids.meeting_id(v["meeting"]))


def members_touch(key: str) -> Any:
    """The member, the meeting if any, and the other members named under `key`."""

    def touches(v: dict[str, Any]) -> tuple[UUID, ...]:
        meeting = (ids.meeting_id(v["meeting"]),) if "meeting" in v else ()
        named = tuple(ids.member_id(n) for n in v[key])
        return (ids.member_id(v["member"]), *meeting, *named)

    return touches


MEMBER = Field("member", "Member number", kind="code")
BRANCH = Field("branch", "Branch code", kind="code")
MEETING = Field(
    "meeting",
    "Code of the meeting that decided (see `meeting hold`)",
    kind="code",
    maximum=values.MEETING_CODE_MAX,
)
BALLOTS = (
    Field("yes", "Votes for, cast at the meeting", kind="count"),
    Field("no", "Votes against", kind="count", required=False, default=0),
    Field("abstain", "Abstentions", kind="count", required=False, default=0),
    Field(
        "written-for",
        "Absent voting members whose written opinion, lodged before the meeting, is for",
        kind="members",
        required=False,
    ),
    Field(
        "written-against",
        "Absent voting members whose written opinion, lodged before the meeting, is against",
        kind="members",
        required=False,
    ),
    Field(
        "ballot",
        "How the vote was taken",
        kind="choice",
        choices=("secret", "show-of-hands"),
        required=False,
        default="secret",
    ),
)
# When the written opinions were lodged and the meeting opened (DR art. 21, 33): an opinion
# counts only if lodged before the opening. Opinions without a lodging time count, as before.
WRITTEN_TIMES = (
    Field(
        "lodged",
        "When each written opinion was lodged (M1=2024-03-01T18:00,...); one lodged after the "
        "meeting opened is kept but not counted",
        kind="moments",
        required=False,
    ),
    Field(
        "opened",
        "Time the meeting opened (HH:MM on its date), to judge opinions lodged that day",
        kind="clock",
        required=False,
    ),
)
# How the vote ended: it carried, or the clerk records that it failed (kept, with its count).
# No default value: a step that does not say keeps the idempotency key it always had.
OUTCOME = Field(
    "outcome",
    "The vote carried (passed) or did not (failed: kept with its count; no standing changes) "
    "[default: passed]",
    kind="choice",
    choices=("passed", "failed"),
    required=False,
)
COMMITTEE_COUNTS = (
    Field("yes", "Votes for, if the decision was counted", kind="count", required=False),
    Field("no", "Votes against, if counted", kind="count", required=False),
    Field("abstain", "Abstentions, if counted", kind="count", required=False),
)
