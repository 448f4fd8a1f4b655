"""Benchmark of long work off the request (issue 32): a township's card PDFs and concurrent county exports.

At county scale with gunicorn at its DEFAULT timeout (30 s, as README's Deployment runs it) and one
``guanai worker --workers 2``, it times:

- the township's contact-card and pairing-card PDFs (``/cards/batch/...?place=<township>&format=pdf``): the
  request (now it only queues the job: time to the redirect), then the time until the file is ready (polling
  ``/files/<id>/status`` as the progress bar does), and the file's size;
- 5 county ``.xlsx`` exports at once (5 signed-in clients, the largest group's ledger, county-wide): each
  request's time and status, then the time until all five files are ready;
- the county's quarterly report workbook (queued beyond ``GUANAI_EXPORT_QUEUE_ROWS`` people).

Every figure is printed with the load average (``/proc/loadavg``) at its end: the machine may be shared.

    python bench/jobs.py --people 100000                 # a throwaway cluster on port 55710, loaded here
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:55710/guanai_bench python bench/jobs.py --no-load

It reuses bench/portal.py's cluster, client and command helpers.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_portal", os.path.join(HERE, "portal.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
ROOT, BIN = bench.ROOT, bench.BIN


def load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__().replace("'", "")


def queue_job(client, path: str) -> tuple[float, int, int | None]:
    """GET ``path``: the seconds it took, the status, and the file job it queued (from the redirect)."""
    started = time.perf_counter()
    conn_status, _page, location = _get(client, path)
    took = time.perf_counter() - started
    job = int(location.rstrip("/").split("/")[-1]) if conn_status == 302 and "/files/" in location else None
    return took, conn_status, job


def _get(client, path: str):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    client.conn.request("GET", path, headers=headers)
    response = client.conn.getresponse()
    payload = response.read()
    return response.status, payload, response.getheader("Location") or ""


def wait_ready(client, job: int, started: float, timeout: float) -> tuple[float, str, int]:
    """Poll the job's status (as progress.js does) until it ends: seconds since ``started``, its status, size."""
    while time.perf_counter() - started < timeout:
        status, payload, _ = _get(client, f"/files/{job}/status")
        if status == 200:
            state = json.loads(payload)
            if state["final"]:
                took = time.perf_counter() - started
                size = 0
                if state["status"] == "ready":
                    code, data, _ = _get(client, f"/files/{job}/download")
                    size = len(data) if code == 200 else -code
                return took, state["status"], size
        time.sleep(0.5)
    return time.perf_counter() - started, "timeout", 0


def signed_in(port: int, username: str, tries: int = 5):
    """A client signed in as ``username``; on a loaded machine gunicorn's workers may still be starting (each
    builds the app), so a first sign-in that times out is tried again."""
    for attempt in range(1, tries + 1):
        client = bench.Client(f"http://127.0.0.1:{port}")
        client.conn.timeout = 120
        try:
            client.sign_in(username)
            return client
        except (TimeoutError, OSError):
            if attempt == tries:
                raise
            time.sleep(5)


