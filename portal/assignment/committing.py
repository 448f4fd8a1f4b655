"""Committing a county run on the queue: the request hands the proposal over ("committing"), a worker writes it.

A county commit writes some 20,000 pairings with their audit entries and load changes in one transaction;
that takes longer than a web request may (gunicorn's 30 s timeout answered 500 and wrote nothing). The
request only flips the run from "proposed" to "committing" (so it is written once), and the worker's
transaction flips it to "committed" with everything else, or puts it back to "proposed" with the reason.
A worker that dies mid-commit wrote nothing (the transaction rolls back); the reaper sends the task again.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from ..core.audit import record
from ..core.queue import enqueue
from ..core.time import utcnow
from ..extensions import db
from .models import MatchRun
from .pairings import CommitRefused, commit_run


def hand_over_commit(actor, run: MatchRun) -> bool:
    """Mark a proposed run "committing" for the workers; audited and committed (then queue it). False if the
    run is not a proposal any more (committed meanwhile, or replaced)."""
    done = db.session.execute(update(MatchRun).where(MatchRun.id == run.id, MatchRun.status == "proposed").values(
        status="committing", committed_by_id=actor.id if actor else None, heartbeat_at=utcnow(), error="")
    ).rowcount == 1
    if done:
        record(actor, "queue_commit", "match_run", run.id, {"status": "proposed"}, {"status": "committing"})
    db.session.commit()
    return done


def queue_commit(run_id: int) -> None:
    enqueue("assignment.commit_run", run_id=run_id)


def _give_back(run_id: int, reason: str) -> None:
    """Put a run whose commit was refused back to "proposed", with the reason shown on its page."""
    db.session.execute(update(MatchRun).where(MatchRun.id == run_id, MatchRun.status == "committing")
                       .values(status="proposed", committed_by_id=None, error=reason))
    db.session.commit()


def commit_task(run_id: int) -> None:
    """The queue task writing a run handed over for commit; does nothing if it is not "committing" any more."""
    run = db.session.get(MatchRun, run_id)
    if run is None or run.status != "committing":
        return
    try:
        commit_run(run.committed_by, run, expected="committing")
        db.session.commit()
    except CommitRefused as refused:
        _give_back(run_id, str(refused))
    except Exception as exc:  # the run must not stay "committing": nothing was written, say why
        db.session.rollback()
        current_app.logger.exception("commit of match run %s failed", run_id)
        _give_back(run_id, _("Writing the pairings failed (%(error)s); nothing was written. Commit again; if it "
                             "fails again, tell the administrator.", error=f"{type(exc).__name__}: {exc}"))
