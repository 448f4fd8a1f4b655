"""How long a coordinator waits for a re-run after locking and forbidding pairs on a township's proposal.

Builds a demo county of ``--people`` (default: a township's 5,000) in a fresh SQLite file unless ``DATABASE_URL``
points at a loaded one, runs the children's caring-family pairing over the first township as the worker does
(build, solve, summary), then locks one proposed pair and forbids another and runs again, once reusing the
parent's stored instance (issue 27: ``GUANAI_RERUN_REUSE_MINUTES``) and once building it from the ledger::

    python bench/rerun.py [--people 5000] [--service children.caring_pairing]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--service", default="children.caring_pairing")
    args = parser.parse_args()
    from flask_migrate import upgrade
    from sqlalchemy import select

    from portal import create_app
    from portal.assignment.ids import row_id
    from portal.assignment.models import MatchRun
    from portal.assignment.runs import create_run, execute_run
    from portal.auth.models import User
    from portal.bigdemo import build_big_county
    from portal.extensions import db
    from portal.places.models import Place
    from portal.plugin.manager import current_plugins
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/rerun.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "GUANAI_QUEUE_IMMEDIATE": False})
    with app.app_context():
        if "DATABASE_URL" not in os.environ:
            upgrade(revision="heads")
            started = time.perf_counter()
            build_big_county(args.people)
            print(f"county of {args.people} people built in {time.perf_counter() - started:.0f} s", flush=True)
        service = current_plugins().services[args.service]
        town = db.session.execute(select(Place).where(Place.level == "township").order_by(Place.id)).scalars().first()
        user = db.session.execute(select(User).where(User.role == "coordinator")).scalars().first()

        def timed(label, run):
            started = time.perf_counter()
            execute_run(run.id)
            took = time.perf_counter() - started
            done = db.session.get(MatchRun, run.id)
            print(f"{label:34} {took:6.2f} s  {done.status}, {len(done.instance['beneficiaries'])} people, "
                  f"{len(done.instance['volunteers'])} volunteers", flush=True)
            return done
        first = timed("first run (build + solve + summary)", create_run(user, service, "volunteer", town))
        pairs = [(row_id(a["beneficiary"]), row_id(a["volunteer"])) for a in first.result["assignments"][:2]]
        params = {"locked": [list(pairs[0])], "forbidden": [list(pairs[1])]} if len(pairs) == 2 else {}
        timed("re-run, stored instance reused", create_run(user, service, "volunteer", town, params, parent=first))
        app.config["GUANAI_RERUN_REUSE_MINUTES"] = -1
        timed("re-run, built from the ledger", create_run(user, service, "volunteer", town, params, parent=first))


if __name__ == "__main__":
    main()
