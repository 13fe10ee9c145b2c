"""A deterministic, realistic history of a small organisation, as a journal of commands.

Two higher organisations (a township committee with authority to approve probationary
members, and a general branch under it) stand above five branches: two regular ones, a joint
branch of four units, a temporary project branch and a village branch on a five-year term.
The branches are founded with their members (opening entries) and leaders. Sixty people
apply over the years; most are talked with, and many go on through the whole path: activist,
development candidate, political review, training, introducers, pre-review, admission by the
general assembly, approval, oath, probation and conversion. Every decision is taken at a
meeting whose attendance is recorded, and is judged against the branch's roll on that day.
A few things go the way the rules foresee when they go wrong: late talks (warnings), an
under-age application and a vote at an assembly without a quorum (both refused), one
probation extended and one probationary membership revoked. Terms run out and the assemblies
elect new committees, which elect their secretaries for the township to approve; one branch
holds its election late and lets its next term run out without one, and the temporary branch
tries to admit a member, which the rulebook refuses.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from branchbook.domain.dates import add_months
from branchbook.domain.meeting import default_code
from branchbook.workflows.demo_cases import life_cases
from branchbook.workflows.demo_routine import routine_life

if TYPE_CHECKING:
    from branchbook.workflows.app import BranchBook

SEED = 20181028  # the day the Branch Work Regulations came into force
TOWNSHIP = "TC01"  # 城关镇党委: approves probationary members
GENERAL = "GB01"  # 机关党总支: under the township, above B01 and B02
ORGANISATIONS = (
    (TOWNSHIP, "城关镇党委", "committee", None),
    (GENERAL, "城关镇机关党总支", "general-branch", TOWNSHIP),
)
APPROVER = TOWNSHIP
PARENTS = {"B01": GENERAL, "B02": GENERAL}
JOINT_UNITS = ("顺达商贸", "惠民超市", "鑫源五金", "宏发物流")
LATE = "B02"  # holds its change of term half a year late, and then lets the next term run out
TEMPORARY_CANDIDATE = "M9002"  # whose admission the temporary branch may not resolve
# The demo's history ends here; later steps of a person's path are not yet taken.
HORIZON = date(2026, 10, 31)
BRANCHES = (
    # code, name, kind, founded, founding members, has a committee
    ("B01", "机关第一党支部", "regular", date(2019, 1, 8), 9, True),
    ("B02", "技术中心党支部", "regular", date(2019, 3, 15), 8, True),
    ("B03", "商户联合党支部", "joint", date(2019, 9, 2), 5, False),
    ("B04", "新城项目临时党支部", "temporary", date(2021, 4, 6), 3, False),
    ("V01", "青山村党支部", "village-community", date(2019, 5, 20), 7, True),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "丽娟",
    "海燕",
    "志强",
    "晓东",
    "春梅",
    "国平",
    "文博",
)
PEOPLE = 60
EXTENDED = "M0004"  # whose probation the assembly extends by six months
REVOKED = "M0011"  # whose probationary membership the assembly revokes
LATE_APPROVAL = "M0055"  # whose admission TC01 approves after the three months allowed

Command = dict[str, Any]


class History:
    """The demo's world while it is written: who votes where, and the steps by date."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.steps: list[tuple[date, int, Command]] = []
        self.voters: dict[str, list[tuple[str, date, date | None]]] = {}  # from, until
        self.founders: dict[str, list[str]] = {}
        self.committee: dict[str, list[tuple[date, list[str]]]] = {}  # since, members
        self.full: dict[str, list[tuple[str, date]]] = {}  # full members and since when
        self.turnout: set[str] = set()  # meetings every voting member attends (elections)
        self.meetings: dict[str, tuple[date, str, str]] = {}  # code -> (date, branch, kind)
        self.absent: dict[str, set[str]] = {}  # meeting -> voters who will send a written opinion

    def add(self, on: date, command: Command, order: int = 5) -> None:
        """A step on a date; decisions come after the meetings that take them that day."""
        if "meeting" in command:
            order = 7
        if on <= HORIZON:
            self.steps.append((on, order, {**command, "date": on.isoformat()}))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def voting(self, branch: str, on: date) -> list[str]:
        return sorted(
            n for n, start, end in self.voters[branch] if start <= on and (end is None or on < end)
        )

    def committee_on(self, branch: str, on: date) -> list[str] | None:
        seated = [members for since, members in self.committee.get(branch, []) if since <= on]
        return seated[-1] if seated else None

    def full_count(self, branch: str, on: date) -> int:
        return sum(1 for _, since in self.full[branch] if since <= on)

    def meeting(self, branch: str, on: date, kind: str) -> str:
        """The meeting of this kind the branch holds that day (one per day and kind)."""
        code = default_code(branch, on, kind)
        self.meetings.setdefault(code, (on, branch, kind))
        return code


