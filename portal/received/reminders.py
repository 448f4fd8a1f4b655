"""Reminders of periodic services due (issue 29): once a week, each active staff member and coordinator is told how
many people of their area (and, for staff, of their group) are overdue a periodic service, and how many fall due
within the window (``GUANAI_SERVICES_DUE_DAYS``), with a link to the due list.

In bulk: one query counts the people due and overdue per group and place (a UNION of the services in force,
grouped in SQL), one reads the recipients, and the notices are inserted in chunks (``notify_each``); each notice
is keyed by its week, so a second sweep the same week sends nothing twice. Nothing is sent to a user with
nothing due. Delivery (portal, e-mail or digest, as each user chose) is the notification centre's."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select, union_all

from ..auth.models import User
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import AREA_ROLES
from .due import _due_select, window_days

KIND = "services_due"


def due_counts(today: date) -> list[tuple[str, str, int, int]]:
    """(group, place path, people-services overdue, due within the window), counted in SQL."""
    services = current_plugins().periodic_services()
    if not services:
        return []
    rows = union_all(*(_due_select(p, today) for p in services)).subquery()
    horizon = today + timedelta(days=window_days())
    return [(g, path, int(late or 0), int(soon or 0)) for g, path, late, soon in db.session.execute(
        select(rows.c.group, Place.path, func.sum(case((rows.c.due < today, 1), else_=0)),
               func.sum(case((rows.c.due >= today, 1), else_=0)))
        .join(Place, Place.id == rows.c.place_id)
        .where(rows.c.due.is_not(None), rows.c.due <= horizon)
        .group_by(rows.c.group, Place.path)).all()]


def send_due_reminders(today: date) -> int:
    """Tell each staff member and coordinator with something due in their area; the caller commits. How many
    notices were added."""
    from ..notifications.service import notify_each
    counts = due_counts(today)
    if not counts:
        return 0
    week_of = today - timedelta(days=today.weekday())
    users = db.session.execute(select(User.id, User.role, User.group, Place.path).join(Place, Place.id == User.place_id)
                               .where(User.role.in_(AREA_ROLES), User.active.is_(True)).order_by(User.id)).all()
    notes = []
    for user_id, role, group, path in users:
        mine = [(late, soon) for g, p, late, soon in counts
                if p.startswith(path) and (role != "staff" or g == group)]
        late, soon = sum(m[0] for m in mine), sum(m[1] for m in mine)
        if not late and not soon:
            continue
        text = _("Periodic services in your area: %(late)d overdue, %(soon)d due within %(days)d days.",
                 late=late, soon=soon, days=window_days())
        notes.append((user_id, {"text": text, "late": late, "soon": soon}, f"services-due:{week_of}"))
    return notify_each(KIND, notes, endpoint="received.due")


def remind_now(period: str | None = None) -> dict[str, int]:
    """The daily look (a notice a week per user, by its key), then the commit."""
    from ..core.time import local_today
    sent = send_due_reminders(local_today())
    db.session.commit()
    return {"notices": sent}

