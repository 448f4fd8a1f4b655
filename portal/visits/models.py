"""Visits, the helpers who made them, their follow-ups and photos, and the reminders already sent."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..volunteers.models import Volunteer

#: Who made a visit: one or more volunteers (helpers); others (cadres, teachers without an account) by name.
visit_helpers = Table(
    "visit_helpers", db.metadata,
    Column("visit_id", ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    Column("volunteer_id", ForeignKey("volunteers.id"), primary_key=True),
)


class Visit(Timestamps, db.Model):
    """One visit to one person (走访记录): when, how, to whom they spoke, what was found."""

    __tablename__ = "visits"
    # The last visit per person and rule is read from this index alone.
    __table_args__ = (Index("ix_visits_person_rule_time", "beneficiary_id", "rule", "visited_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    # The rule the visit was made for (its helper code in the person's group); every visit counts for the
    # risk-level schedule. ``occasion`` names a holiday campaign the visit belongs to.
    rule: Mapped[str | None] = mapped_column(String(32), index=True)
    occasion: Mapped[str | None] = mapped_column(String(32), index=True)
    visited_at: Mapped[datetime] = mapped_column(index=True)  # UTC
    mode: Mapped[str] = mapped_column(String(16))
    other_visitors: Mapped[str] = mapped_column(String(200), default="")
    spoke_to: Mapped[str] = mapped_column(String(64), default="")       # 问询对象
    relation: Mapped[str] = mapped_column(String(32), default="")
    findings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {area code: text}
    parents_contact_on: Mapped[date | None]                             # children: last contact with parents
    close_attention: Mapped[bool] = mapped_column(default=False)        # 重点关注
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    beneficiary: Mapped[Beneficiary] = relationship()
    helpers: Mapped[list[Volunteer]] = relationship(secondary=visit_helpers, order_by="Volunteer.name")
    recorded_by: Mapped[User | None] = relationship()
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="visit", order_by="FollowUp.id")
    photos: Mapped[list[VisitPhoto]] = relationship(back_populates="visit", order_by="VisitPhoto.id")


class RiskLevel(db.Model):
    """A person's risk level for visits (风险等级: general, key attention 重点关注, high risk 高危) and when it
    last changed: a high-risk person is visited within a day. No row: the general level. Kept here, not on the
    ledger's record, so that a portal without visits has a ledger that matches its table."""

    __tablename__ = "visit_risk_levels"
    __table_args__ = (Index("ix_visit_risk_levels_level", "level"),)

    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(String(8), default="general")
    since: Mapped[datetime | None]


class VisitDue(db.Model):
    """Kept: per active person and tracked visit rule (and their risk level, rule ``risk``), the last visit for it,
    the helper whose pairing carries it and the next due day, as :func:`portal.visits.due.due_table` computes them.

    Written only by :mod:`portal.visits.kept` (per person at each commit that touches their visits, pairings, risk
    level or record; all of it daily and by ``guanai visits refresh``), so that the overdue list reads its page by
    the (due day, person, rule) index instead of computing every person's due dates per request (issue 28).
    """

    __tablename__ = "visit_due"
    __table_args__ = (Index("ix_visit_due_due", "due", "beneficiary_id", "rule"), Index("ix_visit_due_vid", "vid"))

    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(32), primary_key=True)
    risk_level: Mapped[str] = mapped_column(String(8))
    last: Mapped[datetime | None]          # UTC, the last visit counted for the rule
    vid: Mapped[int | None]                # the volunteer of the pairing that carries the rule (no FK: a name only)
    due: Mapped[date]


class VisitDueState(db.Model):
    """The one row saying the kept due table is whole, and under which rules (their signature) it was written:
    with no row, or another signature, the overdue list computes its page from the visits themselves."""

    __tablename__ = "visit_due_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64))
    refreshed_at: Mapped[datetime]


class FollowUp(Timestamps, db.Model):
    """Something a visit found to be done: what, by whom, by when; listed until it is done."""

    __tablename__ = "visit_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    what: Mapped[str] = mapped_column(String(200))
    who: Mapped[str] = mapped_column(String(64), default="")
    due_on: Mapped[date | None]
    done_on: Mapped[date | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    visit: Mapped[Visit] = relationship(back_populates="follow_ups")
    beneficiary: Mapped[Beneficiary] = relationship()


class VisitPhoto(db.Model):
    """A photo kept as evidence of a visit (001: services evidenced by text, photos and video)."""

    __tablename__ = "visit_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)   # a random name in the upload folder
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(200), default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="photos")


class VisitReminder(db.Model):
    """A reminder already sent: the key makes the sweep send each one once, however often it runs."""

    __tablename__ = "visit_reminders"
    __table_args__ = (UniqueConstraint("kind", "subject", "due_on", "recipient_id", name="uq_visit_reminders_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))        # due_soon, overdue, digest
    subject: Mapped[str] = mapped_column(String(64))     # "<person id>:<rule>", or "area" for a digest
    due_on: Mapped[date]                                 # the due date, or the digest's Monday
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
