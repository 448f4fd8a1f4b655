"""Volunteers: who they are, where, what they can do, for which services and how many people."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_app_context
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Timestamps, Versioned
from ..extensions import db
from ..places.models import Place


class Volunteer(Versioned, Timestamps, db.Model):
    """A helper: teacher, cadre, 爱心妈妈, neighbour, youth volunteer or caring family."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    gender: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), default="other")
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    travel_km: Mapped[float] = mapped_column(default=5.0)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[str] = mapped_column(String(200), default="")
    background_check: Mapped[str] = mapped_column(String(16), default="none")
    background_checked_on: Mapped[date | None]
    # The last notice the expiry sweep gave for the current check: "", "expiring" or "expired".
    background_check_notice: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # pending (waiting for review), active, paused, left, rejected
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    status_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    place: Mapped[Place] = relationship()
    services: Mapped[list[VolunteerService]] = relationship(back_populates="volunteer",
                                                            cascade="all, delete-orphan")

    @property
    def background_check_expires_on(self) -> date | None:
        """The day a passed check stops counting (``GUANAI_BACKGROUND_CHECK_VALID_DAYS`` after it was done)."""
        if self.background_check != "passed" or self.background_checked_on is None:
            return None
        days = current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365) if has_app_context() else 365
        return self.background_checked_on + timedelta(days=days)

    @property
    def background_check_state(self) -> str:
        """passed, expired (passed, but too long ago: counts as not passed), pending, failed or none."""
        from ..core.time import local_today
        expires = self.background_check_expires_on
        if expires is not None and expires <= local_today():
            return "expired"
        return self.background_check

    @property
    def background_checked(self) -> bool:
        """A passed check that has not expired: what work with minors (matching, activities) asks for."""
        return check_counts(self.background_check, self.background_checked_on)

    def __str__(self) -> str:
        return self.name


def check_counts(check: str, checked_on: date | None) -> bool:
    """Whether a background check with this status and date counts as passed today (it has not expired)."""
    from ..core.time import local_today
    if check != "passed":
        return False
    if checked_on is None:
        return True
    days = current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365) if has_app_context() else 365
    return checked_on + timedelta(days=days) > local_today()


class VolunteerService(db.Model):
    """A service a volunteer offers, and for how many people at once."""

    __tablename__ = "volunteer_services"
    __table_args__ = (UniqueConstraint("volunteer_id", "service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(64), index=True)  # the service key, group.code
    capacity: Mapped[int] = mapped_column(default=1)
    # Places taken: distinct units (households or people) actively paired for this service. Changed only by
    # conditional updates (portal/assignment/commit.py), so concurrent commits never pass capacity.
    load: Mapped[int] = mapped_column(default=0, server_default="0")

    volunteer: Mapped[Volunteer] = relationship(back_populates="services")
