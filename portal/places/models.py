"""The place tree: county > township > village > grid, with codes and optional coordinates."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ForeignKey, String, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db


class Place(db.Model):
    """A node of the place tree. ``path`` ("/1/4/17/") lets a subtree be selected with one prefix test."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # county, township, village, grid
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    path: Mapped[str] = mapped_column(String(255), index=True, default="")
    lat: Mapped[float | None]
    lon: Mapped[float | None]

    parent: Mapped[Place | None] = relationship(remote_side=[id])

    def set_path(self) -> None:
        """Compute ``path`` from the parent's; call after the row has an id."""
        self.path = (self.parent.path if self.parent else "/") + f"{self.id}/"

    @property
    def indented_name(self) -> str:
        """The name behind a dash per level below the county, for pickers that show the tree."""
        return "—" * (self.path.count("/") - 2) + " " + self.name

    @property
    def full_name(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " · ".join(reversed(names))

    def ancestor(self, level: str) -> Place | None:
        """The place itself or the nearest place above it at ``level`` (a village's township)."""
        node = self
        while node is not None and node.level != level:
            node = node.parent
        return node

    def nearest_coordinates(self) -> tuple[float, float] | None:
        """The place's coordinates, or the nearest ancestor's."""
        node = self
        while node is not None:
            if node.lat is not None and node.lon is not None:
                return node.lat, node.lon
            node = node.parent
        return None

    def __str__(self) -> str:
        return self.name


def subtree_ids(root: Place):
    """A SELECT of the ids of ``root`` and every place below it."""
    return select(Place.id).where(Place.path.startswith(root.path))


def load_ancestors(places: Iterable[Place | None]) -> None:
    """Load every place above ``places`` in one statement and link each to its parent, so that walking up
    the tree (``ancestor``, ``full_name``) reads no more rows: a county's ledger page named each row's
    township with a query per place (issue 21)."""
    by_id = {p.id: p for p in places if p is not None}
    wanted = {int(x) for p in list(by_id.values()) for x in p.path.strip("/").split("/") if x}
    missing = wanted - by_id.keys()
    if missing:
        by_id.update((p.id, p) for p in db.session.execute(select(Place).where(Place.id.in_(missing))).scalars())
    for place in by_id.values():
        if "parent" in inspect(place).unloaded and (place.parent_id is None or place.parent_id in by_id):
            set_committed_value(place, "parent", by_id.get(place.parent_id))


def in_code_order(places: list[Place]) -> list[Place]:
    """Places in tree order with the children of each place in the order of their codes (villages by code)."""
    by_id = {p.id: p for p in places}

    def key(p: Place) -> tuple[str, ...]:
        ids = [int(x) for x in p.path.strip("/").split("/") if x]
        return tuple(by_id[i].code if i in by_id else "" for i in ids)
    return sorted(places, key=key)
