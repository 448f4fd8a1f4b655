"""Who sees the register: staff and coordinators, for the people they see; never a volunteer (issue 29, privacy)."""
from __future__ import annotations

from sqlalchemy import false, select

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from ..web.access import STAFF
from .models import AssistanceCase


def visible_cases(user):
    if user.role not in STAFF:
        return false()
    return AssistanceCase.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))


RULES = {AssistanceCase: visible_cases}
