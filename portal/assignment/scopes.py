"""Who sees which pairings and runs; the people a volunteer is paired with (their only view of the ledger)."""
from __future__ import annotations

from sqlalchemy import Select, false, select, true

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from ..places.scopes import in_jurisdiction
from ..volunteers.models import Volunteer
from .models import MatchRun, Pairing


def people_paired_with(user) -> Select:
    """The ids of the people actively paired with the volunteer ``user``."""
    return select(Pairing.beneficiary_id).join(Volunteer).where(Volunteer.user_id == user.id,
                                                                 Pairing.status == "active")


def visible_pairings(user):
    if user.role == "admin":
        return true()
    if user.role == "volunteer":
        return Pairing.volunteer_id.in_(select(Volunteer.id).where(Volunteer.user_id == user.id))
    return Pairing.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))


def visible_runs(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(MatchRun.place_id, user)
    return false()
