"""Benchmark of a match run over a whole county: each phase's time, SQL statements and peak memory.

Run against a loaded county (``guanai demo --people 100000``)::

    DATABASE_URL=postgresql+psycopg://... python bench/runs.py [--service children.caring_pairing] [--commit]

Phases: creating the run (``create_run``, what the web request does), building the instance, solving
it and keeping the review's summary (``build_run``, ``solve_run``, ``summarize``: what the queue's worker
does), the run's page and its largest village's page as rendered, and, with ``--commit``, writing the pairings
(``hand_over_commit`` and the worker's ``commit_task``, telling the volunteers included; this changes
the database).
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


def page(name: str, view, engine, **kwargs) -> None:
    """Render one of the run's pages as the coordinator would get it: time, statements, peak, size."""
    html = phase(name, lambda: view(**kwargs), engine)
    body = html if isinstance(html, str) else html.get_data(as_text=True)
    print(f"  {len(body.encode()) / 1024:.0f} KB of HTML", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", default="children.caring_pairing")
    parser.add_argument("--role", default="volunteer")
    parser.add_argument("--commit", action="store_true")
    args = parser.parse_args()
    from flask_login import login_user
    from sqlalchemy import select

    from portal import create_app
    from portal.assignment import views
    from portal.assignment.committing import commit_task, hand_over_commit
    from portal.assignment.models import MatchRun
    from portal.assignment.review import facts_of, summarize, summary
    from portal.assignment.runs import build_run, claim_run, create_run, finish_run, read_document, solve_run
    from portal.auth.models import User
    from portal.extensions import db
    from portal.places.models import Place
    from portal.plugin.manager import current_plugins
    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"], "SECRET_KEY": "bench",
                      "GUANAI_QUEUE_IMMEDIATE": False})
    with app.test_request_context():
        service = current_plugins().services[args.service]
        county = db.session.execute(select(Place).where(Place.level == "county")).scalars().first()
        user = db.session.execute(select(User).where(User.username == "coordinator")).scalar_one()
        login_user(user)
        # The request that creates the run only stores it; the worker claims, builds and solves it.
        run = phase("create", lambda: create_run(user, service, args.role, county), db.engine)
        run_id, user_id = run.id, user.id
        db.session.expunge_all()
        attempt = claim_run(run_id)
        held = [phase("build", lambda: build_run(run_id, attempt), db.engine)]
        print(f"  {len(held[0]['beneficiaries'])} people, {len(held[0]['volunteers'])} volunteers")

        values, facts = {}, []

        def solve():  # as execute_run: the document is let go once the engine has read it
            document = held.pop()
            instance, failed = read_document(document)
            facts.append(facts_of(document))
            del document
            values.update(failed or solve_run(run_id, attempt, instance))
        phase("solve", solve, db.engine)

        def summarize_and_store():  # the worker keeps the review's summary with the proposal
            values["review"] = summarize(db.session.get(MatchRun, run_id), facts[0], values["result"])
            values["rows_by_place"] = values["review"].pop("by_place")
            finish_run(run_id, attempt, values)
            return values["review"]
        data = phase("summary", summarize_and_store, db.engine)
        print(f"  {data['paired']} proposed pairings, {data['people'] - data['paired']} left out, "
              f"{len(data['places'])} villages")
        values.clear()
        db.session.expunge_all()
        login_user(db.session.get(User, user_id))
        page("page:run", views.detail, db.engine, run_id=run_id)
        biggest = max(summary(db.session.get(MatchRun, run_id)).places, key=lambda p: p.people)
        db.session.expunge_all()
        login_user(db.session.get(User, user_id))
        page("page:vil", views.place, db.engine, run_id=run_id, place_id=biggest.id)
        print(f"  village {biggest.name}: {biggest.people} people")
        if args.commit:
            db.session.expunge_all()
            actor = db.session.get(User, user_id)
            # As the page does: the request hands the proposal over, the worker's task writes it.
            phase("commit", lambda: (hand_over_commit(actor, db.session.get(MatchRun, run_id)), commit_task(run_id)),
                  db.engine)
            done = db.session.get(MatchRun, run_id)
            print(f"  {done.status} {done.error}")


if __name__ == "__main__":
    main()
