"""The year-end commendation (评比表彰, 001): helpers ranked by their year's work, and the nominations.

Every figure is one grouped subquery per measure joined to the volunteers in view: SQL does the counting.
Features add measures (visits on time, incidents handled) through ``guanai_get_commendation_measures``.
"""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, desc, func, or_, select

from ..activities.hours import counted
from ..activities.models import Activity, HoursEntry, SignUp
from ..assignment.models import Pairing
from ..core.audit import record
from ..core.scoping import scoped, visible
from ..extensions import db
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .model import CommendationMeasure
from .models import Nomination
from .period import Period

TOP = 100


def core_measures(period: Period) -> list[CommendationMeasure]:
    """The core's measures of a helper's year: hours, pairings kept and accepted, sessions attended."""
    hours = (select(HoursEntry.volunteer_id.label("vid"), func.sum(HoursEntry.hours).label("n"))
             .where(HoursEntry.day >= period.start, HoursEntry.day <= period.end,
                    counted())  # only confirmed hours rank (issue 27)
             .group_by(HoursEntry.volunteer_id))
    overlapping = and_(Pairing.status != "declined", Pairing.started_on <= period.end,
                       or_(Pairing.ended_on.is_(None), Pairing.ended_on >= period.start))
    kept = (select(Pairing.volunteer_id.label("vid"), func.count(Pairing.id).label("n"))
            .where(overlapping).group_by(Pairing.volunteer_id))
    accepted = (select(Pairing.volunteer_id.label("vid"), func.count(Pairing.id).label("n"))
                .where(overlapping, Pairing.response == "accepted").group_by(Pairing.volunteer_id))
    attended = (select(SignUp.volunteer_id.label("vid"), func.count(SignUp.id).label("n"))
                .join(Activity, Activity.id == SignUp.activity_id)
                .where(SignUp.attended.is_(True), Activity.starts_at >= period.start_utc,
                       Activity.starts_at < period.end_utc)
                .group_by(SignUp.volunteer_id))
    return [CommendationMeasure("hours", _l("Hours"), hours, 10),
            CommendationMeasure("pairings", _l("Pairings kept"), kept, 20),
            CommendationMeasure("accepted", _l("Pairings accepted"), accepted, 30),
            CommendationMeasure("attended", _l("Sessions attended"), attended, 60)]


def measures(year: int) -> list[CommendationMeasure]:
    """Every feature's measures of the year (visits and incidents add theirs), in rank order."""
    return sorted(current_plugins().commendation_measures(Period(year)), key=lambda m: (m.order, m.key))


def ranking(user, year: int, place: Place, only_nominated: bool = False) -> list[dict]:
    """The helpers in view in ``place`` with any work in ``year``, best first, with their nomination mark.

    Ranked by the first measure, then the next, and so on; each row's ``figures`` maps measure keys to values.
    """
    found = measures(year)
    subs = [m.query.subquery() for m in found]
    figures = [func.coalesce(s.c.n, 0) for s in subs]
    nominated = (select(Nomination.volunteer_id.label("vid"))
                 .where(Nomination.year == year, Nomination.place_id == place.id).subquery())
    stmt = select(Volunteer.id, Volunteer.name, Volunteer.kind, Place.name, nominated.c.vid, *figures)
    stmt = scoped(Volunteer, user, stmt).join(Place, Place.id == Volunteer.place_id)
    for sub in subs:
        stmt = stmt.outerjoin(sub, sub.c.vid == Volunteer.id)
    stmt = stmt.outerjoin(nominated, nominated.c.vid == Volunteer.id).where(
        Volunteer.place_id.in_(subtree_ids(place)), or_(*[f > 0 for f in figures], nominated.c.vid.is_not(None)))
    if only_nominated:
        stmt = stmt.where(nominated.c.vid.is_not(None))
    stmt = stmt.order_by(*[desc(f) for f in figures], Volunteer.name, Volunteer.id).limit(TOP)
    return [{"id": row[0], "name": row[1], "kind": row[2], "place": row[3], "nominated": row[4] is not None,
             "rank": i + 1, "figures": {m.key: _plain(v) for m, v in zip(found, row[5:])}}
            for i, row in enumerate(db.session.execute(stmt).all())]


def _plain(value):
    return round(float(value), 1) if isinstance(value, (float, Decimal)) else value


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
