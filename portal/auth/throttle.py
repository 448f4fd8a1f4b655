"""Sign-in and registration throttling, kept in the database so that every app server shares it.

Failures lock a (user name, address) pair, never a name or an address alone: one address cannot lock
everyone behind it (a school's or village office's NAT), and nobody can lock an account from elsewhere. A
name that fails from many addresses is only slowed down: one checked attempt per delay, from anywhere.

The count is race-free without locks: an attempt is written and committed *before* it is judged, and it
is judged on every attempt then visible, its own included. Of any set of attempts let through, the last to
commit saw all the others, so no more than the limit are ever let through at once.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ..core.time import utcnow
from ..extensions import db
from .models import LoginAttempt


def _config(name: str) -> int:
    return current_app.config[name]


def begin(username: str, ip: str, kind: str = "login") -> LoginAttempt:
    """Write and commit an attempt, counted as a failure until :func:`succeeded` says otherwise."""
    attempt = LoginAttempt(username=username[:64], ip=ip[:64], success=False, kind=kind)
    db.session.add(attempt)
    db.session.commit()
    return attempt


def _failures(kind: str, *criteria) -> int:
    since = utcnow() - timedelta(minutes=_config("GUANAI_LOGIN_WINDOW_MINUTES"))
    stmt = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.kind == kind, LoginAttempt.at >= since, LoginAttempt.success.is_(False), *criteria)
    return db.session.execute(stmt).scalar_one()


def refused(attempt: LoginAttempt) -> bool:
    """Whether a sign-in attempt must not even be checked; a refused attempt is forgotten (not counted)."""
    pair = _failures("login", LoginAttempt.username == attempt.username, LoginAttempt.ip == attempt.ip)
    stop = pair > _config("GUANAI_LOGIN_MAX_FAILURES") or _slowed_down(attempt)
    if stop:
        db.session.delete(attempt)
        db.session.commit()
    return stop


def _slowed_down(attempt: LoginAttempt) -> bool:
    """A name with many failures from any address gets one checked attempt per delay."""
    if _failures("login", LoginAttempt.username == attempt.username) <= _config("GUANAI_LOGIN_NAME_SLOWDOWN_AFTER"):
        return False
    since = utcnow() - timedelta(seconds=_config("GUANAI_LOGIN_NAME_DELAY_SECONDS"))
    recent = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.kind == "login", LoginAttempt.username == attempt.username, LoginAttempt.at >= since,
        LoginAttempt.id != attempt.id)
    return db.session.execute(recent).scalar_one() > 0


def succeeded(attempt: LoginAttempt) -> None:
    """Mark an attempt as a success (no longer counted as a failure); the caller commits."""
    attempt.success = True


def joins_refused(ip: str) -> bool:
    """Whether an address has tried too many user names at registration (each try tells if a name is taken)."""
    return _failures("join", LoginAttempt.ip == ip) >= _config("GUANAI_JOIN_MAX_TRIES")
