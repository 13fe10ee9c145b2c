"""A journal that takes members along every path the views know: the whole admission, an
extended probation, opening entries, a change of term, rights suspended, a member left out of
the count."""

from __future__ import annotations

import json
from typing import Any


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def assembly(on: str, present: str) -> str:
    return line("meeting.hold", date=on, branch="B01", kind="assembly", present=present, chair="F1")


def committee(on: str, present: str) -> str:
    return line(
        "meeting.hold", date=on, branch="B01", kind="committee", present=present, chair="F1"
    )


FULL = [f"F{i}" for i in range(1, 10)]

OPENING = [
    line("org.add", date="2015-01-01", code="TC01", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("branch.found", date="2015-01-01", code="B01", name="机关第一党支部", kind="regular",
         parent="TC01", full_members=9),
    *(
        line("member.enrol", date="2015-01-02", member=n, name=f"党员 {n}", birth="1970-01-01",
             branch="B01", status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in FULL
    ),
    line("member.enrol", date="2015-01-02", member="P1", name="预备党员 P1", birth="1990-03-03",
         branch="B01", status="probationary", admitted="2014-09-01", doc="档案 2015-1"),
    line("branch.leadership", date="2015-01-03", branch="B01", members="F1,F2,F3",
         secretary="F1"),
]  # fmt: skip

# P1's probation (ends 2015-09-01) is extended by six months, then P1 becomes a full member.
EXTENSION = [
    assembly("2015-09-10", "F1,F2,F3,F4,F5"),
    line("member.extend", date="2015-09-10", member="P1", meeting="B01-2015-09-10-assembly",
         months=6, yes=5),
    line("member.approve", date="2015-10-01", member="P1", body="TC01"),
    assembly("2016-03-05", "F1,F2,F3,F4,F5"),
    line("member.convert", date="2016-03-05", member="P1", meeting="B01-2016-03-05-assembly",
         yes=5),
    line("member.approve", date="2016-04-01", member="P1", body="TC01"),
]  # fmt: skip

# A1 from application to full membership.
ADMISSION = [
    line("member.apply", date="2016-01-01", member="A1", name="申请人 A1", birth="1995-01-01",
         branch="B01"),
    line("member.talk", date="2016-01-20", member="A1", by="F1"),
    committee("2016-04-11", "F1,F2"),
    line("member.designate-activist", date="2016-04-11", member="A1",
         meeting="B01-2016-04-11-committee", contacts="F4,F5", recommended_by="members"),
    line("member.assess", date="2016-10-01", member="A1"),
    line("member.assess", date="2017-04-01", member="A1"),
    committee("2017-04-11", "F1,F2,F3"),
    line("member.designate-candidate", date="2017-04-11", member="A1",
         meeting="B01-2017-04-11-committee"),
    line("member.review", date="2017-05-01", member="A1", result="passed"),
    line("member.train", date="2017-05-10", member="A1", days=2, hours=10),
    line("member.train", date="2017-05-20", member="A1", days=1, hours=8),
    line("member.introduce", date="2017-05-21", member="A1", introducers="F4,F5"),
    line("member.prereview", date="2017-06-01", member="A1", body="城关镇党委"),
    assembly("2017-06-21", "F1,F2,F3,F4,F5,P1"),
    line("member.admit", date="2017-06-21", member="A1", meeting="B01-2017-06-21-assembly",
         yes=5, written_for="F6", doc="会议记录 17"),
    line("member.approve", date="2017-08-01", member="A1", body="TC01"),
    line("member.oath", date="2017-08-02", member="A1"),
    # The committee's term (three years from the opening entry) ends: the change of term.
    assembly("2018-01-03", "F1,F2,F3,F4,F5,F6,F7,F8,P1"),
    line("branch.elect", date="2018-01-03", branch="B01", meeting="B01-2018-01-03-assembly",
         seats=3, candidates="F1,F2,F3,F4", issued=9, returned=9, votes="F1=9,F2=8,F3=7,F4=2"),
    assembly("2018-06-21", "A1,F1,F2,F3,F4,F5,P1"),
    line("member.convert", date="2018-06-21", member="A1", meeting="B01-2018-06-21-assembly",
         yes=6),
    # Approved after the normal three months: recorded with a warning.
    line("member.approve", date="2018-10-01", member="A1", body="TC01", note="late"),
]  # fmt: skip

# Rights and the should-attend count; and two applicants still at the start.
LATER = [
    line("member.suspend-rights", date="2019-01-10", member="F9", reason="detained"),
    assembly("2019-02-01", "F1,F2,F3,F4,F5,P1"),
    line("member.exclude", date="2019-02-01", member="F8", category="abroad",
         consent="城关镇党委", body="TC01", meeting="B01-2019-02-01-assembly"),
    line("member.apply", date="2019-03-01", member="N1", name="申请人 N1", birth="2000-02-02",
         branch="B01"),
    line("member.apply", date="2019-03-02", member="N2", name="申请人 N2", birth="2000-02-02",
         branch="B01"),
    line("member.talk", date="2019-03-20", member="N2", by="F2"),
    # P2's probation is revoked; P3's conversion is not approved; F7 is out of the count a while.
    *(
        line("member.enrol", date="2019-01-05", member=n, name=f"预备党员 {n}",
             birth="1992-04-04", branch="B01", status="probationary", admitted=admitted)
        for n, admitted in (("P2", "2018-06-01"), ("P3", "2018-07-01"))
    ),
    assembly("2019-06-10", "F1,F2,F3,F4,F5,P1"),
    line("member.revoke", date="2019-06-10", member="P2", meeting="B01-2019-06-10-assembly",
         yes=6),
    line("member.exclude", date="2019-06-10", member="F7", category="illness",
         consent="城关镇党委", body="TC01", meeting="B01-2019-06-10-assembly"),
    line("member.approve", date="2019-07-01", member="P2", body="TC01"),
    assembly("2019-07-05", "F1,F2,F3,F4,F5,P1"),
    line("member.convert", date="2019-07-05", member="P3", meeting="B01-2019-07-05-assembly",
         yes=6),
    line("member.approve", date="2019-08-01", member="P3", body="TC01", outcome="not-approved"),
    line("member.include", date="2019-09-01", member="F7"),
]  # fmt: skip

# F6 moves to a second branch; F5 is warned; F1 pays dues; F2 takes part in B02 as a mobile member.
CASES = [
    line("branch.found", date="2019-10-01", code="B02", name="技术中心党支部", kind="regular",
         parent="TC01", full_members=3),
    *(
        line("member.enrol", date="2019-10-02", member=n, name=f"党员 {n}", birth="1975-01-01",
             branch="B02", status="full", admitted="2005-01-01", full_since="2006-01-01")
        for n in ("G1", "G2", "G3")
    ),
    line("transfer.request", date="2019-10-05", member="F6", to="B02", reason="new work unit"),
    line("transfer.issue", date="2019-10-06", member="F6", body="TC01", ref="L-1"),
    line("transfer.receive", date="2019-10-10", member="F6", branch="B02"),
    assembly("2019-11-01", "F1,F2,F3,F4,F5,P1"),
    line("member.discipline", date="2019-11-01", member="F5", meeting="B01-2019-11-01-assembly",
         sanction="warning", matter="absent from organisational life", yes=6),
    line("member.approve", date="2019-11-20", member="F5", body="TC01"),
    line("member.income", date="2019-12-01", member="F1", kind="salaried", monthly="6000.00"),
    line("member.pay-dues", date="2019-12-05", member="F1", amount="270.00",
         months="2019-10:2019-12"),
    line("member.participate", date="2019-12-10", member="F2", branch="B02", basis="mobile"),
]  # fmt: skip

JOURNAL = [*OPENING, *EXTENSION, *ADMISSION, *LATER, *CASES]
# Who is on B01's books at the end: everyone but F6, who moved to B02.
MEMBERS = [*(n for n in FULL if n != "F6"), "P1", "A1", "N1", "N2", "P2", "P3"]

# A democratic evaluation in B01 with its ratings (bb_ratings), and a training session.
JOURNAL += [
    line("meeting.hold", date="2019-12-20", branch="B01", kind="evaluation",
         present="F1,F2,F3,F4,F5", chair="F1"),
    line("meeting.rate", date="2019-12-20", meeting="B01-2019-12-20-evaluation",
         excellent="F2", qualified="F1,F3,F4,F5"),
    line("meeting.hold", date="2019-12-21", branch="B01", kind="training", present="F1,F2",
         chair="F1", hours=8),
]  # fmt: skip

# The rating is corrected (bb_voided) and recorded again as it was: the views end as before.
# 112 is the rating's position when this journal is recorded into an empty store. The voided
# step keeps its key, so the same step recorded again needs an id of its own.
JOURNAL += [
    line("step.correct", date="2019-12-22", step=112, why="rated before the count was checked"),
    line("meeting.rate", date="2019-12-20", meeting="B01-2019-12-20-evaluation",
         excellent="F2", qualified="F1,F3,F4,F5", id="rating-checked"),
]  # fmt: skip
