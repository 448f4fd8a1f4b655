"""Incidents, their steps with deadlines, and the escalations of overdue steps (recorded once per level)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place


class Incident(Timestamps, db.Model):
    """Something that happened to a person and must be reported: a type of their group, with its steps."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_key: Mapped[str] = mapped_column(String(64), index=True)  # group.code of the IncidentType
    group: Mapped[str] = mapped_column(String(32), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)  # the person's place when opened
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    opened_at: Mapped[datetime] = mapped_column(index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(String(32), default="")  # the task team's problem type (004)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open, closed
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")

    beneficiary: Mapped[Beneficiary] = relationship()
    place: Mapped[Place] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    steps: Mapped[list[IncidentStepRow]] = relationship(back_populates="incident", order_by="IncidentStepRow.position")


class IncidentStepRow(Timestamps, db.Model):
    """One step of an incident: its deadline (fixed when opened) and, once done, who was told, how and when."""

    __tablename__ = "incident_steps"
    __table_args__ = (UniqueConstraint("incident_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)
    deadline_minutes: Mapped[int]
    deadline_at: Mapped[datetime] = mapped_column(index=True)
    done_at: Mapped[datetime | None] = mapped_column(index=True)
    told_whom: Mapped[str] = mapped_column(String(200), default="")
    means: Mapped[str] = mapped_column(String(16), default="")  # code of the incident_means vocabulary
    note: Mapped[str] = mapped_column(String(500), default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    minutes_taken: Mapped[int | None]  # from the clock's start to done_at, for the figures
    on_time: Mapped[bool | None]

    incident: Mapped[Incident] = relationship(back_populates="steps")
    done_by: Mapped[User | None] = relationship()
    escalations: Mapped[list[Escalation]] = relationship(back_populates="step", order_by="Escalation.level")


class Escalation(db.Model):
    """An overdue step made known to a level's coordinators; the unique key makes it happen once per level."""

    __tablename__ = "incident_escalations"
    __table_args__ = (UniqueConstraint("step_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("incident_steps.id"), index=True)
    level: Mapped[int]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))  # the place whose coordinators were told
    at: Mapped[datetime]
    recipients: Mapped[int] = mapped_column(default=0)

    step: Mapped[IncidentStepRow] = relationship(back_populates="escalations")
    place: Mapped[Place | None] = relationship()
