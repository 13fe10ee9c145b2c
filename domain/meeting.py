"""The Meeting aggregate: a meeting held by a branch, who attended, and what it decided."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.roll import ROLL_STATUSES, Standing, gone_from
from branchbook.domain.rules import Judge, RulebookVersion, RuleWarning
from branchbook.domain.step import Step


class MeetingKind(Enum):
    """The meetings of branch life (S000 art. 11-17)."""

    ASSEMBLY = "assembly"  # 党员大会
    COMMITTEE = "committee"  # 支部委员会会议
    GROUP = "group"  # 党小组会
    LECTURE = "lecture"  # 党课
    THEME_DAY = "theme-day"  # 主题党日
    ORG_LIFE = "org-life"  # 组织生活会
    TALK = "talk"  # 谈心谈话: two people (S000 art. 19)
    TRAINING = "training"  # 党员教育培训: a session giving class hours (S003 annex §五)
    EVALUATION = "evaluation"  # 民主评议党员 (S000 art. 18)


class Rating(Enum):
    """The grades of a democratic evaluation (S003; S000 names none)."""

    EXCELLENT = "excellent"  # 优秀
    QUALIFIED = "qualified"  # 合格
    UNQUALIFIED = "unqualified"  # 不合格


# The standings on a branch's roll whose holders are rated: members whose membership is not
# suspended (admitted, probationary and full members).
RATED_STATUSES = ROLL_STATUSES - {"suspended"}


class HoldingBranch(Protocol):
    """What a meeting asks of the branch holding it (a Branch): its code, its dates, its roll."""

    @property
    def code(self) -> str: ...

    def check_exists_on(self, judge: Judge, on: date) -> None: ...

    def standing_on(self, number: str, on: date) -> Standing | None: ...

    def check_present(
        self, judge: Judge, on: date, *, meeting: str, present: list[str]
    ) -> None: ...


def default_code(branch: str, on: date, kind: str) -> str:
    """The meeting's code when none is given: branch, date and kind (B01-2024-03-01-assembly)."""
    return f"{branch}-{on.isoformat()}-{kind}"


