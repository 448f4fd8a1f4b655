"""Who sees guardianship rows: staff and coordinators who see the person (the ledger's scope rule); never a
volunteer, not even a paired helper (an assessment may record harm by the guardian)."""
from __future__ import annotations

from sqlalchemy import false, select

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from ..web.access import STAFF
from .models import GuardianshipAssessment, InterventionFollowUp, GuardianshipLetter, GuardianTraining


def _of_visible_people(model):
    def rule(user):
        if getattr(user, "role", None) not in STAFF:
            return false()
        return model.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))
    return rule


RULES = {model: _of_visible_people(model) for model in (GuardianshipLetter, GuardianTraining, GuardianshipAssessment, InterventionFollowUp)}
