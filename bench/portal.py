"""Benchmark of the portal's pages at county scale: p50, p95, p99 and throughput with 1, 5 and 20 clients.

One command from a fresh clone: ``make bench-portal`` (``BENCH_ARGS="--requests 30"`` for options), or, with
the package installed with its ``bench`` extra (gunicorn)::

    python bench/portal.py                       # county of 100,000 people, private PostgreSQL, gunicorn -w 4
    python bench/portal.py --people 20000 --requests 40 --clients 1,20
    DATABASE_URL=postgresql+psycopg://... python bench/portal.py --no-load   # an existing loaded database
    DATABASE_URL=postgresql+psycopg://... python bench/portal.py --no-load \
        --base http://10.0.0.1:8000 --base http://10.0.0.2:8000          # two servers already running

Without ``DATABASE_URL`` it starts a throwaway PostgreSQL cluster (Debian's binaries, port 55600, data under
/tmp, with pg_stat_statements) and stops it at the end. It loads the county with ``guanai demo --people N``
(timed), starts gunicorn with 4 workers at gunicorn's default timeout (30 s, as README's Deployment runs it: a
page that takes longer answers 500 here too), signs in as the county coordinator, a township coordinator and a
volunteer, and requests each page ``--requests`` times at each level of concurrency (each client its own
connection). Prints one table per user and the slowest SQL statements (pg_stat_statements, when available).

With ``--base`` (given once per server) it starts no server: it drives the servers at those addresses, each
client on the next server in turn, with the cookie it signed in with on the first (sessions are signed
cookies checked against the database, so any server accepts them). Given twice, it first checks what two
servers must share (see ``two_servers``): a session, a report page kept by one and served by the other, and
a match run started on one and reviewed on the other (a ``guanai worker`` must be running).
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode, urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
PASSWORD = "guanai-demo"


def _as_postgres(cmd: str) -> None:
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", cmd], check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run(["sh", "-c", cmd], check=True, stdout=subprocess.DEVNULL)


class Postgres:
    """A private cluster on ``port`` with its data under /tmp, started and stopped by the benchmark."""

    def __init__(self, port: int):
        bins = sorted(d for d in os.listdir("/usr/lib/postgresql"))
        self.bin = f"/usr/lib/postgresql/{bins[-1]}/bin"
        self.port, self.data = port, tempfile.mkdtemp(prefix="guanai-bench-pg-")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/guanai_bench"

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        _as_postgres(f"{self.bin}/initdb -D {self.data} -U postgres -A trust")
        opts = (f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB "
                "-c shared_preload_libraries=pg_stat_statements -c max_connections=60")
        _as_postgres(f"{self.bin}/pg_ctl -D {self.data} -o '{opts}' -l {self.data}/log -w start")
        _as_postgres(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} -U postgres guanai_bench")

    def stop(self) -> None:
        _as_postgres(f"{self.bin}/pg_ctl -D {self.data} -m fast stop")
        shutil.rmtree(self.data, ignore_errors=True)


def guanai(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([f"{BIN}/guanai", *args], env=env, check=True, cwd=ROOT)
    return time.perf_counter() - started


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.base, self.host, self.port, self.cookies = base, parts.hostname, parts.port or 80, {}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        self.location = response.getheader("Location") or ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, payload

    def csrf(self, path: str) -> str:
        _status, page = self.request("GET", path)
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(rb'name="csrf_token" value="([^"]+)"', page)
        return token.group(1).decode() if token else ""

    def sign_in(self, username: str) -> None:
        form = {"username": username, "password": PASSWORD, "csrf_token": self.csrf("/login")}
        status, _page = self.request("POST", "/login", form)
        if status != 302:
            raise SystemExit(f"could not sign in as {username}: {status}")

    def clone(self, base: str | None = None) -> Client:
        """A new connection with the same cookies (to ``base``, another server, if given)."""
        other = Client(base or self.base)
        other.cookies = dict(self.cookies)
        return other


def drive(client: Client, path: str, clients: int, requests: int, budget: float, bases: list[str]) -> dict:
    """``requests`` GETs of ``path`` spread over ``clients`` concurrent clients; no new request is started
    after ``budget`` seconds (a page that takes seconds is measured on fewer requests: ``n`` says how many)."""
    times, statuses, lock = [], {}, threading.Lock()
    todo = iter(range(requests))
    deadline = time.perf_counter() + budget

    def worker(c: Client):
        while True:
            with lock:
                if next(todo, None) is None or (times and time.perf_counter() > deadline):
                    return
            started = time.perf_counter()
            try:
                status, _body = c.request("GET", path)
            except OSError as failed:  # a timeout counts as an answer that never came, not a crash
                status = type(failed).__name__
            took = time.perf_counter() - started
            with lock:
                times.append(took)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(client.clone(bases[i % len(bases)]),)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    times.sort()
    q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "rps": len(times) / wall,
            "statuses": statuses, "n": len(times)}


def _children_cpu(parents: set[int]) -> float:
    """CPU seconds (user + system) used so far by the processes whose parent is one of ``parents``, and by them."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) in parents or int(fields[1]) in parents:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


