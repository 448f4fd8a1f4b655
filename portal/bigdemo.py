"""A demo county of any size, loaded with bulk inserts: ``guanai demo --people 100000`` (or ``--size county``).

The small demo (portal/demo.py) adds people one ORM object at a time through the plugins (about 1 ms a person);
a county of 100,000 people that way takes minutes of flushes. Here every table is one executemany per chunk,
so the loader must keep the app's invariants itself, each asserted by tests/test_bigdemo.py:
- ``Place.path`` of every place, set level by level in SQL from the parent's path;
- ``VolunteerService.load`` = the distinct units of the volunteer's active pairings of that service, set in
  SQL after the pairings (never above the capacity: pairings are only made where there is room);
- ``Pairing.unit`` is the household (``h<id>``), as a run that keeps a household together writes it;
- ids come from the database's own sequences (none given), so adding a person through the app afterwards works.
"""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import String, cast, func, select, text, update
from sqlalchemy.orm import aliased

from .activities.models import HoursEntry
from .assignment.ids import household_ref
from .assignment.models import Pairing
from .core.bulk import insert_rows
from .core.time import local_today, utcnow
from .demo import GIVEN_F, GIVEN_M, SKILLS, SURNAMES, VOLUNTEER_KINDS, _build_users
from .extensions import db
from .ledger.models import Beneficiary, Household
from .places.models import Place
from .plugin.manager import current_plugins
from .volunteers.models import Volunteer, VolunteerService

# Named sizes: a township, a county (the benchmark's), a small prefecture.
SIZES = {"township": 5_000, "county": 100_000, "prefecture": 400_000}
PEOPLE_PER_VILLAGE = 66          # a county of 100,000 has about 1,500 villages
VILLAGES_PER_TOWNSHIP = 50
VOLUNTEERS_PER_PERSON = 0.3
PEOPLE_PER_HOUSEHOLD = 2.3
PAIRED_SHARE = 0.2               # ~20,000 pairings in a county of 100,000
HOURS_PER_PAIRING = 7            # ~140,000 hours rows
CHUNK = 5_000


def _insert(model, rows: list[dict]) -> None:
    """The rows in bulk: COPY on PostgreSQL (multi-row INSERTs with bound parameters spent most of a county's
    CPU in psycopg rewriting placeholders, issue 32), an executemany per chunk elsewhere."""
    for start in range(0, len(rows), CHUNK):
        insert_rows(model, rows[start:start + CHUNK], ids=False)


def _set_paths(level: str) -> None:
    """path = parent's path + id + '/', in one UPDATE for a whole level (both SQLite and PostgreSQL)."""
    parent = aliased(Place)
    parent_path = select(parent.path).where(parent.id == Place.parent_id).scalar_subquery()
    stmt = update(Place).where(Place.level == level)
    if level == "county":
        db.session.execute(stmt.values(path="/" + cast(Place.id, String) + "/"))
    else:
        db.session.execute(stmt.values(path=parent_path + cast(Place.id, String) + "/"))


