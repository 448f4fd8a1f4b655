"""A message to families, and each family's delivery: one row per person and relation, never two."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place

#: What happened to a delivery. ``sending`` is written (and committed) before the provider is called, so that a
#: delivery cut short is never sent again blindly; ``no_number`` lists a family without a usable number; ``no_family``
#: a person whose family of the message's relation cannot be told and who has nobody to tell instead (an orphan's
#: parents, no guardian named: issue 30), with the ``reason``.
STATUSES = ("pending", "sending", "sent", "failed", "to_print", "printed", "no_number", "no_family")
#: Each status in words, under msgids of outreach's own ("pending" alone is also a background check's, 审查中).
STATUS_LABELS = {"pending": _l("waiting to send"), "sending": _l("sending"), "sent": _l("sent"), "failed": _l("failed"),
                 "to_print": _l("to_print"), "printed": _l("printed"), "no_number": _l("no_number"),
                 "no_family": _l("no_family")}
DONE = ("sent", "printed")


class OutreachMessage(db.Model):
    """A message or letter for the families (``relation``) of ``group``'s people in an area, a group or a list."""

    __tablename__ = "outreach_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    relation: Mapped[str] = mapped_column(String(32))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"aid_group": id} or {"people": [ids]}
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place] = relationship()
    deliveries: Mapped[list[OutreachDelivery]] = relationship(back_populates="message",
                                                              order_by="OutreachDelivery.id")


class OutreachDelivery(db.Model):
    """The telling of one person's family: by SMS or letter, its state, and when it was done."""

    __tablename__ = "outreach_deliveries"
    __table_args__ = (UniqueConstraint("message_id", "beneficiary_id", "relation", name="uq_outreach_deliveries_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outreach_messages.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    relation: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    channel: Mapped[str] = mapped_column(String(16), default="")       # sms, letter
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    problem: Mapped[str] = mapped_column(String(32), default="")       # missing, not_mobile
    counts_as_contact: Mapped[bool] = mapped_column(default=True)
    # Why the message's relation was not told about this person (another relation told instead, or nobody): the
    # group plugin's words (``FamilyContact.unreachable``), kept as they read when the message was composed.
    reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    attempts: Mapped[int] = mapped_column(default=0)
    provider_ref: Mapped[str] = mapped_column(String(64), default="")
    error: Mapped[str] = mapped_column(String(200), default="")
    done_at: Mapped[datetime | None]

    message: Mapped[OutreachMessage] = relationship(back_populates="deliveries")
    beneficiary: Mapped[Beneficiary] = relationship()

    @property
    def key(self) -> str:
        """The delivery's key for the provider: the same on every retry."""
        return f"outreach-{self.message_id}-{self.id}"
