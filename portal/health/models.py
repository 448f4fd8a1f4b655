"""A person's health file: readings with dates and who took them, standing facts, chronic conditions,
vaccinations and illnesses (with whether the family was told)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..core.time import utcnow
from ..extensions import db


class Reading(db.Model):
    """One measurement on one day: blood pressure, blood sugar, or height and weight; flagged when out of range."""

    __tablename__ = "health_readings"
    __table_args__ = (Index("ix_health_readings_person_kind_day", "beneficiary_id", "kind", "taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    kind: Mapped[str] = mapped_column(String(16))          # bp, glucose, growth
    taken_on: Mapped[date]
    systolic: Mapped[int | None]                            # mmHg
    diastolic: Mapped[int | None]
    glucose: Mapped[float | None]                           # mmol/L
    height: Mapped[float | None]                            # cm
    weight: Mapped[float | None]                            # kg
    taken_by: Mapped[str] = mapped_column(String(64), default="")   # who measured (a village doctor, the helper)
    note: Mapped[str] = mapped_column(String(300), default="")
    flagged: Mapped[bool] = mapped_column(default=False, index=True)
    flags: Mapped[str] = mapped_column(String(64), default="")      # the measures out of range, comma-separated
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A correction (issue 29): the original is kept, marked ``superseded``; the reading that corrects it names it
    # in ``corrects_id`` and says why. Lists, charts and flags read the readings in force only.
    superseded: Mapped[bool] = mapped_column(default=False, server_default=false())
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("health_readings.id"))
    correction_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")

    recorded_by: Mapped[User | None] = relationship()


class HealthFacts(Timestamps, db.Model):
    """What stands: disability and its grade, the family-doctor contract, allergies and medicines."""

    __tablename__ = "health_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), unique=True)
    disability: Mapped[str] = mapped_column(String(64), default="")       # kind, in words
    disability_grade: Mapped[int | None]                                  # 1 (most severe) to 4
    doctor: Mapped[str] = mapped_column(String(64), default="")           # 家庭医生签约: the doctor or team
    doctor_signed_on: Mapped[date | None]
    doctor_until: Mapped[date | None]
    allergies: Mapped[str] = mapped_column(String(300), default="")
    medicines: Mapped[str] = mapped_column(String(300), default="")


class Condition(db.Model):
    """A chronic condition under management (慢性病): hypertension, diabetes ..."""

    __tablename__ = "health_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    since: Mapped[date | None]
    managed_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    ended_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Vaccination(db.Model):
    """A vaccine a child was given, by date."""

    __tablename__ = "health_vaccinations"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    vaccine: Mapped[str] = mapped_column(String(64))
    dose: Mapped[str] = mapped_column(String(16), default="")
    given_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Illness(db.Model):
    """An illness found (at a check or a visit), and when and how the family was told (003 for children)."""

    __tablename__ = "health_illnesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    found_on: Mapped[date]
    what: Mapped[str] = mapped_column(Text)
    family_told_on: Mapped[date | None]
    family_told_how: Mapped[str] = mapped_column(String(64), default="")
    treatment: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
