"""Instances of every shape the engine meets, at township, county and province size, for bench/matching.py.

Each shape changes one thing in a realistic county (villages as clusters, households, girls and boys,
checks, capacities 1-3): how many places there are, how far helpers go, how the people are spread, how many
households, female helpers, locks and forbidden pairs, how large the skill bonuses are. ``portal`` is an
instance the portal itself built (``surplus-county.json``).
"""
from __future__ import annotations

import pathlib

import numpy as np

SIZES = {
    #         beneficiaries, volunteers, km across, villages
    "township": (1_000, 300, 20.0, 15),
    "county": (10_000, 3_000, 60.0, 150),
    "province": (100_000, 30_000, 190.0, 1_500),
}
SKILLS = ["math", "chinese", "english", "reading", "counselling", "care", "health", "farming", "crafts"]
PORTAL_FILE = pathlib.Path(__file__).resolve().parents[1] / "tests" / "matching" / "examples" / "surplus-county.json"
#: The elderly daily-care run of `guanai demo --people 100000` (`guanai match export --service elderly.daily_care
#: --role volunteer`): 16,648 people, 8,711 volunteers, 3 km. scipy's Hopcroft-Karp never returned on its graph.
PORTAL_ELDERLY_FILE = pathlib.Path(__file__).resolve().parent / "instances" / "elderly-daily-care-county.json.gz"
#: The children's caring-family run of the same county (`--service children.caring_pairing --role volunteer`):
#: 16,606 children, 8,364 volunteers, the run `bench/runs.py` times in the portal.
PORTAL_CHILDREN_FILE = pathlib.Path(__file__).resolve().parent / "instances" / "children-caring-pairing-county.json.gz"
#: The portal-made shapes read from files, and the file of each.
PORTAL_FILES = {"portal": PORTAL_FILE, "portal-elderly": PORTAL_ELDERLY_FILE, "portal-children": PORTAL_CHILDREN_FILE}

#: What each shape changes from the tight county of the first benchmark (``tight``).
SHAPES = {
    "tight": {},
    "surplus": {"volunteers": 4.0, "max_km": 15.0},                  # about 2.4 places a person
    "wide": {"max_km": 25.0, "own_max_km": 0.0},                     # every helper goes 25 km: millions of pairs
    "villages": {"area": 4.0, "villages": 0.5, "max_km": 3.0},       # small villages far apart: many components
    "giant": {"villages": 0.0},                                      # people spread evenly: one component
    "households": {"household_sizes": [2, 2, 3, 3, 4, 5]},
    "scarce-female": {"female_helpers": 0.12, "girls": 0.6},
    "locks": {"locked": 0.05, "forbidden": 0.2},
    "negative": {"per_shared_skill": -20.0, "continuity": -40.0, "needs": 4},
    "portal": {},
    "portal-elderly": {},
    "portal-children": {},
}
#: The shapes too large to hold at province size on a 24 GB machine, with the baseline's graph beside.
SKIPPED = {("wide", "province"), ("surplus", "province"),
           *((shape, size) for shape in PORTAL_FILES for size in ("township", "province"))}


