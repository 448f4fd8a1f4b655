"""Benchmark of the overdue-visit computation: a county of many people with a year of visits, on SQLite.

Run ``python bench/visits.py [--people 20000]``. Builds a fresh database in a temporary folder (places, people of
every group, pairings for each group's main service, about a visit a month per person), then times the overdue
list of the whole county, of one township and of one village, and one volunteer's to-do, each the median of
five runs. Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta

# bench/matching.py would shadow the engine's package of the same name.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]


def build(people: int, rng: random.Random) -> None:
    from portal.assignment.models import Pairing
    from portal.core.time import local_today, utcnow
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    from portal.places.models import Place
    from portal.plugin.manager import current_plugins
    from portal.visits.models import RiskLevel, Visit
    from portal.volunteers.models import Volunteer
    county = Place(code="B", name="县", level="county")
    db.session.add(county)
    db.session.flush()
    county.set_path()
    villages = []
    for t in range(10):
        town = Place(code=f"B{t}", name=f"乡{t}", level="township", parent=county)
        db.session.add(town)
        db.session.flush()
        town.set_path()
        for v in range(15):
            village = Place(code=f"B{t}-{v}", name=f"村{t}-{v}", level="village", parent=town)
            db.session.add(village)
            db.session.flush()
            village.set_path()
            villages.append(village.id)
    plugins = current_plugins()
    groups = list(plugins.groups)
    year_ago = utcnow() - timedelta(days=365)
    db.session.execute(db.insert(Volunteer), [
        {"name": f"志愿者{i}", "gender": "F", "phone": "1", "place_id": rng.choice(villages), "status": "active",
         "created_at": year_ago, "updated_at": year_ago} for i in range(people // 10)])
    volunteer_ids = [v for (v,) in db.session.execute(db.select(Volunteer.id)).all()]
    db.session.execute(db.insert(Beneficiary), [
        {"group": groups[i % len(groups)], "name": f"人{i}", "gender": "F", "birth_date": datetime(2015, 1, 1).date(),
         "place_id": rng.choice(villages), "status": "active", "created_at": year_ago, "updated_at": year_ago,
         "needs": [], "services": []} for i in range(people)])
    rows = db.session.execute(db.select(Beneficiary.id, Beneficiary.group)).all()
    levels = [(pid, rng.choice(["general"] * 8 + ["key", "high"])) for pid, _g in rows]
    db.session.execute(db.insert(RiskLevel), [{"beneficiary_id": pid, "level": level, "since": None}
                                              for pid, level in levels if level != "general"])
    main = {g: next((s for s in plugins.services_of(g, "pairing") if s.main), None) for g in groups}
    today = local_today()
    db.session.execute(db.insert(Pairing), [
        {"service": main[g].key, "role": main[g].helper_roles[0], "beneficiary_id": pid,
         "volunteer_id": rng.choice(volunteer_ids), "unit": f"b{pid}", "status": "active", "response": "accepted",
         "started_on": today - timedelta(days=300), "created_at": year_ago, "updated_at": year_ago}
        for pid, g in rows if main[g] is not None and rng.random() < 0.5])
    visits = []
    for pid, g in rows:
        day = rng.randint(0, 30)
        while day < 365:
            at = year_ago + timedelta(days=day, hours=rng.randint(0, 10))
            visits.append({"beneficiary_id": pid, "rule": rng.choice([None, "helper", "volunteer", "caring_family"]),
                           "visited_at": at, "mode": "home", "other_visitors": "", "spoke_to": "", "relation": "",
                           "findings": {}, "close_attention": False, "notes": "", "created_at": at, "updated_at": at})
            day += rng.randint(20, 45)
    db.session.execute(db.insert(Visit), visits)
    db.session.commit()
    print(f"{people} people, {len(visits)} visits, {len(volunteer_ids)} volunteers")


def timed(fn, repeat: int = 5) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        n = len(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.places.models import Place
    from portal.visits.due import Filters, overdue, schedule
    folder = tempfile.mkdtemp(prefix="guanai-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        build(args.people, random.Random(15))
        town = db.session.execute(db.select(Place).filter_by(code="B3")).scalar_one()
        village = db.session.execute(db.select(Place).filter_by(code="B3-7")).scalar_one()
        cases = {"county overdue": lambda: overdue(),
                 "township overdue": lambda: overdue(filters=Filters(place=town)),
                 "village overdue": lambda: overdue(filters=Filters(place=village)),
                 "one volunteer's to-do": lambda: schedule(filters=Filters(volunteer_id=1))}
        for name, fn in cases.items():
            seconds, n = timed(fn)
            print(f"{name:24s} {seconds * 1000:8.1f} ms  {n} rows")


if __name__ == "__main__":
    main()
