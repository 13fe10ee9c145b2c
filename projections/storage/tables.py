"""The read-model tables, kept in the store's own database beside the events."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from branchbook.projections.storage.member_tables import (
    PARTICULARS,
    STATE_COLUMNS,
    member_states,
    members,
    metadata,
)
from branchbook.projections.storage.secrecy import BlindIndex, Secret

__all__ = ["PARTICULARS", "STATE_COLUMNS", "member_states", "members", "metadata"]

# The shape of the tables below. Raise it with any change to them: a store whose views were
# built under another number drops and rebuilds them from the first notification.
# 8: Secret columns, blind indexes; 9: particulars; 10: state rows by date, bb_counted_steps;
# 11: state rows as known before a correction, the positions of transfer and participation steps
VIEW_SCHEMA = 11


# Tables of earlier schemas that no view uses any more: dropped when the views are rebuilt.
RETIRED = ("bb_committees",)  # schema 2: replaced by bb_offices

# One row per set of views: the last notification applied, written in the same transaction;
# one row naming the VIEW_SCHEMA the views were built with; and, in encrypted views, one naming
# the key they were last written with (projections.storage.secrecy).
#
# Columns of type Secret and SecretDate hold personal data (a name, a birth date, a note, a
# document reference, free text about a person): encrypted when the views are encrypted.
positions = Table(
    "bb_view_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

# The higher organisations above the branches: a tree by `parent`.
organisations = Table(
    "bb_organisations",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent", String(64), nullable=True),
    Column("authority", Boolean, nullable=False),  # may approve probationary members
)

branches = Table(
    "bb_branches",
    metadata,
    Column("id", String(32), nullable=False, unique=True),
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent", Text, nullable=False),
    Column("units", Text, nullable=False, default="[]"),  # JSON list of unit names
    Column("founded", Date, nullable=False),
    Column("full_members_at_founding", Integer, nullable=True),
    Column("approved_by", Text, nullable=True),  # the organisation that approved the founding
    Column("dissolved", Date, nullable=True),
)

# One row per change of a branch's leadership: the Office in force from `since`.
offices = Table(
    "bb_offices",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("since", Date, nullable=False),
    Column("office", Secret, nullable=False),  # JSON object: domain.leadership.Office.as_dict()
    Index("bb_offices_branch_idx", "branch", "since"),
)

# One row per change of a member's standing on a branch's roll (the voting register).
roll = Table(
    "bb_roll",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("member", String(64), nullable=False),
    Column("since", Date, nullable=False),
    Column("status", String(32), nullable=False),
    Column("votes", Boolean, nullable=False),
    Column("counted", Boolean, nullable=False),
    Index("bb_roll_branch_idx", "branch", "member", "since"),
)

# One row per election held by a branch's general assembly, with the evidence of the count.
elections = Table(
    "bb_elections",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("meeting", String(128), nullable=False),
    Column("held", Date, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("evidence", Text, nullable=False),  # JSON object, as counted
    Index("bb_elections_branch_idx", "branch", "position"),
)

# Which member a transfers file, dues ledger or participation record belongs to.
case_files = Table(
    "bb_case_files",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("member", String(64), nullable=False),
)

transfers = Table(
    "bb_transfers",
    metadata,
    Column("member", String(64), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("from_branch", String(64), nullable=False),
    Column("to_branch", String(64), nullable=False),
    Column("reason", Secret, nullable=False),
    Column("requested", Date, nullable=False),
    Column("issued", Date, nullable=True),
    Column("issued_by", String(64), nullable=True),
    Column("ref", Secret, nullable=True),
    Column("outcome", String(16), nullable=True),  # received | refused
    Column("closed", Date, nullable=True),
    Column("refusal", Secret, nullable=True),
    # The log positions of the steps: what was known of the transfer at a moment.
    Column("requested_at", BigInteger, nullable=True),
    Column("issued_at", BigInteger, nullable=True),
    Column("closed_at", BigInteger, nullable=True),
)

# One row per version of a sanction: as approved, then as reviewed (restored or extended).
sanctions = Table(
    "bb_sanctions",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("member", String(64), nullable=False),
    Column("effective", Date, nullable=False),  # the day this version took effect
    Column("kind", String(32), nullable=False),
    Column("matter", Secret, nullable=False),
    Column("since", Date, nullable=False),
    Column("ends", Date, nullable=True),
    Column("months", Integer, nullable=True),
    Column("extended", Integer, nullable=False, default=0),
    Column("restored", Date, nullable=True),
    Column("bar_ends", Date, nullable=True),
    Column("body", String(64), nullable=False),
    Index("bb_sanctions_member_idx", "member", "since", "position"),
)

# One row per month paid: a payment covering several months gives a row to each.
dues_payments = Table(
    "bb_dues_payments",
    metadata,
    Column("member", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("branch", String(64), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("payment", BigInteger, nullable=False),  # the position of the payment
    Column("amount_fen", Integer, nullable=False),  # the whole payment
)

dues_incomes = Table(
    "bb_dues_incomes",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("member", String(64), nullable=False),
    Column("since", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("monthly_fen", Integer, nullable=True),
)

participations = Table(
    "bb_participations",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("member", String(64), nullable=False),
    Column("branch", String(64), nullable=False),
    Column("basis", String(16), nullable=False),
    Column("fixed_place", Boolean, nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date, nullable=True),
    Column("ended_at", BigInteger, nullable=True),  # the log position of the end
    Index("bb_participations_member_idx", "member", "since"),
)

# One row per recorded step of a member, in the log's order.
member_events = Table(
    "bb_member_events",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("member", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("effective", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("actor", Secret, nullable=False),
    Column("doc", Secret, nullable=True),
    Column("note", Secret, nullable=True),
    Column("rulebook", String(128), nullable=False),
    Column("warnings", Text, nullable=False),  # JSON list of {rule, reason, citation}
    Column("details", Secret, nullable=False),  # JSON object: the event's own fields
    Index("bb_member_events_member_idx", "member", "position"),
)

# One row per step the statistics count a year (an admission or conversion approved, a
# sanction, a removal), with the branch of the state the step left.
counted_steps = Table(
    "bb_counted_steps",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("effective", Date, nullable=False),
    Column("branch", String(64), nullable=False),
    Column("what", String(16), nullable=False),  # admission | conversion | sanction | removal
    Column("detail", String(64), nullable=True),  # the sanction's kind, the removal's basis
    Index("bb_counted_steps_effective_idx", "effective", "branch"),
)

meetings = Table(
    "bb_meetings",
    metadata,
    Column("id", String(32), nullable=False, unique=True),
    Column("code", String(128), primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("held", Date, nullable=False),
    Column("chair", String(64), nullable=False),
    Column("present", Text, nullable=False),  # JSON list of member numbers
    Column("rulebook", String(128), nullable=False),
    Column("hours", Integer, nullable=True),  # class hours of a training session
    Column("party_group", String(64), nullable=True),  # the party group of a group meeting
    Index("bb_meetings_branch_idx", "branch", "held"),
)

# One row per member rated by a democratic evaluation (a meeting of kind "evaluation").
ratings = Table(
    "bb_ratings",
    metadata,
    Column("meeting", String(128), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("rating", String(16), nullable=False),  # excellent | qualified | unqualified
    Column("position", BigInteger, nullable=False),
)

# One row per recorded event of any aggregate: the audit trail, in the log's order.
audit = Table(
    "bb_audit",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("aggregate", String(16), nullable=False),  # member | branch | meeting | ...
    Column("kind", String(48), nullable=False),  # the event's name
    Column("subject", String(128), nullable=False),  # member number, branch or meeting code
    Column("branch", String(64), nullable=True),  # the branch the step concerns
    Column("member", String(64), nullable=True),  # the member the step concerns
    # Effective date, recording time, actor and rulebook are empty only in the row of an
    # event the views could not place whose own value could not be held (see bb_unplaced).
    Column("effective", Date, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    Column("actor", Secret, nullable=True),
    Column("actor_index", BlindIndex, nullable=True),  # filters by actor, encrypted or not
    Column("doc", Secret, nullable=True),
    Column("note", Secret, nullable=True),
    Column("rulebook", String(128), nullable=True),
    Column("warnings", Text, nullable=False),  # JSON list of {rule, reason, citation}
    Column("details", Secret, nullable=False),  # JSON object: the event's own fields
    Column("command", String(36), nullable=True),  # the command that recorded it
    Column("key", String(200), nullable=True),  # its idempotency key (none before keys existed)
    Column("corrects", BigInteger, nullable=True),  # the position this step corrects
    Column("why", Secret, nullable=True),  # the reason given for the correction
    Column("corrected_by", BigInteger, nullable=True),  # the correction that voided it
    Index("bb_audit_effective_idx", "effective"),
    Index("bb_audit_member_idx", "member", "position"),
    Index("bb_audit_branch_idx", "branch", "position"),
)

# The positions of events a correction voided: a rebuild skips them in every view but the audit.
voided = Table(
    "bb_voided",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("by", BigInteger, nullable=False),
)

resolutions = Table(
    "bb_resolutions",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("meeting", String(128), nullable=False),
    Column("member", String(64), nullable=False),
    Column("decision", String(32), nullable=False),
    Column("evidence", Text, nullable=False),  # JSON object, as judged
    Column("rulebook", String(128), nullable=False),
    Index("bb_resolutions_meeting_idx", "meeting", "position"),
)

# One row per recorded event the views could not place (a finding): a value beyond what they
# hold, or a step that cannot follow what they hold of its record. It is left out of every
# view; the audit trail keeps as much of it as can be held, in its place in the log.
unplaced = Table(
    "bb_unplaced",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("originator", String(32), nullable=False),  # the id of the record it belongs to
    Column("topic", Text, nullable=False),  # the stored event's class
    Column("reason", Secret, nullable=False),  # what was wrong, in one line
)


def as_stored(moment: datetime) -> datetime:
    """A bound as stored: UTC (a naive moment is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
