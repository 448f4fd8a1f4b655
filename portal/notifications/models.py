"""Notifications: one row per person told, with what happened (kind and parameters) and where to look."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, url_for
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.time import utcnow
from ..extensions import db
from .kinds import describe, kind_label

#: How a user wants a kind of notification: in the portal only, also by email at once, or in a daily email.
CHANNELS = ("portal", "email", "digest")


class Notification(db.Model):
    """Something a user is told. The words are made when shown, in the reader's language, from kind and params."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The same event never tells the same person twice (key: "<kind>:<what>", e.g. "check_expired:12:2026-12-01").
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(48), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Where to look: an endpoint and its arguments (made into a URL when shown or mailed).
    endpoint: Mapped[str] = mapped_column(String(64), default="")
    endpoint_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    # portal (nothing more to do), pending (to send now), digest (for the daily email), sending and digesting
    # (claimed by a worker), sent, failed (nobody could deliver it beyond the portal)
    delivery: Mapped[str] = mapped_column(String(16), default="portal", index=True)
    delivered_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def text(self) -> str:
        """The sentence, in the current language."""
        return describe(self)

    def title(self) -> str:
        return kind_label(self.kind)

    def url(self) -> str:
        """The full address of the thing it is about (from ``GUANAI_BASE_URL``), or "" when it has none."""
        if not self.endpoint:
            return ""
        base = current_app.config.get("GUANAI_BASE_URL", "http://127.0.0.1:5000")
        with current_app.test_request_context(base_url=base):
            return url_for(self.endpoint, _external=True, **(self.endpoint_args or {}))


class NotificationSetting(db.Model):
    """A user's address for notifications by email."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")


class NotificationPreference(db.Model):
    """How a user wants one kind of notification (``CHANNELS``); without a row, in the portal only."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    channel: Mapped[str] = mapped_column(String(16), default="portal")
