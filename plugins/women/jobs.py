"""Job postings for left-behind women (002: "积极提供就业岗位信息，通过微信群发布"): who was told, interested, placed.

Services take the actor and plain data; the caller commits.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.time import utcnow
from portal.plugin import db

#: How far a woman got with a posting.
STEPS = ("told", "interested", "placed")


class JobPosting(db.Model):
    """A job the women's federation staff found: title, employer, place, pay, contact, closing date."""

    __tablename__ = "women_job_postings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    employer: Mapped[str] = mapped_column(String(120))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)   # the area it is posted to
    workplace: Mapped[str] = mapped_column(String(200), default="")
    pay: Mapped[str] = mapped_column(String(64), default="")
    contact: Mapped[str] = mapped_column(String(120), default="")
    closes_on: Mapped[date]
    details: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place = relationship("Place")


class JobOutcome(db.Model):
    """One woman and one posting: told, interested or placed (the furthest step, with its day)."""

    __tablename__ = "women_job_outcomes"
    __table_args__ = (UniqueConstraint("posting_id", "beneficiary_id", name="uq_women_job_outcomes_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("women_job_postings.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    step: Mapped[str] = mapped_column(String(12), default="told")
    on: Mapped[date]

    beneficiary = relationship("Beneficiary")


def record_step(actor, posting: JobPosting, person_id: int, step: str, on: date) -> JobOutcome:
    """Set how far a woman got with a posting (told, interested, placed): one row per woman and posting."""
    if step not in STEPS:
        raise ValueError(step)
    row = db.session.execute(db.select(JobOutcome).filter_by(posting_id=posting.id, beneficiary_id=person_id)
                             ).scalar_one_or_none()
    if row is None:
        row = JobOutcome(posting_id=posting.id, beneficiary_id=person_id, step=step, on=on)
        db.session.add(row)
    else:
        row.step, row.on = step, on
    db.session.flush()
    return row


def share_text(posting: JobPosting) -> str:
    """The text to paste in the village's WeChat group."""
    lines = [f"【招工信息】{posting.title}", f"用工单位：{posting.employer}",
             f"工作地点：{posting.workplace or posting.place.name}", f"待遇：{posting.pay}" if posting.pay else "",
             f"联系方式：{posting.contact}", f"报名截止：{posting.closes_on.isoformat()}", posting.details]
    return "\n".join(line for line in lines if line)


def scope_rules() -> dict:
    """Postings are seen where their area is in the user's jurisdiction (admins: all; volunteers: none);
    outcomes follow their posting and the woman (the ledger's rule)."""
    from sqlalchemy import false, true

    from portal.core.scoping import visible
    from portal.ledger.models import Beneficiary
    from portal.places.scopes import in_jurisdiction

    def postings(user):
        if user.role == "admin":
            return true()
        if user.role == "coordinator" or (user.role == "staff" and user.group == "women"):
            return in_jurisdiction(JobPosting.place_id, user)
        return false()

    def outcomes(user):
        return JobOutcome.posting_id.in_(db.select(JobPosting.id).where(visible(JobPosting, user))) \
            & JobOutcome.beneficiary_id.in_(db.select(Beneficiary.id).where(visible(Beneficiary, user)))
    from .training import TrainingRecord

    def training(user):
        return TrainingRecord.beneficiary_id.in_(db.select(Beneficiary.id).where(visible(Beneficiary, user)))
    return {JobPosting: postings, JobOutcome: outcomes, TrainingRecord: training}
