"""Benchmark of the matching engine against an OR-Tools min-cost-flow baseline at three scales.

Run ``python bench/matching.py`` (add ``--scales township county`` to pick). Each case runs in fresh
processes, so that peak memory (max RSS) is its own, ``--repeat`` times (the province once), engine and
baseline taking turns; the run of median time is shown, and the ratio also as the median over the pairs
of runs. OR-Tools is a benchmark extra: ``pip install .[bench]``. Prints the time of the
whole solve from instance to result (model, feasible pairs, solve, explanations), each the first in its
process, with peak memory and objective, and the ratio of the engine's time to the baseline's. Starting
Python, the imports and generating the instance are left out: they are the same for both, but for
OR-Tools' import, which only the baseline pays.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

SCALES = {
    #         beneficiaries, volunteers, km across, villages
    "township": (1_000, 300, 20.0, 15),
    "county": (10_000, 3_000, 60.0, 150),
    "province": (100_000, 30_000, 190.0, 1_500),
}
SKILLS = ["math", "chinese", "english", "reading", "counselling", "care", "health", "farming", "crafts"]


def make_instance(scale: str, seed: int = 7):
    """Build a realistic instance: villages as clusters, households, girls and boys, checks, capacities 1-3."""
    from matching import Beneficiary, Instance, Rules, Volunteer, Weights

    n_b, n_v, km, n_villages = SCALES[scale]
    rng = np.random.default_rng(seed)
    lat0, lon0 = 27.3, 111.8  # a county in Hunan
    dlat = km / 111.0
    dlon = km / (111.0 * np.cos(np.radians(lat0)))
    village = np.column_stack((lat0 + rng.random(n_villages) * dlat, lon0 + rng.random(n_villages) * dlon))

    def near_village(n):
        which = rng.integers(0, n_villages, n)
        spread = rng.normal(0, 0.012, (n, 2))  # about 1.3 km around the village centre
        return village[which] + spread

    beneficiaries = []
    where = near_village(n_b)
    household = 0
    i = 0
    while i < n_b:
        size = min(int(rng.choice([1, 1, 1, 2, 2, 3])), n_b - i)
        hid = f"h{household}" if size > 1 else None
        for _ in range(size):
            lat, lon = where[i]
            if hid and beneficiaries and beneficiaries[-1].household == hid:  # siblings share a home
                lat, lon = beneficiaries[-1].lat, beneficiaries[-1].lon
            needs = tuple(rng.choice(SKILLS, size=int(rng.integers(0, 3)), replace=False).tolist())
            beneficiaries.append(Beneficiary(
                id=f"b{i}", lat=float(lat), lon=float(lon), gender=str(rng.choice(["F", "M"])),
                age=int(rng.integers(3, 17)), priority=int(rng.choice([1, 2, 3, 4, 5, 6], p=[.02, .03, .05, .1, .1, .7])),
                household=hid, needs=needs))
            i += 1
        household += 1
    vols = []
    vwhere = near_village(n_v)
    for j in range(n_v):
        vols.append(Volunteer(
            id=f"v{j}", lat=float(vwhere[j, 0]), lon=float(vwhere[j, 1]), gender=str(rng.choice(["F", "M"], p=[.6, .4])),
            capacity=int(rng.integers(1, 4)), background_checked=bool(rng.random() < 0.85),
            max_km=float(rng.choice([5.0, 8.0])) if rng.random() < 0.3 else None,
            skills=tuple(rng.choice(SKILLS, size=int(rng.integers(1, 4)), replace=False).tolist())))
    # Some continuity: a fifth of the beneficiaries keep a volunteer from last year.
    beneficiaries = [b if rng.random() > 0.2 else
                     Beneficiary(**{**b.__dict__, "current_volunteer": f"v{int(rng.integers(0, n_v))}"})
                     for b in beneficiaries]
    return Instance(tuple(beneficiaries), tuple(vols), Rules(max_km=10.0), Weights())


def run_engine(instance) -> dict:
    from matching import solve

    started = time.perf_counter()
    result = solve(instance)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "objective": result.objective, "stats": result.stats}


def run_baseline(instance) -> dict:
    """Min-cost flow: source -> unit -> volunteer -> sink with convex slot arcs, unit -> sink at its penalty.

    Everything but the flow is the engine's own code, the result with its explanations included, so the
    two runs differ in the solve alone.
    """
    from ortools.graph.python import min_cost_flow

    from matching._feasible import ELIGIBLE, candidate_pairs, exclusion_codes, pair_costs
    from matching._locks import locked_units
    from matching._model import build_model
    from matching._solve import build_result

    scale = 1_000_000  # OR-Tools takes integer costs: micro-units
    started = time.perf_counter()
    model = build_model(instance)
    pairs = candidate_pairs(model)
    codes = exclusion_codes(model, pairs.unit, pairs.vol, pairs.km)
    ok = codes == ELIGIBLE
    eu, ev = pairs.unit[ok], pairs.vol[ok]
    cost = pair_costs(model, eu, ev, pairs.km[ok])
    lock, _ = locked_units(model)
    free = lock[eu] < 0
    eu, ev, cost = eu[free], ev[free], cost[free]
    load = np.bincount(lock[lock >= 0], minlength=model.n_volunteers)
    n_u, n_v = model.n_units, model.n_volunteers
    src, sink = n_u + n_v, n_u + n_v + 1
    free_units = np.flatnonzero(lock < 0)
    s = instance.weights.per_extra_slot
    rem = model.v_capacity - load
    slot_v = np.repeat(np.arange(n_v), np.maximum(rem, 0))
    slot_k = np.arange(len(slot_v)) - np.repeat(np.cumsum(np.maximum(rem, 0)) - np.maximum(rem, 0), np.maximum(rem, 0))
    tails = np.concatenate([np.full(len(free_units), src), free_units, eu, n_u + slot_v])
    heads = np.concatenate([free_units, np.full(len(free_units), sink), n_u + ev, np.full(len(slot_v), sink)])
    costs = np.concatenate([np.zeros(len(free_units)), model.unit_penalty[free_units], cost,
                            (load[slot_v] + slot_k) * s])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), np.ones(len(tails), np.int64),
        np.round(costs * scale).astype(np.int64))
    flow.set_nodes_supplies(np.array([src, sink], np.int32), np.array([len(free_units), -len(free_units)], np.int64))
    status = flow.solve()
    assert status == flow.OPTIMAL, status
    flows = flow.flows(arcs)
    start = 2 * len(free_units)
    used = flows[start:start + len(eu)] > 0
    choice = lock.copy()
    choice[eu[used]] = ev[used]
    result = build_result(model, choice, pairs, codes, {"arcs": int(len(tails))})
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "objective": result.objective, "stats": result.stats}


def _child(scale: str, solver: str) -> None:
    instance = make_instance(scale)
    out = (run_engine if solver == "engine" else run_baseline)(instance)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _run(scale: str, solver: str) -> dict:
    """Run one case in a fresh process."""
    run = subprocess.run([sys.executable, __file__, "--child", scale, solver], capture_output=True, text=True)
    if run.returncode:
        return {"error": run.stderr.strip().splitlines()[-1] if run.stderr else f"exit {run.returncode}"}
    return json.loads(run.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """The run of median time, or the first error."""
    errors = [r for r in runs if "error" in r]
    if errors:
        return errors[0]
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", choices=list(SCALES), default=list(SCALES))
    parser.add_argument("--no-baseline", action="store_true", help="skip OR-Tools")
    parser.add_argument("--repeat", type=int, default=7, help="fresh runs per case; the median is shown")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    print(f"{'scale':<9} {'solver':<9} {'seconds':>8} {'peak MB':>8} {'objective':>16}  notes")
    for scale in args.scales:
        with_baseline = not args.no_baseline and scale != "province"
        # Engine and baseline take turns, so that a slow spell of the machine falls on both alike.
        engine_runs, base_runs = [], []
        for _ in range(1 if scale == "province" else args.repeat):
            engine_runs.append(_run(scale, "engine"))
            if with_baseline:
                base_runs.append(_run(scale, "baseline"))
        engine = _median_run(engine_runs)
        _print(scale, "engine", engine)
        if not with_baseline:
            continue
        base = _median_run(base_runs)
        _print(scale, "or-tools", base)
        if "error" not in engine and "error" not in base:
            same = abs(engine["objective"] - base["objective"]) <= 1e-6 * max(1.0, abs(base["objective"]))
            paired = sorted(e["seconds"] / b["seconds"] for e, b in zip(engine_runs, base_runs))
            print(f"{'':<9} ratio engine/baseline time = {engine['seconds'] / base['seconds']:.2f} "
                  f"(median of the {len(paired)} paired runs {paired[len(paired) // 2]:.2f}, "
                  f"range {paired[0]:.2f} to {paired[-1]:.2f}); objectives {'identical' if same else 'DIFFER'}")


def _print(scale: str, solver: str, out: dict) -> None:
    if "error" in out:
        print(f"{scale:<9} {solver:<9} failed: {out['error']}")
        return
    notes = ", ".join(f"{k}={v}" for k, v in out["stats"].items() if k != "seconds")
    print(f"{scale:<9} {solver:<9} {out['seconds']:>8.2f} {out['peak_mb']:>8.0f} {out['objective']:>16.4f}  {notes}")


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    main()
