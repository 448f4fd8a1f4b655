"""A worker process for the tests: ``guanai worker`` whose engine can be made slow, so it is killed mid-run."""
import os
import time

import portal.assignment.runs as runs
from portal import create_app

SLOW = float(os.environ.get("SLOW_SOLVE_SECONDS", "0"))
real_solve = runs.solve


def slow_solve(instance):
    time.sleep(SLOW)
    return real_solve(instance)


if __name__ == "__main__":
    runs.solve = slow_solve
    app = create_app()
    with app.app_context():
        app.extensions["guanai_queue"].consumer(workers=1, periodic=False, initial_delay=0.05, max_delay=0.2).run()
