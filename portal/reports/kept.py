"""Report pages kept once for every worker and server: in Redis when the queue is on Redis, else in a table.

A county's report is some forty aggregates over 100,000 people (seconds of database work): each gunicorn
worker building its own copy (``portal.core.cache`` keeps values per process) made every worker of every
server pay for it (issue 32). Here one build serves all: the rendered sections are stored under a key naming
the period, the area, what decides the user's view (role, place, group) and the language, for
``GUANAI_REPORT_CACHE_SECONDS``. An entry is forgotten as soon as a transaction that wrote to a table a report
may read commits (any table but those in ``NOT_REPORTED``: sign-ins, notices, the audit log, the queue's
bookkeeping, this store itself), on whichever server it commits; a build already under way when that commit
lands may still store its older figures, which then live at most the lifetime.

Off in tests unless ``GUANAI_REPORT_CACHE_IN_TESTS`` is set (a test's rolled-back transaction is not what
other connections see); the tests that turn it on commit for real.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from ..core.cache import watchers
from ..core.time import utcnow
from ..extensions import db
from .models import KeptReport

#: Tables whose writes change no report figure: reading a page writes to some of them (a sign-in, a bell).
NOT_REPORTED = frozenset({
    "kept_reports", "users", "login_attempts", "notifications", "notification_settings",
    "notification_preferences", "audit_log", "audit_entries", "periodic_runs", "import_runs", "import_jobs",
    "report_nominations", "check_notices", "match_runs", "visit_reminders", "file_jobs",
})
_redis_clients: dict[str, object] = {}
_lock = threading.Lock()


def lifetime() -> int:
    """Seconds an entry lives (0: nothing is kept)."""
    app = current_app
    if app.testing and not app.config.get("GUANAI_REPORT_CACHE_IN_TESTS"):
        return 0
    return int(app.config.get("GUANAI_REPORT_CACHE_SECONDS", 600))


def _redis():
    """The Redis client of the queue's URL, or None when the queue is not on Redis (then the table is used)."""
    url = current_app.config.get("GUANAI_QUEUE_URL") or ""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    with _lock:
        if url not in _redis_clients:
            import redis
            _redis_clients[url] = redis.Redis.from_url(url)
        return _redis_clients[url]


def _prefix() -> str:
    return f"{current_app.config.get('GUANAI_QUEUE_NAME', 'guanai')}:report:"


def read(key: str) -> str | None:
    """The kept text for ``key``, or None (absent or out of date)."""
    client = _redis()
    if client is not None:
        value = client.get(_prefix() + key)
        return value.decode() if value is not None else None
    with db.engine.connect() as conn:
        return conn.execute(select(KeptReport.value).where(KeptReport.key == key,
                                                           KeptReport.expires_at > utcnow())).scalar()


def write(key: str, value: str, seconds: int) -> None:
    """Keep ``value`` under ``key`` for ``seconds``, for every worker and server."""
    client = _redis()
    if client is not None:
        client.set(_prefix() + key, value.encode(), ex=seconds)
        return
    # Its own short transaction: a report page is a GET whose session commits nothing.
    with db.engine.begin() as conn:
        conn.execute(delete(KeptReport).where(KeptReport.key == key))
        conn.execute(KeptReport.__table__.insert().values(key=key, value=value,
                                                          expires_at=utcnow() + timedelta(seconds=seconds)))


def forget_all() -> None:
    """Forget every kept report (data they were read from changed)."""
    client = _redis()
    if client is not None:
        keys = list(client.scan_iter(match=_prefix() + "*", count=500))
        if keys:
            client.delete(*keys)
        return
    with db.engine.begin() as conn:
        conn.execute(delete(KeptReport))


def claim(key: str, seconds: int) -> bool:
    """Claim the building of ``key`` for ``seconds``: True for the first to ask (the others wait for its page)."""
    client = _redis()
    if client is not None:
        return bool(client.set(_prefix() + key + ":building", b"1", nx=True, ex=seconds))
    from sqlalchemy.exc import IntegrityError
    now = utcnow()
    try:
        with db.engine.begin() as conn:
            conn.execute(delete(KeptReport).where(KeptReport.key == key + ":building", KeptReport.expires_at <= now))
            conn.execute(KeptReport.__table__.insert().values(key=key + ":building", value="",
                                                              expires_at=now + timedelta(seconds=seconds)))
    except IntegrityError:
        return False
    return True


def release(key: str) -> None:
    client = _redis()
    if client is not None:
        client.delete(_prefix() + key + ":building")
        return
    with db.engine.begin() as conn:
        conn.execute(delete(KeptReport).where(KeptReport.key == key + ":building"))


def kept_text(key: str, build: Callable[[], str], wait: float = 20.0) -> str:
    """The text kept under ``key``, or ``build()`` kept for every worker for the lifetime.

    Twenty coordinators opening a county's report at once would each build it: the first to miss claims the
    building, the others wait (up to ``wait`` seconds) for its page instead of building their own.
    """
    seconds = lifetime()
    if not seconds:
        return build()
    found = read(key)
    if found is not None:
        return found
    mine = claim(key, int(wait) + 10)
    if not mine:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.2)
            found = read(key)
            if found is not None:
                return found
    try:
        value = build()
        write(key, value, seconds)
    finally:
        if mine:
            release(key)
    return value


# --- forgetting on writes ------------------------------------------------------------------------------

def _note(session: Session, tables: Iterable[str]) -> None:
    written = {t for t in tables if t and t not in NOT_REPORTED}
    if written:
        session.info.setdefault("report_tables", set()).update(written)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context) -> None:
    _note(session, (getattr(obj, "__tablename__", None) for obj in (*session.new, *session.dirty, *session.deleted)))


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _note(state.session, [getattr(getattr(state.statement, "table", None), "name", None)])


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    """A transaction that wrote to a reported table committed: every kept report is read afresh."""
    written = session.info.pop("report_tables", None)
    if written and has_app_context() and lifetime():
        forget_all()


@event.listens_for(Session, "after_rollback")
def _drop_notes(session: Session) -> None:
    session.info.pop("report_tables", None)


def _note_forgotten(tables: set[str]) -> None:
    """Rows the session's events do not see (``portal.core.bulk``'s COPY): forget the reports at its commit."""
    if has_app_context():
        _note(db.session(), tables)


watchers.append(_note_forgotten)
