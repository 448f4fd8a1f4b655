"""Match runs: create one from today's ledger, solve it on the queue under a lease, cancel, retry, recover.

A worker claims a queued run with a conditional UPDATE (so two workers never solve the same run), renews
its lease (``heartbeat_at``) from a side thread while the engine works, and writes the proposal only if
the run is still its own (not cancelled, not taken over). A run whose lease went stale (the worker was
killed) is queued again once, then failed with the reason: it never stays "running" for ever.
"""
from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from matching import InstanceError, load_instance, solve

from ..core.audit import record
from ..core.queue import enqueue
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from ..plugin.records import Service
from .instance import build_instance
from .models import MatchRun

#: A run is solved at most this many times (the first try and one more after its worker died).
MAX_ATTEMPTS = 2
ACTIVE = ("queued", "running")


def create_run(actor, service: Service, role: str, place: Place, params: dict[str, Any] | None = None,
               parent: MatchRun | None = None) -> MatchRun:
    """Build the instance now (from today's rows) and store it, audited; the solve is a separate task."""
    params = {"locked": [], "forbidden": [], **(params or {})}
    built = build_instance(service, role, place, params)
    params["skipped"] = built.skipped
    run = MatchRun(service=service.key, role=role, place_id=place.id, created_by_id=actor.id if actor else None,
                   parent_id=parent.id if parent else None, status="queued", params=params, instance=built.doc,
                   heartbeat_at=utcnow())
    db.session.add(run)
    db.session.flush()
    record(actor, "create", "match_run", run.id, None, {"service": run.service, "role": role, "place": place.id,
                                                        "parent": run.parent_id, **params})
    db.session.commit()
    return run


def queue_run(run_id: int) -> None:
    """Hand a committed, queued run to the workers."""
    enqueue("assignment.execute_run", run_id=run_id)


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config.get("GUANAI_RUN_LEASE_SECONDS", 60))


def _mine(run_id: int, attempt: int):
    """The WHERE clause true while the run is still being solved by this attempt."""
    return (MatchRun.id == run_id, MatchRun.status == "running", MatchRun.attempts == attempt)


class _Heartbeat:
    """Renew a run's lease from a side thread, on its own connection, until stopped."""

    def __init__(self, run_id: int, attempt: int, every: float):
        self.engine, self.where, self.every = db.engine, _mine(run_id, attempt), every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"run-{run_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        while not self.stop.wait(self.every):
            try:
                with self.engine.begin() as conn:
                    conn.execute(update(MatchRun.__table__).where(*self.where).values(heartbeat_at=utcnow()))
            except Exception:  # a busy database skips one beat; the lease allows several
                pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def execute_run(run_id: int) -> None:
    """Solve a stored run and store the proposal; one that cannot be solved is marked failed with why.

    Does nothing when the run is no longer queued (cancelled, or another worker took it).
    """
    claimed = db.session.execute(update(MatchRun).where(MatchRun.id == run_id, MatchRun.status == "queued").values(
        status="running", progress=10, attempts=MatchRun.attempts + 1, heartbeat_at=utcnow(), error=""))
    db.session.commit()
    if claimed.rowcount != 1:
        return
    run = db.session.get(MatchRun, run_id)
    attempt, document = run.attempts, run.instance
    db.session.commit()  # hold no transaction while the engine works
    values: dict[str, Any]
    with _Heartbeat(run_id, attempt, max(_lease().total_seconds() / 4, 0.2)):
        try:
            instance = load_instance(document)
            db.session.execute(update(MatchRun).where(*_mine(run_id, attempt)).values(progress=30))
            db.session.commit()
            result = solve(instance)
        except InstanceError as exc:
            values = {"status": "failed", "error": "\n".join(exc.problems)}
        except Exception as exc:  # the run must say it failed rather than stay "running" forever
            db.session.rollback()
            current_app.logger.exception("match run %s failed", run_id)
            values = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
        else:
            values = {"status": "proposed", "result": result.to_dict(), "objective": result.objective}
    db.session.execute(update(MatchRun).where(*_mine(run_id, attempt))
                       .values(progress=100, finished_at=utcnow(), **values))
    db.session.commit()