def _places(rng: random.Random, people: int) -> tuple[Place, list[Place], list[tuple[int, float, float]]]:
    n_villages = max(2, people // PEOPLE_PER_VILLAGE)
    n_townships = max(1, -(-n_villages // VILLAGES_PER_TOWNSHIP))
    db.session.execute(db.insert(Place), [{"code": "439900", "name": "大县（示范）", "level": "county",
                                           "parent_id": None, "path": "", "lat": 27.25, "lon": 111.80}])
    county_id = db.session.execute(select(Place.id).where(Place.code == "439900")).scalar_one()
    towns = [{"code": f"4399{t:03d}", "name": f"第{t + 1}乡", "level": "township", "parent_id": county_id,
              "path": "", "lat": round(27.0 + rng.uniform(0, 0.6), 5), "lon": round(111.5 + rng.uniform(0, 0.6), 5)}
             for t in range(n_townships)]
    _insert(Place, towns)
    town_ids = dict(db.session.execute(select(Place.code, Place.id).where(Place.level == "township")).all())
    villages = []
    for v in range(n_villages):
        town = towns[v % n_townships]
        villages.append({"code": f"{town['code']}{v // n_townships:03d}", "name": f"{town['name']}{v // n_townships + 1}村",
                         "level": "village", "parent_id": town_ids[town["code"]], "path": "",
                         "lat": round(town["lat"] + rng.uniform(-0.06, 0.06), 5),
                         "lon": round(town["lon"] + rng.uniform(-0.06, 0.06), 5)})
    _insert(Place, villages)
    rows = db.session.execute(select(Place.id, Place.code, Place.lat, Place.lon).where(Place.level == "village")).all()
    _insert(Place, [{"code": f"{code}{g:02d}", "name": f"第{g}网格", "level": "grid", "parent_id": vid, "path": "",
                     "lat": None, "lon": None} for vid, code, _lat, _lon in rows for g in (1, 2)])
    for level in ("county", "township", "village", "grid"):
        _set_paths(level)
    county = db.session.get(Place, county_id)
    townships = list(db.session.execute(select(Place).where(Place.level == "township").order_by(Place.id)).scalars())
    return county, townships, [(vid, lat, lon) for vid, _code, lat, lon in rows]


def _name(rng: random.Random, gender: str, surname: str | None = None) -> str:
    return (surname or rng.choice(SURNAMES)) + rng.choice(GIVEN_F if gender == "F" else GIVEN_M)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("35789") + str(rng.randrange(10 ** 8, 10 ** 9))


def _households(rng: random.Random, people: int, villages) -> list[tuple[int, int]]:
    now = utcnow()
    rows = []
    for i in range(max(1, int(people / PEOPLE_PER_HOUSEHOLD))):
        vid, lat, lon = villages[i % len(villages)]
        rows.append({"place_id": vid, "head_name": _name(rng, rng.choice("FM")), "phone": _phone(rng),
                     "address": f"{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
                     "lat": round(lat + rng.uniform(-0.012, 0.012), 5), "lon": round(lon + rng.uniform(-0.012, 0.012), 5),
                     "created_at": now, "updated_at": now})
    _insert(Household, rows)
    return db.session.execute(select(Household.id, Household.place_id).order_by(Household.id)).all()


def _people(rng: random.Random, people: int, households) -> None:
    plugins = current_plugins()
    groups = list(plugins.groups.values())
    today, now = local_today(), utcnow()
    main = {g.code: _main_service(g.code) for g in groups}
    ages = {g.code: _ages(plugins.settings(g.code)) for g in groups}
    # The core names no group: a group whose rules count a husband's absence has female members only.
    female_only = {g.code: "husband_away_months" in plugins.settings(g.code) for g in groups}
    rows = []
    for i in range(people):
        group = groups[i % len(groups)]
        hid, place_id = households[rng.randrange(len(households))]
        cats = group.categories
        category = rng.choices([c.code for c in cats], weights=[4 ** c.priority for c in cats])[0] if cats else None
        low, high = ages[group.code]
        gender = "F" if female_only[group.code] else rng.choice("FM")
        wants = [main[group.code].key] if main[group.code] and rng.random() < 0.5 else []
        rows.append({"group": group.code, "name": _name(rng, gender), "gender": gender,
                     "birth_date": today - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300)),
                     "phone": _phone(rng) if low >= 16 else None, "place_id": place_id, "household_id": hid,
                     "address": "", "living_situation": "", "category": category, "needs": [], "services": wants,
                     "notes": "", "status": "active", "created_at": now - timedelta(days=rng.randint(0, 900)),
                     "updated_at": now})
        if len(rows) == CHUNK:
            _insert(Beneficiary, rows)
            rows = []
    _insert(Beneficiary, rows)
    for group in groups:
        _profiles(group)


def _ages(settings: dict) -> tuple[int, int]:
    """Ages within the group's own limits (``min_age``, ``max_age`` of its settings); adults otherwise."""
    if "min_age" in settings:
        return settings["min_age"], settings["min_age"] + 35
    if settings.get("max_age", 99) < 20:
        return 1, settings["max_age"] - 2
    return 20, settings.get("max_age", 80)


def _profiles(group) -> None:
    """One profile row per person of the group, every field at its default (plugins' forms fill the rest)."""
    model = group.profile_model
    if model is None:
        return
    required = [c for c in model.__table__.columns if not c.nullable and c.default is None
                and c.server_default is None and not c.primary_key and c.name != "beneficiary_id"]
    if required:  # a profile we cannot fill with defaults: the ledger shows the person without one
        return
    ids = db.session.execute(select(Beneficiary.id).where(Beneficiary.group == group.code)).scalars().all()
    _insert(model, [{"beneficiary_id": b} for b in ids])


def _main_service(group: str):
    pairing = current_plugins().services_of(group, "pairing")
    return next((s for s in pairing if s.main), pairing[0] if pairing else None)


def _volunteers(rng: random.Random, people: int, villages) -> None:
    now, today = utcnow(), local_today()
    keys = [s.key for s in current_plugins().services.values() if s.delivery == "pairing"]
    kinds = [k for k, _n in VOLUNTEER_KINDS]
    rows = []
    for i in range(max(1, int(people * VOLUNTEERS_PER_PERSON))):
        vid, lat, lon = villages[rng.randrange(len(villages))]
        kind = rng.choice(kinds)
        gender = "F" if kind == "caring_mother" else rng.choice("FFM")
        checked = rng.random() < 0.85
        rows.append({"name": _name(rng, gender), "gender": gender, "phone": _phone(rng), "kind": kind,
                     "place_id": vid, "lat": round(lat + rng.uniform(-0.01, 0.01), 5),
                     "lon": round(lon + rng.uniform(-0.01, 0.01), 5), "travel_km": rng.choice([3.0, 5.0, 8.0, 10.0]),
                     "skills": rng.sample(SKILLS[kind], min(2, len(SKILLS[kind]))), "availability": "周末",
                     "background_check": "passed" if checked else "pending",
                     "background_checked_on": today - timedelta(days=rng.randint(10, 300)) if checked else None,
                     "status": "active", "status_reason": "", "notes": "", "created_at": now, "updated_at": now})
    _insert(Volunteer, rows)
    ids = db.session.execute(select(Volunteer.id).order_by(Volunteer.id)).scalars().all()
    _insert(VolunteerService, [{"volunteer_id": v, "service": key, "capacity": rng.randint(1, 3), "load": 0}
                               for v in ids for key in rng.sample(keys, min(len(keys), rng.randint(1, 3)))])


def _pairings(rng: random.Random, people: int) -> int:
    """Active pairings within a township, only where the volunteer has room for one more household."""
    town_of = dict(db.session.execute(select(Place.id, Place.parent_id).where(Place.level == "village")).all())
    room: dict[tuple[int, str], list[list]] = {}
    offers = db.session.execute(select(VolunteerService.volunteer_id, VolunteerService.service,
                                       VolunteerService.capacity, Volunteer.place_id, Volunteer.kind)
                                .join(Volunteer, Volunteer.id == VolunteerService.volunteer_id)
                                .where(Volunteer.background_check == "passed")).all()
    services = current_plugins().services
    for vid, service, capacity, place_id, kind in offers:
        # A pairing's role names the kind of helper (a run for "neighbour" takes neighbours only).
        if service in services and _role(services[service]) in ("volunteer", kind):
            room.setdefault((town_of[place_id], service), []).append([vid, capacity, set()])
    wanted = db.session.execute(select(Beneficiary.id, Beneficiary.group, Beneficiary.place_id,
                                       Beneficiary.household_id).order_by(Beneficiary.id)).all()
    target, now, today = int(people * PAIRED_SHARE), utcnow(), local_today()
    rows = []
    for bid, group, place_id, hid in rng.sample(wanted, len(wanted)):
        service = _main_service(group)
        pool = room.get((town_of[place_id], service.key)) if service else None
        if len(rows) >= target or not pool:
            continue
        slot = pool[rng.randrange(len(pool))]
        unit = household_ref(hid)
        if unit not in slot[2] and len(slot[2]) >= slot[1]:
            continue
        slot[2].add(unit)
        rows.append({"service": service.key, "role": _role(service), "beneficiary_id": bid,
                     "volunteer_id": slot[0], "unit": unit, "status": "active", "response": "accepted",
                     "response_note": "", "started_on": today - timedelta(days=rng.randint(30, 700)),
                     "end_reason": "", "created_at": now, "updated_at": now})
    _insert(Pairing, rows)
    _set_loads()
    return len(rows)


def _role(service) -> str:
    return "volunteer" if "volunteer" in service.helper_roles else service.helper_roles[0]


def _set_loads() -> None:
    """load = distinct units of active pairings, the invariant the pairing service keeps: one UPDATE ... FROM
    an aggregate (a correlated count per offer took minutes on PostgreSQL over fresh, unanalysed tables)."""
    units = (select(Pairing.volunteer_id, Pairing.service, func.count(func.distinct(Pairing.unit)).label("n"))
             .where(Pairing.status == "active").group_by(Pairing.volunteer_id, Pairing.service).subquery())
    db.session.execute(update(VolunteerService).where(VolunteerService.volunteer_id == units.c.volunteer_id,
                                                      VolunteerService.service == units.c.service)
                       .values(load=units.c.n))


def _hours(rng: random.Random) -> int:
    now, today = utcnow(), local_today()
    pairs = db.session.execute(select(Pairing.id, Pairing.volunteer_id)).all()
    rows, n = [], 0
    for pid, vid in pairs:
        for _k in range(rng.randint(HOURS_PER_PAIRING - 3, HOURS_PER_PAIRING + 3)):
            rows.append({"volunteer_id": vid, "pairing_id": pid, "day": today - timedelta(days=rng.randint(1, 400)),
                         "hours": rng.choice([1.0, 1.5, 2.0]), "note": "", "created_at": now, "updated_at": now})
        if len(rows) >= CHUNK:
            _insert(HoursEntry, rows)
            n, rows = n + len(rows), []
    _insert(HoursEntry, rows)
    return n + len(rows)


def build_big_county(people: int, seed: int = 2026, hours: bool = True) -> dict[str, int]:
    """Build a county of ``people`` people in one transaction (into an empty database) and return the counts."""
    rng = random.Random(seed)
    county, townships, villages = _places(rng, people)
    households = _households(rng, people, villages)
    _people(rng, people, households)
    _volunteers(rng, people, villages)
    pairings = _pairings(rng, people)
    # The demo accounts; "volunteer" is a volunteer with pairings, for the volunteer's own pages.
    paired = db.session.execute(select(Pairing.volunteer_id).where(Pairing.status == "active").limit(1)).scalar()
    volunteer = db.session.get(Volunteer, paired or db.session.execute(select(Volunteer.id)).scalars().first())
    _build_users(county, townships[0], volunteer)
    n_hours = _hours(rng) if hours else 0
    db.session.commit()
    _analyze()
    count = lambda model: db.session.execute(select(func.count()).select_from(model)).scalar_one()  # noqa: E731
    return {"places": count(Place), "households": len(households), "beneficiaries": count(Beneficiary),
            "volunteers": count(Volunteer), "pairings": pairings, "hours": n_hours}


def _analyze() -> None:
    """Give the planner statistics of the new rows now: PostgreSQL's autovacuum would take minutes to, and
    until then plans a county's queries as if the tables were empty (the overdue list took over 40 s)."""
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def people_for(size: str) -> int:
    """A size name (township, county, prefecture) or a number of people."""
    if size in SIZES:
        return SIZES[size]
    if size.isdigit() and int(size) >= 10:
        return int(size)
    raise ValueError(size)
