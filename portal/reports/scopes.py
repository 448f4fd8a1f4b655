"""Who sees which nominations: those made for an area in the user's jurisdiction."""
from __future__ import annotations

from sqlalchemy import false, true

from ..places.scopes import in_jurisdiction
from ..web.access import AREA_ROLES
from .models import Nomination


def visible_nominations(user):
    if user.role == "admin":
        return true()
    if user.role in AREA_ROLES:
        return in_jurisdiction(Nomination.place_id, user)
    return false()
