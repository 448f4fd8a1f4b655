"""Who sees which records and households: by role, group and jurisdiction; volunteers their own pairings'."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..assignment.scopes import people_paired_with
from ..places.scopes import in_jurisdiction
from ..plugin.manager import current_plugins
from ..volunteers.scopes import still_serving
from .models import Beneficiary, Household


def visible_people(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(Beneficiary.place_id, user)
    if user.role == "staff":
        return (Beneficiary.group == user.group) & in_jurisdiction(Beneficiary.place_id, user)
    # A volunteer sees the people paired with them, and those whose duties they own (a grid worker, a class
    # teacher: issue 28, portal/duties, when that feature is on).
    # A helper who stepped down sees none of them (issue 30): their access ends with their service.
    paired = Beneficiary.id.in_(people_paired_with(user))
    if not current_plugins().pm.has_plugin("duties"):
        return paired & still_serving(user)
    from ..duties.models import DutyDue
    from ..duties.scopes import owned_by
    return (paired | Beneficiary.id.in_(select(DutyDue.beneficiary_id).where(owned_by(user)))) & still_serving(user)


def visible_households(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(Household.place_id, user)
    if user.role == "staff":  # only households where one of their group's people lives
        members = select(Beneficiary.id).where(Beneficiary.household_id == Household.id,
                                               Beneficiary.group == user.group)
        return in_jurisdiction(Household.place_id, user) & members.exists()
    return false()
