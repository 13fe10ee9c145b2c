"""The member tables of the read models: where each person stands now, and the state history
behind it (what was so on a date, as known at a moment)."""

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

from branchbook.projections.storage.secrecy import BlindIndex, Secret, SecretDate

# Every view table, this module's and projections.storage.tables'.
metadata = MetaData()

# Where each person stands now, with the dates of the steps that brought them there.
members = Table(
    "bb_members",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("name", Secret, nullable=False),
    Column("birth", SecretDate, nullable=False),
    Column("name_index", BlindIndex, nullable=True),  # finds a person by name, encrypted or not
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
    *(  # the particulars an opening entry gives (PARTICULARS): personal data
        Column("sex", Secret, nullable=True),
        Column("id_number", Secret, nullable=True),
        Column("ethnicity", Secret, nullable=True),
        Column("education", Secret, nullable=True),
        Column("work_unit", Secret, nullable=True),
        Column("phone", Secret, nullable=True),
    ),
    *(  # the case columns: discipline, disposal, rectification, suspension
        Column("pending_detail", Secret, nullable=True),  # JSON object of a case resolution
        Column("basis", String(32), nullable=True),  # why the membership ended
        Column("urged_on", Date, nullable=True),
        Column("postponed", Integer, nullable=True),  # months a conversion is postponed
        Column("rect_ordered", Date, nullable=True),
        Column("rect_deadline", Date, nullable=True),
        Column("rect_matter", Secret, nullable=True),
        Column("rect_filed_with", String(64), nullable=True),
        Column("suspension_reason", String(32), nullable=True),
        Column("suspension_since", Date, nullable=True),  # contact lost
        Column("suspended_on", Date, nullable=True),
    ),
    Index("bb_members_branch_idx", "branch", "number"),
)

# A person's particulars in bb_members, as an opening entry gives them: kept once, not by date.
PARTICULARS = ("sex", "id_number", "ethnicity", "education", "work_unit", "phone")
# The member row after each change, from its effective date: what was so on a date.
STATE_COLUMNS = tuple(
    c.name
    for c in members.columns
    if c.name not in ("id", "number", "name", "birth", "name_index", *PARTICULARS)
)
#
# A correction leaves the state history as it was known before it: the rows the voided step
# gave (and those of the member's later steps as they stood with it) are kept, known only
# until the correction's position (`known_until`); the rows the same steps give without it
# are known from the correction's position on (`known_from`; None: from their own). As known
# once the log reached position K, a row counts when it was known then (projections.members.
# as_of.known_then): exactly one row per member and position does.
member_states = Table(
    "bb_member_states",
    metadata,
    Column("position", BigInteger, nullable=False),
    Column("member", String(64), nullable=False),
    Column("effective", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=True),  # when it became known
    Column("known_from", BigInteger, nullable=True),
    Column("known_until", BigInteger, nullable=True),
    *(Column(name, members.c[name].type, nullable=True) for name in STATE_COLUMNS),
    Index("bb_member_states_member_idx", "member", "effective", "position"),
    Index("bb_member_states_position_idx", "position"),
    # Finds the members changed after a date: every other stands on it as bb_members holds them.
    Index("bb_member_states_effective_idx", "effective"),
)
