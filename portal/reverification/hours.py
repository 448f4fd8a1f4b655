"""Hours confirmed: staff and coordinators confirm the hours logged in their area (their own table)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..activities.models import HoursEntry
from ..core.audit import json_value, record
from ..core.time import utcnow
from ..extensions import db
from .models import HoursConfirmation


def confirm_hours(actor, entry: HoursEntry) -> HoursConfirmation:
    """Staff or a coordinator confirm hours: from now on they count. Audited on the hours entry, not committed.

    Confirming hours already confirmed changes nothing and returns the first confirmation."""
    done = db.session.get(HoursConfirmation, entry.id)
    if done is not None:
        return done
    done = HoursConfirmation(hours_id=entry.id, confirmed_by_id=actor.id, confirmed_at=utcnow())
    db.session.add(done)
    record(actor, "confirm", "hours", entry.id, {"confirmed_by_id": None, "confirmed_at": None},
           {"confirmed_by_id": actor.id, "confirmed_at": json_value(done.confirmed_at)})
    return done


def unconfirmed():
    """A WHERE clause on ``HoursEntry``: hours nobody has confirmed yet."""
    return ~select(HoursConfirmation.hours_id).where(HoursConfirmation.hours_id == HoursEntry.id).exists()


def confirmed_hours_since(volunteer_id: int, since: date) -> float:
    """Confirmed hours a volunteer logged from ``since`` on (what counts in reports and commendation)."""
    stmt = (select(func.coalesce(func.sum(HoursEntry.hours), 0.0))
            .join(HoursConfirmation, HoursConfirmation.hours_id == HoursEntry.id)
            .where(HoursEntry.volunteer_id == volunteer_id, HoursEntry.day >= since))
    return float(db.session.execute(stmt).scalar_one())
