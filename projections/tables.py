"""The read-model tables, kept in the store's own database beside the events."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# The shape of the tables below. Raise it with any change to them: a store whose views were
# built under another number drops and rebuilds them from the first notification.
VIEW_SCHEMA = 3

metadata = MetaData()

# Tables of earlier schemas that no view uses any more: dropped when the views are rebuilt.
RETIRED = ("bb_committees",)  # schema 2: replaced by bb_offices

# One row per set of views: the last notification applied, written in the same transaction;
# and one row naming the VIEW_SCHEMA the views were built with.
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
    Column("office", Text, nullable=False),  # JSON object: domain.leadership.Office.as_dict()
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

# Where each person stands now, with the dates of the steps that brought them there.
members = Table(
    "bb_members",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("birth", Date, nullable=False),
    Column("branch", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("since", Date, nullable=False),  # the last change of standing
    Column("enrolled", Boolean, nullable=False, default=False),
    Column("applied", Date, nullable=True),
    Column("talked", Date, nullable=True),
    Column("activist_on", Date, nullable=True),
    Column("assessed_on", Date, nullable=True),  # the latest assessment
    Column("candidate_on", Date, nullable=True),
    Column("reviewed_on", Date, nullable=True),
    Column("review_passed", Boolean, nullable=True),
    Column("training_days", Integer, nullable=False, default=0),
    Column("training_hours", Integer, nullable=False, default=0),
    Column("introducers", Text, nullable=False, default="[]"),  # JSON list
    Column("prereviewed_on", Date, nullable=True),
    Column("admitted_on", Date, nullable=True),  # the assembly date: probation starts
    Column("admitted_at", String(128), nullable=True),
    Column("probation_months", Integer, nullable=False, default=0),
    Column("extensions", Text, nullable=False, default="[]"),  # JSON list of months
    Column("probation_end", Date, nullable=True),
    Column("approved_on", Date, nullable=True),
    Column("approved_by", Text, nullable=True),
    Column("oath_on", Date, nullable=True),
    Column("pending", String(32), nullable=True),
    Column("pending_on", Date, nullable=True),
    Column("pending_meeting", String(128), nullable=True),
    Column("pending_months", Integer, nullable=True),
    Column("full_since", Date, nullable=True),  # party age counts from here
    Column("ended_on", Date, nullable=True),
    Column("rights_suspended", Boolean, nullable=False, default=False),
    Column("excluded", String(64), nullable=True),
    Index("bb_members_branch_idx", "branch", "number"),
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
    Column("actor", Text, nullable=False),
    Column("doc", Text, nullable=True),
    Column("note", Text, nullable=True),
    Column("rulebook", String(128), nullable=False),
    Column("warnings", Text, nullable=False),  # JSON list of {rule, reason, citation}
    Column("details", Text, nullable=False),  # JSON object: the event's own fields
    Index("bb_member_events_member_idx", "member", "position"),
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
