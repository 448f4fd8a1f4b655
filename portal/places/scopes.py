"""Jurisdiction: the part of the place tree a user works in, as a WHERE clause other features reuse."""
from __future__ import annotations

from sqlalchemy import false, true
from sqlalchemy.sql import ColumnElement

from ..web.access import UNPLACED
from .models import Place, subtree_ids


def in_jurisdiction(column, user) -> ColumnElement[bool]:
    """``column`` (a place id) lies in the user's place or below it; nothing when the user has no place."""
    if user.place is None:
        return false()
    return column.in_(subtree_ids(user.place))


def visible_places(user) -> ColumnElement[bool]:
    """Staff and coordinators see their subtree; admins and volunteers (who pick their village) see all."""
    if user.role in UNPLACED:
        return true()
    return Place.path.startswith(user.place.path) if user.place else false()
