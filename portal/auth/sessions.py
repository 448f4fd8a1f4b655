"""Revocable sessions: a signed cookie is honoured only while it carries the user's current session version.

The cookie itself cannot be taken back, so each user has a ``session_version`` in the database, copied into
the session at sign-in. Raising it (sign-out, a password change, deactivation, an admin's "sign out
everywhere") makes every earlier cookie of that user worthless, on every app server at once.
"""
from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from .models import User

KEY = "sv"


@login_manager.user_loader
def load_user(user_id: str):
    """The signed-in user, or None when the account is gone, inactive or its sessions were ended."""
    if not user_id.isascii() or not user_id.isdecimal():
        return None
    # With the place: every scoped query of the request reads the user's place (one statement, not two).
    user = db.session.get(User, int(user_id), options=[joinedload(User.place)])
    if user is None or not user.active or session.get(KEY) != user.session_version:
        return None
    return user


def sign_in(user: User) -> None:
    """Start a session for ``user`` bound to their current session version."""
    login_user(user)
    session[KEY] = user.session_version


def end_sessions(user: User) -> None:
    """End every session of ``user`` (the caller commits); the current request's session too, if it is theirs."""
    user.session_version = (user.session_version or 0) + 1


def sign_out(user: User) -> None:
    """Sign out here and everywhere else; commits, so the other servers see it at their next request."""
    end_sessions(user)
    db.session.commit()
    logout_user()
    session.pop(KEY, None)
