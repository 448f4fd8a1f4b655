"""Files made on the queue (issue 32): a township's card PDF, a county's export, a county report's PDF or workbook.

Work that takes longer than a request may (gunicorn's sync workers are killed after 30 s) is a *file job*:
the request stores the job (who asked, what, with which page arguments) and queues it, then answers at once
with a page whose progress bar the worker fills in (``static/progress.js``, as match runs do); when the file
is ready its owner is told (``guanai_on_file_ready``: the notifications feature puts it on the bell) and
downloads it from ``/files/<id>/download``.

- A feature hands over the task that makes its files (``Task("cards.make_pdf", fn)``); ``fn(job_id)`` calls
  :func:`run_file_job` with a function ``make(job, progress)`` returning the file's bytes (or chunks of them).
  ``make`` runs *as the user who asked*, in a request context built from the page they asked on
  (:func:`acting_as`), so the same scoping, language and view code answer for them as they would have in
  the request: nobody gets a file holding what they could not see on the page.
- The file is kept in the database (``file_jobs.content``), so that every web server can hand it out,
  whichever worker made it; it expires after ``GUANAI_FILE_KEEP_HOURS`` (an hourly sweep deletes it).
- Only its owner may fetch it (anyone else: 404, as for any record out of their view).
- A job whose worker died stays "running" without progress; after ``GUANAI_FILE_STALE_MINUTES`` its page
  says it failed, and asking again makes a new one.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Union

from flask import current_app, has_request_context, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..core.queue import current_queue
from ..core.time import utcnow
from ..extensions import db

log = logging.getLogger(__name__)

#: Not finished: the progress page polls these.
ACTIVE = ("queued", "running")
#: What ``make`` returns: the file's bytes, or its chunks in order.
Made = Union[bytes, Iterable[bytes]]


class FileJob(db.Model):
    """A file one user asked for, made by a worker and kept for them until it expires."""

    __tablename__ = "file_jobs"
    __table_args__ = (Index("ix_file_jobs_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    task: Mapped[str] = mapped_column(String(64))  # the queue's task that makes it ("cards.make_pdf")
    title: Mapped[str] = mapped_column(String(200))  # what the user reads ("联系卡：东乡")
    filename: Mapped[str] = mapped_column(String(200))  # what the download is called, with its extension
    mimetype: Mapped[str] = mapped_column(String(120))
    # what the task needs: the page asked on ("path", "args"), the language ("lang") and the task's own values
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued running ready failed
    progress: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(default=0)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)

    @property
    def final(self) -> bool:
        return self.status not in ACTIVE

    def url(self) -> str:
        return url_for("files.detail", job_id=self.id)


def keep_for() -> timedelta:
    return timedelta(hours=current_app.config.get("GUANAI_FILE_KEEP_HOURS", 24))


def _stale() -> timedelta:
    return timedelta(minutes=current_app.config.get("GUANAI_FILE_STALE_MINUTES", 30))


def stale_clauses(model) -> list:
    """A job of ``model`` (a table of queued work with ``status``, ``heartbeat_at`` and ``created_at``: files,
    imports) still queued or running that no worker moved for ``GUANAI_FILE_STALE_MINUTES``."""
    return [model.status.in_(ACTIVE), func.coalesce(model.heartbeat_at, model.created_at) < utcnow() - _stale()]


def start_file_job(actor, task: str, title: str, filename: str, mimetype: str, params: dict[str, Any] | None = None,
                   args: dict[str, str] | None = None, path: str = "/") -> FileJob:
    """Store a queued file job for ``actor`` and hand it to the workers; commits (the worker reads the row).

    ``args`` and ``path`` are the page's query string and path: the worker answers the same page as the user.
    """
    if args is None and has_request_context():
        args = {k: v for k, v in request.args.items() if k != "format"}
        path = request.path
    job = FileJob(user_id=actor.id, task=task, title=title[:200], filename=filename[:200], mimetype=mimetype,
                  params={**(params or {}), "args": args or {}, "path": path, "lang": session.get("lang")
                          if has_request_context() else None},
                  status="queued", heartbeat_at=utcnow())
    db.session.add(job)
    db.session.commit()
    current_queue().enqueue(task, job_id=job.id)
    return job


def claim(model, job_id: int, **values) -> bool:
    """Take the queued job ``job_id`` of ``model`` for this worker (running, with ``values``); commits. False when
    another worker took it, or it is no longer queued."""
    claimed = db.session.execute(update(model).where(model.id == job_id, model.status == "queued")
                                 .values(status="running", progress=1, heartbeat_at=utcnow(), **values))
    db.session.commit()
    return claimed.rowcount == 1


class Progress:
    """``progress(percent)`` from a worker's ``make``: stored on its own connection (the task's own transaction
    may hold a streaming cursor), at most once per percent; skipped when the queue runs tasks in the caller.

    ``model`` is the job's table (any with ``id``, ``status``, ``progress`` and ``heartbeat_at``): another kind of
    job on the queue (an import's commit, ``portal.transfer.jobs``) moves its bar the same way."""

    model: Any = FileJob

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0
        self.separate = not current_queue().huey.immediate

    def __call__(self, percent: float) -> None:
        value = max(1, min(99, int(percent)))
        if value <= self.last:
            return
        self.last = value
        self.store(progress=value)

    def store(self, **values: Any) -> None:
        """Store ``values`` on the running job, with a heartbeat, on a connection of its own (unless immediate)."""
        if not self.separate:
            return
        model = self.model
        try:
            with db.engine.begin() as conn:
                conn.execute(update(model.__table__).where(model.id == self.job_id, model.status == "running")
                             .values(heartbeat_at=utcnow(), **values))
        except Exception:  # a busy database skips one step; the bar catches up at the next
            log.debug("progress of %s %s not stored", model.__tablename__, self.job_id, exc_info=True)

    def rows(self, rows: Iterable[Any], total: int, start: float = 5, end: float = 90, every: int = 1000) -> Iterator[Any]:
        """``rows`` passed through, moving the bar from ``start`` to ``end`` as ``total`` rows go by."""
        for n, row in enumerate(rows, 1):
            if n % every == 0 and total:
                self(start + (end - start) * min(n, total) / total)
            yield row


@contextmanager
def acting_as(job: FileJob):
    """A request context of the page the job was asked on, signed in as its owner, in their language."""
    with acting_for(job.user_id, job.params.get("path") or "/", job.params.get("args") or {},
                    job.params.get("lang")) as user:
        request.environ[MAKING] = job.id
        yield user


@contextmanager
def acting_for(user_id: int, path: str, args: dict[str, str], lang: str | None):
    """A worker's request context of the page ``path?args``, signed in as the user ``user_id``, in ``lang``:
    what a task that makes a page for somebody works in. Fails (:class:`FileJobFailed`) for an inactive user."""
    from flask_login import login_user

    from ..auth.models import User
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise FileJobFailed(_("The account that asked for this file is no longer active."))
    base = current_app.config.get("GUANAI_BASE_URL", "http://127.0.0.1:5000")
    with current_app.test_request_context(path, base_url=base, query_string=args):
        if lang:
            session["lang"] = lang
        login_user(user)
        yield user


#: The WSGI environ key marking the request context of a worker making a file (``acting_as``).
MAKING = "guanai.file_job"


def making_file() -> bool:
    """Whether this request is a worker making a file: the page answers in full here, never queues again."""
    return has_request_context() and MAKING in request.environ


def page_answer():
    """The answer of the page the job was asked on, from its own view, as its owner sees it (inside
    ``acting_as``, whose request context matched the page's address): the view's HTML for a printed page, its
    Response for a download. Flask's own dispatch, without the request's hooks around it."""
    answer = current_app.dispatch_request()
    return answer[0] if isinstance(answer, tuple) else answer


def page_html() -> str:
    """The page's HTML (``page_answer``); a page that answers otherwise (the place left the user's view: a
    redirect) fails the job with why."""
    answer = page_answer()
    if not isinstance(answer, str):
        raise FileJobFailed(_("The page this file is made from no longer answers for you (the place may have "
                              "left your area). Open it again and ask anew."))
    return answer


class FileJobFailed(Exception):
    """The file cannot be made; the message says why, for its owner."""


def run_file_job(job_id: int, make: Callable[[FileJob, Progress], Made]) -> None:
    """Claim a queued job, make its file as its owner (``make(job, progress)``), store it and tell the owner.

    Does nothing when the job is no longer queued (another worker took it). A failure is stored with why.
    """
    if not claim(FileJob, job_id):
        return
    job = db.session.get(FileJob, job_id)
    progress = Progress(job_id)
    try:
        with acting_as(job):
            made = make(job, progress)
            content = made if isinstance(made, bytes) else b"".join(made)
    except Exception as exc:
        db.session.rollback()
        if not isinstance(exc, FileJobFailed):
            current_app.logger.exception("file job %s (%s) failed", job_id, job.task if job else "?")
        error = str(exc) if isinstance(exc, FileJobFailed) else _(
            "The file could not be made (%(error)s). Ask for it again; if it fails again, tell the administrator.",
            error=f"{type(exc).__name__}: {exc}")
        db.session.execute(update(FileJob).where(FileJob.id == job_id).values(
            status="failed", progress=100, error=error, finished_at=utcnow()))
        db.session.commit()
        _tell_failed([job_id])
        return
    now = utcnow()
    db.session.execute(update(FileJob).where(FileJob.id == job_id, FileJob.status == "running").values(
        status="ready", progress=100, content=content, size=len(content), finished_at=now, heartbeat_at=now,
        expires_at=now + keep_for()))
    db.session.commit()
    job = db.session.get(FileJob, job_id)
    db.session.refresh(job)
    from ..plugin.manager import current_plugins
    current_plugins().hook.guanai_on_file_ready(job=job)
    db.session.commit()


def job_of(user, job_id: int) -> FileJob | None:
    """The user's own job ``job_id`` (None for anyone else's: a file is its owner's only), stale ones failed."""
    job = db.session.execute(select(FileJob).where(FileJob.id == job_id, FileJob.user_id == user.id)).scalar_one_or_none()
    if job is not None and job.status in ACTIVE and fail_stale(FileJob.id == job.id):
        db.session.refresh(job)
    return job


def fail_stale(where=None) -> list[int]:
    """Mark failed the jobs (of ``where``, else all) that no worker has moved for ``GUANAI_FILE_STALE_MINUTES``
    (none running, or it died), tell their owners; commits. Their ids."""
    stale = stale_clauses(FileJob)
    if where is not None:
        stale.append(where)
    ids = list(db.session.execute(select(FileJob.id).where(*stale)).scalars())
    if not ids:
        return []
    db.session.execute(update(FileJob).where(FileJob.id.in_(ids), *stale).values(
        status="failed", progress=100, finished_at=utcnow(),
        error=_("No worker made this file (none may be running, or it stopped). Ask for it again.")))
    db.session.commit()
    _tell_failed(ids)  # a job another sweep failed at the same moment is told once: the notice has a key
    return ids


def _tell_failed(ids: list[int]) -> None:
    """``guanai_on_file_failed`` for each job of ``ids`` (its owner hears it, where they are); commits."""
    from ..plugin.manager import current_plugins
    for job in db.session.execute(select(FileJob).where(FileJob.id.in_(ids))).scalars():
        current_plugins().hook.guanai_on_file_failed(job=job)
    db.session.commit()


def fail_stale_files(period: str | None = None) -> int:
    """The sweep: jobs no worker moved are failed and their owners told, not only when someone opens the page."""
    return len(fail_stale())


def expired(job: FileJob) -> bool:
    return job.status == "ready" and job.expires_at is not None and job.expires_at <= utcnow()


def jobs_of(user, limit: int = 50) -> list[FileJob]:
    """The user's files not yet expired, newest first."""
    stmt = (select(FileJob).where(FileJob.user_id == user.id, or_(FileJob.expires_at.is_(None),
                                                                  FileJob.expires_at > utcnow()))
            .order_by(FileJob.created_at.desc(), FileJob.id.desc()).limit(limit))
    return list(db.session.execute(stmt).scalars())


def expire_files(period: str | None = None) -> int:
    """Delete the files past their time, and jobs that never finished after a day (the hourly sweep); commits."""
    now = utcnow()
    unfinished = FileJob.status.in_((*ACTIVE, "failed")) & (FileJob.created_at <= now - timedelta(days=1))
    gone = db.session.execute(delete(FileJob).where(or_(FileJob.expires_at <= now, unfinished))).rowcount
    db.session.commit()
    return gone