class Meeting(Aggregate):
    """A meeting, identified by its code; its decisions carry the evidence they were judged on."""

    TOPIC = "branchbook:Meeting"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Meeting.Event"
        step: Step

    class Held(Aggregate.Created):
        TOPIC = "branchbook:Meeting.Held"
        class_version = 2
        code: str
        branch: str
        kind: str
        present: list[str]
        chair: str
        step: Step
        hours: int | None = None
        party_group: str | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(hours=None, party_group=None)

    class Resolved(Event):
        TOPIC = "branchbook:Meeting.Resolved"
        member: str
        decision: str
        evidence: dict[str, Any]

    class VoteFailed(Event):
        """A vote that did not carry, or an election that was void: kept with its evidence;
        it changes no standing."""

        TOPIC = "branchbook:Meeting.VoteFailed"
        member: str  # the member voted on; for an election, the branch
        decision: str
        evidence: dict[str, Any]

    class Rated(Event):
        TOPIC = "branchbook:Meeting.Rated"
        ratings: dict[str, str]  # member number -> a value of Rating

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.meeting_id(code)

    @classmethod
    def hold(
        cls,
        *,
        code: str,
        branch: HoldingBranch,
        kind: MeetingKind,
        present: list[str],
        chair: str,
        step: Step,
        judge: Judge,
        hours: int | None = None,
        party_group: str | None = None,
    ) -> Meeting:
        """Record a meeting held on the step's date, with attendance by member number; a
        training session gives class hours, a group meeting may name its party group."""
        branch.check_exists_on(judge, step.effective)
        judge.check("record.chair_present", chair=chair, present=present)
        attending = sorted(set(present))
        branch.check_present(judge, step.effective, meeting=code, present=attending)
        if kind is MeetingKind.TALK:
            judge.check("record.talk_pair", present=attending)
        if kind is MeetingKind.TRAINING:
            judge.check("record.training_hours", hours=hours)
        return cls(
            code=code,
            branch=branch.code,
            kind=kind.value,
            present=attending,
            chair=chair,
            step=step.judged(judge),
            hours=hours,
            party_group=party_group,
        )

    @event(Held)
    def __init__(
        self,
        *,
        code: str,
        branch: str,
        kind: str,
        present: list[str],
        chair: str,
        step: Step,
        hours: int | None = None,
        party_group: str | None = None,
    ) -> None:
        self.code = code
        self.branch = branch
        self.kind = MeetingKind(kind)
        self.present = tuple(present)
        self.chair = chair
        self.held: date = step.effective
        self.hours = hours
        self.party_group = party_group
        self.resolutions: list[tuple[str, str]] = []  # (member, decision)
        self.ratings: dict[str, str] = {}  # member -> rating, at a democratic evaluation
        self.opened: str | None = None  # HH:MM, once a vote at it has said when it opened

    def check_decides(self, judge: Judge, *, decision: str, member: str, on: date) -> None:
        """A decision about a member is dated on this meeting's date and taken once."""
        judge.check(
            "record.meeting_date", meeting=self.code, held=self.held, on=on, decision=decision
        )
        judge.check(
            "admission.vote_individually",
            meeting=self.code,
            member=member,
            decision=decision,
            already=(member, decision) in self.resolutions,
        )

    def resolve(self, *, member: str, decision: str, evidence: dict[str, Any], step: Step) -> None:
        """Record a decision about one member, with the counts it was judged on."""
        self._resolved(member=member, decision=decision, evidence=evidence, step=step)

    @event(Resolved)
    def _resolved(
        self, *, member: str, decision: str, evidence: dict[str, Any], step: Step
    ) -> None:
        self.resolutions.append((member, decision))
        self.opened = evidence.get("opened") or self.opened

    def fail(self, *, member: str, decision: str, evidence: dict[str, Any], step: Step) -> None:
        """Record a vote about one member (or a branch's election) that did not carry, with
        the counts and the reason; the question was put, so it is not put again here."""
        self._vote_failed(member=member, decision=decision, evidence=evidence, step=step)

    @event(VoteFailed)
    def _vote_failed(
        self, *, member: str, decision: str, evidence: dict[str, Any], step: Step
    ) -> None:
        self.resolutions.append((member, decision))
        self.opened = evidence.get("opened") or self.opened

    def rate(
        self, *, ratings: dict[str, Rating], branch: HoldingBranch, step: Step, judge: Judge
    ) -> None:
        """Record ratings given at this democratic evaluation, each once, to members on the
        branch's roll on its date; warn when the excellent share passes the profile's cap."""
        on = step.effective
        judge.check(
            "record.meeting_date", meeting=self.code, held=self.held, on=on, decision="ratings"
        )
        standing = {n: branch.standing_on(n, self.held) for n in ratings}
        judge.check(
            "record.ratings",
            meeting=self.code,
            kind=self.kind.value,
            branch=self.branch,
            on=self.held,
            off_roll=sorted(
                n for n, s in standing.items() if s is None or s.status not in RATED_STATUSES
            ),
            again=sorted(n for n in ratings if n in self.ratings),
        )
        given = {**self.ratings, **{n: r.value for n, r in ratings.items()}}
        judge.check(
            "democratic_evaluation.excellent_cap",
            meeting=self.code,
            excellent=sum(r == Rating.EXCELLENT.value for r in given.values()),
            rated=len(given),
        )
        self._rated(
            ratings={n: r.value for n, r in sorted(ratings.items())}, step=step.judged(judge)
        )

    @event(Rated)
    def _rated(self, *, ratings: dict[str, str], step: Step) -> None:
        self.ratings.update(ratings)


def attendance_findings(
    meeting: str,
    branch: str,
    on: date,
    *,
    present: Iterable[str],
    standing_of: Callable[[str], Standing | None],
    version: RulebookVersion,
) -> list[RuleWarning]:
    """A meeting already recorded, judged again on the roll as it now stands: a transfer
    received or a death recorded after it, dated on or before it, leaves it listing as present
    someone who had left the branch. The rule that refuses the meeting when it is recorded
    after the departure (record.present_in_branch) names it here as a finding."""
    judge = Judge(version)
    gone = gone_from(present, standing_of)
    judge.find("record.present_in_branch", meeting=meeting, branch=branch, on=on, gone=gone)
    return judge.warnings
