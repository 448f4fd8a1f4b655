"""Benchmark of a match run over a whole county: each phase's time, SQL statements and peak memory.

Run against a loaded county (``guanai demo --people 100000``)::

    DATABASE_URL=postgresql+psycopg://... python bench/runs.py [--service children.caring_pairing] [--commit]

Phases: building the instance (``create_run``), solving it (``execute_run``), the review page's data
(``review``) and, with ``--commit``, writing the pairings (``commit_run``; this changes the database).
Peak memory is Python's (tracemalloc) during the phase, which slows the phase itself somewhat.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def phase(name: str, work, engine):
    from sqlalchemy import event
    count = [0]

    def listen(*_args):
        count[0] += 1
    event.listen(engine, "before_cursor_execute", listen)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        out = work()
    finally:
        took = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        event.remove(engine, "before_cursor_execute", listen)
    print(f"{name:10} {took:7.1f} s {count[0]:7d} statements  peak {peak / 2 ** 20:7.0f} MB", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", default="children.caring_pairing")
    parser.add_argument("--role", default="volunteer")
    parser.add_argument("--commit", action="store_true")
    args = parser.parse_args()
    from sqlalchemy import select

    from portal import create_app
    from portal.assignment.models import MatchRun
    from portal.assignment.pairings import commit_run
    from portal.assignment.review import review
    from portal.assignment.runs import create_run, execute_run
    from portal.auth.models import User
    from portal.extensions import db
    from portal.places.models import Place
    from portal.plugin.manager import current_plugins
    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"], "SECRET_KEY": "bench"})
    with app.test_request_context():
        service = current_plugins().services[args.service]
        county = db.session.execute(select(Place).where(Place.level == "county")).scalars().first()
        user = db.session.execute(select(User).where(User.username == "coordinator")).scalar_one()
        run = phase("build", lambda: create_run(user, service, args.role, county), db.engine)
        run_id, user_id = run.id, user.id
        print(f"  {len(run.instance['beneficiaries'])} people, {len(run.instance['volunteers'])} volunteers")
        db.session.expunge_all()
        phase("solve", lambda: execute_run(run_id), db.engine)
        db.session.expunge_all()
        data = phase("review", lambda: review(db.session.get(MatchRun, run_id)), db.engine)
        print(f"  {len(data.assignments)} proposed pairings, {len(data.unassigned)} left out")
        if args.commit:
            db.session.expunge_all()
            actor = db.session.get(User, user_id)
            out = phase("commit", lambda: (commit_run(actor, db.session.get(MatchRun, run_id)), db.session.commit()),
                        db.engine)
            print(f"  {out[0]}")


if __name__ == "__main__":
    main()
