"""Benchmark of the duties (issue 28) on the county of 100,000 people, on PostgreSQL: the full refresh of the due
table, the coordinator's overdue list and an owner's day (page and JSON), p50/p95/p99 at 1 and 20 clients.

    python bench/duties.py                          # private PostgreSQL, county of 100,000, gunicorn -w 4
    python bench/duties.py --people 20000 --requests 40
    DATABASE_URL=postgresql+psycopg://... python bench/duties.py --no-load   # a county already loaded

It loads the county with ``guanai demo --people N`` (bench/portal.py's cluster and clients are reused), then,
in SQL, gives every village an area cadre, every township a cadre and every grid a worker (all but one of
each), a door visit to nearly everyone within the last weeks and contacts with the families, runs
``guanai duties refresh`` (timed: every person's duties computed again) and drives the pages, each first served
once by every worker (untimed), with the CPU per request of the gunicorn workers and of the database's
PostgreSQL backends beside (20 x that / cores is the floor of the latency at 20 clients); then the first view
after a write, when the lists kept for every worker are built again (``--cold``). Goal: p95 within 150 ms at
one client and 500 ms at 20. Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_portal", os.path.join(HERE, "portal.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

OWNERS_SQL = [
    # One password hash for every owner (the portal's own hash of the demo password, given as :hash).
    """INSERT INTO users (username, display_name, password_hash, role, place_id, active, session_version,
                          must_change_password, created_at, updated_at)
       SELECT prefix || p.code, p.name || label, :hash, role, p.id, true, 0, false, now(), now()
       FROM places p JOIN (VALUES ('village', 'cadre-', '包片干部', 'coordinator'),
                                  ('township', 'towncadre-', '包村干部', 'coordinator'),
                                  ('grid', 'grid-', '网格员', 'volunteer')) AS k(level, prefix, label, role)
         ON k.level = p.level
       WHERE p.id NOT IN (SELECT max(id) FROM places GROUP BY level)
       ON CONFLICT DO NOTHING""",
    """INSERT INTO duty_owners (role, place_id, user_id, assigned_at)
       SELECT k.role, p.id, u.id, now() FROM places p
       JOIN (VALUES ('village', 'cadre-', 'village_cadre'), ('township', 'towncadre-', 'township_cadre'),
                    ('grid', 'grid-', 'grid_worker')) AS k(level, prefix, role) ON k.level = p.level
       JOIN users u ON u.username = k.prefix || p.code""",
    # A door visit for nearly everyone in the last two weeks (some longer ago: overdue), and one a month before.
    """INSERT INTO visits (beneficiary_id, rule, visited_at, mode, other_visitors, spoke_to, relation, findings,
                           close_attention, notes, created_at, updated_at)
       SELECT id, 'door', now() - make_interval(days => (CASE WHEN random() < 0.08 THEN 10 + random() * 20
                                                              ELSE random() * 12 END)::int),
              'home', '', '', '', '{}'::json, false, '', now(), now()
       FROM beneficiaries WHERE status = 'active'
       UNION ALL
       SELECT id, 'door', now() - interval '40 days', 'home', '', '', '', '{}'::json, false, '', now(), now()
       FROM beneficiaries WHERE status = 'active'""",
    """INSERT INTO family_contacts (beneficiary_id, contacted_on, who, how, said, recorded_at)
       SELECT id, current_date - (random() * 90)::int, '家人', 'phone', '', now()
       FROM beneficiaries WHERE status = 'active' AND "group" IN ('children', 'elderly')""",
]


def owners_and_history(env: dict) -> float:
    from sqlalchemy import create_engine, text
    from werkzeug.security import generate_password_hash
    engine = create_engine(env["DATABASE_URL"])
    started = time.perf_counter()
    with engine.begin() as conn:
        for sql in OWNERS_SQL:
            conn.execute(text(sql), {"hash": generate_password_hash(bench.PASSWORD)})
    engine.dispose()
    return time.perf_counter() - started


def owner_accounts(env: dict) -> dict[str, str]:
    """The busiest village cadre and grid worker (the most duties due within the week)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        rows = dict(conn.execute(text(
            "SELECT u.role, max(u.username) FROM users u JOIN duty_due d ON d.owner_id = u.id "
            "WHERE u.username LIKE 'cadre-%' OR u.username LIKE 'grid-%' GROUP BY u.role")).all())
        counts = conn.execute(text("SELECT count(*), count(*) FILTER (WHERE due_on < current_date), "
                                   "count(*) FILTER (WHERE owner_id IS NULL) FROM duty_due")).one()
    engine.dispose()
    print(f"duty_due: {counts[0]} rows, {counts[1]} overdue, {counts[2]} without an owner")
    return {"cadre": rows.get("coordinator", ""), "grid": rows.get("volunteer", "")}