class CpuMeter:
    """Reads the CPU the portal's server processes (gunicorn's workers) and the database's backends spend, so
    a page's CPU per request can be printed beside its latency: with ``c`` clients on ``n`` cores, a page
    cannot answer faster than about c x (CPU per request) / n (the floor that 20 clients meet on 2 cores)."""

    def __init__(self, env: dict, server_pid: int | None):
        self.server = {server_pid} if server_pid else set()
        self.postmaster = set()
        try:
            from sqlalchemy import create_engine, text
            engine = create_engine(env["DATABASE_URL"])
            with engine.connect() as conn:
                backend = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            engine.dispose()
            with open(f"/proc/{backend}/stat") as f:
                self.postmaster = {int(f.read().rsplit(")", 1)[1].split()[1])}
        except Exception:  # noqa: BLE001 - a remote database: its CPU is not ours to read
            pass

    def read(self) -> tuple[float, float]:
        return (_children_cpu(self.server) if self.server else 0.0,
                _children_cpu(self.postmaster) if self.postmaster else 0.0)


def pages(env: dict, who: str) -> list[tuple[str, str]]:
    """The pages each user drives, with ids read from the loaded database."""
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        town = conn.execute(text("SELECT id FROM places WHERE level = 'township' ORDER BY id LIMIT 1")).scalar()
        # In the first township (the township coordinator's), so that both coordinators may open the page.
        person = conn.execute(text(
            "SELECT b.id, b.\"group\" FROM beneficiaries b JOIN places p ON p.id = b.place_id "
            "WHERE p.path LIKE (SELECT path FROM places WHERE id = :t) || '%' ORDER BY b.id LIMIT 1 OFFSET 50"),
            {"t": town}).one()
        village = conn.execute(text("SELECT id FROM places WHERE level = 'village' AND parent_id = :t "
                                    "ORDER BY id LIMIT 1"), {"t": town}).scalar()
        groups = [g for (g,) in conn.execute(text('SELECT DISTINCT "group" FROM beneficiaries ORDER BY 1'))]
    engine.dispose()
    if who == "volunteer":
        return [("my page", "/me/"), ("my pairings", "/me/pairings"), ("my visits", "/visits/mine"),
                ("activities", "/activities/"), ("offline day", "/offline/day.json")]
    out = [("dashboard", "/")]
    for g in groups:
        out += [(f"{g} ledger p1", f"/g/{g}/"), (f"{g} ledger p200", f"/g/{g}/?page=200" if who == "county"
                                                  else f"/g/{g}/?page=20")]
    out += [("search by name (elderly)", "/g/elderly/?q=" + "%E7%8E%8B"),       # 王
            ("filter village+category", f"/g/children/?place={village}&category=left_behind"),
            ("a person's page", f"/g/{person.group}/{person.id}"), ("volunteers", "/volunteers/"),
            ("match runs", "/runs/"), ("overdue visits", "/visits/overdue"), ("incidents", "/incidents/"),
            ("quarterly report", "/reports/"), ("export elderly csv", "/transfer/export/g/elderly.csv")]
    return out


