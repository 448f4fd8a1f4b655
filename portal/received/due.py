"""Who is due or overdue each periodic service, computed in SQL (one query, a UNION over the services in force).

A person never given a service is due it from the day they entered the ledger; after that, ``every_months``
after the last time; a once-only service (``every_months`` 0) is never due again; a birthday is due on the
birthday this year until it is marked (a record from 30 days before counts), then on next year's (002).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import Date, and_, case, cast, func, literal, null, select, union_all

from ..core.scoping import visible
from ..core.sql import anniversary, day_of, months_after
from ..core.time import local_today, local_zone
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..plugin.records import PeriodicService
from .models import ServiceRecord
from ..core.sql import by_pinyin

BIRTHDAY_EARLY_DAYS = 30  # a birthday visit made up to a month before the day counts for it


def window_days() -> int:
    """How many days ahead a service counts as due (``GUANAI_SERVICES_DUE_DAYS``, default 30)."""
    return int(current_app.config.get("GUANAI_SERVICES_DUE_DAYS", 30))


def _offset_minutes() -> int:
    return int(datetime.now(local_zone()).utcoffset().total_seconds() // 60)  # the offset now, in the local zone


@dataclass(frozen=True)
class DueRow:
    """One person due one periodic service."""

    person_id: int
    name: str
    group: str
    place_id: int
    service: PeriodicService
    last: date | None
    due: date

    def days_overdue(self, today: date) -> int:
        return max((today - self.due).days, 0)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def next_due(service: PeriodicService, last, entered, today: date):
    """The next due day of ``service`` in SQL, from the last day received (a date column, NULL when never) and the day
    the person entered the ledger (a date expression); NULL when nothing more is due (a once-only service given).
    The due list below and the duties' due table (``duties.py``) both read it."""
    if service.birthday:
        this_year = anniversary(Beneficiary.birth_date, today.year)
        next_year = anniversary(Beneficiary.birth_date, today.year + 1)
        marked = and_(last.is_not(None), last >= day_of(this_year, -BIRTHDAY_EARLY_DAYS * 1440))
        return case((marked, next_year), else_=this_year)
    if service.every_months:
        return case((last.is_not(None), months_after(last, service.every_months)), else_=entered)
    return case((last.is_not(None), cast(null(), Date)), else_=entered)


def _due_select(service: PeriodicService, today: date):
    """One service's rows: each active person it is for, the last day they received it, and when it is next due."""
    last = (select(ServiceRecord.beneficiary_id.label("pid"), func.max(ServiceRecord.day).label("last"))
            .where(ServiceRecord.service == service.key).group_by(ServiceRecord.beneficiary_id).subquery())
    due = next_due(service, last.c.last, day_of(Beneficiary.created_at, _offset_minutes()), today)
    stmt = (select(Beneficiary.id.label("person_id"), Beneficiary.name, Beneficiary.group, Beneficiary.place_id,
                   literal(service.key).label("service"), last.c.last, due.label("due"))
            .outerjoin(last, last.c.pid == Beneficiary.id)
            .where(Beneficiary.group == service.group, Beneficiary.status == "active"))
    if service.applies is not None:
        stmt = stmt.where(service.applies())
    return stmt


def _due_rows(user, place: Place | None, service: str | None, overdue: bool, today: date, group: str | None = None):
    """(the services asked, a subquery of their due rows the user sees), or None when no service is asked."""
    services = {p.key: p for p in current_plugins().periodic_services(group)}
    if service is not None:
        services = {k: v for k, v in services.items() if k == service}
    if not services:
        return None
    rows = union_all(*(_due_select(p, today) for p in services.values())).subquery()
    horizon = today if overdue else today + timedelta(days=window_days())
    stmt = (select(rows).where(rows.c.due.is_not(None), (rows.c.due < today) if overdue else (rows.c.due <= horizon),
                               rows.c.person_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))))
    if place is not None:
        stmt = stmt.where(rows.c.place_id.in_(subtree_ids(place)))
    return services, stmt.subquery()


def due_services(user, *, place: Place | None = None, service: str | None = None, overdue: bool = False,
                 today: date | None = None, limit: int | None = None, offset: int = 0,
                 group: str | None = None) -> list[DueRow]:
    """The people the user sees who are due (within the window) or overdue each periodic service in force,
    by village, then the most overdue first. ``service`` is a key (group.code); ``place`` narrows to an area;
    ``limit`` and ``offset`` cut one page of it in the database (a county has hundreds of thousands); ``group``
    keeps one group's services (group staff)."""
    today = today or local_today()
    found = _due_rows(user, place, service, overdue, today, group)
    if found is None:
        return []
    services, rows = found
    stmt = (select(rows).join(Place, Place.id == rows.c.place_id)
            .order_by(Place.path, rows.c.due, by_pinyin(rows.c.name), rows.c.person_id, rows.c.service))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [DueRow(r.person_id, r.name, r.group, r.place_id, services[r.service],
                   _as_date(r.last) if r.last is not None else None, _as_date(r.due))
            for r in db.session.execute(stmt)]


def count_due(user, *, place: Place | None = None, service: str | None = None, overdue: bool = False,
              today: date | None = None, group: str | None = None) -> int:
    """How many lines :func:`due_services` gives (the pager's total), counted in the database."""
    found = _due_rows(user, place, service, overdue, today or local_today(), group)
    return 0 if found is None else db.session.execute(select(func.count()).select_from(found[1])).scalar_one()


def person_services(person: Beneficiary, today: date | None = None) -> list[tuple[PeriodicService, date | None,
                                                                                     date | None]]:
    """Each periodic service the person is owed: the service, the last day received, the next due day."""
    today = today or local_today()
    found = []
    for p in current_plugins().periodic_services(person.group):
        row = db.session.execute(_due_select(p, today).where(Beneficiary.id == person.id)).first()
        if row is not None:
            found.append((p, _as_date(row.last) if row.last else None, _as_date(row.due) if row.due else None))
    return found
