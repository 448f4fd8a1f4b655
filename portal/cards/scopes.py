"""Who sees which contacts and policy cards: those of their place, the places above it and below it."""
from __future__ import annotations

from sqlalchemy import false, or_, true

from ..places.scopes import in_jurisdiction
from ..web.access import UNPLACED
from .models import Contact, PolicyCard


def ancestor_ids(place) -> list[int]:
    """The ids of ``place`` and every place above it, from the top of the tree down (read from its path)."""
    return [int(part) for part in place.path.strip("/").split("/") if part]


def _around(column, user):
    """The user's place, what lies above it (inherited) and below it (their area)."""
    if user.place is None:
        return false()
    return or_(column.in_(ancestor_ids(user.place)), in_jurisdiction(column, user))


def visible_contacts(user):
    # Officials' and public numbers are printed for every family: anyone signed in may read them.
    return true() if user.role in UNPLACED else _around(Contact.place_id, user)


def visible_policy_cards(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return _around(PolicyCard.place_id, user)
    if user.role == "staff":
        return (PolicyCard.group == user.group) & _around(PolicyCard.place_id, user)
    return false()
