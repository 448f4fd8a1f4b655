"""EXPLAIN (ANALYZE, BUFFERS) of the duties' overdue list filtered by one duty (its first page) and of its kept counts
and total, as the county coordinator sees them, each run 5 times (the median execution time printed), then the
sizes of the kept counts and the due table and the load average. On a loaded county (bench/duties.py, or
bench/portal.py's cluster kept) and the database in DATABASE_URL:

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/guanai_bench python bench/duties_explain.py children.door
"""
import os
import re
import statistics
import sys
import time

# bench/portal.py is not the portal
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

from sqlalchemy import select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402

app = create_app()
with app.app_context(), app.test_request_context():
    from portal.auth.models import User
    from portal.core.time import local_today
    from portal.duties import counts, lists
    from portal.duties.lists import Filters
    from portal.duties.models import DutyCount, DutyDue
    duty = sys.argv[1] if len(sys.argv) > 1 else "children.door"
    coordinator = db.session.execute(select(User).where(User.username == "coordinator")).scalar_one()
    today = local_today()
    captured = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))
    from sqlalchemy import event
    event.listen(db.engine, "before_cursor_execute", grab)

    def show(name, call):
        captured.clear()
        call()
        stmt, params = max(captured, key=lambda c: len(c[0]))   # the main statement, not the probes
        times, plan = [], None
        for i in range(5):
            started = time.perf_counter()
            rows = db.session.connection().exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + stmt, params).scalars().all()
            plan = rows
            times.append(float(re.search(r"Execution Time: ([\d.]+)", rows[-1]).group(1)))
        print(f"=== {name}: execution ms, median of 5: {statistics.median(times):.1f} ({', '.join(f'{t:.1f}' for t in times)})")
        print("\n".join(plan))
        print()
    show(f"overdue list, one duty ({duty}), first page", lambda: lists.duty_rows(
        coordinator, Filters(duty=duty), overdue=True, limit=51))
    show("overdue counts (kept), county coordinator", lambda: counts.kept_counts(coordinator, Filters(), today, 10))
    show("overdue total (kept), county coordinator", lambda: counts.kept_total(coordinator, Filters(), today))
    print("duty_counts rows:", db.session.execute(select(db.func.count()).select_from(DutyCount)).scalar_one(),
          " of them overdue:", db.session.execute(select(db.func.count()).select_from(DutyCount).where(DutyCount.due_by < today)).scalar_one(),
          " duty_due rows:", db.session.execute(select(db.func.count()).select_from(DutyDue)).scalar_one())
    print("load average:", open("/proc/loadavg").read().strip())
