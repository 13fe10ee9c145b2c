"""The catalogue's parameter table: every key of the rulebook's parameter table, in table order,
with the rule and parameter that carry it and its default; the rules without a key; the
parameters for choices the sources leave open."""

from __future__ import annotations

from branchbook.domain.rules import ParamValue

# Every key of the parameter table, in table order: the rule and parameter that carry it, and its
# default. The defaults are those of the S000+S003 profile; S000 alone leaves S000_SILENT unset.
SECTION_9: dict[str, tuple[str, str, ParamValue]] = {
    "applicant.min_age_years": ("applicant.min_age", "min_age_years", 18),
    "applicant.talk_deadline_months": ("applicant.talk_deadline", "months", 1),
    "activist.min_months_after_application": ("activist.after_application", "min_months", None),
    "activist.contacts_min": ("activist.contacts", "min", 1),
    "activist.contacts_max": ("activist.contacts", "max", 2),
    "activist.assessment_interval_months": ("activist.assessment_interval", "months", 6),
    "activist.min_cultivation_months_before_candidate": ("activist.min_cultivation", "months", 12),
    "activist.cultivation_continuous_across_transfer": (
        "activist.cultivation_continuous",
        "across_transfer",
        True,
    ),
    "candidate.introducers_required": ("candidate.introducers", "required", 2),
    "candidate.training_min_days": ("candidate.training", "min_days", 3),
    "candidate.training_min_hours": ("candidate.training", "min_hours", 24),
    "candidate.political_review_required": ("candidate.political_review", "required", True),
    "candidate.no_admission_if_leaving_within_months": (
        "candidate.leaving_unit",
        "within_months",
        3,
    ),
    "admission.assembly_within_months_after_prereview": (
        "admission.assembly_after_prereview",
        "within_months",
        1,
    ),
    "admission.secret_ballot": ("admission.secret_ballot", "required", True),
    "admission.vote_individually": ("admission.vote_individually", "required", True),
    "admission.count_written_opinions": ("admission.written_opinions", "counted", True),
    "approval.normal_months": ("approval.deadline", "normal_months", 3),
    "approval.max_months_special": ("approval.deadline_special", "max_months", 6),
    "approval.allowed_approver_types": (
        "approval.approver",
        "allowed_types",
        ["primary_committee_with_authority"],
    ),
    "probation.length_months": ("probation.length", "months", 12),
    "probation.start": ("probation.start", "from_date", "assembly_resolution"),
    "probation.early_conversion_allowed": ("probation.early_conversion", "allowed", False),
    "probation.extension_max_count": ("probation.extension", "max_count", 1),
    "probation.extension_min_months": ("probation.extension", "min_months", 6),
    "probation.extension_max_months": ("probation.extension", "max_months", 12),
    "probation.transferred_in_postpone_max_months": (
        "probation.transferred_in_postpone",
        "max_months",
        6,
    ),
    "conversion.approval_normal_months": ("conversion.approval_deadline", "normal_months", 3),
    "party_age.start": ("party_age.start", "from_date", "probation_end"),
    "assembly.frequency": ("assembly.frequency", "period", "quarterly"),
    "assembly.quorum_fraction": ("assembly.quorum", "fraction", 0.5),
    "assembly.quorum_inclusive_half": ("assembly.quorum", "inclusive_half", False),
    "assembly.pass_fraction_of_should_attend": (
        "assembly.pass_threshold",
        "fraction_of_should_attend",
        0.5,
    ),
    "assembly.count_written_opinions_general": ("assembly.written_opinions", "counted", False),
    "should_attend.cod5_exclusions_enabled": ("should_attend.cod5_exclusions", "enabled", True),
    "committee_meeting.frequency": ("committee_meeting.frequency", "period", "monthly"),
    "committee_meeting.quorum_fraction": ("committee_meeting.quorum", "fraction", 0.5),
    "committee_meeting.quorum_inclusive": ("committee_meeting.quorum", "inclusive_half", False),
    "committee_meeting.pass_rule": (
        "committee_meeting.pass_threshold",
        "fraction_of_present",
        0.5,
    ),
    "election.quorum_fraction_of_should_attend": (
        "election.quorum",
        "fraction_of_should_attend",
        0.8,
    ),
    "election.elected_if_yes_gt_fraction_of_present": (
        "election.majority",
        "fraction_of_present",
        0.5,
    ),
    "election.min_candidate_surplus_ratio": ("election.candidate_surplus", "min_ratio", 0.2),
    "election.ballots_returned_le_issued": (
        "election.ballot_validity",
        "returned_le_issued",
        True,
    ),
    "branch.min_full_members_to_found": ("branch.founding_members", "min_full_members", 3),
    "branch.max_members": ("branch.max_members", "max", 50),
    "branch.joint.max_units": ("branch.joint", "max_units", 5),
    "branch.project_min_months_for_branch": ("branch.project_branch", "min_months", 6),
    "branch.founding_approval_max_months": ("branch.founding_approval", "max_months", 1),
    "branch.committee_required_at_full_members": (
        "branch.committee_required",
        "at_full_members",
        7,
    ),
    "branch.committee_size_min": ("branch.committee_size", "min", 3),
    "branch.committee_size_typical_max": ("branch.committee_size_typical", "typical_max", 5),
    "branch.committee_size_max": ("branch.committee_size", "max", 7),
    "branch.secretary_only_deputy_max": ("branch.secretary_only_deputy", "max", 1),
    "branch.term_years.default": ("branch.term_years", "default", 3),
    "branch.term_years.village_community": ("branch.term_years", "village_community", 5),
    "branch.term_years.allowed_range": ("branch.term_range", "allowed_range", [3, 5]),
    "branch.term_reminder_months_before": ("branch.term_reminder", "months_before", 6),
    "branch.term_change_max_months": ("branch.term_change", "max_months", 12),
    "branch.secretary_min_party_age_years": ("branch.secretary_party_age", "min_years", 1),
    "branch.vacancy_fill_warn_days": ("branch.vacancy_fill", "warn_days", 90),
    "temporary_branch.forbidden_actions": (
        "temporary_branch.forbidden_actions",
        "actions",
        [
            "admit",
            "discipline",
            "dispose",
            "collect_dues",
            "elect_delegates",
            "term_change_election",
        ],
    ),
    "group_meeting.frequency": ("group_meeting.frequency", "period", "monthly"),
    "lecture.frequency": ("lecture.frequency", "period", "quarterly"),
    "secretary_lecture.min_per_year": ("secretary_lecture.frequency", "min_per_year", 1),
    "theme_day.frequency": ("theme_day.schedule", "period", "monthly"),
    "theme_day.day_of_month": ("theme_day.schedule", "day_of_month", 10),
    "org_life_meeting.min_per_year": ("org_life_meeting.frequency", "min_per_year", 1),
    "org_life_meeting.usual_quarter": ("org_life_meeting.frequency", "usual_quarter", "Q4"),
    "democratic_evaluation.per_year": ("democratic_evaluation.frequency", "per_year", 1),
    "democratic_evaluation.excellent_max_ratio": (
        "democratic_evaluation.excellent_cap",
        "max_ratio",
        0.15,
    ),
    "talks.min_per_pair_per_year": ("talks.per_pair", "min_per_year", 1),
    "training.member_min_hours_per_year": (
        "training.annual_hours",
        "member_min_hours_per_year",
        32,
    ),
    "training.leader_min_hours_per_year": (
        "training.annual_hours",
        "leader_min_hours_per_year",
        56,
    ),
    "secretary.rotation_training_min_per_year": (
        "secretary.rotation_training",
        "min_per_year",
        1,
    ),
    "secretary.annual_report_required": ("secretary.annual_report", "required", True),
    "dues.period": ("dues.payment_period", "period", "monthly"),
    "dues.backpay_max_months": ("dues.backpay", "max_months", 6),
    "dues.rates": (
        "dues.rates",
        "table",
        {
            "salaried": [
                {"max_monthly_income": 3000, "rate": 0.005},
                {"max_monthly_income": 5000, "rate": 0.01},
                {"max_monthly_income": 10000, "rate": 0.015},
                {"max_monthly_income": None, "rate": 0.02},
            ],
            "retired": [
                {"max_monthly_income": 5000, "rate": 0.005},
                {"max_monthly_income": None, "rate": 0.01},
            ],
            "farmer_yuan_per_month": {"min": 0.2, "max": 1.0},
            "student_unemployed_or_allowance_yuan_per_month": 0.2,
        },
    ),
    "lapse.consecutive_months": ("lapse.self_withdrawal", "consecutive_months", 6),
    "transfer.required_if_away_months": ("transfer.required", "away_months", 6),
    "lost_contact.suspend_after_months": ("lost_contact.suspension", "after_months", 6),
    "lost_contact.remove_after_suspension_years": (
        "lost_contact.removal",
        "after_suspension_years",
        2,
    ),
    "discipline.warning_effect_months": ("discipline.warning_effect", "warning_months", 12),
    "discipline.serious_warning_effect_months": (
        "discipline.warning_effect",
        "serious_warning_months",
        18,
    ),
    "discipline.removal_from_post_bar_months": ("discipline.removal_from_post_bar", "months", 24),
    "discipline.probation_terms_months": ("discipline.probation_term", "terms_months", [12, 24]),
    "discipline.probation_max_months": ("discipline.probation_term", "max_months", 24),
    "discipline.probation_one_year_extension_months": (
        "discipline.probation_term",
        "one_year_extension_months",
        12,
    ),
    "discipline.post_restoration_post_bar_months": (
        "discipline.post_restoration_bar",
        "months",
        24,
    ),
    "discipline.probation_start": ("discipline.probation_start", "from_date", "approval"),
    "discipline.expulsion_rejoin_bar_years": ("discipline.expulsion_rejoin_bar", "years", 5),
    "disposal.rectification_normal_months": (
        "disposal.rectification_term_typical",
        "normal_months",
        6,
    ),
    "disposal.rectification_max_months": ("disposal.rectification_term", "max_months", 12),
    "disposal.rejoin_bar_years": ("disposal.rejoin_bar", "years", 5),
    "disappeared_after_violation.remove_after_months": (
        "disappeared_after_violation.removal",
        "after_months",
        6,
    ),
    "eval003.section_weights": (
        "eval003.section_weights",
        "weights",
        {"一": 8, "二": 13, "三": 20, "四": 18, "五": 12, "六": 15, "七": 8, "八": 6},
    ),
    "eval003.band_qualified_min": ("eval003.bands", "qualified_min", 80),
    "eval003.band_basic_min": ("eval003.bands", "basic_min", 60),
    "eval003.boundary_mode": ("eval003.bands", "boundary_mode", "ge80_qualified,ge60_basic"),
    "eval003.triangle_unmet_cap": ("eval003.triangle", "unmet_cap", "basic"),
    "eval003.triangle_met_rule": ("eval003.triangle", "met_rule", "full_points"),
    "eval003.notice_board_item_cap": ("eval003.notice_board_cap", "item_cap", 1),
    "points002.weights": (
        "points002.annual_total",
        "weights",
        {"individual": 0.5, "group": 0.3, "annual": 0.2},
    ),
    "points002.component_scale": ("points002.annual_total", "component_scale", 100),
    "secretary002.parttime_allowance_cutoff": ("secretary002.allowance", "parttime_cutoff", 95),
    "secretary002.quarter_penalty_threshold": ("secretary002.penalty", "quarter_threshold", 98),
    "secretary002.year_penalty_threshold": ("secretary002.penalty", "year_threshold", 95),
    "dates.month_arithmetic": ("dates.month_arithmetic", "method", "calendar_months_clamped"),
}

