"""Cycle reminders as an idempotent sweep: the coordinators of an area (village cadres included) as the end of an
open cycle nears and when it has passed with people still unchecked. Each reminder is recorded under its key
(kind, cycle, recipient), so running the sweep again sends nothing twice; the sending is the notification
centre's, through the ``guanai_on_cycle_due_soon`` and ``guanai_on_cycle_overdue`` hooks.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..auth.models import User
from ..core.time import to_local
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from .models import Cycle, CycleItem, CycleReminder

DEFAULT_DAYS_BEFORE = 7


def days_before() -> int:
    """How many days before a cycle's due date its area is reminded (GUANAI_REVERIFY_REMIND_DAYS)."""
    return int(current_app.config.get("GUANAI_REVERIFY_REMIND_DAYS", DEFAULT_DAYS_BEFORE))


def _open_cycles(until):
    """Cycles due by ``until`` with people still unchecked, and how many."""
    pending = (select(CycleItem.cycle_id, func.count().label("n")).where(CycleItem.outcome == "pending")
               .group_by(CycleItem.cycle_id).subquery())
    return db.session.execute(select(Cycle, pending.c.n).join(pending, pending.c.cycle_id == Cycle.id)
                              .where(Cycle.due_on <= until).order_by(Cycle.id)).all()


def _recipients(cycle: Cycle) -> list[User]:
    """Active coordinators working in the cycle's area or above it (the township's, the villages', the county's)."""
    place = cycle.place
    ancestors = [int(x) for x in place.path.strip("/").split("/") if x]
    stmt = (select(User).join(Place, Place.id == User.place_id)
            .where(User.role == "coordinator", User.active.is_(True),
                   Place.path.startswith(place.path) | Place.id.in_(ancestors)).order_by(User.id))
    return list(db.session.execute(stmt).scalars())


def send_cycle_reminders(now: datetime) -> dict[str, int]:
    """Remind whoever must be reminded at ``now`` (UTC) and has not been yet; commit; return the counts sent."""
    today = to_local(now).date()
    hook = current_plugins().hook
    counts = {"due_soon": 0, "overdue": 0}
    sent = set(db.session.execute(select(CycleReminder.kind, CycleReminder.cycle_id,
                                         CycleReminder.recipient_id)).all())
    for cycle, pending in _open_cycles(today + timedelta(days=days_before())):
        kind = "overdue" if cycle.due_on < today else "due_soon"
        for user in _recipients(cycle):
            if (kind, cycle.id, user.id) in sent:
                continue
            sent.add((kind, cycle.id, user.id))
            db.session.add(CycleReminder(kind=kind, cycle_id=cycle.id, recipient_id=user.id))
            if kind == "overdue":
                hook.guanai_on_cycle_overdue(user=user, cycle=cycle, pending=pending,
                                             days_overdue=(today - cycle.due_on).days)
            else:
                hook.guanai_on_cycle_due_soon(user=user, cycle=cycle, pending=pending, due_on=cycle.due_on)
            counts[kind] += 1
    db.session.commit()
    return counts
