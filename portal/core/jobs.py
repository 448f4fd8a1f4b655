"""Background jobs for long work (match runs): a thread pool now, behind one small interface.

State lives in the database (a run's status and progress), so a page on any app server can show it; a
real queue can replace the pool without touching callers. ``GUANAI_JOBS_INLINE`` runs jobs at once (the
command line and tests use it).
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from flask import Flask, current_app


class JobRunner:
    """Run a function with arguments in the background, inside an app context."""

    def __init__(self, app: Flask):
        self.app = app
        self.inline = app.config.get("GUANAI_JOBS_INLINE", False)
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, fn: Callable, *args) -> Future | None:
        if self.inline:
            fn(*args)
            return None
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.app.config.get("GUANAI_JOB_WORKERS", 2),
                                            thread_name_prefix="guanai-job")
        return self._pool.submit(self._in_context, fn, *args)

    def _in_context(self, fn: Callable, *args) -> None:
        with self.app.app_context():
            fn(*args)


def jobs() -> JobRunner:
    """The job runner of the current app."""
    return current_app.extensions["guanai_jobs"]