# Rules that keep the record consistent rather than encode the table (integrity.py).
RECORD_RULES = {
    "record.branch_founded",
    "record.step_order",
    "record.birth_before_step",
    "record.transition",
    "record.full_since_given",
    "record.opening_dates",
    "record.chair_present",
    "record.meeting_date",
    "record.meeting_branch",
    "record.committee_roles",
    "record.ballots_within_present",
    "record.written_opinion_absent",
    "record.meeting_opened",
    "record.branch_open",
    "record.dissolve_empty",
    "record.later_dissolution",
    "record.present_in_branch",
    "record.body_above",
    "record.leadership_step",
    "record.ballots_counted",
    "record.transfer_pending",
    "record.dues_months",
    "record.participation_branch",
    "record.talk_pair",
    "record.training_hours",
    "record.ratings",
    "record.correction_target",
    "record.correction_opening",
    "record.correction_once",
    "record.correction_latest",
    "record.future_date",
}
# Rules the sources state in prose, with no parameter in the table.
PROSE_RULES = {
    "pipeline.decision_body",
    "candidate.prereview",
    "assembly.reserved_powers",  # powers reserved to the assembly
    "should_attend.exclusion_basis",
    "branch.committee_members_full",
    "election.body",  # who elects the committee, and the secretary and deputy
    "election.order",  # more qualifying candidates than seats
    "election.seat_reduction",  # fewer qualifying candidates than seats
    "branch.term_advance",  # extension / advancement needs higher approval
    "branch.term_overdue",  # overdue
    "discipline.probationary_member",  # probationary members get no sanction
    "discipline.approver",  # who approves discipline and disposal
    "discipline.probation_expiry",  # rights restored at expiry
    "disposal.no_double_jeopardy",  # OD art. 4
    "transfer.destination",
    "temporary_branch.relations",  # members do not transfer
    "temporary_branch.appointees",  # leaders appointed by the approving organisation
    "transfer.receiving_branch",
    "transfer.rejection_reason",
    "transfer.probation_expired",  # probationary members
    "dues.collecting_branch",  # mobile members may pay dues where they take part
    "mobility.inflow_report",  # notify the relation branch (S000 art. 10(9))
    "eval003.item_max",  # each item's points
    "eval003.year_begun",  # scored once a year: a year that has begun
    "eval003.branch_in_year",  # an organisation evaluated for a year it existed in
    "points002.component_range",  # each component on a 100-point scale
    "points002.year_begun",  # annual points: a year that has begun
    "points002.party_member",  # points of party members (党员积分)
    "assembly.vote_failed",  # a count that does not carry, kept as a failed vote
    "election.void_recorded",  # returned > issued: void, hold the election again
    "admission.written_opinion_in_time",  # written opinions submitted before the meeting
    "probation.after_failed_conversion",  # convert, extend once, or revoke
}

