"""Benchmark of the quarterly report on a county of 100,000 people: prints how long building it takes.

Run ``python bench/reports.py`` (SQLite in a temporary file) or with ``DATABASE_URL`` set to an empty
PostgreSQL database (the goal, under 2 s, is for PostgreSQL). The county is made with bulk inserts: 20
townships of 15 villages, 100,000 people over the groups (urgent categories rare; no profiles), pairings
for about 60 %, some
of them ended, 3,000 volunteers, 30,000 hour entries and 500 activities. Prints the time of each build
(the figures, not the page) as an administrator of the county and as a township coordinator, best of three.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TOWNSHIPS, VILLAGES = 20, 15


def _places(db, Place):
    county = Place(code="B", name="基准县", level="county", lat=27.2, lon=111.4)
    db.session.add(county)
    db.session.flush()
    county.set_path()
    villages, townships = [], []
    for t in range(TOWNSHIPS):
        town = Place(code=f"B{t:02d}", name=f"乡{t}", level="township", parent=county, lat=27 + t / 50, lon=111.2)
        db.session.add(town)
        db.session.flush()
        town.set_path()
        townships.append(town)
        for v in range(VILLAGES):
            village = Place(code=f"B{t:02d}{v:02d}", name=f"村{t}-{v}", level="village", parent=town,
                            lat=27 + t / 50 + v / 500, lon=111.2 + v / 100)
            db.session.add(village)
            db.session.flush()
            village.set_path()
            villages.append(village)
    db.session.commit()
    return county, townships, villages


def _category(group, rng: random.Random) -> str:
    """A category, the urgent ones rare as in a real county (classes 1-3 are a few in a hundred children)."""
    cats = group.categories
    return rng.choices([c.code for c in cats], weights=[4 ** c.priority for c in cats])[0]


def fill(people: int, rng: random.Random):
    """Insert the county with SQLAlchemy Core bulk inserts (executemany), in one transaction per table."""
    from portal.activities.models import Activity, HoursEntry
    from portal.assignment.models import Pairing
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    from portal.places.models import Place
    from portal.plugin.manager import current_plugins
    from portal.volunteers.models import Volunteer
    county, townships, villages = _places(db, Place)
    groups = current_plugins().groups
    now = datetime(2026, 6, 1)
    rows = []
    for i in range(people):
        code = rng.choice(list(groups))
        left = rng.random() < 0.05
        rows.append({"group": code, "name": f"人{i}", "gender": rng.choice("FM"),
                     "birth_date": date(rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28)),
                     "place_id": rng.choice(villages).id, "category": _category(groups[code], rng),
                     "needs": [], "services": [], "address": "", "living_situation": "", "notes": "",
                     "status": "left" if left else "active", "left_reason": "moved" if left else None,
                     "left_on": date(2026, rng.randint(1, 12), 1) if left else None,
                     "created_at": now - timedelta(days=rng.randint(0, 900)), "updated_at": now})
    db.session.execute(db.insert(Beneficiary), rows)
    db.session.execute(db.insert(Volunteer), [
        {"name": f"志{i}", "gender": "F", "phone": "138", "kind": "other", "place_id": rng.choice(villages).id,
         "travel_km": 5.0, "skills": [], "availability": "", "background_check": "passed",
         "background_checked_on": date(2025, rng.randint(1, 12), 1), "status": "active", "status_reason": "",
         "notes": "", "created_at": now, "updated_at": now} for i in range(3000)])
    ids = db.session.execute(db.select(Beneficiary.id, Beneficiary.group)).all()
    vids = db.session.execute(db.select(Volunteer.id)).scalars().all()
    main = {code: current_plugins().services_of(code, "pairing")[0].key for code in groups}
    db.session.execute(db.insert(Pairing), [
        {"service": main[g], "role": "volunteer", "beneficiary_id": b, "volunteer_id": rng.choice(vids),
         "unit": f"b{b}", "status": "ended" if k % 5 == 0 else "active", "response": "accepted", "response_note": "",
         "started_on": date(2025, rng.randint(1, 12), 1), "ended_on": date(2026, 5, 1) if k % 5 == 0 else None,
         "end_reason": "", "created_at": now, "updated_at": now}
        for k, (b, g) in enumerate(ids) if rng.random() < 0.6])
    db.session.execute(db.insert(Activity), [
        {"service": f"{g}.s", "group": g, "title": "活动", "starts_at": datetime(2026, rng.randint(1, 12), 3, 2),
         "ends_at": datetime(2026, 12, 3, 4), "place_id": rng.choice(townships).id, "location": "",
         "description": "", "volunteer_slots": 5, "beneficiary_slots": 0, "confirmed": 0, "status": "open",
         "created_at": now, "updated_at": now} for g in [rng.choice(list(groups)) for _i in range(500)]])
    db.session.execute(db.insert(HoursEntry), [
        {"volunteer_id": rng.choice(vids), "day": date(2026, rng.randint(1, 12), rng.randint(1, 28)),
         "hours": rng.choice([1.0, 2.0, 2.5]), "note": "", "created_at": now, "updated_at": now}
        for _i in range(30_000)])
    db.session.commit()
    return county, townships


def timed(build, period, user, place, repeat: int = 3) -> float:
    best = float("inf")
    for _i in range(repeat):
        start = time.perf_counter()
        build(period, user, place)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    from types import SimpleNamespace

    from flask_migrate import upgrade

    from portal import create_app
    from portal.reports.build import build_report
    from portal.reports.period import Period
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.test_request_context():
        upgrade(revision="heads")
        started = time.perf_counter()
        county, townships = fill(args.people, random.Random(2026))
        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}; "
              f"{args.people} people inserted in {time.perf_counter() - started:.1f} s")
        period = Period(2026, 2)
        admin = SimpleNamespace(role="admin", place=county, group=None, id=None)
        coordinator = SimpleNamespace(role="coordinator", place=townships[0], group=None, id=None)
        print(f"quarterly report, whole county ({args.people} people): {timed(build_report, period, admin, county):.2f} s")
        print(f"quarterly report, one township: {timed(build_report, period, coordinator, townships[0]):.2f} s")
        print(f"annual report, whole county: {timed(build_report, Period(2026), admin, county):.2f} s")


if __name__ == "__main__":
    main()
