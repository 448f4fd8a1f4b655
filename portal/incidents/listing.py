"""Open incidents with their overdue steps, unscoped, for the command line (which runs as the deployment)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..places.models import Place, subtree_ids
from .models import Incident, IncidentStepRow
from .types import type_of


def open_incidents(place: Place | None, now: datetime) -> list[tuple]:
    """(incident, its type, its overdue steps) for every open incident in ``place``, nearest deadline first."""
    pending = (select(IncidentStepRow.incident_id, func.min(IncidentStepRow.deadline_at).label("next_at"))
               .where(IncidentStepRow.done_at.is_(None)).group_by(IncidentStepRow.incident_id).subquery())
    stmt = (select(Incident).outerjoin(pending, pending.c.incident_id == Incident.id).where(Incident.status == "open")
            .options(selectinload(Incident.steps))
            .order_by(case((pending.c.next_at.is_(None), 1), else_=0), pending.c.next_at, Incident.id))
    if place is not None:
        stmt = stmt.where(Incident.place_id.in_(subtree_ids(place)))
    return [(i, type_of(i.type_key), [s for s in i.steps if s.done_at is None and s.deadline_at < now])
            for i in db.session.execute(stmt).scalars()]
