"""An independent, deliberately naive reading of matching-format.md: used to check the engine, never by it."""
from __future__ import annotations

import itertools
import math


def haversine(a, b) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


DEFAULT_PENALTY = {1: 1000, 2: 500, 3: 200, 4: 100, 5: 100, 6: 100}


def settings(doc):
    rules = {"max_km": 15.0, "female_helper_for_girls_from_age": 8, "require_background_check": True,
             "household_together": True, **doc.get("rules", {})}
    weights = {"per_km": 1.0, "per_shared_skill": -2.0, "continuity": -10.0, "per_extra_slot": 0.5,
               **doc.get("weights", {})}
    table = weights.get("unassigned")
    penalty = DEFAULT_PENALTY if table is None else {int(k): v for k, v in table.items()}
    return rules, weights, penalty


def units(doc):
    rules, _, _ = settings(doc)
    groups: dict = {}
    for b in doc["beneficiaries"]:
        key = ("h", b["household"]) if rules["household_together"] and b.get("household") else ("b", b["id"])
        groups.setdefault(key, []).append(b)
    return list(groups.values())


def distance(unit, v) -> float:
    return max(haversine((b["lat"], b["lon"]), (v["lat"], v["lon"])) for b in unit)


def allowed(doc, unit, v) -> bool:
    rules, _, _ = settings(doc)
    d = distance(unit, v)
    if d > rules["max_km"] or ("max_km" in v and v["max_km"] is not None and d > v["max_km"]):
        return False
    age = rules["female_helper_for_girls_from_age"]
    if age is not None and v["gender"] != "F" and any(b["gender"] == "F" and b["age"] >= age for b in unit):
        return False
    if rules["require_background_check"] and not v.get("background_checked"):
        return False
    forbidden = {tuple(p) for p in doc.get("forbidden", [])}
    return not any((b["id"], v["id"]) in forbidden for b in unit)


def pair_cost(doc, unit, v) -> float:
    _, w, _ = settings(doc)
    needs = {n for b in unit for n in b.get("needs", [])}
    current = {b.get("current_volunteer") for b in unit}
    return (w["per_km"] * distance(unit, v) + w["per_shared_skill"] * len(needs & set(v.get("skills", [])))
            + (w["continuity"] if v["id"] in current else 0.0))


def objective(doc, unit_choice) -> float:
    """unit_choice: list of volunteer dicts or None, parallel to units(doc)."""
    _, w, penalty = settings(doc)
    total, load = 0.0, {}
    for unit, v in zip(units(doc), unit_choice):
        if v is None:
            total += penalty.get(min(b["priority"] for b in unit), 100)
        else:
            total += pair_cost(doc, unit, v)
            load[v["id"]] = load.get(v["id"], 0) + 1
    return total + w["per_extra_slot"] * sum(n * (n - 1) / 2 for n in load.values())


def feasible_choices(doc):
    """Every feasible choice, with its volunteer loads: unit_choice lists parallel to units(doc), by enumeration."""
    us, vs = units(doc), doc["volunteers"]
    locked = {b: v for b, v in doc.get("locked", [])}
    options = []
    for unit in us:
        lock = {locked[b["id"]] for b in unit if b["id"] in locked}
        if lock:
            options.append([v for v in vs if v["id"] in lock])
        else:
            options.append([None] + [v for v in vs if allowed(doc, unit, v)])
    for choice in itertools.product(*options):
        load = {v["id"]: 0 for v in vs}
        for v in choice:
            if v is not None:
                load[v["id"]] += 1
        if all(load[v["id"]] <= v["capacity"] for v in vs):
            yield list(choice), load


def brute_force(doc) -> float:
    """The minimum objective over every feasible choice, by enumeration: small instances only."""
    return min((objective(doc, choice) for choice, _ in feasible_choices(doc)), default=math.inf)


