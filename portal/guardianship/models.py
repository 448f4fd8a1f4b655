"""Guardianship of a person whose guardian the group's profile names (监护; 001 line 336: "与儿童家长签订监护制度和
监护责任书"; 001 lines 138-140, 358: "加强委托监护人的教育培训", "对留守儿童监护人...进行培训"; 003: "家庭监护情况调查评估、
救助帮扶、监护干预"). The guardian is never recorded twice: each row keeps the name the ledger gave on the day, so a
letter or training counts only while the ledger names the same guardian."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.time import utcnow
from ..extensions import db


class GuardianshipLetter(db.Model):
    """The guardianship responsibility letter (监护责任书) the guardian signed, with the other party and a photo."""

    __tablename__ = "guardianship_letters"
    __table_args__ = (Index("ix_guardianship_letters_person_guardian", "beneficiary_id", "guardian_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    guardian_name: Mapped[str] = mapped_column(String(64))        # the ledger's guardian on the day signed
    guardian_relation: Mapped[str] = mapped_column(String(24), default="")
    signed_on: Mapped[date]
    other_party: Mapped[str] = mapped_column(String(120))         # who signed with the guardian (村委会, 学校 ...)
    photo_name: Mapped[str | None] = mapped_column(String(64))    # stored file of the signed page (random name)
    photo_type: Mapped[str | None] = mapped_column(String(32))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class GuardianTraining(db.Model):
    """A guardian's training attended (家长学校, 监护人培训)."""

    __tablename__ = "guardianship_trainings"
    __table_args__ = (Index("ix_guardianship_trainings_person_day", "beneficiary_id", "attended_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    guardian_name: Mapped[str] = mapped_column(String(64))
    attended_on: Mapped[date]
    course: Mapped[str] = mapped_column(String(120))
    held_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuardianshipAssessment(db.Model):
    """A guardianship assessment (家庭监护情况调查评估): how well the person is guarded, and any intervention
    (监护干预) decided, open until a follow-up closes it."""

    __tablename__ = "guardianship_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    guardian_name: Mapped[str] = mapped_column(String(64), default="")
    assessed_on: Mapped[date]
    level: Mapped[str] = mapped_column(String(16))                # adequate, weak, lacking, harmed
    findings: Mapped[str] = mapped_column(Text)
    assessed_by: Mapped[str] = mapped_column(String(64), default="")
    intervention: Mapped[str] = mapped_column(String(24), default="")   # "" none, else a code of INTERVENTIONS
    intervention_note: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    follow_ups: Mapped[list[InterventionFollowUp]] = relationship(back_populates="assessment",
                                                      order_by="(InterventionFollowUp.done_on, InterventionFollowUp.id)")


class InterventionFollowUp(db.Model):
    """A follow-up of an intervention; the one that closes it says so."""

    __tablename__ = "guardianship_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("guardianship_assessments.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    done_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text)
    closes: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[GuardianshipAssessment] = relationship(back_populates="follow_ups")
