"""Job postings for left-behind women (002: "积极提供就业岗位信息，通过微信群发布"): who was told, interested, placed.

Services take the actor and plain data; the caller commits.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.time import utcnow
from portal.plugin import db

#: How far a woman got with a posting, in order.
STEPS = ("told", "interested", "placed")
STEP_NAMES = {"told": _l("Told"), "interested": _l("Interested"), "placed": _l("Placed")}


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


def post_job(actor, data: dict) -> JobPosting:
    """A new posting from a job posting form's data (``place`` an id the caller checked is in the actor's area)."""
    posting = JobPosting(title=data["title"].strip(), employer=data["employer"].strip(), place_id=data["place"],
                         workplace=(data.get("workplace") or "").strip(), pay=(data.get("pay") or "").strip(),
                         contact=(data.get("contact") or "").strip(), closes_on=data["closes_on"],
                         details=(data.get("details") or "").strip(), created_by_id=actor.id)
    db.session.add(posting)
    db.session.flush()
    return posting


def advance_step(actor, posting: JobPosting, person_ids: list[int], step: str, on: date) -> int:
    """Move each woman to ``step`` on a posting (many at once: the staff told a village's WeChat group), never back:
    one who is already further keeps her step. Returns how many moved."""
    if step not in STEPS:
        raise ValueError(step)
    rank = STEPS.index(step)
    rows = {r.beneficiary_id: r for r in db.session.execute(select(JobOutcome).where(
        JobOutcome.posting_id == posting.id, JobOutcome.beneficiary_id.in_(person_ids))).scalars()}
    moved = 0
    for person_id in dict.fromkeys(person_ids):
        row = rows.get(person_id)
        if row is None:
            db.session.add(JobOutcome(posting_id=posting.id, beneficiary_id=person_id, step=step, on=on))
        elif STEPS.index(row.step) < rank:
            row.step, row.on = step, on
        else:
            continue
        moved += 1
    db.session.flush()
    return moved


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
    """The text to paste in the village's WeChat group, in the portal's language."""
    lines = [_("[Job] %(title)s", title=posting.title), _("Employer: %(name)s", name=posting.employer),
             _("Where: %(place)s", place=posting.workplace or posting.place.name),
             _("Pay: %(pay)s", pay=posting.pay) if posting.pay else "",
             _("Contact: %(contact)s", contact=posting.contact) if posting.contact else "",
             _("Sign up by: %(day)s", day=posting.closes_on.isoformat()), posting.details]
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
