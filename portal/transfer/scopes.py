"""Who sees which imports: admins all, coordinators those into their jurisdiction, everyone their own."""
from __future__ import annotations

from sqlalchemy import true

from ..places.scopes import in_jurisdiction
from .models import ImportRun


def visible_imports(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(ImportRun.place_id, user) | (ImportRun.user_id == user.id)
    return ImportRun.user_id == user.id
