"""A study plan per tutoring pairing and term (学习帮扶计划: when, what, the progress expected), the progress entries
by the helper or teacher (marks, a note), and the term's summary (000 line 17, 001 lines 20 and 74)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..assignment.models import Pairing
from ..auth.models import User
from ..core.models import Timestamps
from ..core.time import utcnow
from ..extensions import db


class StudyPlan(Timestamps, db.Model):
    """One pairing's plan for one term; the summary is written at the term's end (期末写好总结, 000 line 21)."""

    __tablename__ = "study_plans"
    __table_args__ = (Index("uq_study_plans_pairing_term", "pairing_id", "term_start", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    term_start: Mapped[date]                                             # the first day of the term planned
    subjects: Mapped[str] = mapped_column(String(120), default="")       # 数学、语文 ...
    schedule: Mapped[str] = mapped_column(String(200))                   # when: 帮扶时间
    content: Mapped[str] = mapped_column(Text)                           # what: 帮扶内容
    expected: Mapped[str] = mapped_column(Text)                          # the progress expected: 阶段性效果
    summary: Mapped[str] = mapped_column(Text, default="")               # the term summary
    summary_on: Mapped[date | None]
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    pairing: Mapped[Pairing] = relationship()
    written_by: Mapped[User | None] = relationship(foreign_keys=[written_by_id])
    entries: Mapped[list[ProgressEntry]] = relationship(back_populates="plan",
                                                        order_by="(ProgressEntry.entry_on, ProgressEntry.id)")


class ProgressEntry(db.Model):
    """A step of the progress archive (进步档案): a mark out of a full mark, and a note, on a day."""

    __tablename__ = "study_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("study_plans.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    entry_on: Mapped[date]
    subject: Mapped[str] = mapped_column(String(32), default="")
    mark: Mapped[float | None]
    out_of: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[StudyPlan] = relationship(back_populates="entries")
    recorded_by: Mapped[User | None] = relationship()