def demo_commands() -> list[Command]:
    """The whole demo journal, in date order."""
    rng = random.Random(SEED)
    world = History(rng)
    for code, name, kind, parent in ORGANISATIONS:
        org: Command = {"command": "org.add", "code": code, "name": name, "kind": kind}
        if parent is None:
            org["approves-admissions"] = True
        else:
            org["parent"] = parent
        world.add(date(2018, 12, 1), org, order=0)
    for i, branch in enumerate(BRANCHES, start=1):
        _found(world, i, branch)
    for n in range(1, PEOPLE + 1):
        _person(world, n)
    _underage(world)
    _temporary_admission(world)
    _special_cases(world)
    life_cases(world)
    for branch in BRANCHES:
        _terms(world, branch)
    routine_life(world)
    _meetings(world)
    world.steps.sort(key=lambda s: (s[0], s[1], s[2].get("member", ""), s[2]["command"]))
    return [command for _, _, command in world.steps]


def _found(world: History, i: int, branch: tuple[str, str, str, date, int, bool]) -> None:
    code, name, kind, founded, size, has_committee = branch
    rng = world.rng
    founding: Command = {
        "command": "branch.found",
        "code": code,
        "name": name,
        "kind": kind,
        "parent": PARENTS.get(code, TOWNSHIP),
        "approved-by": TOWNSHIP,
        "full-members": size,
        "requested": (founded - timedelta(days=20)).isoformat(),
        "doc": f"城党〔{founded.year}〕{i}号",
    }
    if kind == "joint":
        founding["units"] = list(JOINT_UNITS)
    world.add(founded, founding, order=0)
    numbers = [f"{code}{k:02d}" for k in range(1, size + 1)]
    world.founders[code] = numbers
    world.voters[code] = [(n, founded, None) for n in numbers]
    world.full[code] = [(n, founded) for n in numbers]
    for number in numbers:
        admitted = founded - timedelta(days=rng.randrange(2 * 365, 25 * 365))
        world.add(
            founded,
            {
                "command": "member.enrol",
                "member": number,
                "name": world.name(),
                "birth": (admitted - timedelta(days=rng.randrange(20 * 365, 30 * 365))).isoformat(),
                "branch": code,
                "status": "full",
                "admitted": admitted.isoformat(),
                "full-since": add_months(admitted, 12).isoformat(),
                "note": "opening entry: member since before the record book",
            },
            order=1,
        )
    leaders: Command = {
        "branch": code,
        "secretary": numbers[0],
        "doc": f"城党〔{founded.year}〕{i}号",
    }
    if kind == "temporary":
        # A temporary branch's leaders are appointed by the organisation that set it up.
        leaders.update(command="branch.appoint", body=TOWNSHIP)
    else:
        leaders["command"] = "branch.leadership"
    if has_committee:
        world.committee[code] = [(founded, numbers[:3])]
        roles = {"organisation": numbers[2]}
        leaders.update(members=numbers[:3], deputy=numbers[1], roles=roles)
    world.add(founded, leaders, order=2)