def ids(env: dict) -> dict:
    from sqlalchemy import create_engine, text
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        town = conn.execute(text("SELECT id FROM places WHERE level = 'township' ORDER BY id LIMIT 1")).scalar()
        households = conn.execute(text(
            "SELECT count(*) FROM households h JOIN places p ON p.id = h.place_id "
            "WHERE p.path LIKE (SELECT path FROM places WHERE id = :t) || '%'"), {"t": town}).scalar()
        group, people = conn.execute(text(
            "SELECT \"group\", count(*) FROM beneficiaries WHERE status = 'active' GROUP BY 1 ORDER BY 2 DESC "
            "LIMIT 1")).one()
    engine.dispose()
    return {"town": town, "households": households, "group": group, "people": people}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="100000")
    parser.add_argument("--port", type=int, default=5711)
    parser.add_argument("--pg-port", type=int, default=55710)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--queue-workers", type=int, default=2, help="threads of the one `guanai worker`")
    parser.add_argument("--exports", type=int, default=5, help="county exports at once")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for a file")
    parser.add_argument("--no-load", action="store_true", help="the database is already loaded")
    parser.add_argument("--parts", default="pdf,exports,report", help="what to time (comma-separated)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(1))
    queue_dir = tempfile.mkdtemp(prefix="guanai-bench-queue-")
    env = dict(os.environ, SECRET_KEY="bench", GUANAI_ENV="production", PYTHONPATH=ROOT,
               GUANAI_LOGIN_MAX_FAILURES="1000", FLASK_APP="portal:create_app",
               GUANAI_QUEUE_URL=os.environ.get("GUANAI_QUEUE_URL") or f"sqlite:///{queue_dir}/queue.sqlite",
               GUANAI_QUEUE_NAME=f"bench-jobs-{os.getpid()}")
    cluster = None
    if not env.get("DATABASE_URL"):
        cluster = bench.Postgres(args.pg_port)
        cluster.start()
        env["DATABASE_URL"] = cluster.url
    server = worker = None
    try:
        if not args.no_load:
            bench.guanai(env, "db", "upgrade", "heads")
            took = bench.guanai(env, "demo", "--people", args.people)
            print(f"loaded the county ({args.people} people) in {took:.1f} s  [load {load()}]")
        found = ids(env)
        print(f"township {found['town']}: {found['households']} households; largest group {found['group']} "
              f"({found['people']} people)")
        # gunicorn as README's Deployment runs it: its default timeout (30 s), no --timeout
        server = subprocess.Popen([f"{BIN}/gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
                                   "portal:create_app()"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        worker = subprocess.Popen([f"{BIN}/guanai", "worker", "--workers", str(args.queue_workers), "--no-periodic"],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bench.wait_for(f"http://127.0.0.1:{args.port}")
        township = signed_in(args.port, "township")
        print(f"\nthe township's card PDFs (gunicorn -w {args.workers}, default timeout; one worker, "
              f"{args.queue_workers} threads)")
        for name, path in [] if "pdf" not in parts else (("contact cards", f"/cards/batch/contacts?place={found['town']}&format=pdf"),
                           ("pairing cards", f"/cards/batch/pairings?place={found['town']}&format=pdf")):
            started = time.perf_counter()
            took, status, job = queue_job(township, path)
            if job is None:
                print(f"  {name}: answered {status} in {took:.2f} s, no job queued  [load {load()}]")
                continue
            ready, state, size = wait_ready(township, job, started, args.timeout)
            print(f"  {name}: queued in {took * 1000:.0f} ms ({status}); {state} after {ready:.1f} s, "
                  f"{size / 1e6:.1f} MB  [load {load()}]", flush=True)

        if "exports" not in parts:
            args.exports = 1
        print(f"\n{args.exports} county .xlsx exports at once ({found['group']} ledger, county-wide)")
        clients = []
        for _ in range(args.exports):
            clients.append(signed_in(args.port, "coordinator"))
        results: list = [None] * args.exports
        barrier = threading.Barrier(args.exports)
        started = time.perf_counter()

        def one(i: int) -> None:
            barrier.wait()
            t0 = time.perf_counter()
            took, status, job = queue_job(clients[i], f"/transfer/export/g/{found['group']}.xlsx")
            results[i] = (took, status, job, t0)
        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.exports)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        asked = [r[0] for r in results]
        print(f"  requests: statuses {sorted(r[1] for r in results)}, median {statistics.median(asked) * 1000:.0f} ms,"
              f" slowest {max(asked) * 1000:.0f} ms  [load {load()}]", flush=True)
        done = []
        for i, (_took, _status, job, t0) in enumerate(results):
            if job is not None:
                done.append(wait_ready(clients[i], job, started, args.timeout))
        if done:
            print(f"  files: {[d[1] for d in done]}, ready after {', '.join(f'{d[0]:.0f}' for d in done)} s "
                  f"(all five after {max(d[0] for d in done):.1f} s), {done[0][2] / 1e6:.1f} MB each  "
                  f"[load {load()}]", flush=True)

        if "report" not in parts:
            return
        print("\nthe county's quarterly report workbook")
        started = time.perf_counter()
        took, status, job = queue_job(clients[0], "/reports/export.xlsx")
        if job is None:
            print(f"  answered {status} in {took:.2f} s (not queued)  [load {load()}]")
        else:
            ready, state, size = wait_ready(clients[0], job, started, args.timeout)
            print(f"  queued in {took * 1000:.0f} ms; {state} after {ready:.1f} s, {size / 1e6:.2f} MB  "
                  f"[load {load()}]")
    finally:
        for proc in (server, worker):
            if proc is not None:
                proc.send_signal(signal.SIGQUIT if proc is server else signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
