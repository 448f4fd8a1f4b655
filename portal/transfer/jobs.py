"""A large import's commit on the queue (issue 32): the request hands it over, a worker writes it, a page follows it.

A 10,000-row sheet took 14-27 s to commit in the request on a county of 100,000 (near gunicorn's 30 s, with no
progress, and lost if the connection dropped). Beyond ``GUANAI_IMPORT_QUEUE_ROWS`` rows of the sheet the commit
page stores an :class:`~portal.transfer.models.ImportJob` (the kept rows, in the database so that a worker on any
machine reads them, and the user's choices) and answers at once with the job's page; the task
``transfer.commit_import`` then does what the request did, as the user who asked (``acting_for``: their scope,
their language): the preview built again from the kept rows and committed by the same services
(``commit_preview``, ``commit_volunteers``) in one transaction, which also marks the job done, so the job says
"done" exactly when every row is written. A row refused at commit names its row on the job's page and nothing
is written; a worker that dies writes nothing (its transaction rolls back) and the job shows as failed after
``GUANAI_FILE_STALE_MINUTES`` without progress (a late worker then finds its job failed and rolls back).

The progress bar is the portal's (``static/progress.js``, as match runs and files made on the queue): the worker
stores its phase and percent on a connection of its own (``background.files.Progress``). SQLite lets one
connection write at a time, so there the bar stops at "writing" while the transaction writes (a few seconds for
10,000 rows) and jumps to the end; PostgreSQL moves it after each chunk of 500 records.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app, has_request_context, request, session
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from werkzeug.exceptions import HTTPException

from ..background.files import ACTIVE, FileJobFailed, Progress, acting_for, claim, stale_clauses
from ..core.queue import current_queue
from ..core.scoping import get_or_404
from ..core.time import utcnow
from ..extensions import db
from ..places.models import Place
from . import store
from .commit import ImportRefused, commit_preview
from .models import ImportJob, ImportRun
from .preview import Options, build_preview

log = logging.getLogger(__name__)

TASK = "transfer.commit_import"


def on_queue(rows: list) -> bool:
    """Whether a sheet of these kept rows is committed on the queue rather than in the request."""
    return len(rows) > current_app.config.get("GUANAI_IMPORT_QUEUE_ROWS", 1000)


def start_import_job(actor, what: str, token: str, filename: str, rows: list[list[Any]],
                     params: dict[str, Any]) -> ImportJob:
    """The commit of ``actor``'s kept upload ``token`` handed to the queue: a queued job holding its rows and the
    page's choices (``params``: place, group, update, mapping, reason). Added, not committed; the caller commits,
    then :func:`queue_import_job`. An unfinished job of the same upload is returned instead of a second one (a
    second click writes nothing twice)."""
    running = db.session.execute(select(ImportJob).where(
        ImportJob.user_id == actor.id, ImportJob.token == token, ImportJob.status.in_(ACTIVE))).scalars().first()
    if running is not None:
        return running
    path = request.path if has_request_context() else "/"
    lang = session.get("lang") if has_request_context() else None
    job = ImportJob(user_id=actor.id, what=what, token=token, file_name=filename[:200], rows=len(rows),
                    params={**params, "path": path, "lang": lang}, sheet=store.pack(rows), status="queued", to_write=0,
                    phase="", progress=0, problems=[], error="", heartbeat_at=utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def queue_import_job(job: ImportJob) -> None:
    """Hand a committed job to the workers (in immediate mode: run it now)."""
    if job.status == "queued":
        current_queue().enqueue(TASK, job_id=job.id)


class ImportProgress(Progress):
    """The job's phase and percent, stored on a connection of its own; none while the import's transaction
    writes on SQLite (one writer at a time: a second connection would wait for it)."""

    model = ImportJob

    def phase(self, name: str, percent: float) -> None:
        self.last = max(self.last, int(percent))
        self.store(phase=name, progress=max(1, min(99, int(percent))))

    def writing(self, preview, start: float, end: float) -> Callable[[float], None]:
        """``progress(fraction)`` for the services writing ``preview``, moving the bar from ``start`` to ``end``."""
        self.last = max(self.last, int(start))
        self.store(phase="writing", progress=int(start),
                   to_write=sum(1 for row in preview.rows if row.outcome in ("new", "update")))
        if db.engine.dialect.name == "sqlite":
            self.separate = False
        return lambda fraction: self(start + (end - start) * fraction)


def commit_import(job_id: int) -> None:
    """The queue's task: write the job's import as its owner, or nothing, and say which on its page."""
    if not claim(ImportJob, job_id, phase="checking"):
        return
    job = db.session.get(ImportJob, job_id)
    try:
        with acting_for(job.user_id, job.params.get("path") or "/", {}, job.params.get("lang")) as user:
            _run(job_id, user)
    except FileJobFailed as inactive:  # the owner's account was closed meanwhile
        db.session.rollback()
        _end(job_id, "failed", error=str(inactive))


def _run(job_id: int, user) -> None:
    job = db.session.get(ImportJob, job_id)
    progress = ImportProgress(job_id)
    try:
        run = _write(job, user, progress)
        progress.phase("finishing", 97)
        done = db.session.execute(update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == "running").values(
            status="done", phase="", progress=100, import_run_id=run.id, sheet=None, finished_at=utcnow(),
            heartbeat_at=utcnow())).rowcount
        if done != 1:  # failed meanwhile (no progress for too long): its page says nothing was written, so nothing is
            db.session.rollback()
            log.warning("import job %s was no longer running when written: rolled back", job_id)
            return
        token, owner = job.token, job.user_id
        db.session.commit()
        store.drop(owner, token)  # the web servers drop it too when its page is opened
    except ImportRefused as refused:
        db.session.rollback()
        _end(job_id, "refused", problems=[[n, str(c), str(m)] for n, c, m in refused.cells])
    except HTTPException:  # the place chosen left the user's area meanwhile (get_or_404)
        db.session.rollback()
        _end(job_id, "failed", error=_("The place of this import is no longer in your area; nothing was written."))
    except Exception as exc:  # the job must not stay "running": nothing was written, say why
        db.session.rollback()
        log.exception("import job %s failed", job_id)
        _end(job_id, "failed", error=_("Writing the import failed (%(error)s); nothing was written. Commit it again "
                                       "from its preview; if it fails again, tell the administrator.",
                                       error=f"{type(exc).__name__}: {exc}"))


def _write(job: ImportJob, user, progress: ImportProgress) -> ImportRun:
    """The commit page's work, from the job: the preview built again from the kept rows, then written (not
    committed)."""
    from .volunteers import commit_volunteers, preview_volunteers
    params = job.params
    rows = store.unpack(job.sheet)
    place = get_or_404(Place, params["place"], user)
    mapping = {int(i): m for i, m in params["mapping"]} if params.get("mapping") is not None else None
    progress.phase("checking", 2)
    if job.what == "volunteers":
        preview = preview_volunteers(user, job.file_name, rows, place, bool(params.get("update")), mapping)
        return commit_volunteers(user, preview, place.id, progress=progress.writing(preview, 10, 95))
    options = Options(place, params.get("group") or None, bool(params.get("update")), mapping)
    preview = build_preview(user, job.file_name, rows, options)
    return commit_preview(user, preview, place.id, params.get("reason") or None,
                          progress=progress.writing(preview, 10, 95))


def _end(job_id: int, status: str, problems: list | None = None, error: str = "") -> None:
    """A job that wrote nothing: refused (``problems``) or failed (``error``); its rows forgotten; commits."""
    db.session.execute(update(ImportJob).where(ImportJob.id == job_id, ImportJob.status.in_(ACTIVE)).values(
        status=status, phase="", progress=100, problems=problems or [], error=error, sheet=None,
        finished_at=utcnow()))
    db.session.commit()


def fail_stale(where=None) -> int:
    """Fail the jobs (of ``where``, else all) no worker moved for ``GUANAI_FILE_STALE_MINUTES``; commits."""
    stale = stale_clauses(ImportJob)
    if where is not None:
        stale.append(where)
    failed = db.session.execute(update(ImportJob).where(*stale).values(
        status="failed", phase="", progress=100, sheet=None, finished_at=utcnow(),
        error=_("No worker wrote this import (none may be running, or it stopped); nothing was written. Commit it "
                "again from its preview."))).rowcount
    db.session.commit()
    return failed


def job_of(user, job_id: int) -> ImportJob | None:
    """The user's own job ``job_id`` (None for anyone else's), a stale one failed."""
    job = db.session.execute(select(ImportJob).where(ImportJob.id == job_id, ImportJob.user_id == user.id)
                             ).scalar_one_or_none()
    if job is not None and job.status in ACTIVE and fail_stale(ImportJob.id == job.id):
        db.session.refresh(job)
    return job


def recent_jobs(user, what: str, hours: int = 24, limit: int = 10) -> list[ImportJob]:
    """The user's own import jobs of ``what`` ("ledger" or "volunteers") handed over in the last ``hours``, newest
    first: the upload page links them (a job goes on when its page is left)."""
    since = utcnow() - timedelta(hours=hours)
    return list(db.session.execute(select(ImportJob).where(
        ImportJob.user_id == user.id, ImportJob.what == what, ImportJob.created_at >= since)
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit)).scalars())


def sweep_import_jobs(period: str | None = None) -> int:
    """The hourly sweep: jobs no worker moved are failed; jobs ended a week ago are forgotten (their import run
    stays). Commits; how many were failed."""
    failed = fail_stale()
    week_ago = utcnow() - timedelta(days=7)
    db.session.execute(delete(ImportJob).where(ImportJob.status.notin_(ACTIVE), or_(
        ImportJob.finished_at.is_(None), ImportJob.finished_at < week_ago), ImportJob.created_at < week_ago))
    db.session.commit()
    return failed
