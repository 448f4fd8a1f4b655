"""Sessions and opportunities ("activities") with capacity, sign-ups with a waiting list, and hours."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..extensions import db
from ..places.models import Place
from ..volunteers.models import Volunteer


class Activity(Timestamps, db.Model):
    """A session of a service: when, where, what, how many volunteers and how many people it takes."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(64), index=True)  # the service key, group.code
    group: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    volunteer_slots: Mapped[int] = mapped_column(default=1)
    beneficiary_slots: Mapped[int] = mapped_column(default=0)
    # Confirmed sign-ups; raised only by a conditional UPDATE so that it never passes volunteer_slots.
    confirmed: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    place: Mapped[Place] = relationship()
    created_by: Mapped[User | None] = relationship()
    signups: Mapped[list[SignUp]] = relationship(back_populates="activity", order_by="SignUp.id")

    @property
    def is_full(self) -> bool:
        return self.confirmed >= self.volunteer_slots


class SignUp(Timestamps, db.Model):
    """A volunteer's place in an activity, confirmed or on the waiting list (in order of sign-up)."""

    __tablename__ = "signups"
    __table_args__ = (
        Index("uq_signups_live", "activity_id", "volunteer_id", unique=True,
              sqlite_where=text("status != 'cancelled'"), postgresql_where=text("status != 'cancelled'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # confirmed, waiting, cancelled
    attended: Mapped[bool | None]
    cancelled_at: Mapped[datetime | None]

    activity: Mapped[Activity] = relationship(back_populates="signups")
    volunteer: Mapped[Volunteer] = relationship()


class HoursEntry(Timestamps, db.Model):
    """Hours a volunteer gave, on an activity or a pairing (counted in appraisals, 评比表彰)."""

    __tablename__ = "hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    hours: Mapped[float]
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairings.id"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")

    volunteer: Mapped[Volunteer] = relationship()
    activity: Mapped[Activity | None] = relationship()
