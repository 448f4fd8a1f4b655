"""Households and beneficiaries: the core record every group shares ("一人一档")."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..core.models import Timestamps, Versioned
from ..core.time import local_today
from ..extensions import db
from ..places.models import Place


class Household(Timestamps, db.Model):
    """A household; members of several groups may share one (a grandmother and her grandchildren)."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    head_name: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(32))
    lat: Mapped[float | None]
    lon: Mapped[float | None]

    place: Mapped[Place] = relationship()
    members: Mapped[list[Beneficiary]] = relationship(back_populates="household", order_by="Beneficiary.birth_date")

    def __str__(self) -> str:
        return f"{self.head_name} ({self.address})" if self.address else self.head_name


class Beneficiary(Versioned, Timestamps, db.Model):
    """One person served; the group's plugin keeps the rest in its own profile table."""

    __tablename__ = "beneficiaries"
    # The ledger list (per group and status, in name order, with the place its scope reads: a deep page's
    # ids come from the index alone, migration core_0007) and a name searched anywhere in it (a trigram
    # index on PostgreSQL, a plain one on SQLite): migration core_0006.
    __table_args__ = (Index("ix_beneficiaries_group_status_name_place", "group", "status", "name", "id",
                            "place_id"),
                      # No pending list (fastupdate off, migration core_0009): right after an import, every
                      # lookup by name read the list of the names just written whole (issue 32).
                      Index("ix_beneficiaries_name_trgm", "name", postgresql_using="gin",
                            postgresql_ops={"name": "gin_trgm_ops"}, postgresql_with={"fastupdate": "off"}),
                      # A name looked up as it is (an import's duplicates, 500 names a statement): a btree reads a
                      # chunk in 7 ms, the trigram index in 28-38 on a county (migration core_0010, issue 32).
                      Index("ix_beneficiaries_name", "name"),
                      # The same list in pinyin order (PostgreSQL's ICU collation; on SQLite, whose pinyin
                      # collation is the app's own, a plain copy), migration core_0008.
                      Index("ix_beneficiaries_group_status_pinyin_place", "group", "status", "name", "id", "place_id",
                            postgresql_ops={"name": 'COLLATE "zh-x-icu"'}))

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    living_situation: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str | None] = mapped_column(String(32), index=True)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    services: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))  # codes needed
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="active", index=True)  # active, left
    left_reason: Mapped[str | None] = mapped_column(String(32))
    left_on: Mapped[date | None]

    place: Mapped[Place] = relationship()
    household: Mapped[Household | None] = relationship(back_populates="members")

    def age_on(self, day: date) -> int:
        """Whole years of age on ``day``."""
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def coordinates(self) -> tuple[float, float] | None:
        """Where the person lives: the household's point, else the nearest place with coordinates."""
        h = self.household
        if h is not None and h.lat is not None and h.lon is not None:
            return h.lat, h.lon
        return self.place.nearest_coordinates()

    @property
    def age(self) -> int:
        return self.age_on(local_today())

    def __str__(self) -> str:
        return self.name


class GroupProfile:
    """Mixin for a plugin's profile table: what its group adds to one beneficiary's core record."""

    id: Mapped[int] = mapped_column(primary_key=True)

    @declared_attr
    def beneficiary_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("beneficiaries.id", ondelete="CASCADE"), unique=True)
