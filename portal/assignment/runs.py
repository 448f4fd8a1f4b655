"""Match runs: create one, build it from today's ledger and solve it on the queue under a lease; cancel, retry, recover.

Creating a run only stores its parameters: building the instance takes seconds for a county (and the
request that asked for it must answer at once), so the worker builds it ("building") and then solves it
("running"). A worker claims a queued run with a conditional UPDATE (so two workers never solve the same run), renews
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
from ..plugin.manager import current_plugins
from ..plugin.records import Service
from .instance import build_instance
from .models import MatchRun
from .review import facts_of, summarize

#: A run is solved at most this many times (the first try and one more after its worker died).
MAX_ATTEMPTS = 2
#: A worker holds the run (under its lease) in these states: building the instance, then solving it.
WORKING = ("building", "running")
#: Not finished yet: the progress page polls these (a proposal being written to the ledger is "committing").
ACTIVE = ("queued", *WORKING, "committing")


def create_run(actor, service: Service, role: str, place: Place, params: dict[str, Any] | None = None,
               parent: MatchRun | None = None) -> MatchRun:
    """Store a queued run with its parameters, audited and committed; a worker builds and solves it."""
    params = {"locked": [], "forbidden": [], **(params or {})}
    run = MatchRun(service=service.key, role=role, place_id=place.id, created_by_id=actor.id if actor else None,
                   parent_id=parent.id if parent else None, status="queued", params=params, heartbeat_at=utcnow())
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
    """The WHERE clause true while the run is still being built or solved by this attempt."""
    return (MatchRun.id == run_id, MatchRun.status.in_(WORKING), MatchRun.attempts == attempt)


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


def claim_run(run_id: int) -> int | None:
    """Take a queued run for this worker ("building", lease renewed): the attempt's number, or None if
    the run is no longer queued (cancelled, or another worker took it)."""
    claimed = db.session.execute(update(MatchRun).where(MatchRun.id == run_id, MatchRun.status == "queued").values(
        status="building", progress=5, attempts=MatchRun.attempts + 1, heartbeat_at=utcnow(), error=""))
    db.session.commit()
    if claimed.rowcount != 1:
        return None
    return db.session.execute(select(MatchRun.attempts).where(MatchRun.id == run_id)).scalar_one()


def build_run(run_id: int, attempt: int) -> dict[str, Any] | None:
    """The run's engine document: the stored one (a retried run), else built from today's ledger and stored
    with what it left out. None when the run is no longer this attempt's (cancelled meanwhile)."""
    document = db.session.execute(select(MatchRun.instance).where(MatchRun.id == run_id)).scalar_one()
    if document:
        return document
    run = db.session.get(MatchRun, run_id)
    service = current_plugins().services.get(run.service)
    if service is None:
        raise BuildFailed(_("The service %(key)s is no longer offered.", key=run.service))
    built = reused_instance(run) or build_instance(service, run.role, run.place, run.params)
    stored = db.session.execute(update(MatchRun).where(*_mine(run_id, attempt)).values(
        instance=built.doc, params={**run.params, "skipped": built.skipped}, progress=30)).rowcount
    db.session.commit()  # hold no transaction while the engine works
    return built.doc if stored == 1 else None


#: A re-run (locks and forbids on a proposal) reuses its parent's stored instance while the parent is this
#: recent and still only proposed: nothing was committed since, so the ledger it read still holds (issue 27).
DEFAULT_REUSE_MINUTES = 30


def reused_instance(run: MatchRun):
    """The parent's instance with this run's locks and forbids, or None when it must be built anew: no parent,
    the parent committed or replaced, or older than ``GUANAI_RERUN_REUSE_MINUTES``. Saves the build (the
    ledger's queries) on each round of a coordinator's review."""
    from .instance import BuiltInstance
    from .ids import pair_refs
    if run.parent_id is None:
        return None
    minutes = int(current_app.config.get("GUANAI_RERUN_REUSE_MINUTES", DEFAULT_REUSE_MINUTES))
    row = db.session.execute(select(MatchRun.instance, MatchRun.params, MatchRun.status, MatchRun.created_at)
                             .where(MatchRun.id == run.parent_id)).one_or_none()
    if row is None or not row.instance or row.status != "proposed" or \
            row.created_at < utcnow() - timedelta(minutes=minutes):
        return None
    doc = dict(row.instance)
    people = {b["id"] for b in doc["beneficiaries"]}
    helpers = {v["id"] for v in doc["volunteers"]}

    def refs(pairs):
        return [r for r in (pair_refs(b, v) for b, v in pairs) if r[0] in people and r[1] in helpers]
    asked_before = refs(row.params.get("forbidden", []))
    declined = [p for p in doc.get("forbidden", []) if p not in asked_before]  # the ledger's declines stay
    doc["locked"] = refs(run.params.get("locked", []))
    doc["forbidden"] = declined + [p for p in refs(run.params.get("forbidden", [])) if p not in declined]
    return BuiltInstance(doc=doc, skipped=list(row.params.get("skipped", [])))


