"""The study box on a person's ledger page: each pairing of a study service, its plan for this term, the last
progress entry; a link to the printable progress archive."""
from __future__ import annotations

from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.scoping import scoped
from ..extensions import db
from .models import StudyPlan
from .plans import rules_of, study_services
from .terms import term_of
from ..core.time import local_today


def study_section(person, user) -> dict:
    rules = rules_of(person.group)
    term = term_of(rules, local_today())
    pairings = list(db.session.execute(
        scoped(Pairing, user).where(Pairing.beneficiary_id == person.id, Pairing.status == "active",
                                    Pairing.service.in_(sorted(study_services(rules))))
        .order_by(Pairing.id)).scalars())
    plans = {p.pairing_id: p for p in db.session.execute(
        scoped(StudyPlan, user).where(StudyPlan.beneficiary_id == person.id,
                                      StudyPlan.term_start == term.start)).scalars()}
    count = db.session.execute(select(db.func.count()).select_from(StudyPlan)
                               .where(StudyPlan.beneficiary_id == person.id)).scalar_one()
    return {"person": person, "term": term, "pairings": pairings, "plans": plans, "count": count}
