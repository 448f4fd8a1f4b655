"""The place filter of long lists: the townships of one's area and the villages of the chosen one, not the tree.

A county of 1,500 villages rendered as one <select> made half of every ledger page (and loaded 4,500 places,
grids included, per request); the picker reads only the few rows it shows, as plain columns.
"""
from __future__ import annotations

from sqlalchemy import or_, select

from ..core.scoping import scoped
from ..extensions import db
from ..web.kept import kept
from .models import Place
from .choices import in_tree_order


def picker_places(user, chosen_id: int | None) -> list:
    """Rows (id, name, path, level): the area's county and townships, and the villages of the user's own
    township or of the township holding ``chosen_id`` (itself a township or a village). Kept per area for a
    short time (``portal.web.kept``): the same few rows on every page of a list."""
    return kept(("picker", chosen_id), user, {"places"}, lambda: _picker_rows(user, chosen_id))


def _picker_rows(user, chosen_id: int | None) -> tuple:
    opened = []
    if chosen_id:
        chosen = db.session.execute(scoped(Place, user, select(Place.id, Place.parent_id, Place.level))
                                    .where(Place.id == chosen_id)).first()
        if chosen is not None:
            opened.append(chosen.id if chosen.level == "township" else chosen.parent_id)
    if getattr(user, "place_id", None):
        opened.append(user.place_id)
    stmt = scoped(Place, user, select(Place.id, Place.name, Place.path, Place.level)).where(
        or_(Place.level.in_(("county", "township")), Place.parent_id.in_(opened) & (Place.level == "village")))
    return tuple(in_tree_order(db.session.execute(stmt).all()))  # siblings by pinyin (issue 27)
