"""Telling people: ``notify`` adds notifications to the caller's transaction; who to tell; reading them.

Functions take plain data and leave the commit to the caller, so a notification is stored with the change
that caused it, or not at all. Delivery beyond the portal (email, plugins' channels) is done by the
queue's tasks in ``delivery.py``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, literal, select, text, update

from ..auth.models import User
from ..core.cache import forget
from ..core.queue import enqueue_after_commit
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from .models import Notification, NotificationPreference

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
    """Tell many users each their own notice, ``(user id, params, key)``, as ``notify`` does one by one (a key
    already told is skipped); not committed. How many were added. (``notify_bulk`` under another name.)"""
    return notify_bulk(kind, notes, endpoint)


def notify_bulk(kind: str, notes: list[tuple[int, dict[str, Any], str | None]], endpoint: str = "",
                endpoint_args: dict[str, Any] | None = None) -> int:
    """Tell many users each their own notice of ``kind``, ``(user id, params, key)``, in one INSERT ... SELECT
    whatever their number: a notice whose (user, key) is already stored is skipped in SQL (``NOT EXISTS`` on the
    unique index), so a sweep run twice tells nobody twice. Each user's channel (``channel_of``) is read for the
    whole batch with one query. Not committed; returns how many notices were added.

    A county's first visit reminder sweep told 37,699 helpers with ``notify``, each a SELECT, a SELECT and a
    flush: 406 s (issue 32). On PostgreSQL the rows travel as arrays (``unnest``), on SQLite as one executemany.
    """
    from .kinds import default_channel
    if not notes:
        return 0
    default = default_channel(kind)
    users = {u for u, _p, _k in notes}
    chosen = dict(db.session.execute(select(NotificationPreference.user_id, NotificationPreference.channel)
                                     .where(NotificationPreference.kind == kind)).all()) if users else {}
    rows, seen = [], set()
    for user_id, params, key in notes:
        if key is not None and (user_id, key) in seen:
            continue
        seen.add((user_id, key))
        rows.append({"user_id": user_id, "params": json.dumps(params, ensure_ascii=False), "key": key,
                     "delivery": {"email": "pending", "digest": "digest"}.get(chosen.get(user_id, default), "portal")})
    shared = {"kind": kind, "endpoint": endpoint, "args": json.dumps(endpoint_args or {}), "now": utcnow()}
    columns = "user_id, kind, params, endpoint, endpoint_args, key, created_at, delivery"
    if db.session.get_bind().dialect.name == "postgresql":
        made = db.session.execute(text(
            f"INSERT INTO notifications ({columns}) "
            "SELECT t.user_id, :kind, CAST(t.params AS json), :endpoint, CAST(:args AS json), t.key, :now, t.delivery "
            "FROM unnest(CAST(:users AS integer[]), CAST(:params AS text[]), CAST(:keys AS text[]), "
            "CAST(:deliveries AS text[])) AS t(user_id, params, key, delivery) "
            "WHERE t.key IS NULL OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = t.user_id "
            "AND n.key = t.key)"),
            {**shared, "users": [r["user_id"] for r in rows], "params": [r["params"] for r in rows],
             "keys": [r["key"] for r in rows], "deliveries": [r["delivery"] for r in rows]}).rowcount
    else:
        made = db.session.execute(text(
            f"INSERT INTO notifications ({columns}) "
            "SELECT :user_id, :kind, :params, :endpoint, :args, :key, :now, :delivery "
            "WHERE :key IS NULL OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = :user_id "
            "AND n.key = :key)"), [{**shared, **r} for r in rows]).rowcount
    forget({"notifications"})
    if made and any(r["delivery"] == "pending" for r in rows):
        enqueue_after_commit("notifications.deliver")  # at once; the minute check catches what this misses
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
