"""Places in the order a picker shows them: the tree (a township, then its villages, then their grids), siblings by
pinyin (北山村 before 东门村 before 西塘村), and the one builder of every place <select> of forms and filters.

Issue 27, "Lists sort names by pinyin": the pickers read the place tree by ``path`` (ids: the order places were
made in). A picker is bounded (an area's townships and villages), so the order is made here in Python, with the
pinyin key the ledger's SQLite collation uses (``portal.core.sql.pinyin_key``), the same on both databases.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from ..core.scoping import scoped
from ..core.sql import pinyin_key
from ..extensions import db
from .models import Place


def _ids(path: str) -> list[int]:
    return [int(x) for x in path.strip("/").split("/") if x]


def in_tree_order(places: Iterable[Any]) -> list[Any]:
    """Places (models or rows with ``id``, ``name`` and ``path``) in tree order with siblings by pinyin; the names
    of ancestors not among them are read in one statement."""
    places = list(places)
    names = {p.id: p.name for p in places}
    missing = {i for p in places for i in _ids(p.path) if i not in names}
    if missing:
        names.update((i, n) for i, n in db.session.execute(select(Place.id, Place.name).where(Place.id.in_(missing))))
    return sorted(places, key=lambda p: [(pinyin_key(names.get(i) or ""), i) for i in _ids(p.path)])


def area_places(user, levels: Sequence[str] | None = None) -> list[Place]:
    """The places of the user's area (of ``levels``, when given), in picker order."""
    stmt = scoped(Place, user)
    if levels:
        stmt = stmt.where(Place.level.in_(tuple(levels)))
    return in_tree_order(db.session.execute(stmt).scalars())


def full_names(places: Sequence[Any]) -> list[str]:
    """Each place's name with those above it (县 · 镇 · 村), from the paths: the ancestors' names in one statement,
    not a parent loaded per place (a county's 4,500 villages and grids)."""
    ids = {i for p in places for i in _ids(p.path)}
    names = {p.id: p.name for p in places}
    missing = ids - set(names)
    if missing:
        names.update((i, n) for i, n in db.session.execute(select(Place.id, Place.name).where(Place.id.in_(missing))))
    return [" · ".join(names.get(i, "") for i in _ids(p.path)) for p in places]


def place_choices(places: Iterable[Any], label: str = "indented") -> list[tuple[int, str]]:
    """(id, label) choices of a place <select>, in picker order: ``label`` "indented" (dashes by depth), "full"
    (县 · 镇 · 村) or "name"."""
    ordered = in_tree_order(places)
    if label == "full":
        return [(p.id, name) for p, name in zip(ordered, full_names(ordered))]
    if label == "name":
        return [(p.id, p.name) for p in ordered]
    return [(p.id, "—" * (p.path.count("/") - 2) + " " + p.name) for p in ordered]


def area_choices(user, levels: Sequence[str], label: str = "indented") -> list[tuple[int, str]]:
    """:func:`place_choices` of the user's area's places of ``levels``, read as plain columns and kept per area
    a while (``core.cache.kept``; forgotten when this process writes a place): a county's 4,500 villages and
    grids took a third of a second to load and order on every view of a form."""
    from ..core.cache import kept
    return kept(("area_choices", tuple(levels), label), user, {"places"}, lambda: place_choices(db.session.execute(
        scoped(Place, user, select(Place.id, Place.name, Place.path)).where(Place.level.in_(tuple(levels)))).all(),
        label))
