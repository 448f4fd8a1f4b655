"""The incident board: open incidents by urgency (the nearest pending deadline first), closed ones by date."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..core.scoping import scoped
from ..extensions import db
from ..places.choices import area_places
from ..places.models import Place, subtree_ids
from ..web.access import STAFF
from ..web.pagination import paginate
from .clocks import words
from .models import Incident, IncidentStepRow


def board_query(user, state: str, place: Place | None, kind: str | None = None):
    """A page of the incidents ``user`` sees, open (most urgent first) or closed (latest first).

    ``place`` limits it to an area (a township), ``kind`` to one incident type key.
    """
    stmt = scoped(Incident, user).where(Incident.status == state).options(selectinload(Incident.steps),
                                                                           selectinload(Incident.beneficiary))
    if place is not None:
        stmt = stmt.where(Incident.place_id.in_(subtree_ids(place)))
    if kind is not None:
        stmt = stmt.where(Incident.type_key == kind)
    if state == "open":
        pending = (select(IncidentStepRow.incident_id, func.min(IncidentStepRow.deadline_at).label("next_at"))
                   .where(IncidentStepRow.done_at.is_(None)).group_by(IncidentStepRow.incident_id).subquery())
        stmt = (stmt.outerjoin(pending, pending.c.incident_id == Incident.id)
                .order_by(case((pending.c.next_at.is_(None), 1), else_=0), pending.c.next_at, Incident.id))
    else:
        stmt = stmt.order_by(Incident.closed_at.desc(), Incident.id.desc())
    return paginate(stmt)


def open_counts(user, now) -> dict[str, int]:
    """Open incidents and their overdue steps in the user's view, for the dashboard."""
    open_ids = scoped(Incident, user, select(Incident.id)).where(Incident.status == "open")
    count_open = db.session.execute(select(func.count()).select_from(open_ids.subquery())).scalar_one()
    overdue = db.session.execute(select(func.count(IncidentStepRow.id)).where(
        IncidentStepRow.incident_id.in_(open_ids), IncidentStepRow.done_at.is_(None),
        IncidentStepRow.deadline_at < now)).scalar_one()
    return {"open": count_open, "overdue": overdue}


def person_incidents(person, user, limit: int = 10) -> dict:
    """The person's latest incidents in the user's view, for the section on their ledger page."""
    from .types import all_types
    rows = db.session.execute(scoped(Incident, user).where(Incident.beneficiary_id == person.id)
                              .order_by(Incident.occurred_at.desc(), Incident.id.desc()).limit(limit)).scalars().all()
    return {"person": person, "incidents": rows, "types": all_types()}


def township_choices(user) -> list[Place]:
    """The townships a user may filter the board by (the county sees every township)."""
    if user.role not in STAFF:
        return []
    return area_places(user, ("township",))  # by pinyin (issue 27)


def duration_text(delta: timedelta) -> str:
    """A duration in words: days and hours, hours and minutes, or minutes."""
    days, hours, minutes = words(delta)
    if days:
        return _("%(d)s d %(h)s h", d=days, h=hours)
    if hours:
        return _("%(h)s h %(m)s min", h=hours, m=minutes)
    return _("%(m)s min", m=minutes)


def minutes_text(minutes: int | None) -> str:
    return duration_text(timedelta(minutes=minutes or 0))


def clock_labels() -> dict[str, str]:
    """The clock's words with {t}, {d}, {h}, {m} placeholders, for the script that counts down."""
    return {"left": _("%(t)s left", t="{t}"), "over": _("overdue by %(t)s", t="{t}"),
            "dh": _("%(d)s d %(h)s h", d="{d}", h="{h}"), "hm": _("%(h)s h %(m)s min", h="{h}", m="{m}"),
            "m": _("%(m)s min", m="{m}")}


def clock_text(clock) -> str:
    """What a clock says without script: time left, overdue by, or done (on time or late)."""
    state, left = clock.state, duration_text(clock.remaining)
    return {"running": _("%(t)s left", t=left), "overdue": _("overdue by %(t)s", t=left),
            "on_time": _("done on time"), "late": _("done %(t)s late", t=left)}[state]