def warm(port: int, workers: int) -> None:
    """Each worker builds the app on its first request (half a minute on a busy machine): ask until every
    worker has answered once, before any request is timed."""
    import http.client
    for _ in range(workers * 2):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request("GET", "/login")
        conn.getresponse().read()
        conn.close()


def deep_cursor(env: dict) -> str:
    """The keyset cursor of the overdue list's 20th page of 50 (the last row of the 19th), as the page's links
    carry it."""
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        row = conn.execute(text("SELECT due_on, beneficiary_id, duty FROM duty_due WHERE due_on < current_date "
                                "ORDER BY due_on, beneficiary_id, duty OFFSET 949 LIMIT 1")).one()
    engine.dispose()
    return f"{row[0].isoformat()}.{row[1]}.{row[2]}"


class DatabaseCpu(bench.CpuMeter):
    """The CPU of the gunicorn workers and of the PostgreSQL backends connected to this benchmark's database only
    (a shared cluster serves other databases too): (app seconds, database seconds) so far."""

    def __init__(self, env: dict, server_pid: int):
        super().__init__(env, server_pid)
        self.database = env["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]

    def read(self) -> tuple[float, float]:
        app, _all = super().read()
        tick, pg = os.sysconf("SC_CLK_TCK"), 0.0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    title = f.read().decode(errors="replace")
                if not title.startswith("postgres: ") or f" {self.database} " not in title:
                    continue
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pg += (int(fields[11]) + int(fields[12])) / tick
        return app, pg


def cold(env: dict, base: str, cells: list, requests: int) -> None:
    """The first view after a write (a visit logged anywhere moves the kept lists' generation on): each request
    preceded by such a move, one client; what the first viewer after each write waits."""
    if not requests:
        return
    import statistics

    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    print(f"\nthe first view after a write (nothing kept: portal.duties.kept), {requests} requests, one client; "
          "ms p50 / p95 / max")
    for name, username, path in cells:
        client = bench.Client(base)
        client.sign_in(username)
        times = []
        for _ in range(requests):
            with engine.begin() as conn:
                conn.execute(text("UPDATE duty_kept SET generation = generation + 1 WHERE key = '#generation'"))
            started = time.perf_counter()
            status, _body = client.request("GET", path)
            times.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
        q = statistics.quantiles(times, n=100, method="inclusive")
        print(f"{name:30}{q[49]:6.0f} /{q[94]:6.0f} /{max(times):6.0f}", flush=True)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="100000")
    parser.add_argument("--clients", default="1,20")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--budget", type=float, default=20)
    parser.add_argument("--port", type=int, default=5628)
    parser.add_argument("--pg-port", type=int, default=55628)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-load", action="store_true", help="the database is already loaded (and owned)")
    parser.add_argument("--no-refresh", action="store_true", help="the due table is already refreshed")
    parser.add_argument("--cold", type=int, default=10, help="requests of the cold cells (0: none)")
    parser.add_argument("--only", default="", help="only the pages whose path starts with this, e.g. /visits/")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(1))
    env = dict(os.environ, SECRET_KEY="bench", GUANAI_ENV="production", PYTHONPATH=bench.ROOT,
               GUANAI_LOGIN_MAX_FAILURES="1000", FLASK_APP="portal:create_app")
    cluster = server = None
    if not env.get("DATABASE_URL"):
        cluster = bench.Postgres(args.pg_port)
        cluster.start()
        env["DATABASE_URL"] = cluster.url
    try:
        if not args.no_load:
            bench.guanai(env, "db", "upgrade", "heads")
            print(f"loaded the county ({args.people} people) in {bench.guanai(env, 'demo', '--people', args.people):.1f} s")
            print(f"owners and a history in SQL in {owners_and_history(env):.1f} s")
        if not args.no_refresh:
            print(f"guanai duties refresh (every person's duties) in {bench.guanai(env, 'duties', 'refresh'):.1f} s")
            print(f"guanai visits refresh (every person's visit due days) in "
                  f"{bench.guanai(env, 'visits', 'refresh'):.1f} s")
        accounts = owner_accounts(env)
        # gunicorn's default timeout (30 s), as README's Deployment runs it: a page that takes longer answers 500
        server = subprocess.Popen([f"{bench.BIN}/gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
                                   "portal:create_app()"], env=env, cwd=bench.ROOT,
                                  stderr=subprocess.DEVNULL)
        bench.wait_for(args.port)
        warm(args.port, args.workers)
        levels = [int(c) for c in args.clients.split(",")]
        deep = deep_cursor(env)
        plan = [("coordinator", [("overdue duties p1", "/duties/overdue"),
                                 ("overdue duties, p20 (keyset)", f"/duties/overdue?after={deep}"),
                                 ("overdue, one duty", "/duties/overdue?duty=children.door"),
                                 ("overdue visits p1", "/visits/overdue"),
                                 ("overdue visits p20", "/visits/overdue?page=20"),
                                 ("overdue visits by name", "/visits/overdue?sort=name"),
                                 ("overdue visits by village", "/visits/overdue?sort=village")]),
                ("township", [("overdue duties (township)", "/duties/overdue"),
                              ("overdue visits (township)", "/visits/overdue")]),
                (accounts["cadre"], [("cadre: my duties", "/duties/mine"), ("cadre: my duties JSON", "/duties/mine.json")]),
                (accounts["grid"], [("grid worker: my duties", "/duties/mine")])]
        meter = DatabaseCpu(env, server.pid)
        print(f"\n{args.requests} requests per cell; ms p50 / p95 / p99, req/s; then the CPU per request of the "
              f"gunicorn workers + of this database's PostgreSQL backends (ms), and the floor it sets at 20 clients "
              f"on {os.cpu_count()} cores (20 x CPU / cores)")
        print(f"{'page':30}" + "".join(f"{f'{c} client(s)':>36}" for c in levels) + f"{'CPU/request':>26}")
        base = f"http://127.0.0.1:{args.port}"
        for username, pages in plan:
            if not username:
                continue
            client = bench.Client(base)
            client.sign_in(username)
            for name, path in pages:
                if not path.startswith(args.only):
                    continue
                # every worker has served the page once (templates compiled, per-process caches read), as a
                # server that has run for a while; the first view after a write is measured apart (cold, below)
                for _ in range(args.workers * 2):
                    client.request("GET", path)
                cells, cpu0 = [], meter.read()
                total = 0
                for c in levels:
                    r = bench.drive(client, path, c, max(args.requests, c), args.budget, [base])
                    total += r["n"]
                    bad = {s: n for s, n in r["statuses"].items() if s != 200}
                    cells.append(f"{r['p50']:6.0f} /{r['p95']:6.0f} /{r['p99']:6.0f} {r['rps']:6.1f}"
                                 + (f" n={r['n']}" if r["n"] < max(args.requests, c) else "") + (f" {bad}" if bad else ""))
                cpu1 = meter.read()
                app_ms, pg_ms = ((b - a) * 1000 / max(total, 1) for a, b in zip(cpu0, cpu1))
                floor = (app_ms + pg_ms) * 20 / (os.cpu_count() or 1)
                print(f"{name:30}" + "".join(f"{cell:>36}" for cell in cells)
                      + f"{app_ms:9.0f} +{pg_ms:5.0f}  floor {floor:5.0f}", flush=True)
        cold(env, base, [] if args.only and not "/duties/".startswith(args.only) else [("overdue duties p1, cold", "coordinator", "/duties/overdue"),
                         ("overdue (township), cold", "township", "/duties/overdue")], args.cold)
    finally:
        if server is not None:
            server.send_signal(signal.SIGQUIT)
            server.wait(timeout=30)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
