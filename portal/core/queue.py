"""The task queue: one huey per app (SQLite in instance/ by default, Redis from GUANAI_QUEUE_URL), named tasks.

Features hand their tasks over through ``guanai_get_tasks``; callers enqueue by name with JSON arguments
(``enqueue("assignment.execute_run", run_id=7)``), after committing what the task will read. Workers run them
inside an app context (``guanai worker``, a huey consumer). With ``GUANAI_QUEUE_IMMEDIATE`` a task runs at
once, in the caller (for tests that are not about the queue, and for the command line).
"""
from __future__ import annotations

import json
import logging
import os
from functools import partial
from typing import Any, Callable

from flask import Flask, current_app, has_app_context
from huey import RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..plugin.records import PeriodicTask, Task

log = logging.getLogger(__name__)


def build_huey(app: Flask):
    """The huey instance for the app's configuration: Redis for ``redis://`` URLs, else a SQLite file."""
    url = app.config.get("GUANAI_QUEUE_URL") or ""
    name = app.config.get("GUANAI_QUEUE_NAME", "guanai")
    immediate = bool(app.config.get("GUANAI_QUEUE_IMMEDIATE"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False, immediate=immediate, utc=True)
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else os.path.join(app.instance_path, "queue.sqlite")
    return SqliteHuey(name, filename=path, results=False, immediate=immediate, utc=True, timeout=15)


class Queue:
    """The app's huey and its named tasks; periodic tasks wrapped so that each period runs once."""

    def __init__(self, app: Flask, tasks: list[Task | PeriodicTask]):
        self.app = app
        self.huey = build_huey(app)
        self._tasks: dict[str, Any] = {}
        for task in tasks:
            if task.name in self._tasks:
                raise RuntimeError(f"two plugins give a task named {task.name!r}")
            if isinstance(task, PeriodicTask):
                from .periodic import run_once_per_period
                # period None: every look, on every worker (the body is idempotent, e.g. a lease check)
                body = self._in_app(partial(run_once_per_period, task) if task.period else task.fn)
                self._tasks[task.name] = self.huey.periodic_task(
                    crontab(minute=f"*/{task.check_minutes}"), name=task.name)(body)
            else:
                self._tasks[task.name] = self.huey.task(name=task.name, retries=task.retries,
                                                        retry_delay=task.retry_delay)(self._in_app(task.fn))

    @property
    def names(self) -> list[str]:
        return sorted(self._tasks)

    def _in_app(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        app = self.app

        def run(*args, **kwargs):
            # Immediate mode runs in the caller's context (and session); a worker pushes the app's own.
            if has_app_context() and current_app._get_current_object() is app:
                return fn(*args, **kwargs)
            with app.app_context():
                return fn(*args, **kwargs)
        run.__name__ = getattr(fn, "__name__", "task")
        return run

    def enqueue(self, name: str, *, delay: float | None = None, **kwargs: Any) -> None:
        """Put the task ``name`` with JSON ``kwargs`` on the queue (run at once in immediate mode)."""
        if json.loads(json.dumps(kwargs)) != kwargs:
            raise TypeError(f"task {name!r}: arguments must be plain JSON, got {kwargs!r}")
        task = self._tasks[name]
        if delay:
            task.schedule(kwargs=kwargs, delay=delay)
        else:
            task(**kwargs)

    def run_now(self, name: str, **kwargs: Any) -> Any:
        """Run a task's body in this process, now (periodic ones still once per period): for commands."""
        return self._tasks[name].call_local(**kwargs)

    def pending(self) -> int:
        """How many tasks wait in the queue."""
        return self.huey.pending_count()

    def consumer(self, workers: int = 2, periodic: bool = True, **options: Any):
        """A huey consumer of this queue, with thread workers (``guanai worker`` runs one)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic, **options)


def start_consumer(consumer) -> None:
    """Start a consumer's scheduler and workers without taking over signals (tests; embedded use)."""
    consumer.scheduler.start()
    for _, worker in consumer.worker_threads:
        worker.start()


def stop_consumer(consumer) -> None:
    """Stop a consumer started by :func:`start_consumer`, letting running tasks finish."""
    consumer.stop(graceful=True)


def configure_queue(app: Flask) -> None:
    """Build the app's queue from every plugin's tasks; keep it in ``app.extensions["guanai_queue"]``."""
    tasks = [t for t in app.extensions["guanai"].tasks()]
    app.extensions["guanai_queue"] = Queue(app, tasks)


def current_queue() -> Queue:
    """The queue of the current app."""
    return current_app.extensions["guanai_queue"]


def enqueue(name: str, **kwargs: Any) -> None:
    """Put the task ``name`` on the current app's queue, with JSON ``kwargs``."""
    current_queue().enqueue(name, **kwargs)


AFTER_COMMIT = "guanai_enqueue_after_commit"


def enqueue_after_commit(name: str, **kwargs: Any) -> None:
    """Enqueue ``name`` once the current transaction commits (dropped if it rolls back); once per name.

    For work that reads what the caller is writing (delivering the notifications it adds, for example).
    In immediate mode nothing is enqueued: the task would run inside the commit.
    """
    from ..extensions import db
    pending = db.session.info.setdefault(AFTER_COMMIT, {})
    pending[name] = (current_queue(), kwargs)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session) -> None:
    for name, (queue, kwargs) in session.info.pop(AFTER_COMMIT, {}).items():
        if not queue.huey.immediate:
            try:
                queue.enqueue(name, **kwargs)
            except Exception:  # the periodic checks pick the work up anyway
                log.exception("could not enqueue %s after commit", name)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session) -> None:
    session.info.pop(AFTER_COMMIT, None)
