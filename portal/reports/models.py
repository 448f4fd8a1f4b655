"""Nominations for the year-end commendation of the best helpers (评比表彰, 001); report pages kept for all workers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Timestamps
from ..extensions import db
from ..places.models import Place
from ..volunteers.models import Volunteer


class Nomination(Timestamps, db.Model):
    """A helper a coordinator nominated for the year's commendation in an area."""

    __tablename__ = "report_nominations"
    __table_args__ = (UniqueConstraint("year", "place_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")

    place: Mapped[Place] = relationship()
    volunteer: Mapped[Volunteer] = relationship()


class KeptReport(db.Model):
    """A report page's sections as rendered, kept for every worker and server (``portal.reports.kept``)."""

    __tablename__ = "kept_reports"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
