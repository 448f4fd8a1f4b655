"""The escalation sweep: a step past its deadline is made known to the area's coordinators, then the county's.

``escalate_overdue_steps(now)`` is idempotent: each (step, level) is recorded once in ``incident_escalations``
(unique) and ``guanai_on_incident_step_overdue`` is called in that same transaction, so running the sweep
again, or two sweeps at once, notifies each level once. It runs every minute on the queue
(``incidents.escalate``) and from ``guanai incidents escalate``. Level 1 (the area: the incident's village
and township) is told at the deadline; level 2 (the county) ``GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES``
later if the step is still open. Each level tells its coordinators and the incident group's staff placed
there (issue 27); a level with nobody to tell (a township without a coordinator: "通知0人") is recorded as such
and the next level is told at once; when the county has nobody either, the administrators are.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..core.audit import record
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from .models import Escalation, Incident, IncidentStepRow

DEFAULT_AGAIN_MINUTES = 60
LEVELS = (1, 2)


def again_after() -> timedelta:
    return timedelta(minutes=int(current_app.config.get("GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES",
                                                         DEFAULT_AGAIN_MINUTES)))


def level_places(place: Place, level: int) -> list[Place]:
    """The places whose coordinators a level tells, top first: 1 the area below the county, 2 the county."""
    ids = [int(part) for part in place.path.strip("/").split("/") if part]
    chain = db.session.execute(select(Place).where(Place.id.in_(ids)).order_by(Place.path)).scalars().all()
    area = [p for p in chain if p.level != "county"]
    top = [p for p in chain if p.level == "county"]
    return area if level == 1 else top


def recipients_of(places: list[Place], group: str | None = None) -> list[User]:
    """The active coordinators placed at one of ``places``, and the staff of ``group`` placed there."""
    if not places:
        return []
    who = User.role == "coordinator"
    if group:
        who = or_(who, and_(User.role == "staff", User.group == group))
    return db.session.execute(select(User).where(who, User.active.is_(True),
                                                 User.place_id.in_([p.id for p in places]))
                              .order_by(User.id)).scalars().all()


def administrators() -> list[User]:
    """The last resort when a whole county has nobody to tell."""
    return db.session.execute(select(User).where(User.role == "admin", User.active.is_(True))
                              .order_by(User.id)).scalars().all()


def people_to_tell(place: Place, group: str | None, level: int) -> tuple[list[Place], list[User]]:
    """The places of ``level`` and whom to tell there; at the top level, the administrators when nobody is there."""
    places = level_places(place, level)
    people = recipients_of(places, group)
    if not people and level == LEVELS[-1]:
        people = administrators()
    return places, people


def due_steps(level: int, now: datetime) -> list[IncidentStepRow]:
    """Open steps of open incidents past the level's time, not yet escalated at that level."""
    wait = timedelta(0) if level == 1 else again_after()
    already = exists().where(Escalation.step_id == IncidentStepRow.id, Escalation.level == level)
    stmt = (select(IncidentStepRow).join(Incident).where(Incident.status == "open", IncidentStepRow.done_at.is_(None),
                                                         IncidentStepRow.deadline_at < now - wait, ~already)
            .order_by(IncidentStepRow.deadline_at, IncidentStepRow.id))
    return db.session.execute(stmt).scalars().all()


def _claim(step: IncidentStepRow, level: int, place: Place | None, count: int, now: datetime) -> Escalation | None:
    """Record the escalation; None when another sweep recorded it first."""
    row = Escalation(step_id=step.id, level=level, place_id=place.id if place else None, at=now, recipients=count)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    record(None, "escalate", "incident_step", step.id, None,
           {"level": level, "place_id": row.place_id, "recipients": count, "at": now.isoformat()})
    return row


def _escalate(step: IncidentStepRow, level: int, now: datetime) -> Escalation | None:
    """Tell one level about an overdue step; None when another sweep did. Not committed."""
    places, people = people_to_tell(step.incident.place, step.incident.group, level)
    row = _claim(step, level, places[0] if places else None, len(people), now)
    if row is None:
        return None
    # The event's listeners (the notification centre) write in the same transaction: the escalation
    # and its notifications are committed together, or neither and the next sweep tries again.
    current_plugins().incident_step_overdue(step.incident, step, level, people)
    return row


def escalate_overdue_steps(now: datetime | None = None) -> list[Escalation]:
    """Escalate every overdue step once per level; return the escalations made by this sweep (committed).

    A level that had nobody to tell sends the step up to the next level at once, not an hour later."""
    now = now or utcnow()
    made = []
    for level in LEVELS:
        for step in due_steps(level, now):
            row = _escalate(step, level, now)
            if row is None:
                continue
            made.append(row)
            while row is not None and row.recipients == 0 and row.level < LEVELS[-1]:
                row = _escalate(step, row.level + 1, now)
                if row is not None:
                    made.append(row)
            db.session.commit()
    return made
