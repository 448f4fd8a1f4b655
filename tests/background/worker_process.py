"""``guanai worker`` in its own process for the tests, with an engine that can be made slow (to be killed mid-run)."""
import os
import sys
import time

import portal.assignment.runs as runs
from portal.cli import main

SLOW = float(os.environ.get("SLOW_SOLVE_SECONDS", "0"))
real_solve = runs.solve


def slow_solve(instance):
    time.sleep(SLOW)
    return real_solve(instance)


if __name__ == "__main__":
    runs.solve = slow_solve
    sys.exit(main(["worker", "--workers", "1", "--no-periodic"]))
