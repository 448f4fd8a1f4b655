"""One request of a duties page, end to end, in the production configuration against a loaded county: every SQL
statement it runs (count, milliseconds, the text of the slowest), the wall and the process's CPU time and, with ``--profile``, where the Python time
goes (cProfile, cumulative). Complements bench/duties.py (the pages under load) and bench/duties_explain.py (the
plans of the list's own statements).

    DATABASE_URL=postgresql+psycopg://... python bench/duties_profile.py /duties/overdue --user coordinator
    DATABASE_URL=... python bench/duties_profile.py /duties/mine --user cadre-... --profile --repeat 5
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
PASSWORD = "guanai-demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--user", default="coordinator")
    parser.add_argument("--repeat", type=int, default=5, help="requests timed after one to warm up")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) each statement once")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="the profile's order: cumulative, tottime, ...")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("GUANAI_ENV", "production")
    os.environ.setdefault("GUANAI_LOGIN_MAX_FAILURES", "1000")
    from sqlalchemy import event, text

    from portal import create_app
    from portal.extensions import db
    app = create_app()
    statements: list[list] = []

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("t0", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        started = conn.info["t0"].pop()
        statements.append([(time.perf_counter() - started) * 1000, statement, parameters])

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/login", data={"username": args.user, "password": PASSWORD,
                                           "csrf_token": token.group(1) if token else ""})
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {args.user}: {response.status_code}")
    client.get(args.path)   # warm: templates compiled, caches filled
    walls, cpus, sqls, counts = [], [], [], []
    profiler = cProfile.Profile() if args.profile else None
    last: list = []
    for _ in range(args.repeat):
        statements.clear()
        if profiler:
            profiler.enable()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(args.path)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        if profiler:
            profiler.disable()
        assert response.status_code == 200, response.status_code
        sqls.append(sum(s[0] for s in statements))
        counts.append(len(statements))
        last = list(statements)
    print(f"{args.path} as {args.user}: {statistics.median(walls):.1f} ms wall, "
          f"{statistics.median(cpus):.1f} ms CPU of this process (medians of {args.repeat}), "
          f"{statistics.median(sqls):.1f} ms in {statistics.median(counts):.0f} SQL statements, "
          f"{len(response.data)} bytes")
    for ms, statement, params in sorted(last, key=lambda s: -s[0]):
        print(f"  {ms:7.2f} ms  {' '.join(statement.split())[:220]}")
    if args.explain:
        with app.app_context():
            with engine.connect() as conn:
                for ms, statement, params in sorted(last, key=lambda s: -s[0])[:8]:
                    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    raw = conn.connection.dbapi_connection
                    with raw.cursor() as cur:
                        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                        print("\n".join(r[0] for r in cur.fetchall()))
                        print()
                conn.execute(text("SELECT 1"))
    if profiler:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
