"""Who sees which cycles: coordinators and staff those of their area; items and spot checks follow the person."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from ..places.scopes import in_jurisdiction
from ..volunteers.models import Volunteer
from ..web.access import AREA_ROLES
from .models import Cycle, CycleItem, CycleReminder, HelperRecord, SpotCheck


def visible_cycles(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return in_jurisdiction(Cycle.place_id, user)
    return false()


def visible_items(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return CycleItem.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))
    return false()


def visible_spot_checks(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return SpotCheck.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))
    return false()


def visible_reminders(user):
    return true() if user.role == "admin" else false()


def visible_helper_records(user):
    """Whoever may see the helper sees their pledge and training."""
    if user.role == "admin":
        return true()
    return HelperRecord.volunteer_id.in_(select(Volunteer.id).where(visible(Volunteer, user)))


RULES = {Cycle: visible_cycles, CycleItem: visible_items, SpotCheck: visible_spot_checks,
         CycleReminder: visible_reminders, HelperRecord: visible_helper_records}
