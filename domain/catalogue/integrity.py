"""Rules that keep the record itself consistent: steps follow the facts they rest on."""

from __future__ import annotations

from branchbook.domain.rules import DAYS, Citation, Rule, Severity
from branchbook.domain.wording import counted

RULES: tuple[Rule, ...] = (
    Rule(
        id="record.branch_founded",
        title="A step in a branch is dated on or after the branch's founding",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 6")),
        test=lambda f, p: f["on"] >= f["founded"],
        explain=lambda f, p: (
            f"branch {f['branch']} was founded on {f['founded']}; a step dated {f['on']} "
            "cannot precede it"
        ),
    ),
    Rule(
        id="record.step_order",
        title="A step is not dated before the step it follows for the same person",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["on"] >= f["after"],
        explain=lambda f, p: f"{f['step']} on {f['on']} cannot precede {f['what']} on {f['after']}",
    ),
    Rule(
        id="record.birth_before_step",
        title="A person's birth date precedes every step recorded for them",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["birth"] < f["on"],
        explain=lambda f, p: f"birth date {f['birth']} is not before the step date {f['on']}",
    ),
    Rule(
        id="record.transition",
        title="A step applies only to a person whose status allows it, with no resolution "
        "awaiting approval",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("PC", "art. 5-7"), Citation("DR", "")),
        test=lambda f, p: f["ok"],
        explain=lambda f, p: (
            f"{f['member']} is awaiting approval of the {f['awaiting']} resolution: no "
            f"{f['step']} until it is approved or refused ({f['member']} is {f['status']})"
            if f.get("awaiting")
            else f"{f['member']} is {f['status']}; {f['step']} applies to: "
            f"{', '.join(f['allowed'])}"
            + (f"; record `{f['first']}` first" if f.get("first") else "")
        ),
    ),
    Rule(
        id="record.full_since_given",
        title="An opening entry for a full member gives the date full membership began",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["full_since"] is not None,
        explain=lambda f, p: (
            f"enrolling {f['member']} as a full member needs full-since, the date full "
            "membership began"
        ),
    ),
    Rule(
        id="record.opening_dates",
        title="An opening entry gives the date its status rests on, and no date of a stage the "
        "person has not reached",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("PC", "art. 5-7"), Citation("DR", "")),
        test=lambda f, p: not f["missing"] and not f["early"],
        explain=lambda f, p: "; ".join(
            part
            for part in (
                f"enrolling {f['member']} as {f['status']} needs " + ", ".join(f["missing"])
                if f["missing"]
                else "",
                f"{f['member']} enrolled as {f['status']} has not reached the stage of "
                + ", ".join(f["early"])
                if f["early"]
                else "",
            )
            if part
        ),
    ),
    Rule(
        id="record.chair_present",
        title="Whoever chairs a meeting is among those present",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 14")),
        test=lambda f, p: f["chair"] in f["present"],
        explain=lambda f, p: f"chair {f['chair']} is not among those present",
    ),
    Rule(
        id="record.talk_pair",
        title="A heart-to-heart talk is recorded between exactly two people",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 19")),
        test=lambda f, p: len(f["present"]) == 2,
        explain=lambda f, p: (
            f"a talk is between two people; {len(f['present'])} are named: "
            + ", ".join(f["present"])
        ),
    ),
    Rule(
        id="record.training_hours",
        title="A training session is recorded with the class hours it gave, more than none",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S003", "annex §五")),
        test=lambda f, p: f["hours"] is not None and f["hours"] > 0,
        explain=lambda f, p: (
            "a training session needs its class hours (--hours N, more than 0)"
            if f["hours"] is None
            else f"a training session gives more than 0 class hours, not {f['hours']}"
        ),
    ),
    Rule(
        id="record.ratings",
        title="Ratings are given at a democratic evaluation, once to each member, and only to "
        "members on the branch's roll on its date",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 18")),
        test=lambda f, p: f["kind"] == "evaluation" and not f["off_roll"] and not f["again"],
        explain=lambda f, p: "; ".join(
            part
            for part in (
                f"{f['meeting']} is a {f['kind']} meeting, not a democratic evaluation"
                if f["kind"] != "evaluation"
                else "",
                f"not members on the roll of {f['branch']} on {f['on']}: "
                + ", ".join(f["off_roll"])
                if f["off_roll"]
                else "",
                f"already rated at {f['meeting']}: {', '.join(f['again'])}" if f["again"] else "",
            )
            if part
        ),
    ),
    Rule(
        id="record.meeting_date",
        title="A decision taken at a meeting is dated on the day of the meeting",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["on"] == f["held"],
        explain=lambda f, p: (
            f"{f['decision']} dated {f['on']}, but {f['meeting']} was held on {f['held']}"
        ),
    ),
    Rule(
        id="record.meeting_branch",
        title="A decision about a member is taken at a meeting of the member's own branch",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("PC", "art. 8")),
        test=lambda f, p: f["held_by"] == f["branch"],
        explain=lambda f, p: (
            f"{f['meeting']} was held by {f['held_by']}; {f['member']} belongs to {f['branch']}"
        ),
    ),
    Rule(
        id="record.committee_roles",
        title="The secretary and the deputy secretary are distinct members of the committee, "
        "and each role is held by one of its members",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 20")),
        test=lambda f, p: (
            f["secretary"] in f["members"]
            and (
                f["deputy"] is None
                or (f["deputy"] in f["members"] and f["deputy"] != f["secretary"])
            )
            and all(m in f["members"] for m in f.get("roles", {}).values())
        ),
        explain=lambda f, p: (
            f"secretary {f['secretary']}, deputy {f['deputy']} and the holders of the roles "
            + ", ".join(f"{r} {m}" for r, m in sorted(f.get("roles", {}).items()))
            + f" must be distinct members of the committee ({', '.join(f['members'])})"
        ),
    ),
    Rule(
        id="record.ballots_within_present",
        title="No more ballots are cast than there are voting members present",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("EL90", "art. 19")),
        test=lambda f, p: f["cast"] <= f["present"],
        explain=lambda f, p: (
            f"{f['cast']} votes cast at {f['meeting']} but only {f['present']} voting members "
            "present"
        ),
    ),
    Rule(
        id="record.written_opinion_absent",
        title="A written opinion comes once from a should-attend voting member who is absent",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 21"),),
        test=lambda f, p: not f["improper"],
        explain=lambda f, p: (
            f"written opinions at {f['meeting']} from members who are present, not should-attend "
            f"voting members, or named twice: {', '.join(f['improper'])}"
        ),
    ),
    Rule(
        id="record.meeting_opened",
        title="A meeting opens once: every vote at it that says when it opened says the same",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("DR", "art. 21")),
        test=lambda f, p: f["opened"] is None or f["given"] in (None, f["opened"]),
        explain=lambda f, p: (
            f"{f['meeting']} opened at {f['opened']} as recorded with an earlier vote; this "
            f"vote gives {f['given']}"
        ),
    ),
    Rule(
        id="record.branch_open",
        title="A step in a branch is dated before the branch's dissolution",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 7")),
        test=lambda f, p: f["dissolved"] is None or f["on"] < f["dissolved"],
        explain=lambda f, p: (
            f"branch {f['branch']} was dissolved on {f['dissolved']}; no step dated {f['on']} "
            "can be recorded in it"
        ),
    ),
    Rule(
        id="record.later_dissolution",
        title="A step dated before a branch's dissolution, recorded after it, does not leave "
        "anyone's relation in the branch",
        severity=Severity.HARD,
        citations=(
            Citation("BOOK", "", "P"),
            Citation("PC", "art. 8"),
            Citation("EM", "art. 25"),
            Citation("S000", "art. 7"),
        ),
        test=lambda f, p: f["dissolved"] is None,
        explain=lambda f, p: (
            f"{f['step']} dated {f['on']} would leave {f['member']}'s relation in "
            f"{f['branch']}, whose dissolution on {f['dissolved']} is recorded (branch.dissolve: "
            "no relation remained in it); correct the dissolution first, record the steps "
            "that move the relation on, then the dissolution again"
        ),
    ),
    Rule(
        id="record.present_in_branch",
        title="No one is present at a branch's meeting on or after the date their relation "
        "left the branch or their death",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("PC", "art. 8"), Citation("EM", "art. 25")),
        test=lambda f, p: not f["gone"],
        explain=lambda f, p: (
            f"{f['meeting']} of {f['branch']} on {f['on']} lists as present " + ", ".join(f["gone"])
        ),
    ),
    Rule(
        id="record.dissolve_empty",
        title="A branch is dissolved only when no member's relation remains in it",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 7")),
        test=lambda f, p: not f["members"],
        explain=lambda f, p: (
            f"{counted(len(f['members']), 'member')} still "
            f"{'belongs' if len(f['members']) == 1 else 'belong'} to {f['branch']} on {f['on']}: "
            + ", ".join(f["members"][:10])
            + ("…" if len(f["members"]) > 10 else "")
            + "; they must be transferred first"
        ),
    ),
    Rule(
        id="record.body_above",
        title="A body that approves or appoints for a branch is one of its higher organisations",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 6, 21")),
        test=lambda f, p: f["body"] in f["above"],
        explain=lambda f, p: (
            f"{f['body']} is not above {f['branch']} (its higher organisations: "
            f"{', '.join(f['above']) or 'none'}), so it cannot give {f['acting']}"
        ),
    ),
    Rule(
        id="record.leadership_step",
        title="A step on a branch's leadership applies only where the leadership allows it",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("S000", "art. 21")),
        test=lambda f, p: f["ok"],
        explain=lambda f, p: f["why"],
    ),
    Rule(
        id="record.ballots_counted",
        title="An election's count is consistent: ballots issued to voting members present, "
        "invalid ballots among those returned, votes only for candidates and within the valid "
        "ballots",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("EL90", "art. 19-20")),
        test=lambda f, p: (
            f["issued"] <= f["present"]
            and 0 <= f["invalid"] <= f["returned"]
            and not f["strangers"]
            and not f["over"]
            and f["total"] <= f["most"]
        ),
        explain=lambda f, p: (
            f"count at {f['meeting']}: {f['issued']} ballots issued to {f['present']} voting "
            f"members present, {f['returned']} returned, {f['invalid']} invalid"
            + (f"; votes for non-candidates: {', '.join(f['strangers'])}" if f["strangers"] else "")
            + (f"; more votes than valid ballots: {', '.join(f['over'])}" if f["over"] else "")
            + (
                f"; {f['total']} votes in all, more than {f['most']} (valid ballots × seats)"
                if f["total"] > f["most"]
                else ""
            )
        ),
    ),
    Rule(
        id="record.transfer_pending",
        title="A member has at most one transfer under way, and a transfer step needs one",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"), Citation("EM", "art. 25")),
        test=lambda f, p: (f["pending"] is not None) == f["wanted"],
        explain=lambda f, p: (
            f"{f['member']} already has a transfer to {f['pending']} under way"
            if f["pending"]
            else f"{f['member']} has no transfer under way to {f['step']}"
        ),
    ),
    Rule(
        id="record.correction_once",
        title="A step is corrected at most once",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["by"] is None,
        explain=lambda f, p: f"step #{f['step']} was already corrected by #{f['by']}",
    ),
    Rule(
        id="record.correction_target",
        title="A correction is not itself corrected; the voided step is recorded again instead",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: not f["correction"],
        explain=lambda f, p: (
            f"step #{f['step']} is a correction; record the step it voided again instead"
        ),
    ),
    Rule(
        id="record.correction_latest",
        title="A correction voids the latest standing steps of each record it touches",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: f["later"] is None,
        explain=lambda f, p: (
            f"{f['record']}'s record has later steps ({f['later']}); correct those first"
        ),
    ),
    Rule(
        id="record.correction_opening",
        title="A correction does not void the step that opened a record",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        test=lambda f, p: not f["opening"],
        explain=lambda f, p: (
            f"step #{f['step']} opened {f['record']}'s record, which cannot be voided; "
            "correct the steps after it"
        ),
    ),
    Rule(
        id="record.future_date",
        title="A step is not dated after the day it is recorded, beyond a tolerance of days",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "P"),),
        params={"tolerance_days": 1},
        bounds={"tolerance_days": DAYS},
        # Days apart, not a date plus the tolerance: a rulebook's tolerance cannot overflow.
        test=lambda f, p: (f["on"] - f["recorded"]).days <= p["tolerance_days"],
        explain=lambda f, p: (
            f"{f['step']} is dated {f['on']}, {(f['on'] - f['recorded']).days} days after it is "
            f"recorded ({f['recorded']} UTC); at most {p['tolerance_days']} allowed"
        ),
    ),
)
