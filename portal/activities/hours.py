"""Hours volunteers give, on an activity or a pairing (counted in appraisals, 评比表彰)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, select, true

from ..assignment.models import Pairing
from ..core.audit import write_change
from ..core.time import local_today, to_local, utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .models import Activity, HoursEntry, SignUp


class HoursRefused(Exception):
    """Hours that cannot be logged: for work not done, in the future, or by a volunteer not active."""


def hours_problem(volunteer: Volunteer, day: date, activity_id: int | None, pairing_id: int | None):
    """Why these hours cannot be logged, or None: only an active volunteer, never in the future, only for an
    activity they attended (it has begun; not marked absent) or a pairing they hold."""
    if volunteer.status != "active":
        return _l("Only an active volunteer can log hours.")
    if day > local_today():
        return _l("The date cannot be in the future.")
    if activity_id is not None:
        row = db.session.execute(select(Activity.starts_at, SignUp.attended).join(SignUp).where(
            Activity.id == activity_id, SignUp.volunteer_id == volunteer.id, SignUp.status == "confirmed")).first()
        if row is None or row.attended is False or row.starts_at > utcnow():
            return _l("Hours are logged only for an activity you attended.")
        # The earlier of the UTC and the local day: a day typed near midnight is never refused for the zone.
        if day < min(row.starts_at.date(), to_local(row.starts_at).date()):
            return _l("The date is before the activity.")
        return None
    if pairing_id is not None:
        held = db.session.execute(select(Pairing.id).where(
            Pairing.id == pairing_id, Pairing.volunteer_id == volunteer.id, Pairing.status == "active")).first()
        return None if held else _l("Hours are logged only for a pairing you hold.")
    return _l("Choose the activity you attended or the pairing you hold.")


def log_hours(actor, volunteer: Volunteer, day: date, hours: float, note: str = "", activity_id: int | None = None,
              pairing_id: int | None = None) -> HoursEntry:
    """Record hours given, if :func:`hours_problem` finds none (else :class:`HoursRefused`); audited, not committed.

    Where re-verification is on, staff confirm them (``portal.reverification.hours.confirm_hours``)."""
    problem = hours_problem(volunteer, day, activity_id, pairing_id)
    if problem is not None:
        raise HoursRefused(str(problem))
    entry = HoursEntry(volunteer_id=volunteer.id, day=day, hours=hours, note=note, activity_id=activity_id,
                       pairing_id=pairing_id)
    write_change(actor, "create", "hours", entry)
    return entry


def counted():
    """A WHERE clause on ``HoursEntry``: the hours that count in totals, reports and the commendation ranking.

    Where a feature confirms hours (re-verification), only those confirmed count (issue 27); each feature's
    condition comes from ``guanai_get_counted_hours_clause``; with none, every hour logged counts."""
    clauses = [c for c in current_plugins().hook.guanai_get_counted_hours_clause() if c is not None]
    return and_(true(), *clauses)


def hours_from_each(volunteer_id: int, *days: date, counted_only: bool = True) -> list[float]:
    """Hours a volunteer gave from each of ``days`` on (this quarter, this year), in one statement: only those
    that count (:func:`counted`) unless ``counted_only`` is False."""
    where = counted() if counted_only else true()
    sums = [func.coalesce(func.sum(HoursEntry.hours).filter(HoursEntry.day >= day, where), 0.0) for day in days]
    row = db.session.execute(select(*sums).where(HoursEntry.volunteer_id == volunteer_id,
                                                 HoursEntry.day >= min(days))).one()
    return [float(value) for value in row]


def pending_hours(volunteer_id: int) -> float:
    """Hours a volunteer logged that do not count yet (waiting for confirmation): shown as pending."""
    return float(db.session.execute(select(func.coalesce(func.sum(HoursEntry.hours), 0.0)).where(
        HoursEntry.volunteer_id == volunteer_id, not_(counted()))).scalar_one())


def hours_since(volunteer_id: int, since: date) -> float:
    """Hours a volunteer logged from ``since`` on (those confirmed: ``portal.reverification.hours``)."""
    stmt = select(func.coalesce(func.sum(HoursEntry.hours), 0.0)).where(
        HoursEntry.volunteer_id == volunteer_id, HoursEntry.day >= since)
    return float(db.session.execute(stmt).scalar_one())
