"""Run a piece of work in several threads at the same moment, each with its own app and connections."""
import threading

from portal import create_app
from portal.extensions import db

TIMEOUT = 60


def run_together(database_url: str, work, items) -> list[BaseException]:
    """Call ``work(item)`` for every item, each in its own thread and app, released together.

    Returns the exceptions the workers raised. The apps are made here, one after another: on Python 3.11,
    compiling code (Flask's routing does) in several threads at once can fail. A worker that fails breaks
    the barrier for the others, and a worker that hangs fails the test instead of hanging it.
    """
    apps = [create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"}) for _ in items]
    barrier = threading.Barrier(len(items), timeout=TIMEOUT)
    failures: list[BaseException] = []

    def go(app, item):
        try:
            with app.app_context():
                try:
                    barrier.wait()
                    work(item)
                finally:
                    db.session.remove()
                    db.engine.dispose()
        except BaseException as exc:  # reported to the test, which asserts there are none
            failures.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=go, args=pair) for pair in zip(apps, items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a worker did not finish"
    return failures
