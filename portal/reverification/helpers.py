"""A person's helpers for their ledger page: every pairing, its service and role, since when, answered or not."""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from ..assignment.ending import flagged_ids, needing_new_helper, suspend_day
from ..assignment.models import Pairing
from ..core.scoping import scoped
from ..extensions import db
from ..plugin.manager import current_plugins
from ..web.access import STAFF


def helpers_section(person, user) -> dict:
    """The pairings of ``person`` the user may see, current ones first."""
    rows = db.session.execute(scoped(Pairing, user).options(selectinload(Pairing.volunteer))
                              .where(Pairing.beneficiary_id == person.id)
                              .order_by(Pairing.status != "active", Pairing.started_on.desc())).scalars().all()
    needs = [service for _person, service, _last in db.session.execute(needing_new_helper(user, person.id)).all()]
    return {"pairings": rows, "services": current_plugins().services, "person": person,
            "staff": user.role in STAFF,
            "flags": flagged_ids([p.id for p in rows if p.status == "active"]), "suspend_day": suspend_day,
            "needs": needs}
