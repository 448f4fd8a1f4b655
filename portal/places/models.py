"""The place tree: county > township > village > grid, with codes and optional coordinates."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


def in_code_order(places: list[Place]) -> list[Place]:
    """Places in tree order with the children of each place in the order of their codes (villages by code)."""
    by_id = {p.id: p for p in places}

    def key(p: Place) -> tuple[str, ...]:
        ids = [int(x) for x in p.path.strip("/").split("/") if x]
        return tuple(by_id[i].code if i in by_id else "" for i in ids)
    return sorted(places, key=key)