def cancel_run(actor, run: MatchRun) -> bool:
    """Cancel a queued or running run (a worker still solving it drops its result); audited, not committed."""
    done = db.session.execute(update(MatchRun).where(MatchRun.id == run.id, MatchRun.status.in_(ACTIVE))
                              .values(status="cancelled", finished_at=utcnow())).rowcount == 1
    if done:
        record(actor, "cancel", "match_run", run.id, {"status": run.status}, {"status": "cancelled"})
    db.session.expire(run)
    return done


def retry_run(actor, run: MatchRun) -> bool:
    """Queue a failed or cancelled run again with the same instance; audited, not committed (then queue it)."""
    # Attempts go on counting from the next round of MAX_ATTEMPTS, so a worker still busy with an old
    # attempt (of a cancelled run) can never write over the new one.
    next_round = (run.attempts + MAX_ATTEMPTS - 1) // MAX_ATTEMPTS * MAX_ATTEMPTS
    done = db.session.execute(update(MatchRun).where(MatchRun.id == run.id,
                                                     MatchRun.status.in_(("failed", "cancelled")))
                              .values(status="queued", progress=0, attempts=next_round, error="", finished_at=None,
                                      heartbeat_at=utcnow())).rowcount == 1
    if done:
        record(actor, "retry", "match_run", run.id, {"status": run.status}, {"status": "queued"})
    db.session.expire(run)
    return done


def reap_stale_runs(run_id: int | None = None) -> dict[str, int]:
    """Notice runs whose worker died: queue them again once, then fail them with the reason; commits.

    A running run whose lease is older than ``GUANAI_RUN_LEASE_SECONDS`` lost its worker. A queued run
    nobody claimed for ten leases is queued again (its message may have been lost); claiming is
    idempotent, so a duplicate does no harm. ``run_id`` limits the look to one run (the status page).
    """
    now, lease = utcnow(), _lease()
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    stmt = select(MatchRun.id, MatchRun.attempts).where(MatchRun.status == "running", MatchRun.heartbeat_at < now - lease)
    if run_id is not None:
        stmt = stmt.where(MatchRun.id == run_id)
    requeue = []
    for rid, attempts in db.session.execute(stmt).all():
        where = (MatchRun.id == rid, MatchRun.status == "running", MatchRun.attempts == attempts)
        if attempts % MAX_ATTEMPTS:  # the first attempt of a round (1, 3, ...): once more
            changed = db.session.execute(update(MatchRun).where(*where).values(
                status="queued", progress=0, heartbeat_at=now,
                error=_("The worker solving this run stopped; the run was queued again."))).rowcount
            if changed:
                requeue.append(rid)
                counts["requeued"] += 1
        else:
            counts["failed"] += db.session.execute(update(MatchRun).where(*where).values(
                status="failed", progress=100, finished_at=now,
                error=_("The worker solving this run stopped %(n)d times (it may have run out of memory or been "
                        "restarted). Retry it, or run a smaller area.", n=MAX_ATTEMPTS))).rowcount
    lost = select(MatchRun.id).where(MatchRun.status == "queued",
                                     func.coalesce(MatchRun.heartbeat_at, MatchRun.created_at) < now - 10 * lease)
    if run_id is not None:
        lost = lost.where(MatchRun.id == run_id)
    for rid in db.session.execute(lost).scalars().all():
        db.session.execute(update(MatchRun).where(MatchRun.id == rid, MatchRun.status == "queued")
                           .values(heartbeat_at=now))
        requeue.append(rid)
        counts["resent"] += 1
    db.session.commit()
    for rid in requeue:
        queue_run(rid)
    return counts


def reap_task() -> None:
    """The queue task looking for runs whose worker died (every minute, from every worker)."""
    reap_stale_runs()
