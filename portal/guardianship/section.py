"""The guardianship box on a person's ledger page (staff and coordinators): the guardian the ledger names, the
letter they signed, this year's training, interventions still open."""
from __future__ import annotations

from sqlalchemy import func, select

from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from .guardian import guardian_of
from .models import GuardianshipAssessment, GuardianshipLetter, GuardianTraining


def guardianship_section(person, user) -> dict:
    guardian = guardian_of(person)
    name = guardian.name if guardian else None
    letter = db.session.execute(scoped(GuardianshipLetter, user).where(GuardianshipLetter.beneficiary_id == person.id,
                                                           GuardianshipLetter.guardian_name == name)
                                .order_by(GuardianshipLetter.signed_on.desc()).limit(1)).scalar_one_or_none() if name else None
    trained = db.session.execute(scoped(GuardianTraining, user, select(func.max(GuardianTraining.attended_on)))
                                 .where(GuardianTraining.beneficiary_id == person.id, GuardianTraining.guardian_name == name,
                                        GuardianTraining.attended_on >= local_today().replace(month=1, day=1))
                                 ).scalar_one() if name else None
    open_count = db.session.execute(scoped(GuardianshipAssessment, user, select(func.count(GuardianshipAssessment.id)))
                                    .where(GuardianshipAssessment.beneficiary_id == person.id, GuardianshipAssessment.intervention != "",
                                           GuardianshipAssessment.closed_on.is_(None))).scalar_one()
    return {"person": person, "guardian": guardian, "letter": letter, "trained": trained, "open": open_count}
