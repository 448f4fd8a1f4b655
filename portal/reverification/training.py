"""Helpers' pledges and yearly training (001, 004), and the active helpers with no training this year."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..core.scoping import scoped
from ..extensions import db
from ..volunteers.models import Volunteer
from .models import HelperRecord
from ..core.sql import by_pinyin

KINDS = ("pledge", "training")


def add_record(actor, volunteer: Volunteer, kind: str, day: date, note: str = "", activity_id: int | None = None):
    """Record a pledge signed or a training attended; not committed."""
    if kind not in KINDS:
        raise ValueError(kind)
    row = HelperRecord(volunteer_id=volunteer.id, kind=kind, day=day, note=note[:200], activity_id=activity_id,
                       recorded_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    return row


def status_of(volunteer_id: int, year: int) -> dict:
    """The latest pledge date and this year's training day (None when missing)."""
    pledge, trained = db.session.execute(select(
        func.max(HelperRecord.day).filter(HelperRecord.kind == "pledge"),
        func.max(HelperRecord.day).filter(HelperRecord.kind == "training", HelperRecord.day >= date(year, 1, 1),
                                          HelperRecord.day <= date(year, 12, 31)))
        .where(HelperRecord.volunteer_id == volunteer_id)).one()
    return {"pledge_on": pledge, "trained_on": trained}


def untrained(user, year: int, place_ids=None) -> list[Volunteer]:
    """Active helpers in view with no training recorded in ``year`` (flagged on the lists and in the cycle)."""
    trained = select(HelperRecord.volunteer_id).where(HelperRecord.kind == "training",
                                                      HelperRecord.day >= date(year, 1, 1),
                                                      HelperRecord.day <= date(year, 12, 31))
    stmt = scoped(Volunteer, user).where(Volunteer.status == "active", Volunteer.id.not_in(trained))
    if place_ids is not None:
        stmt = stmt.where(Volunteer.place_id.in_(place_ids))
    return list(db.session.execute(stmt.order_by(by_pinyin(Volunteer.name), Volunteer.id).limit(500)).scalars())


def trained_ids(volunteer_ids: set[int], year: int) -> set[int]:
    """Which of these helpers had a training recorded in ``year``."""
    if not volunteer_ids:
        return set()
    return set(db.session.execute(select(HelperRecord.volunteer_id).where(
        HelperRecord.kind == "training", HelperRecord.volunteer_id.in_(volunteer_ids),
        HelperRecord.day >= date(year, 1, 1), HelperRecord.day <= date(year, 12, 31))).scalars())
