"""Figures for the quarterly and annual reports (003): incidents per type, place and month; times to each step.

Aggregates run in SQL (the median through window functions, which SQLite and PostgreSQL both have). Every
function takes an optional ``user`` (None: the whole deployment), a half-open range of occurrence times (UTC)
and an area (``place``: that place and everything below it).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, case, cast, extract, func, literal_column, select

from ..core.scoping import visible
from ..core.sql import shifted
from ..core.time import local_now, utcnow
from ..extensions import db
from ..places.models import subtree_ids
from .models import Incident, IncidentStepRow


def _limits(stmt, user, start: datetime | None, end: datetime | None, place=None):
    if place is not None:
        stmt = stmt.where(Incident.place_id.in_(subtree_ids(place)))
    if user is not None:
        stmt = stmt.where(visible(Incident, user))
    if start is not None:
        stmt = stmt.where(Incident.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(Incident.occurred_at < end)
    return stmt


def _zone_minutes() -> int:
    """The deployment's offset from UTC now (the zones the portal serves keep one offset all year)."""
    return round((local_now() - utcnow()).total_seconds() / 60)


def incidents_per_type(user=None, start: datetime | None = None, end: datetime | None = None,
                       place=None) -> list[dict]:
    """Rows ``{type, count, closed}``: incidents per type, and how many of them are closed."""
    closed = func.sum(case((Incident.status == "closed", 1), else_=0))
    stmt = _limits(select(Incident.type_key, func.count(Incident.id), closed).group_by(Incident.type_key)
                   .order_by(Incident.type_key), user, start, end, place)
    return [{"type": t, "count": n, "closed": int(c or 0)} for t, n, c in db.session.execute(stmt)]


def incidents_per_type_place_month(user=None, start: datetime | None = None, end: datetime | None = None,
                                   place=None) -> list[dict]:
    """Rows ``{type, place_id, year, month, count}``, by type, place and local month of occurrence."""
    # The offset is written into the SQL (an int of ours, not input) so SELECT and GROUP BY read the same.
    local = shifted(Incident.occurred_at, literal_column(str(int(_zone_minutes()))))
    year = cast(extract("year", local), Integer).label("year")
    month = cast(extract("month", local), Integer).label("month")
    stmt = (select(Incident.type_key, Incident.place_id, year, month, func.count(Incident.id))
            .group_by(Incident.type_key, Incident.place_id, year, month)
            .order_by(Incident.type_key, Incident.place_id, year, month))
    return [{"type": t, "place_id": p, "year": y, "month": m, "count": n}
            for t, p, y, m, n in db.session.execute(_limits(stmt, user, start, end, place))]


def _medians(user, start, end, place) -> dict[tuple[str, str], float]:
    part = (Incident.type_key, IncidentStepRow.code)
    ranked = _limits(select(Incident.type_key, IncidentStepRow.code, IncidentStepRow.minutes_taken,
                            func.row_number().over(partition_by=part, order_by=IncidentStepRow.minutes_taken).label("rn"),
                            func.count().over(partition_by=part).label("n"))
                     .join(Incident, Incident.id == IncidentStepRow.incident_id)
                     .where(IncidentStepRow.done_at.is_not(None)), user, start, end, place).subquery()
    middle = ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
    stmt = (select(ranked.c.type_key, ranked.c.code, func.avg(ranked.c.minutes_taken)).where(middle)
            .group_by(ranked.c.type_key, ranked.c.code))
    return {(t, c): float(m) for t, c, m in db.session.execute(stmt)}


def step_times(user=None, start: datetime | None = None, end: datetime | None = None, place=None) -> list[dict]:
    """Per type and step: steps done, median and worst minutes to do them, and the share done on time."""
    on_time = func.sum(func.coalesce(cast(IncidentStepRow.on_time, Integer), 0))
    stmt = _limits(select(Incident.type_key, IncidentStepRow.code, func.count(IncidentStepRow.id),
                          func.max(IncidentStepRow.minutes_taken), on_time)
                   .join(Incident, Incident.id == IncidentStepRow.incident_id)
                   .where(IncidentStepRow.done_at.is_not(None))
                   .group_by(Incident.type_key, IncidentStepRow.code)
                   .order_by(Incident.type_key, IncidentStepRow.code), user, start, end, place)
    medians = _medians(user, start, end, place)
    return [{"type": t, "step": c, "done": n, "median_minutes": medians.get((t, c)), "worst_minutes": worst,
             "on_time_share": (int(ok or 0) / n) if n else None}
            for t, c, n, worst, ok in db.session.execute(stmt)]