def _person(world: History, n: int) -> None:
    rng = world.rng
    code, _, kind, founded, _, _ = BRANCHES[rng.randrange(len(BRANCHES))]
    applied = min(founded + timedelta(days=rng.randrange(30, 5 * 365)), date(2025, 12, 31))
    number = f"M{n:04d}"
    world.add(
        applied,
        {
            "command": "member.apply",
            "member": number,
            "name": world.name(),
            "birth": (applied - timedelta(days=rng.randrange(19 * 365, 52 * 365))).isoformat(),
            "branch": code,
            "doc": f"申请书 {number}",
        },
    )
    # Most talks come within the month; every ninth is late and is recorded with a warning.
    delay = rng.randrange(45, 80) if n % 9 == 0 else rng.randrange(5, 28)
    talked = applied + timedelta(days=delay)
    world.add(
        talked, {"command": "member.talk", "member": number, "by": "组织委员 " + world.name()}
    )
    goes_on = rng.random() < 0.7 or number in (EXTENDED, REVOKED)
    if kind == "temporary" or not goes_on:
        return
    _path(world, number, code, talked)


def _decision_meeting(world: History, code: str, on: date) -> str:
    """Where the branch designates: its committee, or its assembly where it has none."""
    has_committee = world.committee_on(code, on) is not None
    return world.meeting(code, on, "committee" if has_committee else "assembly")


def _path(
    world: History, number: str, code: str, talked: date, *, until_admission: bool = False
) -> None:
    rng = world.rng
    founders = world.founders[code]
    activist = talked + timedelta(days=rng.randrange(60, 150))
    world.add(
        activist,
        {
            "command": "member.designate-activist",
            "member": number,
            "meeting": _decision_meeting(world, code, activist),
            "contacts": founders[3:5] if len(founders) > 4 else founders[1:3],
            "recommended-by": rng.choice(("members", "mass-organisation")),
        },
    )
    for months in (5, 10):
        world.add(
            add_months(activist, months) + timedelta(days=rng.randrange(0, 20)),
            {"command": "member.assess", "member": number},
        )
    candidate = add_months(activist, 12) + timedelta(days=rng.randrange(5, 90))
    world.add(
        candidate,
        {
            "command": "member.designate-candidate",
            "member": number,
            "meeting": _decision_meeting(world, code, candidate),
        },
    )
    world.add(
        candidate + timedelta(days=rng.randrange(10, 30)),
        {"command": "member.review", "member": number, "result": "passed"},
    )
    world.add(
        candidate + timedelta(days=rng.randrange(30, 40)),
        {"command": "member.train", "member": number, "days": 3, "hours": 24},
    )
    world.add(
        candidate + timedelta(days=41),
        {"command": "member.introduce", "member": number, "introducers": founders[1:3]},
    )
    prereview = candidate + timedelta(days=rng.randrange(45, 60))
    world.add(prereview, {"command": "member.prereview", "member": number, "body": TOWNSHIP})
    admitted = prereview + timedelta(days=rng.randrange(7, 25))
    _vote(world, code, number, "member.admit", admitted)
    if until_admission:
        return
    approved = admitted + timedelta(days=rng.randrange(20, 70))
    if number == LATE_APPROVAL:
        approved = admitted + timedelta(days=100)
    _approve(world, number, approved)
    world.add(
        approved + timedelta(days=rng.randrange(3, 20)),
        {"command": "member.oath", "member": number},
    )
    end = add_months(admitted, 12)
    if number == REVOKED:
        revoked = add_months(admitted, 8)
        _vote(world, code, number, "member.revoke", revoked, note="严重违反纪律")
        _approve(world, number, revoked + timedelta(days=30))
        return
    if number == EXTENDED:
        _vote(world, code, number, "member.extend", end, months=6)
        _approve(world, number, end + timedelta(days=35))
        end = add_months(admitted, 18)
    converted = end + timedelta(days=rng.randrange(0, 20))
    _vote(world, code, number, "member.convert", converted)
    conversion_approved = converted + timedelta(days=rng.randrange(20, 60))
    _approve(world, number, conversion_approved)
    if conversion_approved <= HORIZON:
        world.voters[code].append((number, conversion_approved, None))
        world.full[code].append((number, conversion_approved))


