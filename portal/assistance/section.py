"""The register's box on a person's ledger page: their programmes, the form to add one, and what they are likely due."""
from __future__ import annotations

from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from ..plugin.manager import current_plugins
from .cases import STATE_NAMES
from .likely import likely_eligible
from .models import AssistanceCase


def assistance_section(person, user) -> dict:
    cases = db.session.execute(scoped(AssistanceCase, user).where(AssistanceCase.beneficiary_id == person.id)
                               .order_by(AssistanceCase.id.desc())).scalars().all()
    likely = likely_eligible(user, person_id=person.id) if person.status == "active" else []
    return {"person": person, "cases": cases, "programmes": current_plugins().assistance_programmes(),
            "states": STATE_NAMES, "likely": likely, "today": local_today()}
