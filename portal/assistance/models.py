"""One application or grant of a social-assistance programme to one person, with its state, dates and amount."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..extensions import db
from ..ledger.models import Beneficiary

STATES = ("likely", "applied", "approved", "paying", "review", "ended")
RECEIVING = ("approved", "paying", "review")   # granted and not ended: counts as receiving


class AssistanceCase(Timestamps, db.Model):
    """A programme for a person: likely eligible, applied, approved, paying, to review, ended; who handled it."""

    __tablename__ = "assistance_cases"
    __table_args__ = (Index("ix_assistance_cases_person_programme", "beneficiary_id", "programme", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    programme: Mapped[str] = mapped_column(String(32), index=True)
    state: Mapped[str] = mapped_column(String(16), default="applied")
    applied_on: Mapped[date | None]
    approved_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))     # yuan a month (or once, for one-off aid)
    next_review: Mapped[date | None] = mapped_column(index=True)
    handled_by: Mapped[str] = mapped_column(String(64), default="")     # the official who handled it
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    beneficiary: Mapped[Beneficiary] = relationship()
    recorded_by: Mapped[User | None] = relationship()
