"""Helpers for tests that go through the real queue: its storage, in-process consumers, worker processes."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

from portal.core.queue import configure_queue, start_consumer, stop_consumer
from portal.extensions import db

from ..workers import redis_url

ROOT = pathlib.Path(__file__).resolve().parents[2]


def queue_url(tmp_path) -> str:
    """Redis when the test run provides one (``GUANAI_TEST_QUEUE_URL``; one database per xdist worker), else a
    SQLite file of this test."""
    return redis_url(os.environ.get("GUANAI_TEST_QUEUE_URL", "")) or f"sqlite:///{tmp_path / 'queue.sqlite'}"


def use_real_queue(app, tmp_path, **config) -> None:
    """Rebuild ``app``'s queue on real storage (not immediate), emptied first."""
    app.config.update({"GUANAI_QUEUE_IMMEDIATE": False, "GUANAI_QUEUE_URL": queue_url(tmp_path),
                       "GUANAI_QUEUE_NAME": f"test-{tmp_path.name}", **config})
    configure_queue(app)
    app.extensions["guanai_queue"].huey.flush()


class Consumers:
    """In-process consumers (thread workers) of apps' queues, stopped together."""

    def __init__(self):
        self.running = []

    def start(self, app, workers: int = 2, periodic: bool = False):
        consumer = app.extensions["guanai_queue"].consumer(workers=workers, periodic=periodic, initial_delay=0.05,
                                                           max_delay=0.2, check_worker_health=False)
        start_consumer(consumer)
        self.running.append(consumer)
        return consumer

    def stop_all(self) -> None:
        while self.running:
            stop_consumer(self.running.pop())


def wait_for(check, timeout: float = 30.0, every: float = 0.1):
    """Poll ``check()`` (with a fresh view of the database) until it returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        db.session.expire_all()
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {check}")
        time.sleep(every)


def start_worker_process(app, slow_seconds: float = 0.0) -> subprocess.Popen:
    """``guanai worker`` in its own process (tests/background/worker_process.py), one that can be killed."""
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "GUANAI_QUEUE_URL": app.config["GUANAI_QUEUE_URL"], "GUANAI_QUEUE_NAME": app.config["GUANAI_QUEUE_NAME"],
           "GUANAI_RUN_LEASE_SECONDS": str(app.config["GUANAI_RUN_LEASE_SECONDS"]), "SECRET_KEY": "test",
           "SLOW_SOLVE_SECONDS": str(slow_seconds),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / ".test-plugins")])}
    return subprocess.Popen([sys.executable, str(ROOT / "tests/background/worker_process.py")], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(os.environ.get("WORKER_LOG", os.devnull), "ab"))