def _vote(
    world: History,
    code: str,
    number: str,
    command: str,
    on: date,
    *,
    months: int | None = None,
    note: str | None = None,
) -> None:
    meeting = world.meeting(code, on, "assembly")
    step: Command = {"command": command, "member": number, "meeting": meeting, "yes": -1}
    if months is not None:
        step["months"] = months
    if note is not None:
        step["note"] = note
    world.add(on, step, order=7)


def _approve(world: History, number: str, on: date) -> None:
    world.add(on, {"command": "member.approve", "member": number, "body": APPROVER})


def _underage(world: History) -> None:
    """An application from someone not yet 18 on the day: the rulebook refuses it."""
    world.add(
        date(2023, 6, 1),
        {
            "command": "member.apply",
            "member": "M9001",
            "name": "赵小雨",
            "birth": date(2005, 9, 1).isoformat(),
            "branch": "B02",
            "note": "applied three months before turning 18",
        },
    )


def _temporary_admission(world: History) -> None:
    """A temporary branch cultivates an activist all the way, then may not admit them."""
    applied = date(2021, 6, 15)
    world.add(
        applied,
        {
            "command": "member.apply",
            "member": TEMPORARY_CANDIDATE,
            "name": "孙建国",
            "birth": date(1990, 4, 2).isoformat(),
            "branch": "B04",
        },
    )
    talked = applied + timedelta(days=10)
    world.add(talked, {"command": "member.talk", "member": TEMPORARY_CANDIDATE, "by": "B0401"})
    _path(world, TEMPORARY_CANDIDATE, "B04", talked, until_admission=True)


def _terms(world: History, branch: tuple[str, str, str, date, int, bool]) -> None:
    """Each term's change falls due at its end: the assembly elects on the day, except at
    the late branch, which elects half a year late and then lets its next term run out."""
    code, _, kind, founded, _, _ = branch
    if kind == "temporary":
        return
    years = 5 if kind == "village-community" else 3
    start, late = founded, False
    while (end := add_months(start, 12 * years)) <= HORIZON:
        if code == LATE:
            if late:
                return
            late, end = True, add_months(end, 6)
        _election(world, code, end)
        start = end


