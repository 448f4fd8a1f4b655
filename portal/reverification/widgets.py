"""The dashboard box: the user's area's cycles past their due date with people still unchecked."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from .models import Cycle, CycleItem


def overdue_cycles(user) -> dict:
    """Overdue cycles in view with their unchecked counts (counted in SQL), and where to open the list."""
    today = local_today()
    pending = (select(func.count()).where(CycleItem.cycle_id == Cycle.id, CycleItem.outcome == "pending")
               .correlate(Cycle).scalar_subquery())
    rows = db.session.execute(scoped(Cycle, user).add_columns(pending.label("pending"))
                              .where(Cycle.due_on < today, pending > 0).order_by(Cycle.due_on).limit(10)).all()
    return {"rows": [(c, n) for c, n in rows], "today": today, "link": url_for("reverification.index")}
