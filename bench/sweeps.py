"""Benchmark of the worker's sweeps and of loading (issue 32) on a demo county on PostgreSQL: the CPU time of
``guanai demo --people N``, the first visit reminder sweep of the county (``visits.remind``) and the second one
the same day, the background check sweep on a day when thousands of checks end (``volunteers.check_sweep``) and the flag
sweep of the pairings with minors they hold (``assignment.check_flags``),
the re-verification and duty reminders, and what reached the bells.

    python bench/sweeps.py                          # private PostgreSQL, county of 100,000
    python bench/sweeps.py --people 20000
    DATABASE_URL=postgresql+psycopg://... python bench/sweeps.py --no-load   # a county already loaded

(``bench/sweep.py`` is the matching engine's sweep of issue 12, not this one.) The county is loaded with
``guanai demo`` (bench/portal.py's cluster); the CPU time is the demo process's own (user + system, from
``getrusage`` of the children). Every helper is given an account first (the demo gives one only to the
demo volunteer; a county using the portal has its helpers sign in). Before the check sweep one passed check in four is dated a year back, so that it
ends today. Each sweep is timed in this process, inside an app context, as the worker runs it. Every figure is
printed beside ``/proc/loadavg`` (the machine is shared). Goal: the county's reminder sweep under 30 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_portal", os.path.join(HERE, "portal.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


ACCOUNTS_SQL = [
    """INSERT INTO users (username, display_name, password_hash, role, place_id, active, session_version,
                          must_change_password, created_at, updated_at)
       SELECT 'helper-' || v.id, v.name, :hash, 'volunteer', v.place_id, true, 0, false, now(), now()
       FROM volunteers v WHERE v.user_id IS NULL ON CONFLICT DO NOTHING""",
    """UPDATE volunteers v SET user_id = u.id FROM users u WHERE u.username = 'helper-' || v.id AND v.user_id IS NULL""",
]


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def report(label: str, seconds: float, extra: str = "") -> None:
    print(f"{label:<44} {seconds:8.1f} s   load {load()}   {extra}", flush=True)


def demo(env: dict, people: str) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = bench.guanai(env, "demo", "--people", people)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report(f"guanai demo --people {people} (wall)", wall)
    report(f"guanai demo --people {people} (CPU of the process)", cpu)


def sweeps(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "SECRET_KEY", "GUANAI_ENV")})
    sys.path.insert(0, bench.ROOT)
    from sqlalchemy import func, select, text

    from portal import create_app
    from portal.core.time import utcnow
    from portal.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": "bench"})
    with app.app_context():
        from portal.notifications.models import Notification

        def bells(label: str) -> None:
            kinds = dict(db.session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all())
            fullest = db.session.execute(select(func.count()).select_from(Notification)
                                         .group_by(Notification.user_id).order_by(func.count().desc()).limit(1)
                                         ).scalar() or 0
            print(f"  notices after {label}: {kinds}; the fullest bell holds {fullest}", flush=True)

        with db.engine.begin() as conn:  # every helper has an account, as a county that uses the portal has
            from werkzeug.security import generate_password_hash
            made = conn.execute(text(ACCOUNTS_SQL[0]), {"hash": generate_password_hash(bench.PASSWORD)}).rowcount
            conn.execute(text(ACCOUNTS_SQL[1]))
        print(f"  gave {made} helpers an account", flush=True)
        from portal.visits.reminders import send_visit_reminders
        for label in ("first visit reminder sweep", "second visit reminder sweep (same day)"):
            started = time.perf_counter()
            counts = send_visit_reminders(utcnow())
            db.session.commit()
            report(label, time.perf_counter() - started, str(counts))
        bells("the visit reminders")

        with db.engine.begin() as conn:  # one passed check in four ends today
            ended = conn.execute(text(
                "UPDATE volunteers SET background_checked_on = current_date - 365, background_check_notice = '' "
                "WHERE background_check = 'passed' AND id % 4 = 0")).rowcount
        from portal.volunteers.checks import sweep_checks
        started = time.perf_counter()
        counts = sweep_checks()
        db.session.commit()
        report(f"check sweep ({ended} checks end today)", time.perf_counter() - started, str(counts))
        bells("the check sweep")
        from portal.assignment.ending import sweep_check_flags
        started = time.perf_counter()
        counts = sweep_check_flags()
        db.session.commit()
        report("check flag sweep (pairings with minors)", time.perf_counter() - started, str(counts))
        bells("the check flag sweep")

        from portal.reverification.reminders import send_cycle_reminders
        started = time.perf_counter()
        counts = send_cycle_reminders(utcnow())
        db.session.commit()
        report("re-verification reminder sweep", time.perf_counter() - started, str(counts))
        try:
            from portal.duties.reminders import send_duty_reminders
        except ImportError:
            return
        from portal.core.time import local_today
        started = time.perf_counter()
        counts = send_duty_reminders(local_today())
        db.session.commit()
        report("duty reminder sweep", time.perf_counter() - started, str(counts))
        bells("every sweep")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="100000")
    parser.add_argument("--pg-port", type=int, default=55720)
    parser.add_argument("--no-load", action="store_true", help="the database is already loaded")
    parser.add_argument("--keep", action="store_true", help="leave the private cluster running (prints its URL)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(1))
    env = dict(os.environ, SECRET_KEY="bench", GUANAI_ENV="production", PYTHONPATH=bench.ROOT,
               FLASK_APP="portal:create_app")
    cluster = None
    if not env.get("DATABASE_URL"):
        cluster = bench.Postgres(args.pg_port)
        cluster.start()
        env["DATABASE_URL"] = cluster.url
    try:
        if not args.no_load:
            bench.guanai(env, "db", "upgrade", "heads")
            demo(env, args.people)
        sweeps(env)
    finally:
        if cluster is not None and not args.keep:
            cluster.stop()
        elif cluster is not None:
            print(f"kept: DATABASE_URL={cluster.url} (data {cluster.data})")


if __name__ == "__main__":
    main()