def check_result(doc, result) -> float:
    """Assert that a result is feasible and complete; return its objective recomputed from scratch."""
    by_id = {v["id"]: v for v in doc["volunteers"]}
    given = {a.beneficiary: a.volunteer for a in result.assignments}
    left = {u.beneficiary for u in result.unassigned}
    ids = [b["id"] for b in doc["beneficiaries"]]
    assert sorted(ids) == sorted(list(given) + list(left)), "every beneficiary appears exactly once"
    choice = []
    for unit in units(doc):
        vols = {given.get(b["id"]) for b in unit}
        assert len(vols) == 1, "members of one unit share a volunteer"
        vid = vols.pop()
        v = None if vid is None else by_id[vid]
        if v is not None:
            assert allowed(doc, unit, v), f"{vid} breaks a hard rule"
        choice.append(v)
    load = {}
    for v in choice:
        if v is not None:
            load[v["id"]] = load.get(v["id"], 0) + 1
    assert all(load.get(v["id"], 0) <= v["capacity"] for v in doc["volunteers"]), "capacity exceeded"
    for b, v in doc.get("locked", []):
        assert given.get(b) == v, f"lock {b} -> {v} not kept"
    return objective(doc, choice)


# Hand-made cases: people along the parallel 27.3° N, placed by km east of 111.8° E.
KM_LON = 1 / (111.32 * math.cos(math.radians(27.3)))  # degrees of longitude per km at 27.3° N


def person(id, km, priority=6):
    return {"id": id, "lat": 27.3, "lon": 111.8 + km * KM_LON, "gender": "M", "age": 9, "priority": priority}


def helper(id, km, capacity=1):
    return {"id": id, "lat": 27.3, "lon": 111.8 + km * KM_LON, "gender": "M", "capacity": capacity,
            "background_checked": True}


def lp_optimum(doc) -> float:
    """The minimum objective as a min-cost-flow linear programme (HiGHS): exact, for instances too big to enumerate.

    Variables: a pair (unit, allowed volunteer) taken, a unit left out, a volunteer's k-th place used (each
    in [0, 1]; the flow matrix is totally unimodular, so the optimum is integral). Slot costs rise with k,
    so a volunteer's cheapest places are used first.
    """
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    _, w, penalty = settings(doc)
    us, vs = units(doc), doc["volunteers"]
    locked = {b: v for b, v in doc.get("locked", [])}
    pairs, cost, lower = [], [], []
    for a, unit in enumerate(us):
        lock = {locked[b["id"]] for b in unit if b["id"] in locked}
        for j, v in enumerate(vs):
            if (v["id"] in lock) if lock else allowed(doc, unit, v):
                pairs.append((a, j))
                cost.append(pair_cost(doc, unit, v))
                lower.append(1.0 if lock else 0.0)
    slots = [(j, k) for j, v in enumerate(vs) for k in range(v["capacity"])]
    n_p, n_u = len(pairs), len(us)
    rows, cols, vals = [], [], []
    for c, (a, j) in enumerate(pairs):
        rows += [a, n_u + j]
        cols += [c, c]
        vals += [1.0, 1.0]
    for a in range(n_u):
        rows.append(a)
        cols.append(n_p + a)
        vals.append(1.0)
    for c, (j, _k) in enumerate(slots):
        rows.append(n_u + j)
        cols.append(n_p + n_u + c)
        vals.append(-1.0)
    n_var = n_p + n_u + len(slots)
    eq = coo_matrix((vals, (rows, cols)), shape=(n_u + len(vs), n_var)).tocsr()
    c = np.r_[cost, [penalty.get(min(b["priority"] for b in unit), 100) for unit in us],
              [w["per_extra_slot"] * k for _j, k in slots]]
    bounds = np.column_stack((np.r_[lower, np.zeros(n_u + len(slots))], np.ones(n_var)))
    out = linprog(c, A_eq=eq, b_eq=np.r_[np.ones(n_u), np.zeros(len(vs))], bounds=bounds, method="highs")
    assert out.status == 0, out.message
    return float(out.fun)
