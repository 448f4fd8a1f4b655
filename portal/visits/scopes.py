"""Who sees which visits: whoever may see the person (volunteers their pairings', staff their group's, coordinators
their area's); reminders only admins."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from .models import FollowUp, Visit, VisitPhoto


def people_in_view(user):
    return select(Beneficiary.id).where(visible(Beneficiary, user))


def visible_visits(user):
    return true() if user.role == "admin" else Visit.beneficiary_id.in_(people_in_view(user))


def visible_follow_ups(user):
    return true() if user.role == "admin" else FollowUp.beneficiary_id.in_(people_in_view(user))


def visible_photos(user):
    """A photo is seen only by those who may see the person visited."""
    if user.role == "admin":
        return true()
    return VisitPhoto.visit_id.in_(select(Visit.id).where(Visit.beneficiary_id.in_(people_in_view(user))))


def visible_reminders(user):
    return true() if user.role == "admin" else false()
