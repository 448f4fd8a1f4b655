"""Spot checks (001: inspections with random spot checks in August and December) and the pairing refresh (004)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ..assignment.models import Pairing
from ..core.scoping import scoped
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import subtree_ids
from .models import Cycle, SpotCheck

MAX_SAMPLE = 200


def draw_sample(actor, cycle: Cycle, size: int) -> int:
    """Draw ``size`` active records of the area at random (not drawn before in this cycle); return how many."""
    size = max(0, min(size, MAX_SAMPLE))
    drawn = select(SpotCheck.beneficiary_id).where(SpotCheck.cycle_id == cycle.id)
    ids = db.session.execute(scoped(Beneficiary, actor).with_only_columns(Beneficiary.id).where(
        Beneficiary.status == "active", Beneficiary.place_id.in_(subtree_ids(cycle.place)),
        Beneficiary.id.not_in(drawn)).order_by(func.random()).limit(size)).scalars().all()
    for person_id in ids:
        db.session.add(SpotCheck(cycle_id=cycle.id, beneficiary_id=person_id, inspector_id=actor.id))
    db.session.flush()
    return len(ids)


def record_result(actor, check: SpotCheck, result: str, note: str = "") -> None:
    """Confirm or flag one drawn record; not committed."""
    if result not in ("confirmed", "flagged"):
        raise ValueError(result)
    check.result, check.note, check.inspector_id, check.checked_at = result, note[:300], actor.id, utcnow()
    db.session.flush()


def old_pairings(user, cycle: Cycle, today: date) -> list[Pairing]:
    """Active pairings in the area started more than a year ago: to confirm or to re-run (004)."""
    people = select(Beneficiary.id).where(Beneficiary.place_id.in_(subtree_ids(cycle.place)))
    return list(db.session.execute(scoped(Pairing, user).where(
        Pairing.status == "active", Pairing.started_on <= today - timedelta(days=365),
        Pairing.beneficiary_id.in_(people)).order_by(Pairing.started_on).limit(500)).scalars())
