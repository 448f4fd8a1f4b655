"""Who sees which attendance and service records: whoever sees the person (the ledger's scope rule)."""
from __future__ import annotations

from sqlalchemy import select

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from .models import Participation, ServiceRecord


def visible_participations(user):
    return Participation.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))


def visible_service_records(user):
    return ServiceRecord.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))


RULES = {Participation: visible_participations, ServiceRecord: visible_service_records}
