"""Visit reminders as an idempotent sweep: a helper a few days before a visit is due and when it is overdue, a
coordinator a weekly digest of the overdue visits in their area (one notice, not one per visit). Each reminder is
recorded under its key (kind, person and rule, due date, recipient), so running the sweep again sends nothing
twice; the sending itself is the notification centre's, through the ``guanai_on_visit_reminders`` hook (all of a
sweep's reminders at once) and ``guanai_on_overdue_digest``. Rules: regular visits by paired helpers and village staff (seeds 003 "定期走访", 004 "一是定期开展走访"; domain.md "Visits").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..core.bulk import insert_rows
from ..core.scoping import visible
from ..core.time import to_local, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .due import DueRow, schedule
from .models import VisitReminder
from .records import VisitReminderNote

DEFAULT_DAYS_BEFORE = 3
#: Up to how many places a coordinator's digest names in its query (beyond, it reads their whole scope's).
PLACES_PER_QUERY = 500


def days_before() -> int:
    """How many days before the due date a helper is reminded (GUANAI_VISIT_REMIND_DAYS)."""
    return int(current_app.config.get("GUANAI_VISIT_REMIND_DAYS", DEFAULT_DAYS_BEFORE))


class _Sent:
    """The reminder keys already recorded (from ``since`` on: older ones cannot come up), and this sweep's new
    ones, written at the end in one bulk insert."""

    def __init__(self, since: date):
        self.keys = set(db.session.execute(select(VisitReminder.kind, VisitReminder.subject, VisitReminder.due_on,
                                                  VisitReminder.recipient_id)
                                           .where(VisitReminder.due_on >= since)).all())
        self.new: list[dict] = []

    def first_time(self, kind: str, subject: str, due_on: date, recipient_id: int) -> bool:
        key = (kind, subject, due_on, recipient_id)
        if key in self.keys:
            return False
        self.keys.add(key)
        self.new.append({"kind": kind, "subject": subject, "due_on": due_on, "recipient_id": recipient_id,
                         "sent_at": utcnow()})
        return True

    def write(self) -> None:
        insert_rows(VisitReminder, self.new, ids=False)  # COPY on PostgreSQL: a county's first sweep writes 37,699
        self.new = []


def _helper_users(rows: list[DueRow]) -> dict[int, int]:
    """The active user account of each helper named in ``rows``, by volunteer id (volunteers without one
    cannot be reminded)."""
    ids = {r.helper_id for r in rows if r.helper_id}
    if not ids:
        return {}
    # Every helper with an active account, without an IN list: a county's schedule names 20,000 helpers, and
    # their ids as parameters cost more than the rows (issue 32).
    found = db.session.execute(select(Volunteer.id, User.id).join(User, User.id == Volunteer.user_id)
                               .where(User.active.is_(True))).all()
    return {vid: uid for vid, uid in found if vid in ids}


def _people(ids: set[int]) -> dict[int, Beneficiary]:
    return {p.id: p for p in db.session.execute(select(Beneficiary).where(Beneficiary.id.in_(ids))).scalars()} \
        if ids else {}


def send_visit_reminders(now: datetime) -> dict[str, int]:
    """Remind whoever must be reminded at ``now`` (UTC) and has not been yet; commit; return the counts sent.

    In bulk whatever the size of the county (issue 32): the schedule is a query per rule, the reminders already
    sent one query, the new ones one insert, and the helpers hear of them through one call of
    ``guanai_on_visit_reminders`` (the notification centre adds their notices with one INSERT ... SELECT). The
    per-reminder hooks of PLUGIN_API 1 are called only when a plugin implements them.
    """
    today = to_local(now).date()
    hook = current_plugins().hook
    counts = {"due_soon": 0, "overdue": 0, "digest": 0}
    rows = schedule(until=today + timedelta(days=days_before()))
    week_of = today - timedelta(days=today.weekday())
    sent = _Sent(min([week_of, *(r.due for r in rows)]))
    users = _helper_users(rows)
    notes: list[VisitReminderNote] = []
    for r in rows:
        user_id = users.get(r.helper_id)
        if user_id is None:
            continue
        kind = "overdue" if r.due < today else "due_soon"
        if not sent.first_time(kind, f"{r.person_id}:{r.rule.code}", r.due, user_id):
            continue
        notes.append(VisitReminderNote(kind, user_id, r.person_id, r.name, r.place_id, r.rule.code, str(r.rule.name),
                                       r.due, r.days_overdue(today)))
        counts[kind] += 1
    sent.write()
    if notes:
        hook.guanai_on_visit_reminders(reminders=notes, today=today)
        _per_reminder_hooks(hook, notes, rows)
    counts["digest"] = _send_digests(sent, rows, today, week_of, hook)
    sent.write()
    db.session.commit()
    return counts


def _per_reminder_hooks(hook, notes: list[VisitReminderNote], rows: list[DueRow]) -> None:
    """The hooks of PLUGIN_API 1, one call per reminder, for the plugins that implement them (none by default:
    the people, users and rules are loaded only then)."""
    if not (hook.guanai_on_visit_due_soon.get_hookimpls() or hook.guanai_on_visit_overdue.get_hookimpls()):
        return
    people = _people({n.person_id for n in notes})
    users = {u.id: u for u in db.session.execute(select(User).where(User.id.in_({n.user_id for n in notes})))
             .scalars()}
    rules = {(r.person_id, r.rule.code, r.due): r.rule for r in rows}
    for n in notes:
        rule = rules[(n.person_id, n.rule, n.due_on)]
        if n.kind == "overdue":
            hook.guanai_on_visit_overdue(user=users[n.user_id], person=people[n.person_id], rule=rule,
                                         due_on=n.due_on, days_overdue=n.days_overdue)
        else:
            hook.guanai_on_visit_due_soon(user=users[n.user_id], person=people[n.person_id], rule=rule,
                                          due_on=n.due_on)


def _send_digests(sent: _Sent, rows: list[DueRow], today: date, week_of: date, hook) -> int:
    """Once a week, each active coordinator with overdue visits in their area gets the list (one notice each).

    Their area's rows are cut from the sweep's own schedule, not computed again per coordinator: a query per
    coordinator reads which (place, group) their scope shows among the overdue rows' ones.
    """
    late = [r for r in rows if r.due < today]
    if not late:
        return 0
    n = 0
    coordinators = db.session.execute(select(User).where(User.role == "coordinator", User.active.is_(True))
                                      .order_by(User.id)).scalars().all()
    places = sorted({r.place_id for r in late})
    for user in coordinators:
        if ("digest", "area", week_of, user.id) in sent.keys:
            continue
        shown = set(db.session.execute(select(Beneficiary.place_id, Beneficiary.group).where(
            visible(Beneficiary, user), Beneficiary.place_id.in_(places)).distinct()).all()) \
            if len(places) <= PLACES_PER_QUERY else \
            set(db.session.execute(select(Beneficiary.place_id, Beneficiary.group).where(
                visible(Beneficiary, user)).distinct()).all())
        mine = [r for r in late if (r.place_id, r.group) in shown]
        if mine and sent.first_time("digest", "area", week_of, user.id):
            hook.guanai_on_overdue_digest(user=user, rows=mine, week_of=week_of)
            n += 1
    return n
