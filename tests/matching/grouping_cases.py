"""Generated villages for the grouping tests and the benchmark: people and candidate leaders around a centre.

Seed 001 (篇十五): old people's groups of ten, "就近就亲" within a village; the villages here are a few km
across, as hill villages of Hunan are, so that the 1.5 km walking rule leaves some people out.
"""
from __future__ import annotations

import itertools

import numpy as np

from matching._model import haversine_km

KM_PER_DEG_LAT = 111.2


def village_doc(seed: int, n_people: int, n_candidates: int, *, n_villages: int = 1, spread_km: float = 2.0,
                grids: int = 0, rules: dict | None = None, weights: dict | None = None,
                with_current: bool = False) -> dict:
    """A `guanai-grouping/1` document: people and candidates spread around each village's centre."""
    rng = np.random.default_rng(seed)
    people, candidates = [], []
    for v in range(n_villages):
        lat0, lon0 = 27.3 + 0.05 * v, 111.8
        for kind, n, out in (("p", n_people, people), ("c", n_candidates, candidates)):
            for i in range(n):
                dy, dx = rng.uniform(-spread_km / 2, spread_km / 2, 2)
                item = {"id": f"{kind}{v}-{i}", "lat": round(lat0 + dy / KM_PER_DEG_LAT, 6),
                        "lon": round(lon0 + dx / (KM_PER_DEG_LAT * np.cos(np.radians(lat0))), 6),
                        "village": f"V{v}"}
                if grids:
                    item["grid"] = f"G{int(rng.integers(grids))}"
                out.append(item)
    if with_current:
        for p in people:
            same = [c["id"] for c in candidates if c["village"] == p["village"]]
            if same and rng.random() < 0.5:
                p["current_leader"] = same[int(rng.integers(len(same)))]
    doc = {"format": "guanai-grouping/1", "people": people, "candidates": candidates}
    if rules:
        doc["rules"] = rules
    if weights:
        doc["weights"] = weights
    return doc


def brute_force_objective(instance, leaders: tuple[str, ...]) -> float | None:
    """The least objective over every way of putting each person with a leader or leaving them out
    (None: no way meets the sizes). Exponential: for a handful of people only."""
    r, w = instance.rules, instance.weights
    cands = {c.id: c for c in instance.candidates}
    locked = dict(instance.locked)
    fixed = {x: 0 for x in leaders}
    base = 0.0
    for pid, lid in locked.items():
        p = next(q for q in instance.people if q.id == pid)
        c = cands[lid]
        base += w.per_km * float(haversine_km(p.lat, p.lon, c.lat, c.lon)) + w.keep * (p.current_leader == lid)
        fixed[lid] += 1
    free = [p for p in instance.people if p.id not in locked and p.id not in leaders]
    # Groups of different villages (grids) never meet: the least of each component, added up.
    key = (lambda x: (x.village, x.grid)) if r.same_grid else (lambda x: x.village)
    total = base
    for k in sorted({key(p) for p in free} | {key(cands[x]) for x in leaders}, key=str):
        part = _least(instance, [p for p in free if key(p) == k], [x for x in leaders if key(cands[x]) == k],
                      fixed, cands)
        if part is None:
            return None
        total += part
    return total


def _least(instance, free, leaders, fixed, cands):
    r, w = instance.rules, instance.weights
    options = []
    for p in free:
        opts = [(None, w.left_out)]
        for lid in leaders:
            c = cands[lid]
            km = float(haversine_km(p.lat, p.lon, c.lat, c.lon))
            if km <= r.max_km:
                opts.append((lid, w.per_km * km + w.keep * (p.current_leader == lid)))
        options.append(opts)
    best = None
    for combo in itertools.product(*options):
        size = {x: fixed[x] for x in leaders}
        for lid, _ in combo:
            if lid is not None:
                size[lid] += 1
        if all(r.min_size <= s <= r.max_size for s in size.values()):
            value = sum(c for _, c in combo)
            best = value if best is None or value < best else best
    return best
