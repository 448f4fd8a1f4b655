"""The health file's box on a person's ledger page: the latest reading of each kind and whether it is flagged."""
from __future__ import annotations

from ..core.scoping import scoped
from ..extensions import db
from .models import Reading


def health_section(person, user) -> dict:
    readings = db.session.execute(scoped(Reading, user).where(Reading.beneficiary_id == person.id,
                                                                      Reading.superseded.is_(False))
                                  .order_by(Reading.taken_on.desc(), Reading.id.desc()).limit(30)).scalars()
    latest = {}
    for r in readings:
        latest.setdefault(r.kind, r)
    return {"person": person, "latest": list(latest.values()), "flagged": any(r.flagged for r in latest.values())}
