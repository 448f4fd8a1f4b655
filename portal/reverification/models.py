"""Re-verification cycles, their checklists, the reminders already sent and the spot checks kept with them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place


class Cycle(Timestamps, db.Model):
    """One check of one area's ledger for one period: a quarter's full check (003), a census (001) ..."""

    __tablename__ = "reverify_cycles"
    __table_args__ = (UniqueConstraint("kind", "period", "place_id", name="uq_reverify_cycles_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)   # quarterly, census, pairing, spot
    period: Mapped[str] = mapped_column(String(7))              # "2026-12": the month the cycle runs in
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    opens_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    place: Mapped[Place] = relationship()
    opened_by: Mapped[User | None] = relationship()


class CycleItem(db.Model):
    """One active person on a cycle's checklist: unchanged, updated or left, by whom and when."""

    __tablename__ = "reverify_items"
    __table_args__ = (UniqueConstraint("cycle_id", "beneficiary_id", name="uq_reverify_items_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reverify_cycles.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)  # where the person lived at opening
    outcome: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending, confirmed, updated, left
    reason: Mapped[str | None] = mapped_column(String(32))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_on: Mapped[date | None]                                # local day, compared with the due date

    beneficiary: Mapped[Beneficiary] = relationship()
    checked_by: Mapped[User | None] = relationship()


class CycleReminder(db.Model):
    """A reminder already sent about a cycle: the key makes the sweep send each one once."""

    __tablename__ = "reverify_reminders"
    __table_args__ = (UniqueConstraint("kind", "cycle_id", "recipient_id", name="uq_reverify_reminders_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))        # due_soon, overdue
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reverify_cycles.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpotCheck(db.Model):
    """A record drawn at random by an inspector (001: spot checks in August and December), confirmed or flagged."""

    __tablename__ = "reverify_spot_checks"
    __table_args__ = (UniqueConstraint("cycle_id", "beneficiary_id", name="uq_reverify_spot_checks_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reverify_cycles.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    result: Mapped[str] = mapped_column(String(16), default="pending")  # pending, confirmed, flagged
    note: Mapped[str] = mapped_column(String(300), default="")
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime | None]

    beneficiary: Mapped[Beneficiary] = relationship()


class HelperRecord(db.Model):
    """A helper's pledge or a year's training (001, 004: helpers sign a pledge and are trained at least yearly)."""

    __tablename__ = "helper_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)   # pledge, training
    day: Mapped[date] = mapped_column(index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))  # the training activity attended
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class HoursConfirmation(db.Model):
    """Hours logged (the activities' ``hours`` row) that staff or a coordinator confirmed: from then on they count.

    Kept by this feature in its own table (issue 26: a feature's migrations touch only its own tables), one row
    per confirmed entry; hours without a row are not confirmed yet.
    """

    __tablename__ = "hours_confirmations"

    hours_id: Mapped[int] = mapped_column(ForeignKey("hours.id", ondelete="CASCADE"), primary_key=True)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
