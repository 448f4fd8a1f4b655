"""The year-end commendation (评比表彰, 001): helpers ranked by their year's work, and the nominations.

Every figure is one grouped subquery per measure joined to the volunteers in view: SQL does the counting.
"""
from __future__ import annotations

from sqlalchemy import and_, desc, func, or_, select

from ..activities.models import Activity, HoursEntry, SignUp
from ..assignment.models import Pairing
from ..core.audit import record
from ..core.scoping import scoped, visible
from ..extensions import db
from ..places.models import Place, subtree_ids
from ..volunteers.models import Volunteer
from .models import Nomination
from .period import Period

TOP = 100


def _measures(year: int):
    """Subqueries (volunteer_id, figure) of the year: hours, pairings kept, accepted, sessions attended."""
    p = Period(year)
    hours = (select(HoursEntry.volunteer_id.label("vid"), func.sum(HoursEntry.hours).label("n"))
             .where(HoursEntry.day >= p.start, HoursEntry.day <= p.end).group_by(HoursEntry.volunteer_id).subquery())
    overlapping = and_(Pairing.status != "declined", Pairing.started_on <= p.end,
                       or_(Pairing.ended_on.is_(None), Pairing.ended_on >= p.start))
    kept = (select(Pairing.volunteer_id.label("vid"), func.count(Pairing.id).label("n"))
            .where(overlapping).group_by(Pairing.volunteer_id).subquery())
    accepted = (select(Pairing.volunteer_id.label("vid"), func.count(Pairing.id).label("n"))
                .where(overlapping, Pairing.response == "accepted").group_by(Pairing.volunteer_id).subquery())
    attended = (select(SignUp.volunteer_id.label("vid"), func.count(SignUp.id).label("n"))
                .join(Activity, Activity.id == SignUp.activity_id)
                .where(SignUp.attended.is_(True), Activity.starts_at >= p.start_utc, Activity.starts_at < p.end_utc)
                .group_by(SignUp.volunteer_id).subquery())
    return hours, kept, accepted, attended


def ranking(user, year: int, place: Place, only_nominated: bool = False) -> list[dict]:
    """The helpers in view in ``place`` with any work in ``year``, best first, with their nomination mark."""
    hours, kept, accepted, attended = _measures(year)
    figures = [func.coalesce(s.c.n, 0) for s in (hours, kept, accepted, attended)]
    nominated = (select(Nomination.volunteer_id.label("vid"), Nomination.note.label("note"))
                 .where(Nomination.year == year, Nomination.place_id == place.id).subquery())
    stmt = select(Volunteer.id, Volunteer.name, Volunteer.kind, Place.name, *figures, nominated.c.vid)
    stmt = scoped(Volunteer, user, stmt).join(Place, Place.id == Volunteer.place_id)
    for sub in (hours, kept, accepted, attended):
        stmt = stmt.outerjoin(sub, sub.c.vid == Volunteer.id)
    stmt = stmt.outerjoin(nominated, nominated.c.vid == Volunteer.id).where(
        Volunteer.place_id.in_(subtree_ids(place)), or_(*[f > 0 for f in figures], nominated.c.vid.is_not(None)))
    if only_nominated:
        stmt = stmt.where(nominated.c.vid.is_not(None))
    stmt = stmt.order_by(*[desc(f) for f in figures], Volunteer.name, Volunteer.id).limit(TOP)
    keys = ("id", "name", "kind", "place", "hours", "pairings", "accepted", "attended")
    return [dict(zip(keys, row[:8]), hours=round(float(row[4]), 1), rank=i + 1, nominated=row[8] is not None)
            for i, row in enumerate(db.session.execute(stmt).all())]


def nominees(user, year: int, place: Place) -> list[dict]:
    return ranking(user, year, place, only_nominated=True)


def toggle_nomination(actor, year: int, place: Place, volunteer_id: int) -> bool:
    """Nominate the helper, or withdraw the nomination; False when the helper is not in the user's view."""
    volunteer = db.session.execute(scoped(Volunteer, actor).where(
        Volunteer.id == volunteer_id, Volunteer.place_id.in_(subtree_ids(place)))).scalar_one_or_none()
    if volunteer is None:
        return False
    found = db.session.execute(select(Nomination).where(
        Nomination.year == year, Nomination.place_id == place.id, Nomination.volunteer_id == volunteer_id,
        visible(Nomination, actor))).scalar_one_or_none()
    if found is not None:
        record(actor, "delete", "nomination", found.id, {"year": year, "volunteer_id": volunteer_id}, None)
        db.session.delete(found)
    else:
        row = Nomination(year=year, place_id=place.id, volunteer_id=volunteer_id, nominated_by_id=actor.id)
        db.session.add(row)
        db.session.flush()
        record(actor, "create", "nomination", row.id, None, {"year": year, "volunteer_id": volunteer_id})
    return True
