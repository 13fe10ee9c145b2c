"""Rules from activist to full member: cultivation, admission, approval and probation."""

from __future__ import annotations

from branchbook.domain.rules import COUNT, DAYS, HOURS, MEMBERS, MONTHS, Citation, Rule, Severity
from branchbook.domain.wording import counted

RULES: tuple[Rule, ...] = (
    Rule(
        id="activist.after_application",
        title="An applicant becomes an activist only after the minimum time since applying",
        severity=Severity.SOFT,
        citations=(Citation("LOCAL", "", "S"), Citation("DR", "art. 8")),
        params={"min_months": None},
        nullable=frozenset({"min_months"}),
        bounds={"min_months": MONTHS},
        test=lambda f, p: f["earliest"] is None or f["on"] >= f["earliest"],
        explain=lambda f, p: (
            f"designation on {f['on']} comes before {f['earliest']}, "
            f"{counted(p['min_months'], 'month')} "
            f"after the application of {f['applied']}"
        ),
    ),
    Rule(
        id="activist.contacts",
        title="The branch names between the minimum and maximum number of full members as an "
        "activist's contacts",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 9", "S"),),
        params={"min": 1, "max": 2},
        bounds={"min": MEMBERS, "max": MEMBERS},
        test=lambda f, p: p["min"] <= f["count"] <= p["max"] and not f["unfit"],
        explain=lambda f, p: (
            f"{counted(f['count'], 'contact')} named; {p['min']} to {p['max']} full members "
            "with their rights required"
            + (f"; not full members with rights: {', '.join(f['unfit'])}" if f["unfit"] else "")
        ),
    ),
    Rule(
        id="activist.assessment_interval",
        title="The branch assesses each activist at least once in every assessment interval",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 11", "S"),),
        params={"months": 6},
        bounds={"months": MONTHS},
        test=lambda f, p: f["on"] <= f["due"],
        explain=lambda f, p: (
            f"no assessment between {f['last']} and {f['on']}; one was due by {f['due']} "
            f"(every {p['months']} months)"
        ),
    ),
    Rule(
        id="activist.min_cultivation",
        title="An activist is cultivated for at least the minimum time before becoming a "
        "development candidate",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 13"),),
        params={"months": 12},
        bounds={"months": MONTHS},
        test=lambda f, p: f["on"] >= f["earliest"],
        explain=lambda f, p: (
            f"activist since {f['since']}; designation on {f['on']} is before {f['earliest']} "
            f"({p['months']} months of cultivation required)"
        ),
    ),
    Rule(
        id="activist.cultivation_continuous",
        title="An activist's cultivation time runs on unbroken when they change unit or branch",
        severity=Severity.COMPUTE,
        citations=(Citation("DR", "art. 12", "S"),),
        params={"across_transfer": True},
    ),
    Rule(
        id="candidate.introducers",
        title="A development candidate has the required number of introducers, each a full "
        "member not under intra-party probation",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 5"), Citation("DR", "art. 14", "#?")),
        params={"required": 2},
        bounds={"required": MEMBERS},
        test=lambda f, p: f["count"] == p["required"] and not f["unfit"],
        explain=lambda f, p: (
            f"{counted(f['count'], 'introducer')}; {p['required']} full members with their rights "
            f"required on {f['on']}"
            + (f"; not eligible: {', '.join(f['unfit'])}" if f["unfit"] else "")
        ),
    ),
    Rule(
        id="candidate.training",
        title="A development candidate completes short intensive training of the minimum days "
        "or the minimum class hours",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 17", "S"),),
        params={"min_days": 3, "min_hours": 24},
        bounds={"min_days": DAYS, "min_hours": HOURS},
        test=lambda f, p: f["days"] >= p["min_days"] or f["hours"] >= p["min_hours"],
        explain=lambda f, p: (
            f"{f['member']} has {counted(f['days'], 'day')}"
            + (f" and {counted(f['hours'], 'class hour')}" if f["hours"] else "")
            + " of training; "
            f"at least {p['min_days']} days or {p['min_hours']} hours required"
        ),
    ),
    Rule(
        id="candidate.political_review",
        title="A development candidate passes a political review before admission",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 15-16", "#?"),),
        params={"required": True},
        test=lambda f, p: not p["required"] or f["passed"] is True,
        explain=lambda f, p: (
            f"{f['member']} has "
            + ("failed" if f["passed"] is False else "no recorded")
            + " political review; a passed review is required before admission"
        ),
    ),
    Rule(
        id="candidate.leaving_unit",
        title="A development candidate who will leave the unit within the set period is "
        "normally not admitted",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 19"),),
        params={"within_months": 3},
        bounds={"within_months": MONTHS},
    ),
    Rule(
        id="candidate.prereview",
        title="The primary committee with approval authority pre-reviews a development "
        "candidate before the general assembly votes on the admission",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 19"),),
        test=lambda f, p: f["prereviewed"] is not None,
        explain=lambda f, p: f"{f['member']} has no recorded pre-review by the higher committee",
    ),
    Rule(
        id="admission.assembly_after_prereview",
        title="The general assembly votes on an admission within the set period after the "
        "pre-review",
        severity=Severity.SOFT,
        citations=(Citation("LOCAL", "", "S"),),
        params={"within_months": 1},
        bounds={"within_months": MONTHS},
        test=lambda f, p: f["on"] <= f["due"],
        explain=lambda f, p: (
            f"assembly vote on {f['on']} is after {f['due']}, "
            f"{counted(p['within_months'], 'month')} after "
            f"the pre-review of {f['prereviewed']}"
        ),
    ),
    Rule(
        id="admission.secret_ballot",
        title="The general assembly votes on an admission by secret ballot",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 21"),),
        params={"required": True},
        test=lambda f, p: not p["required"] or f["ballot"] == "secret",
        explain=lambda f, p: (
            f"admission voted by {f['ballot']} at {f['meeting']}; secret ballot required"
        ),
    ),
    Rule(
        id="admission.vote_individually",
        title="The general assembly discusses and votes on each development candidate separately",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 21"),),
        params={"required": True},
        test=lambda f, p: not p["required"] or not f["already"],
        explain=lambda f, p: (
            f"{f['meeting']} already recorded a {f['decision']} resolution on {f['member']}; each "
            "person is discussed and voted on once, separately"
        ),
    ),
    Rule(
        id="admission.written_opinions",
        title="A written opinion that an absent voting member submits before the meeting counts "
        "in an admission or conversion vote but not towards attendance",
        severity=Severity.COMPUTE,
        citations=(Citation("DR", "art. 21"), Citation("DR", "art. 33")),
        params={"counted": True},
    ),
    Rule(
        id="admission.written_opinion_in_time",
        title="A written opinion counts in an admission or conversion vote only if it was "
        "lodged before the meeting opened; one lodged later is kept but not counted",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 21"), Citation("DR", "art. 33")),
        params={"before_opening": True},
        test=lambda f, p: not f["late"],
        explain=lambda f, p: (
            f"{counted(len(f['late']), 'written opinion')} at {f['meeting']} not lodged before "
            "the meeting opened"
            f" ({f['opened'] or 'opening time not recorded'}), kept but not counted: "
            + ", ".join(f"{m} ({when})" for m, when in f["late"].items())
        ),
    ),
    Rule(
        id="approval.deadline",
        title="The higher committee normally decides on an admission within the normal period "
        "after the branch resolution",
        severity=Severity.SOFT,
        citations=(Citation("PC", "art. 5"), Citation("DR", "art. 24-25", "#?")),
        params={"normal_months": 3},
        bounds={"normal_months": MONTHS},
        test=lambda f, p: f["special"] or f["on"] <= f["due"],
        explain=lambda f, p: (
            f"approval on {f['on']} is after {f['due']}, {p['normal_months']} months after the "
            f"resolution of {f['resolved']}, and is not marked a special case"
        ),
    ),
    Rule(
        id="approval.deadline_special",
        title="The higher committee decides on an admission within the longest period allowed "
        "in special cases",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 5"), Citation("DR", "art. 24-25", "#?")),
        params={"max_months": 6},
        bounds={"max_months": MONTHS},
        test=lambda f, p: f["on"] <= f["due"],
        explain=lambda f, p: (
            f"approval on {f['on']} is after {f['due']}, the longest {p['max_months']} months "
            f"after the resolution of {f['resolved']}"
        ),
    ),
    Rule(
        id="approval.approver",
        title="Only a primary committee with authority to approve probationary members, never "
        "a general branch, approves an admission",
        severity=Severity.HARD,
        citations=(Citation("DR", "", "S"),),
        params={"allowed_types": ["primary_committee_with_authority"]},
        test=lambda f, p: f["body_type"] in p["allowed_types"],
        explain=lambda f, p: (
            f"{f['body']} is a {f['body_type']}; approval needs one of: "
            + ", ".join(p["allowed_types"])
        ),
    ),
    Rule(
        id="probation.length",
        title="Probation lasts the set length before the member may become a full member",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 7"),),
        params={"months": 12},
        bounds={"months": MONTHS},
    ),
    Rule(
        id="probation.start",
        title="Probation starts on the date of the general assembly's resolution, not on the "
        "approval date",
        severity=Severity.COMPUTE,
        citations=(Citation("PC", "art. 7"),),
        params={"from_date": "assembly_resolution"},
    ),
    Rule(
        id="probation.early_conversion",
        title="A probationary member does not become a full member before probation ends",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 7"), Citation("DR", "art. 32-33", "S")),
        params={"allowed": False},
        test=lambda f, p: p["allowed"] or f["on"] >= f["end"],
        explain=lambda f, p: (
            f"probation of {f['member']} ends on {f['end']}; conversion cannot be resolved on "
            f"{f['on']}"
        ),
    ),
    Rule(
        id="probation.extension",
        title="Probation is extended at its end, at most the set number of times, each time by "
        "between the minimum and maximum months",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 32"), Citation("PC", "art. 7")),
        params={"max_count": 1, "min_months": 6, "max_months": 12},
        bounds={"max_count": COUNT, "min_months": MONTHS, "max_months": MONTHS},
        test=lambda f, p: (
            f["on"] >= f["end"]
            and f["count"] < p["max_count"]
            and f["months"] is not None
            and p["min_months"] <= f["months"] <= p["max_months"]
        ),
        explain=lambda f, p: (
            f"probation of {f['member']} ends on {f['end']}; an extension is resolved at the end "
            f"of probation, at most {counted(p['max_count'], 'time')}, by {p['min_months']} to "
            f"{p['max_months']} months (asked: "
            + ("no length" if f["months"] is None else counted(f["months"], "month"))
            + f" on {f['on']}, after {counted(f['count'], 'earlier extension')})"
        ),
    ),
    Rule(
        id="probation.after_failed_conversion",
        title="When the general assembly's vote to convert a probationary member fails, the "
        "assembly next extends the probation (if it has not been extended) or revokes it; it "
        "does not vote on conversion again",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 7"), Citation("DR", "art. 32")),
        params={"revote": False},
        test=lambda f, p: p["revote"] or f["failed"] is None,
        explain=lambda f, p: (
            f"the vote to convert {f['member']} failed at {f['failed']}; the next resolution "
            "extends the probation (once) or revokes it"
        ),
    ),
    Rule(
        id="probation.transferred_in_postpone",
        title="A receiving branch postpones the conversion of a transferred-in probationary "
        "member by no more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DR", "", "S"),),
        params={"max_months": 6},
        bounds={"max_months": MONTHS},
        test=lambda f, p: 0 < f["months"] <= p["max_months"],
        explain=lambda f, p: (
            f"postponing the conversion of {f['member']} by {f['months']} months; the receiving "
            f"branch postpones by 1 to {p['max_months']} months"
        ),
    ),
    Rule(
        id="conversion.approval_deadline",
        title="The higher committee normally approves a conversion within the normal period "
        "after the branch resolution",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 33", "S"),),
        params={"normal_months": 3},
        bounds={"normal_months": MONTHS},
        test=lambda f, p: f["on"] <= f["due"],
        explain=lambda f, p: (
            f"approval of the {f['decision']} resolution on {f['on']} is after {f['due']}, "
            f"{p['normal_months']} months after the resolution of {f['resolved']}"
        ),
    ),
    Rule(
        id="party_age.start",
        title="Party age counts from the end of probation, extension included, even when "
        "conversion is approved later",
        severity=Severity.COMPUTE,
        citations=(Citation("PC", "art. 7"),),
        params={"from_date": "probation_end"},
    ),
)
