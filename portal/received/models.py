"""Who took part in an activity, and each periodic service a person received (from an activity or one by one)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..activities.models import Activity
from ..auth.models import User
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary


class Participation(db.Model):
    """One person who took part in one activity (a name on the attendance list, not a head count)."""

    __tablename__ = "activity_people"
    __table_args__ = (UniqueConstraint("activity_id", "beneficiary_id", name="uq_activity_people_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    activity: Mapped[Activity] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()


class ServiceRecord(db.Model):
    """A periodic service one person received on a day: from an activity's attendance, or recorded by itself."""

    __tablename__ = "service_records"
    # The due lists read the last day per person and service from this index alone.
    __table_args__ = (Index("ix_service_records_person_service_day", "beneficiary_id", "service", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    service: Mapped[str] = mapped_column(String(64), index=True)   # the periodic service's key, group.code
    day: Mapped[date]
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship()
    activity: Mapped[Activity | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
