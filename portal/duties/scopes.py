"""Who sees which duties: admins all; coordinators their area's; staff their group's in their area; anyone the
duties they own (a cadre, a grid worker or a class teacher sees their own list, whatever their role).
Owners, contacts, rounds and traits follow the people and places they concern."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..core.scoping import visible
from ..ledger.models import Beneficiary
from ..places.scopes import in_jurisdiction
from ..volunteers.scopes import still_serving
from ..web.access import AREA_ROLES
from .models import DutyDue, DutyOwner, FamilyContact, KnockRound, PersonTrait


def owned_by(user, owner_column=DutyDue.owner_id):
    """The duties ``user`` owns while they may act on them: a helper who stepped down owns none (issue 30), even
    before the kept rows are computed again."""
    return (owner_column == user.id) & still_serving(user)


def visible_due(user):
    if user.role == "admin":
        return true()
    mine = owned_by(user)
    if user.role == "coordinator":
        return in_jurisdiction(DutyDue.place_id, user) | mine
    if user.role == "staff":
        return ((DutyDue.group == user.group) & in_jurisdiction(DutyDue.place_id, user)) | mine
    return mine


def visible_owners(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return in_jurisdiction(DutyOwner.place_id, user) | DutyOwner.beneficiary_id.in_(
            select(Beneficiary.id).where(visible(Beneficiary, user))) | (DutyOwner.user_id == user.id) | \
            (DutyOwner.unit.is_not(None) & DutyOwner.place_id.is_(None))
    return owned_by(user, DutyOwner.user_id)


def _owned_people(user):
    return select(DutyDue.beneficiary_id).where(owned_by(user))


def visible_contacts(user):
    if user.role == "admin":
        return true()
    return FamilyContact.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user))) | \
        FamilyContact.beneficiary_id.in_(_owned_people(user))


def visible_rounds(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return in_jurisdiction(KnockRound.place_id, user) | (KnockRound.by_id == user.id)
    return KnockRound.by_id == user.id


def visible_traits(user):
    if user.role == "admin":
        return true()
    if user.role == "volunteer":
        return false()
    return PersonTrait.beneficiary_id.in_(select(Beneficiary.id).where(visible(Beneficiary, user)))
