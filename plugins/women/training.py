"""Skills training per woman (000: 技能培训; 002): each course she attended, its day and hours, and the certificate
she earned; shown on her ledger page."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.time import utcnow
from portal.plugin import db


class TrainingRecord(db.Model):
    """One course a woman attended, with the certificate, if any."""

    __tablename__ = "women_training_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    course: Mapped[str] = mapped_column(String(120))
    attended_on: Mapped[date]
    hours: Mapped[float] = mapped_column(default=0)
    certificate: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


def training_section(person, user) -> dict:
    from portal.core.scoping import scoped
    rows = db.session.execute(scoped(TrainingRecord, user).where(TrainingRecord.beneficiary_id == person.id)
                              .order_by(TrainingRecord.attended_on.desc())).scalars().all()
    return {"person": person, "rows": rows, "hours": sum(r.hours for r in rows),
            "certificates": sum(1 for r in rows if r.certificate), "can_record": user.role != "volunteer"}