def read_document(document: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """The engine's instance from the document, or the values of a run whose document the engine refuses."""
    try:
        return load_instance(document), None
    except InstanceError as exc:
        return None, {"status": "failed", "error": "\n".join(exc.problems)}


def solve_run(run_id: int, attempt: int, instance) -> dict[str, Any]:
    """Solve the run's instance ("running"): the values that end the run, proposed or failed with why."""
    try:
        db.session.execute(update(MatchRun).where(*_mine(run_id, attempt)).values(status="running", progress=40))
        db.session.commit()
        result = solve(instance)
    except Exception as exc:  # the run must say it failed rather than stay "running" forever
        db.session.rollback()
        current_app.logger.exception("match run %s failed", run_id)
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {"status": "proposed", "result": result.to_dict(), "objective": result.objective}


def finish_run(run_id: int, attempt: int, values: dict[str, Any]) -> None:
    """Write how the run ended, if it is still this attempt's (a cancelled run drops its result)."""
    db.session.execute(update(MatchRun).where(*_mine(run_id, attempt))
                       .values(progress=100, finished_at=utcnow(), **values))
    db.session.commit()


class BuildFailed(Exception):
    """The run cannot be built; the message says why, for the coordinator."""


def _build_or_fail(run_id: int, attempt: int) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The document, or the values of a run that failed while building (with a message a coordinator reads)."""
    try:
        return build_run(run_id, attempt), None
    except BuildFailed as exc:
        db.session.rollback()
        return None, {"status": "failed", "error": str(exc)}
    except Exception as exc:
        db.session.rollback()
        current_app.logger.exception("match run %s could not be built", run_id)
        return None, {"status": "failed", "error": _(
            "The run could not be built from the ledger (%(error)s). Retry it; if it fails again, tell the "
            "administrator.", error=f"{type(exc).__name__}: {exc}")}


def execute_run(run_id: int) -> None:
    """Build a queued run's instance, solve it and store the proposal; one that fails is marked failed with why.

    Does nothing when the run is no longer queued (cancelled, or another worker took it).
    """
    attempt = claim_run(run_id)
    if attempt is None:
        return
    with _Heartbeat(run_id, attempt, max(_lease().total_seconds() / 4, 0.2)):
        document, failed = _build_or_fail(run_id, attempt)
        if failed is None and document is None:
            return  # cancelled while building
        instance, failed = read_document(document) if failed is None else (None, failed)
        facts = facts_of(document) if failed is None else None
        del document  # one copy of the run in memory while the engine works: its own
        values = failed or solve_run(run_id, attempt, instance)
        del instance
        if values["status"] == "proposed":
            values["review"] = summarize(db.session.get(MatchRun, run_id), facts, values["result"])
            values["rows_by_place"] = values["review"].pop("by_place")
    finish_run(run_id, attempt, values)


def cancel_run(actor, run: MatchRun) -> bool:
    """Cancel a queued or running run (a worker still solving it drops its result); audited, not committed."""
    done = db.session.execute(update(MatchRun).where(MatchRun.id == run.id, MatchRun.status.in_(("queued", *WORKING)))
                              .values(status="cancelled", finished_at=utcnow())).rowcount == 1
    if done:
        record(actor, "cancel", "match_run", run.id, {"status": run.status}, {"status": "cancelled"})
    db.session.expire(run)
    return done


def retry_run(actor, run: MatchRun) -> bool:
    """Queue a failed or cancelled run again with the same instance (built anew if it was never built);
    audited, not committed (then queue it)."""
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

    A building or running run whose lease is older than ``GUANAI_RUN_LEASE_SECONDS`` lost its worker. A queued run
    nobody claimed for ten leases is queued again (its message may have been lost); claiming is
    idempotent, so a duplicate does no harm. ``run_id`` limits the look to one run (the status page).
    """
    now, lease = utcnow(), _lease()
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    stmt = select(MatchRun.id, MatchRun.attempts).where(MatchRun.status.in_(WORKING), MatchRun.heartbeat_at < now - lease)
    if run_id is not None:
        stmt = stmt.where(MatchRun.id == run_id)
    requeue = []
    for rid, attempts in db.session.execute(stmt).all():
        where = (MatchRun.id == rid, MatchRun.status.in_(WORKING), MatchRun.attempts == attempts)
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
    # A commit is one transaction: a worker that died in it wrote nothing, so it is simply sent again.
    stuck = select(MatchRun.id).where(MatchRun.status == "committing", MatchRun.heartbeat_at < now - 10 * lease)
    if run_id is not None:
        stuck = stuck.where(MatchRun.id == run_id)
    recommit = db.session.execute(stuck).scalars().all()
    for rid in recommit:
        db.session.execute(update(MatchRun).where(MatchRun.id == rid, MatchRun.status == "committing")
                           .values(heartbeat_at=now))
        counts["resent"] += 1
    db.session.commit()
    for rid in requeue:
        queue_run(rid)
    for rid in recommit:
        enqueue("assignment.commit_run", run_id=rid)
    return counts


def reap_task() -> None:
    """The queue task looking for runs whose worker died (every minute, from every worker)."""
    reap_stale_runs()
