"""What the duty lists show alike to everyone with the same view, kept once for every worker and server.

The coordinator's overdue list of a county (issue 28) read its kept counts, the gaps, the silent families, the
knock rounds' findings and the page's rows on every view: some 150 ms of database work, the same for every
coordinator of the same area, repeated by each of them and by each gunicorn worker. Here a view's values are
built once and stored in ``duty_kept`` under a key naming what decides the view (the user's role, place and
group; the user themselves when they own duties, which are in their view wherever they lie), the filters, the
page, the day and the language.

A value is read only while the generation it was built under is the current one (the row :data:`GENERATION`,
written by the first view that keeps something).
:func:`bump` moves the generation on, as the last statement before the commit (``portal.duties.events``), of
every transaction that rewrites the due table or its counts (``portal.duties.counts.recount``, which every
refresh runs: a visit, a family contact, a knock round, an owner, a person or a pairing changed, the daily run,
``guanai duties refresh``) or renames a place or a user: its commit makes every worker build afresh. The generation is read before
the value is built, so a build that overlaps such a commit stores its values under the old generation, which
nobody asks for any more; the UPDATE of the one row also orders those commits. Rows written around the ORM
(an import's COPY, SQL by hand) are not seen: ``GUANAI_DUTY_CACHE_SECONDS`` (600; 0 keeps nothing) bounds how
long such a value lives.

Off in tests unless ``GUANAI_DUTY_CACHE_IN_TESTS`` is set (a value is written through its own connection,
which a test's rolled-back transaction is not seen by); the tests that turn it on commit for real.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import aliased

from ..core.time import utcnow
from ..extensions import db
from .models import DutyKept

#: The key of the row holding the current generation (written by the migration).
GENERATION = "#generation"
DEFAULT_SECONDS = 600


def lifetime() -> int:
    """Seconds a value lives at most (0: nothing is kept)."""
    app = current_app
    if app.testing and not app.config.get("GUANAI_DUTY_CACHE_IN_TESTS"):
        return 0
    return int(app.config.get("GUANAI_DUTY_CACHE_SECONDS", DEFAULT_SECONDS))


#: ``session.info`` key: the transaction rewrote the due table or a name the lists show (see :func:`bump_at_commit`).
BUMP = "guanai_duties_bump"


def bump_at_commit() -> None:
    """Have the generation moved on by this transaction, as the last thing before its commit
    (``portal.duties.events``): what was kept is built again once it commits."""
    db.session.info[BUMP] = True


def bump() -> None:
    """Move the generation on in the caller's transaction. Concurrent callers wait for each other's commit on
    the one row: it is the transaction's last statement (a lock taken earlier, then waiting for rows another
    refresh holds while that one waits for this row, would be a deadlock)."""
    db.session.execute(update(DutyKept).where(DutyKept.key == GENERATION)
                       .values(generation=DutyKept.generation + 1))


def key_of(kind: str, what: tuple) -> str:
    return f"{kind}:{hashlib.sha1(repr(what).encode()).hexdigest()}"


def kept(kind: str, what: tuple, build: Callable[[], Any]) -> Any:
    """``build()`` (plain JSON data), or the value built for the same ``kind`` and ``what`` under the current
    generation by any worker: one statement when it is there. The value is returned as JSON gives it back
    (tuples as lists) either way."""
    seconds = lifetime()
    if not seconds:
        return json.loads(json.dumps(build()))
    key = key_of(kind, what)
    value = aliased(DutyKept)
    row = db.session.execute(
        select(DutyKept.generation, value.value).select_from(DutyKept)
        .outerjoin(value, and_(value.key == key, value.generation == DutyKept.generation,
                               value.expires_at > utcnow()))
        .where(DutyKept.key == GENERATION)).first()
    if row is None:     # nothing kept yet: the generation starts (from now on a rewrite of the due table moves it)
        _start()
        row = (0, None)
    generation, found = row
    if found is not None:
        return json.loads(found)
    text = json.dumps(build(), ensure_ascii=False, separators=(",", ":"))
    _store(key, generation, text, seconds)
    return json.loads(text)


def _store(key: str, generation: int, text: str, seconds: int) -> None:
    """Keep ``text`` under ``key`` and ``generation``, and drop what older generations kept and what expired. Its own short
    transaction (a list page is a GET whose session commits nothing); a worker that stored the same key first
    wins."""
    try:
        with db.engine.begin() as conn:
            _no_flush_wait(conn)
            conn.execute(delete(DutyKept).where(DutyKept.key != GENERATION,
                                                or_(DutyKept.key == key, DutyKept.generation < generation,
                                                    DutyKept.expires_at <= utcnow())))
            conn.execute(insert(DutyKept).values(key=key, generation=generation, value=text,
                                                 expires_at=utcnow() + timedelta(seconds=seconds)))
    except (IntegrityError, OperationalError):
        pass


def _no_flush_wait(conn) -> None:
    """A kept value lost in a crash is built again: its commit need not wait for the WAL to reach the disk
    (PostgreSQL; the view that built it waits for nothing but its own statements)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def _start() -> None:
    """Write the generation row (and forget anything kept without one, say after it was deleted by hand)."""
    try:
        with db.engine.begin() as conn:
            conn.execute(delete(DutyKept))
            conn.execute(insert(DutyKept).values(key=GENERATION, generation=0, value="", expires_at=utcnow()))
    except (IntegrityError, OperationalError):
        pass


def current_generation() -> int | None:
    return db.session.execute(select(DutyKept.generation).where(DutyKept.key == GENERATION)).scalar()
