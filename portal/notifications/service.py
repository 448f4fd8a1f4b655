"""Telling people: ``notify`` adds notifications to the caller's transaction; who to tell; reading them.

Functions take plain data and leave the commit to the caller, so a notification is stored with the change
that caused it, or not at all. Delivery beyond the portal (email, plugins' channels) is done by the
queue's tasks in ``delivery.py``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, literal, select, update

from ..auth.models import User
from ..core.bulk import insert_rows
from ..core.queue import enqueue_after_commit
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from .models import Notification, NotificationPreference

#: Users per IN list in bulk notices.
CHUNK = 500


def channel_of(user_id: int, kind: str) -> str:
    """How the user wants this kind: ``portal``, ``email`` or ``digest`` (the kind's default unless they chose)."""
    from .kinds import default_channel
    chosen = db.session.execute(select(NotificationPreference.channel).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == kind)).scalar_one_or_none()
    return chosen or default_channel(kind)


def notify(users: Iterable[User | int], kind: str, params: dict[str, Any], endpoint: str = "",
           endpoint_args: dict[str, Any] | None = None, key: str | None = None) -> list[Notification]:
    """Tell each user (once: a user already told with this ``key`` is skipped); not committed."""
    made = []
    seen = set()
    for user in users:
        user_id = user if isinstance(user, int) else user.id
        if user_id in seen:
            continue
        seen.add(user_id)
        if key and db.session.execute(select(Notification.id).where(
                Notification.user_id == user_id, Notification.key == key)).first():
            continue
        channel = channel_of(user_id, kind)
        note = Notification(user_id=user_id, kind=kind, params=params, endpoint=endpoint,
                            endpoint_args=endpoint_args or {}, key=key,
                            delivery={"email": "pending", "digest": "digest"}.get(channel, "portal"))
        db.session.add(note)
        made.append(note)
    db.session.flush()
    if any(n.delivery == "pending" for n in made):
        enqueue_after_commit("notifications.deliver")  # at once; the minute check catches what this misses
    return made


def notify_each(kind: str, notes: list[tuple[int, dict[str, Any], str]], endpoint: str = "") -> int:
    """Tell many users each their own notice, ``(user id, params, key)``, as ``notify`` does one by one
    (a key already told is skipped) but with one query per 500 users; not committed. How many were added."""
    from .kinds import default_channel
    made, default = 0, default_channel(kind)
    for start in range(0, len(notes), CHUNK):
        chunk = notes[start:start + CHUNK]
        users = [u for u, _p, _k in chunk]
        told = set(db.session.execute(select(Notification.user_id, Notification.key).where(
            Notification.user_id.in_(users), Notification.key.in_([k for _u, _p, k in chunk]))).all())
        chosen = dict(db.session.execute(select(NotificationPreference.user_id, NotificationPreference.channel)
                                         .where(NotificationPreference.user_id.in_(users),
                                                NotificationPreference.kind == kind)).all())
        fresh = [{"user_id": u, "kind": kind, "params": params, "endpoint": endpoint, "endpoint_args": {}, "key": key,
                  "delivery": {"email": "pending", "digest": "digest"}.get(chosen.get(u, default), "portal")}
                 for u, params, key in chunk if (u, key) not in told]
        insert_rows(Notification, fresh, ids=False)  # a county commit tells thousands: rows, not objects
        made += len(fresh)
        if any(n["delivery"] == "pending" for n in fresh):
            enqueue_after_commit("notifications.deliver")
    return made


def coordinators_of(place: Place | None) -> list[User]:
    """The active coordinators whose area holds ``place`` (their place is it or one above it)."""
    if place is None:
        return []
    stmt = (select(User).join(Place, User.place_id == Place.id)
            .where(User.role == "coordinator", User.active.is_(True), literal(place.path).startswith(Place.path))
            .order_by(User.id))
    return list(db.session.execute(stmt).scalars())


def staff_of(place: Place | None, group: str) -> list[User]:
    """The active staff of ``group`` whose area holds ``place`` (their place is it or one above it)."""
    if place is None:
        return []
    stmt = (select(User).join(Place, User.place_id == Place.id)
            .where(User.role == "staff", User.group == group, User.active.is_(True),
                   literal(place.path).startswith(Place.path))
            .order_by(User.id))
    return list(db.session.execute(stmt).scalars())


def unread_count(user) -> int:
    return db.session.execute(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).scalar_one()


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (``ids``, or all); returns how many changed; not committed."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount


def set_preferences(user, email: str, channels: dict[str, str]) -> None:
    """Store the user's address and their channel per kind; not committed."""
    from .models import CHANNELS, NotificationSetting
    setting = db.session.get(NotificationSetting, user.id) or NotificationSetting(user_id=user.id)
    setting.email = email.strip()
    db.session.add(setting)
    current = {p.kind: p for p in db.session.execute(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id)).scalars()}
    for kind, channel in channels.items():
        if channel not in CHANNELS:
            continue
        row = current.get(kind) or NotificationPreference(user_id=user.id, kind=kind)
        row.channel = channel
        db.session.add(row)