def slowest_sql(env: dict, limit: int = 12) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT calls, total_exec_time, mean_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) "
                "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT :n"), {"n": limit}).all()
    except Exception as missing:  # noqa: BLE001 - pg_stat_statements not loaded: say so, the figures stand
        print(f"(no pg_stat_statements: {type(missing).__name__})")
        return
    finally:
        engine.dispose()
    print("\nslowest SQL (total ms, calls, mean ms):")
    for calls, total, mean, query in rows:
        print(f"{total:10.0f} {calls:7d} {mean:8.2f}  {query}")


def reset_statements(env: dict) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            conn.execute(text("SELECT pg_stat_statements_reset()"))
    except Exception:  # noqa: BLE001 - the extension is optional
        pass
    engine.dispose()


def wait_for(base: str, seconds: float = 300) -> None:
    """Until the server answers a page (its workers build the app first: seconds each on a loaded machine)."""
    parts = urlsplit(base) if "://" in str(base) else urlsplit(f"http://127.0.0.1:{base}")
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=seconds)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def two_servers(env: dict, bases: list[str], account: str = "coordinator") -> None:
    """What two servers on one database and one Redis must share, checked and timed: a session signed in on
    one used on the other; the county's report built on one and served by the other from the kept copy; a
    match run started on one and reviewed on the other (solved by whichever worker took it)."""
    from sqlalchemy import create_engine, text
    first = Client(bases[0])
    first.sign_in(account)
    second = first.clone(bases[1])
    status, _page = second.request("GET", "/")
    print(f"\ntwo servers: signed in on {bases[0]}, the dashboard on {bases[1]} answers {status}"
          + (" (the session is shared)" if status == 200 else " (NOT shared)"))
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        village = conn.execute(text("SELECT id FROM places WHERE level = 'village' ORDER BY id LIMIT 1")).scalar()
        town = conn.execute(text("SELECT id FROM places WHERE level = 'township' ORDER BY id LIMIT 1")).scalar()
    year = time.gmtime().tm_year
    for area, place in (("a township", f"&place={town}"), ("the whole county", "")):
        for client, label in ((first, "built on the first"), (second, "read on the second")):
            started = time.perf_counter()
            status, page = client.request("GET", f"/reports/?kind=annual&year={year}{place}")
            print(f"annual report, {area}, {label}: {status}, {(time.perf_counter() - started) * 1000:.0f} ms, "
                  f"{len(page) // 1024} KB")
    form = {"csrf_token": first.csrf("/runs/"), "service": "children.caring_pairing", "role": "volunteer",
            "place_id": village}
    started = time.perf_counter()
    status, _page = first.request("POST", "/runs/", form)
    match = re.search(r"/runs/(\d+)", first.location)
    if status != 302 or match is None:
        print(f"match run: could not start one on the first server ({status})")
        engine.dispose()
        return
    run_id, state = int(match.group(1)), ""
    while time.perf_counter() - started < 120:
        with engine.connect() as conn:
            state = conn.execute(text("SELECT status FROM match_runs WHERE id = :id"), {"id": run_id}).scalar()
        if state in ("proposed", "failed", "cancelled"):
            break
        time.sleep(0.5)
    status, page = second.request("GET", f"/runs/{run_id}")
    print(f"match run {run_id} started on the first server: {state} after {time.perf_counter() - started:.1f} s; "
          f"its review on the second answers {status} ({len(page) // 1024} KB)")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="100000", help="people in the county (or a size name)")
    parser.add_argument("--clients", default="1,5,20", help="levels of concurrency")
    parser.add_argument("--requests", type=int, default=60, help="requests per page and level")
    parser.add_argument("--budget", type=float, default=15, help="seconds per page and level (then fewer requests)")
    parser.add_argument("--users", default="county,township,volunteer")
    parser.add_argument("--pages", default="", help="only pages whose name contains one of these (comma-separated)")
    parser.add_argument("--port", type=int, default=5600)
    parser.add_argument("--pg-port", type=int, default=55600)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--base", action="append", default=[],
                        help="a running server to drive (e.g. http://10.0.0.1:8000); give it once per server")
    parser.add_argument("--no-load", action="store_true", help="the database is already loaded")
    args = parser.parse_args()
    # Stopped with a signal, it still stops its gunicorn and its cluster (the finally below).
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(1))
    env = dict(os.environ, SECRET_KEY=os.environ.get("SECRET_KEY", "bench"), GUANAI_ENV="production",
               PYTHONPATH=ROOT, GUANAI_LOGIN_MAX_FAILURES="1000", FLASK_APP="portal:create_app")
    cluster = None
    if not env.get("DATABASE_URL"):
        cluster = Postgres(args.pg_port)
        cluster.start()
        env["DATABASE_URL"] = cluster.url
    server = None
    bases = args.base or [f"http://127.0.0.1:{args.port}"]
    try:
        if not args.no_load:
            guanai(env, "db", "upgrade", "heads")
            print(f"loaded the county ({args.people} people) in {guanai(env, 'demo', '--people', args.people):.1f} s")
        if not args.base:  # gunicorn as README's Deployment runs it: its default timeout (30 s)
            server = subprocess.Popen([f"{BIN}/gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
                                       "portal:create_app()"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        for base in bases:
            wait_for(base)
            drive(Client(base), "/login", 8, 32, 300, [base])  # every worker up before anything is timed
        reset_statements(env)
        meter = CpuMeter(env, server.pid if server is not None else None)
        if len(bases) > 1:
            two_servers(env, bases)
        accounts = {"county": "coordinator", "township": "township", "volunteer": "volunteer"}
        levels = [int(c) for c in args.clients.split(",")]
        wanted = [w for w in args.pages.split(",") if w]
        for who in args.users.split(","):
            client = Client(bases[0])
            client.sign_in(accounts[who])
            print(f"\n{who} ({accounts[who]}), {args.requests} requests per cell; ms p50 / p95 / p99, req/s"
                  + (f"; clients spread over {len(bases)} servers" if len(bases) > 1 else ""))
            print(f"{'page':28}" + "".join(f"{f'{c} client(s)':>36}" for c in levels)
                  + f"{'CPU ms/req app+db':>20}")
            for name, path in pages(env, who):
                if wanted and not any(w in name for w in wanted):
                    continue
                cells, cpu = [], ""
                for c in levels:
                    before = meter.read()
                    r = drive(client, path, c, max(args.requests, c), args.budget, bases)
                    bad = {s: n for s, n in r["statuses"].items() if s != 200}
                    cells.append(f"{r['p50']:6.0f} /{r['p95']:6.0f} /{r['p99']:6.0f} {r['rps']:6.1f}"
                                 + (f" n={r['n']}" if r["n"] < max(args.requests, c) else "")
                                 + (f" {bad}" if bad else ""))
                    if c == 1:  # one client: the CPU of each request alone
                        app_cpu, db_cpu = (b - a for a, b in zip(before, meter.read()))
                        cpu = f"{app_cpu * 1000 / r['n']:.0f} + {db_cpu * 1000 / r['n']:.0f}"
                print(f"{name:28}" + "".join(f"{cell:>36}" for cell in cells) + f"{cpu:>20}", flush=True)
        slowest_sql(env)
    finally:
        if server is not None:
            server.send_signal(signal.SIGQUIT)  # at once, not after the requests in progress
            server.wait(timeout=30)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
