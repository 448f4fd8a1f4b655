"""Visit reminders as an idempotent sweep: a helper a few days before a visit is due and when it is overdue, a
coordinator a weekly digest of the overdue visits in their area. Each reminder is recorded under its key
(kind, person and rule, due date, recipient), so running the sweep again sends nothing twice; the sending itself
is the notification centre's, through the ``guanai_on_visit_*`` and ``guanai_on_overdue_digest`` hooks.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..core.scoping import visible
from ..core.time import to_local
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .due import DueRow, schedule
from .models import VisitReminder

DEFAULT_DAYS_BEFORE = 3


def days_before() -> int:
    """How many days before the due date a helper is reminded (GUANAI_VISIT_REMIND_DAYS)."""
    return int(current_app.config.get("GUANAI_VISIT_REMIND_DAYS", DEFAULT_DAYS_BEFORE))


class _Sent:
    """The reminder keys already recorded (from ``since`` on: older ones cannot come up), and this sweep's."""

    def __init__(self, since: date):
        self.keys = set(db.session.execute(select(VisitReminder.kind, VisitReminder.subject, VisitReminder.due_on,
                                                  VisitReminder.recipient_id)
                                           .where(VisitReminder.due_on >= since)).all())

    def first_time(self, kind: str, subject: str, due_on: date, recipient_id: int) -> bool:
        key = (kind, subject, due_on, recipient_id)
        if key in self.keys:
            return False
        self.keys.add(key)
        db.session.add(VisitReminder(kind=kind, subject=subject, due_on=due_on, recipient_id=recipient_id))
        return True


def _helper_users(rows: list[DueRow]) -> dict[int, User]:
    """The user account of each helper named in ``rows`` (volunteers without one cannot be reminded)."""
    ids = {r.helper_id for r in rows if r.helper_id}
    if not ids:
        return {}
    found = db.session.execute(select(Volunteer.id, User).join(User, User.id == Volunteer.user_id)
                               .where(Volunteer.id.in_(ids), User.active.is_(True))).all()
    return {vid: user for vid, user in found}


def _people(ids: set[int]) -> dict[int, Beneficiary]:
    return {p.id: p for p in db.session.execute(select(Beneficiary).where(Beneficiary.id.in_(ids))).scalars()} \
        if ids else {}


def send_visit_reminders(now: datetime) -> dict[str, int]:
    """Remind whoever must be reminded at ``now`` (UTC) and has not been yet; commit; return the counts sent."""
    today = to_local(now).date()
    hook = current_plugins().hook
    counts = {"due_soon": 0, "overdue": 0, "digest": 0}
    rows = schedule(until=today + timedelta(days=days_before()))
    week_of = today - timedelta(days=today.weekday())
    sent = _Sent(min([week_of, *(r.due for r in rows)]))
    users = _helper_users(rows)
    people = _people({r.person_id for r in rows if r.helper_id in users})
    for r in rows:
        user = users.get(r.helper_id)
        if user is None:
            continue
        kind = "overdue" if r.due < today else "due_soon"
        if not sent.first_time(kind, f"{r.person_id}:{r.rule.code}", r.due, user.id):
            continue
        if kind == "overdue":
            hook.guanai_on_visit_overdue(user=user, person=people[r.person_id], rule=r.rule, due_on=r.due,
                                         days_overdue=r.days_overdue(today))
        else:
            hook.guanai_on_visit_due_soon(user=user, person=people[r.person_id], rule=r.rule, due_on=r.due)
        counts[kind] += 1
    counts["digest"] = _send_digests(sent, today, week_of, hook)
    db.session.commit()
    return counts


def _send_digests(sent: _Sent, today: date, week_of: date, hook) -> int:
    """Once a week, each active coordinator with overdue visits in their area gets the list."""
    n = 0
    coordinators = db.session.execute(select(User).where(User.role == "coordinator", User.active.is_(True))
                                      .order_by(User.id)).scalars()
    for user in coordinators:
        if ("digest", "area", week_of, user.id) in sent.keys:
            continue
        rows = [r for r in schedule(visible(Beneficiary, user), until=today - timedelta(days=1)) if r.due < today]
        if rows and sent.first_time("digest", "area", week_of, user.id):
            hook.guanai_on_overdue_digest(user=user, rows=rows, week_of=week_of)
            n += 1
    return n