def _election(world: History, code: str, on: date) -> None:
    """A change of term: the assembly elects; the committee elects its officers the next day
    and the township (through the general branch where there is one) approves them."""
    voters = world.voting(code, on)
    structure_committee = world.full_count(code, on) >= 7
    seats = 5 if structure_committee else 1
    candidates = voters[: seats + 1] if structure_committee else voters[:1]
    meeting = world.meeting(code, on, "assembly")
    world.turnout.add(meeting)
    enough = len(voters) * 4 // 5 + 1
    present = len(voters) - 1 if len(voters) - 1 >= enough else len(voters)
    votes = {c: present - i // 2 for i, c in enumerate(candidates)}
    if structure_committee:
        votes[candidates[-1]] = 1
    step: Command = {
        "command": "branch.elect",
        "branch": code,
        "meeting": meeting,
        "seats": seats,
        "candidates": candidates,
        "issued": present,
        "returned": present,
        "votes": votes,
        "elected": candidates[:seats],
        "doc": f"{code} 换届选举报告",
    }
    body = PARENTS.get(code, TOWNSHIP)
    if not structure_committee:
        step["secretary"] = candidates[0]
        world.add(on, step, order=8)
        world.add(
            on + timedelta(days=21),
            {"command": "branch.approve-officers", "branch": code, "body": body},
        )
        return
    world.add(on, step, order=8)
    elected = candidates[:seats]
    world.committee.setdefault(code, []).append((on, elected))
    next_day = on + timedelta(days=1)
    world.add(
        next_day,
        {
            "command": "branch.elect-officers",
            "branch": code,
            "meeting": world.meeting(code, next_day, "committee"),
            "secretary": elected[0],
            "deputy": elected[1],
            "roles": {
                "organisation": elected[2],
                "propaganda": elected[3],
                "discipline": elected[4],
            },
        },
        order=8,
    )
    world.add(
        on + timedelta(days=21),
        {"command": "branch.approve-officers", "branch": code, "body": body},
    )


def _special_cases(world: History) -> None:
    """A member abroad is left out of the should-attend count; another is detained a while."""
    founders = world.founders["B01"]
    away = founders[-1]
    excluded = date(2021, 3, 16)
    world.add(
        excluded,
        {
            "command": "member.exclude",
            "member": away,
            "category": "abroad",
            "consent": "城党组〔2021〕7号",
            "meeting": world.meeting("B01", excluded, "assembly"),
        },
        order=7,
    )
    world.voters["B01"] = [
        (n, start, excluded + timedelta(days=1) if n == away else end)
        for n, start, end in world.voters["B01"]
    ]
    detained = world.founders["V01"][-1]
    start, end = date(2022, 5, 9), date(2023, 2, 20)
    world.add(
        start,
        {"command": "member.suspend-rights", "member": detained, "reason": "留置 (detained)"},
    )
    world.add(end, {"command": "member.restore-rights", "member": detained})
    world.voters["V01"] = [(n, s, e) for n, s, e in world.voters["V01"] if n != detained] + [
        (detained, world.voters["V01"][0][1], start),
        (detained, end, None),
    ]


def _meetings(world: History) -> None:
    """Hold every meeting the decisions need, with attendance that carries them, and fill in
    the votes. The first admission vote of B02 meets without a quorum the day before."""
    rng = world.rng
    by_code: dict[str, list[Command]] = {}
    for _, _, command in world.steps:
        if "meeting" in command:
            by_code.setdefault(command["meeting"], []).append(command)
    inquorate_done = False
    for code, (on, branch, kind) in sorted(world.meetings.items(), key=lambda m: m[1][0]):
        voters = world.voting(branch, on)
        if kind == "committee":
            seats = world.committee_on(branch, on) or []
            present = seats if rng.random() < 0.7 else seats[: len(seats) // 2 + 1]
        elif code in world.turnout:
            # An election needs more than 4/5 present: all come, or all but one if enough.
            enough = len(voters) * 4 // 5 + 1
            present = voters[1:] if len(voters) - 1 >= enough else voters
        else:
            needed = len(voters) // 2 + 1
            present = sorted(rng.sample(voters, rng.randrange(needed, len(voters) + 1)))
        subjects = [c["member"] for c in by_code.get(code, []) if "member" in c]
        world.add(
            on,
            {
                "command": "meeting.hold",
                "branch": branch,
                "kind": kind,
                "present": sorted({*present, *subjects} if kind == "assembly" else present),
                "chair": present[0],
            },
            order=6,
        )
        for command in by_code.get(code, []):
            if command.get("yes") == -1:
                _count(rng, command, voters, present)
        admits = [c for c in by_code.get(code, []) if c["command"] == "member.admit"]
        if branch == "B02" and admits and not inquorate_done and on - timedelta(days=1) <= HORIZON:
            inquorate_done = True
            _inquorate(world, branch, on - timedelta(days=1), voters, admits[0])


def _count(rng: random.Random, command: Command, voters: list[str], present: list[str]) -> None:
    """Votes that pass: most present voters for; absent ones may have written in."""
    voting_present = [v for v in present if v in voters]
    against = rng.randrange(0, 2) if len(voting_present) > 4 else 0
    command["yes"] = len(voting_present) - against
    command["no"] = against
    absent = [v for v in voters if v not in present]
    if command["command"] in ("member.admit", "member.convert") and absent:
        command["written-for"] = absent[: rng.randrange(0, len(absent) + 1)]
    while command["yes"] + len(command.get("written-for", [])) <= len(voters) // 2:
        command["no"] -= 1
        command["yes"] += 1


def _inquorate(world: History, branch: str, on: date, voters: list[str], admit: Command) -> None:
    """An assembly where fewer than half the voting members came: its vote is refused."""
    present = voters[: len(voters) // 2]
    code = world.meeting(branch, on, "assembly")
    world.add(
        on,
        {
            "command": "meeting.hold",
            "branch": branch,
            "kind": "assembly",
            "present": present,
            "chair": present[0],
            "note": "many members away on a project site",
        },
        order=6,
    )
    world.add(
        on,
        {
            "command": "member.admit",
            "member": admit["member"],
            "meeting": code,
            "yes": len(present),
        },
        order=7,
    )


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
