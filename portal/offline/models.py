"""The receipt of an item sent from a phone: one row per user and idempotency key, written in the same transaction
as the item, so that a retry after a lost answer finds it and makes nothing twice (issue 31)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..extensions import db


class OfflineReceipt(db.Model):
    """What the server answered to one item of one user's phone: the kind, the outcome and the answer itself."""

    __tablename__ = "offline_receipts"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_offline_receipts_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(36))             # the phone's idempotency key, a UUID, lower case
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))          # done
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)     # the body answered the first time
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
