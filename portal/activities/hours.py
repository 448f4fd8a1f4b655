"""Hours volunteers give, on an activity or a pairing (counted in appraisals, 评比表彰)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..core.audit import write_change
from ..extensions import db
from ..volunteers.models import Volunteer
from .models import HoursEntry


def log_hours(actor, volunteer: Volunteer, day: date, hours: float, note: str = "", activity_id: int | None = None,
              pairing_id: int | None = None) -> HoursEntry:
    """Record hours given; audited, not committed."""
    entry = HoursEntry(volunteer_id=volunteer.id, day=day, hours=hours, note=note, activity_id=activity_id,
                       pairing_id=pairing_id)
    write_change(actor, "create", "hours", entry)
    return entry


def hours_since(volunteer_id: int, since: date) -> float:
    """Hours a volunteer logged from ``since`` on."""
    return float(db.session.execute(select(func.coalesce(func.sum(HoursEntry.hours), 0.0)).where(
        HoursEntry.volunteer_id == volunteer_id, HoursEntry.day >= since)).scalar_one())
