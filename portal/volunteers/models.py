"""Volunteers: who they are, where, what they can do, for which services and how many people."""
from __future__ import annotations

from datetime import date

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
    # pending (waiting for review), active, paused, left, rejected
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    status_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    place: Mapped[Place] = relationship()
    services: Mapped[list[VolunteerService]] = relationship(back_populates="volunteer",
                                                            cascade="all, delete-orphan")

    @property
    def background_checked(self) -> bool:
        return self.background_check == "passed"

    def __str__(self) -> str:
        return self.name


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