def make_instance(shape: str, size: str, seed: int = 7, dims: tuple | None = None):
    """Build the instance of a shape at a size (the same one for a seed); ``dims`` may give the size's
    (beneficiaries, volunteers, km across, villages) instead."""
    from matching import Beneficiary, Instance, Rules, Volunteer, Weights

    if shape in PORTAL_FILES:
        return _read_portal_instance(PORTAL_FILES[shape])
    p = SHAPES[shape]
    n_b, n_v, km, n_villages = dims or SIZES[size]
    n_v = int(n_v * p.get("volunteers", 1.0))
    km *= p.get("area", 1.0)
    n_villages = int(n_villages * p.get("villages", 1.0))
    rng = np.random.default_rng(seed)
    lat0, lon0 = 27.3, 111.8  # a county in Hunan
    scale = np.array([km / 111.0, km / (111.0 * np.cos(np.radians(lat0)))])
    village = np.array([lat0, lon0]) + rng.random((max(n_villages, 1), 2)) * scale

    def places(n):
        if n_villages == 0:
            return np.array([lat0, lon0]) + rng.random((n, 2)) * scale
        return village[rng.integers(0, n_villages, n)] + rng.normal(0, 0.012, (n, 2))  # about 1.3 km around

    sizes = p.get("household_sizes", [1, 1, 1, 2, 2, 3])
    girls = p.get("girls", 0.5)
    beneficiaries, where, i, household = [], places(n_b), 0, 0
    while i < n_b:
        size = min(int(rng.choice(sizes)), n_b - i)
        hid = f"h{household}" if size > 1 else None
        for _ in range(size):
            lat, lon = where[i] if not (hid and beneficiaries and beneficiaries[-1].household == hid) else \
                (beneficiaries[-1].lat, beneficiaries[-1].lon)  # siblings share a home
            needs = tuple(rng.choice(SKILLS, size=int(rng.integers(0, p.get("needs", 2) + 1)), replace=False).tolist())
            beneficiaries.append(Beneficiary(
                id=f"b{i}", lat=float(lat), lon=float(lon), gender="F" if rng.random() < girls else "M",
                age=int(rng.integers(3, 17)), priority=int(rng.choice([1, 2, 3, 4, 5, 6], p=[.02, .03, .05, .1, .1, .7])),
                household=hid, needs=needs,
                current_volunteer=f"v{int(rng.integers(0, n_v))}" if rng.random() < 0.2 else None))
            i += 1
        household += 1
    female, own = p.get("female_helpers", 0.6), p.get("own_max_km", 0.3)
    vols, vwhere = [], places(n_v)
    for j in range(n_v):
        vols.append(Volunteer(
            id=f"v{j}", lat=float(vwhere[j, 0]), lon=float(vwhere[j, 1]), gender="F" if rng.random() < female else "M",
            capacity=int(rng.integers(1, 4)), background_checked=bool(rng.random() < 0.85),
            max_km=float(rng.choice([5.0, 8.0])) if rng.random() < own else None,
            skills=tuple(rng.choice(SKILLS, size=int(rng.integers(1, 4)), replace=False).tolist())))
    weights = Weights(per_shared_skill=p.get("per_shared_skill", -2.0), continuity=p.get("continuity", -10.0))
    instance = Instance(tuple(beneficiaries), tuple(vols), Rules(max_km=p.get("max_km", 10.0)), weights)
    if "locked" in p:
        instance = _with_locks(instance, rng, p["locked"], p["forbidden"])
    return instance


def _with_locks(instance, rng, locked: float, forbidden: float):
    """Lock a share of the units to an eligible volunteer with room, and forbid a share of the other pairs."""
    from dataclasses import replace

    from matching._feasible import eligible_pairs
    from matching._model import build_model

    model = build_model(instance)
    pairs = eligible_pairs(model)
    order = rng.permutation(len(pairs.unit))
    room = model.v_capacity.copy()
    done = np.zeros(model.n_units, dtype=bool)
    locks, forbid = [], []
    for k in order.tolist():
        u, v = int(pairs.unit[k]), int(pairs.vol[k])
        member = instance.beneficiaries[model.unit_members[u][0]].id
        if not done[u] and room[v] > 0 and rng.random() < locked:
            done[u] = True
            room[v] -= 1
            locks.append((member, instance.volunteers[v].id))
        elif not done[u] and rng.random() < forbidden / 10:
            forbid.append((member, instance.volunteers[v].id))
    return replace(instance, locked=tuple(locks), forbidden=tuple(forbid))


def _read_portal_instance(path: pathlib.Path):
    """Read a portal-made instance, gzipped or not."""
    import gzip

    from matching._validate import load_instance, parse_json
    raw = path.read_bytes()
    return load_instance(parse_json((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")))
