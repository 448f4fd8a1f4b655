"""Periodic tasks run once per period: a row per task and period key, claimed by the first worker to look.

Several web servers and workers each have a scheduler that wakes the same periodic task; the unique
(task, period) row makes only the first run its body. A period whose run died half-way (its row has no
``finished_at``) is taken over after ``STALE_AFTER``. The key is the current period only, so a machine that
was off for three days runs a daily sweep once when it comes back, not three times.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import String, UniqueConstraint, delete, insert, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .time import local_now, utcnow

log = logging.getLogger(__name__)

#: A claimed period whose run has not finished after this long is run again (its worker died).
STALE_AFTER = timedelta(hours=1)


class PeriodicRun(db.Model):
    """One period of one periodic task, claimed by the worker that runs it."""

    __tablename__ = "periodic_runs"
    __table_args__ = (UniqueConstraint("task", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(32))  # "2026-12-01" for a day, "2026-12-01T14" for an hour
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


def period_key(period: str, now: datetime | None = None) -> str:
    """The key of the period holding ``now`` (local time, naive), e.g. ``2026-12-01`` or ``2026-12-01T14``."""
    now = now or local_now()
    if period == "day":
        return now.strftime("%Y-%m-%d")
    if period == "hour":
        return now.strftime("%Y-%m-%dT%H")
    raise ValueError(f"unknown period {period!r}: 'day' or 'hour'")


def claim(task: str, period: str) -> bool:
    """Take the period for this worker; False when another has it (or finished it)."""
    engine, now = db.engine, utcnow()
    try:
        with engine.begin() as conn:
            conn.execute(insert(PeriodicRun.__table__).values(task=task, period=period, started_at=now))
        return True
    except (IntegrityError, OperationalError):
        pass
    with engine.begin() as conn:  # taken: by a live run, a finished one, or one whose worker died
        taken = conn.execute(update(PeriodicRun.__table__).where(
            PeriodicRun.task == task, PeriodicRun.period == period, PeriodicRun.finished_at.is_(None),
            PeriodicRun.started_at < now - STALE_AFTER).values(started_at=now))
        return taken.rowcount == 1


def _finish(task: str, period: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(PeriodicRun.__table__).where(PeriodicRun.task == task, PeriodicRun.period == period)
                     .values(finished_at=utcnow()))


def _release(task: str, period: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(delete(PeriodicRun.__table__).where(PeriodicRun.task == task, PeriodicRun.period == period))


def run_once_per_period(spec, period: str | None = None) -> bool:
    """Run the periodic task ``spec`` for the current period unless some worker already has; True if run here.

    A failed run gives the period back, so the next look tries again.
    """
    key = period or period_key(spec.period)
    if not claim(spec.name, key):
        return False
    try:
        spec.fn(period=key)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("periodic task %s failed for %s", spec.name, key)
        _release(spec.name, key)
        raise
    _finish(spec.name, key)
    return True
