"""Duty reminders, as the visits' are: each owner once a day when duties are due today or overdue (one notice
with the counts, not one per person), each coordinator once a week the overdue duties and the gaps in their area.
Counted in SQL; each notice has a key, so a second sweep sends nothing twice; delivery is the notification
centre's (its own kinds carry their sentence in ``params["text"]``)."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from ..auth.models import User
from ..core.scoping import visible
from ..extensions import db
from .models import DutyDue


def send_duty_reminders(today: date) -> dict[str, int]:
    """Tell the owners with duties due today or overdue, and (weekly) the coordinators; the caller commits.

    The owners' notices are one INSERT ... SELECT for all of them (``notify_bulk``: a county has thousands of
    owners, issue 32), the coordinators' one more; a key already told is skipped in SQL."""
    from ..notifications.service import notify_bulk
    counts = {"owners": 0, "digest": 0}
    per_owner = db.session.execute(
        select(DutyDue.owner_id, func.sum(case((DutyDue.due_on < today, 1), else_=0)),
               func.sum(case((DutyDue.due_on == today, 1), else_=0)))
        .join(User, User.id == DutyDue.owner_id)
        .where(DutyDue.due_on <= today, User.active.is_(True)).group_by(DutyDue.owner_id)).all()
    counts["owners"] = notify_bulk("duties_due", [
        (owner_id, {"text": _("Your duties: %(due)d due today, %(late)d overdue.", due=int(due or 0),
                              late=int(late or 0))}, f"duties:{today}")
        for owner_id, late, due in per_owner], endpoint="duties.mine")
    week_of = today - timedelta(days=today.weekday())
    digests = []
    for user in db.session.execute(select(User).where(User.role == "coordinator", User.active.is_(True))
                                   .order_by(User.id)).scalars():
        late, unowned = db.session.execute(select(
            func.coalesce(func.sum(case((DutyDue.due_on < today, 1), else_=0)), 0),
            func.coalesce(func.sum(case((DutyDue.owner_id.is_(None), 1), else_=0)), 0))
            .where(visible(DutyDue, user))).one()
        if not late and not unowned:
            continue
        digests.append((user.id, {"text": _("This week in your area: %(late)d duties overdue, %(unowned)d duties "
                                            "nobody owns.", late=int(late), unowned=int(unowned))},
                        f"duties-digest:{week_of}"))
    counts["digest"] = notify_bulk("duties_digest", digests, endpoint="duties.overdue")
    return counts