# Rules with no key in the table that carry only an open choice (OPEN_CHOICES) the steps
# compute with.
CHOICE_RULES = {
    "temporary_branch.who_counts",  # who votes in a temporary branch
}

# Computations the sources state in prose, with no parameter in the table: nothing judges a step
# by them.
PROSE_COMPUTED = {
    "eval003.consequences",  # consequences of the grade
    "points002.categories",  # categories A–D
}


# The table's parameters S000 does not set: None under S000 alone.
S000_SILENT = {
    ("lecture.frequency", "period"),
    ("theme_day.schedule", "day_of_month"),
    ("democratic_evaluation.excellent_cap", "max_ratio"),
    ("training.annual_hours", "member_min_hours_per_year"),
    ("training.annual_hours", "leader_min_hours_per_year"),
}


# Parameters for choices the sources leave open, in prose rather than in the table.
OPEN_CHOICES = {
    # The sources: "Whether it applies to ordinary assembly business is not stated".
    ("should_attend.cod5_exclusions", "ordinary_business"): False,
    # Whether the secretary of a branch without a committee is elected by
    # contested election is not confirmed in the texts read.
    ("election.candidate_surplus", "secretary_only"): False,
    # The primary committee approves; expulsions go to a discipline commission.
    ("discipline.approver", "allowed_types"): ["primary_committee_with_authority", "committee"],
    ("discipline.approver", "expulsion_types"): ["discipline_commission"],
    # The sources are unclear " whether temporary-branch members vote there at all"; its
    # appointed leaders count there, members taking part without the relation do not.
    ("temporary_branch.who_counts", "appointed_leaders"): True,
    # The record book's own choice, not the sources': how many days after the day it is recorded
    # a step may be dated (a clerk east of UTC records "tomorrow" before UTC midnight).
    ("record.future_date", "tolerance_days"): 1,
    # S003: "每次0.5分" on the notice-board item.
    ("eval003.notice_board_cap", "per_time"): 0.5,
    # S003: "连续两年不合格".
    ("eval003.consequences", "replace_after_unqualified_years"): 2,
    # S002: the categories A–D.
    ("points002.categories", "categories"): ["A", "B", "C", "D"],
    # A written opinion counts if submitted "before" the meeting; the book reads it as
    # lodged before the meeting opened.
    ("admission.written_opinion_in_time", "before_opening"): True,
    # The sources give three outcomes at the end of probation; the book's choice
    # is that a failed conversion vote is followed by an extension or a revocation.
    ("probation.after_failed_conversion", "revote"): False,
}
