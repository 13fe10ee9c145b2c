"""Rules from activist to full member: cultivation, admission, approval and probation (§1.3)."""

from __future__ import annotations

from domain.rules import Citation, Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        id="activist.after_application",
        title="An applicant becomes an activist only after the minimum time since applying",
        severity=Severity.SOFT,
        citations=(Citation("LOCAL", "", "S"), Citation("DR", "art. 8")),
        params={"min_months": None},
        nullable=frozenset({"min_months"}),
    ),
    Rule(
        id="activist.contacts",
        title="The branch names between the minimum and maximum number of full members as an "
        "activist's contacts",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 9", "S"),),
        params={"min": 1, "max": 2},
    ),
    Rule(
        id="activist.assessment_interval",
        title="The branch assesses each activist at least once in every assessment interval",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 11", "S"),),
        params={"months": 6},
    ),
    Rule(
        id="activist.min_cultivation",
        title="An activist is cultivated for at least the minimum time before becoming a "
        "development candidate",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 13"),),
        params={"months": 12},
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
    ),
    Rule(
        id="candidate.training",
        title="A development candidate completes short intensive training of the minimum days "
        "or the minimum class hours",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 17", "S"),),
        params={"min_days": 3, "min_hours": 24},
    ),
    Rule(
        id="candidate.political_review",
        title="A development candidate passes a political review before admission",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 15-16", "#?"),),
        params={"required": True},
    ),
    Rule(
        id="candidate.leaving_unit",
        title="A development candidate who will leave the unit within the set period is "
        "normally not admitted",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 19"),),
        params={"within_months": 3},
    ),
    Rule(
        id="admission.assembly_after_prereview",
        title="The general assembly votes on an admission within the set period after the "
        "pre-review",
        severity=Severity.SOFT,
        citations=(Citation("LOCAL", "", "S"),),
        params={"within_months": 1},
    ),
    Rule(
        id="admission.secret_ballot",
        title="The general assembly votes on an admission by secret ballot",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 21"),),
        params={"required": True},
    ),
    Rule(
        id="admission.vote_individually",
        title="The general assembly discusses and votes on each development candidate separately",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 21"),),
        params={"required": True},
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
        id="approval.deadline",
        title="The higher committee normally decides on an admission within the normal period "
        "after the branch resolution",
        severity=Severity.SOFT,
        citations=(Citation("PC", "art. 5"), Citation("DR", "art. 24-25", "#?")),
        params={"normal_months": 3},
    ),
    Rule(
        id="approval.deadline_special",
        title="The higher committee decides on an admission within the longest period allowed "
        "in special cases",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 5"), Citation("DR", "art. 24-25", "#?")),
        params={"max_months": 6},
    ),
    Rule(
        id="approval.approver",
        title="Only a primary committee with authority to approve probationary members, never "
        "a general branch, approves an admission",
        severity=Severity.HARD,
        citations=(Citation("DR", "", "S"),),
        params={"allowed_types": ["primary_committee_with_authority"]},
    ),
    Rule(
        id="probation.length",
        title="Probation lasts the set length before the member may become a full member",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 7"),),
        params={"months": 12},
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
    ),
    Rule(
        id="probation.extension",
        title="Probation is extended at most the set number of times, each time by between the "
        "minimum and maximum months",
        severity=Severity.HARD,
        citations=(Citation("DR", "art. 32"), Citation("PC", "art. 7")),
        params={"max_count": 1, "min_months": 6, "max_months": 12},
    ),
    Rule(
        id="probation.transferred_in_postpone",
        title="A receiving branch postpones the conversion of a transferred-in probationary "
        "member by no more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DR", "", "S"),),
        params={"max_months": 6},
    ),
    Rule(
        id="conversion.approval_deadline",
        title="The higher committee normally approves a conversion within the normal period "
        "after the branch resolution",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 33", "S"),),
        params={"normal_months": 3},
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
