"""Who sees a study plan and its progress: whoever sees the person (staff of the group, coordinators of the area,
the helper paired with them, through the ledger's scope rule)."""
from __future__ import annotations

from sqlalchemy import select

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from .models import ProgressEntry, StudyPlan


def _of_visible_people(model):
    def rule(user):
        return model.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))
    return rule


RULES = {model: _of_visible_people(model) for model in (StudyPlan, ProgressEntry)}
