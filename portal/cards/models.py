"""The contacts kept per place and the policy cards each group writes, from which cards are printed."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Timestamps
from ..extensions import db
from ..places.models import Place


class Contact(Timestamps, db.Model):
    """Who to call for one role at a place (包片干部, 儿童主任, clinic ...); places below inherit it."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("place_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))  # a code of the contact_roles vocabulary
    name: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32))

    place: Mapped[Place] = relationship()


class PolicyCard(Timestamps, db.Model):
    """A group's policy card (政策明白卡) for a place and the places below: policies and contact persons (004)."""

    __tablename__ = "policy_cards"
    __table_args__ = (UniqueConstraint("group", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    policies: Mapped[str] = mapped_column(Text, default="")
    contacts: Mapped[str] = mapped_column(Text, default="")

    place: Mapped[Place] = relationship()
