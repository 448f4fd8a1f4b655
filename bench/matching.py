"""Benchmark of the matching engine against an OR-Tools min-cost-flow baseline, shape by shape and size by size.

Run ``python bench/matching.py`` (``--shapes surplus wide --sizes county`` to pick; the shapes are in
``bench/shapes.py``). Each case runs in fresh processes, so that peak memory (max RSS) is its own,
``--repeat`` times (the province once), engine and baseline taking turns; the run of median CPU time is
shown, and the ratio as the median over the pairs of runs (of CPU time, and of wall time beside it: on a
shared machine the wall time mostly measures the other work). OR-Tools is a benchmark extra: ``pip install .[bench]``.
The time is the whole solve from instance to result (model, eligible pairs, solve, explanations), the
first in its process; starting Python, the imports and generating the instance are left out: they are the
same for both, but for OR-Tools' import, which only the baseline pays.

``--sweep N`` instead solves N small generated instances of every shape with the engine, each against an
exact LP, and reports any that differ (issue 12's thousands-of-instances check).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from bench.shapes import SHAPES, SIZES, SKIPPED, make_instance  # noqa: E402


def run_engine(instance) -> dict:
    from matching import solve

    started, cpu = time.perf_counter(), time.process_time()
    result = solve(instance)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "objective": result.objective, "stats": result.stats}


def run_baseline(instance) -> dict:
    """Min-cost flow: source -> unit -> volunteer -> sink with convex slot arcs, unit -> sink at its penalty.

    Everything but the flow is the engine's own code, the result with its explanations included, and it
    runs with the engine's memory setting (``matching._memory``), so the two runs differ in the solve alone.
    """
    from ortools.graph.python import min_cost_flow  # noqa: F401 (imported before the timed span)

    from matching._memory import reused_memory

    scale = 1_000_000  # OR-Tools takes integer costs: micro-units
    started, cpu = time.perf_counter(), time.process_time()
    with reused_memory():
        result = _baseline_result(instance, scale)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "objective": result.objective, "stats": result.stats}


def _baseline_result(instance, scale):
    """The baseline's model, flow and result (see :func:`run_baseline`)."""
    from ortools.graph.python import min_cost_flow

    from matching._feasible import eligible_pairs, pair_costs
    from matching._locks import locked_units
    from matching._model import build_model
    from matching._solve import build_result

    model = build_model(instance)
    pairs = eligible_pairs(model)
    eu, ev = pairs.unit, pairs.vol
    cost = pair_costs(model, eu, ev, pairs.km)
    lock, _ = locked_units(model)
    free = lock[eu] < 0
    eu, ev, cost = eu[free], ev[free], cost[free]
    load = np.bincount(lock[lock >= 0], minlength=model.n_volunteers)
    n_u, n_v = model.n_units, model.n_volunteers
    src, sink = n_u + n_v, n_u + n_v + 1
    free_units = np.flatnonzero(lock < 0)
    s = instance.weights.per_extra_slot
    rem = np.maximum(model.v_capacity - load, 0)
    slot_v = np.repeat(np.arange(n_v), rem)
    slot_k = np.arange(len(slot_v)) - np.repeat(np.cumsum(rem) - rem, rem)
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
    return build_result(model, choice, {"arcs": int(len(tails))})


def _child(shape: str, size: str, solver: str) -> None:
    instance = make_instance(shape, size)
    n_people, n_places = len(instance.beneficiaries), sum(v.capacity for v in instance.volunteers)
    out = (run_engine if solver == "engine" else run_baseline)(instance)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.update(people=n_people, places=n_places)
    print(json.dumps(out))


def _run(shape: str, size: str, solver: str) -> dict:
    """Run one case in a fresh process."""
    run = subprocess.run([sys.executable, __file__, "--child", shape, size, solver], capture_output=True, text=True)
    if run.returncode:
        return {"error": run.stderr.strip().splitlines()[-1] if run.stderr else f"exit {run.returncode}"}
    return json.loads(run.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """The run of median CPU time, or the first error."""
    errors = [r for r in runs if "error" in r]
    if errors:
        return errors[0]
    return sorted(runs, key=lambda r: r["cpu"])[len(runs) // 2]


def same_optimum(a: float, b: float, people: int) -> bool:
    """Equal within matching-format.md's tolerance: 1e-6 per beneficiary."""
    return abs(a - b) <= 1e-6 * max(people, 1)


def paired_ratio(engine_runs: list[dict], base_runs: list[dict], key: str) -> float:
    """The median over paired runs of engine / baseline for ``key`` ("cpu" or "seconds")."""
    paired = sorted(e[key] / b[key] for e, b in zip(engine_runs, base_runs))
    return paired[len(paired) // 2]


HEADER = (f"{'shape':<14} {'size':<9} {'people':>7} {'places':>7} {'engine cpu':>10} {'MB':>6} "
          f"{'OR-Tools cpu':>12} {'MB':>6} {'ratio':>6} {'wall':>6}  optima")


def bench_case(shape: str, size: str, repeat: int, with_baseline: bool) -> str:
    """Run a case, engine and baseline taking turns; return its table row.

    Times are CPU seconds of the solving process (both solvers are single-threaded): on a shared machine
    the wall time mostly measures the other work; the wall-time ratio is shown beside.
    """
    engine_runs, base_runs = [], []
    for _ in range(repeat):
        engine_runs.append(_run(shape, size, "engine"))
        if with_baseline:
            base_runs.append(_run(shape, size, "baseline"))
    engine = _median_run(engine_runs)
    if "error" in engine:
        return f"{shape:<14} {size:<9} engine failed: {engine['error']}"
    row = (f"{shape:<14} {size:<9} {engine['people']:>7} {engine['places']:>7} "
           f"{engine['cpu']:>10.2f} {engine['peak_mb']:>6.0f}")
    if not with_baseline:
        return row + f" {'-':>12} {'-':>6} {'-':>6} {'-':>6}  rows={engine['stats'].get('rows')}"
    base = _median_run(base_runs)
    if "error" in base:
        return row + f"  baseline failed: {base['error']}"
    same = same_optimum(engine["objective"], base["objective"], engine["people"])
    return row + (f" {base['cpu']:>12.2f} {base['peak_mb']:>6.0f} {paired_ratio(engine_runs, base_runs, 'cpu'):>6.2f} "
                  f"{paired_ratio(engine_runs, base_runs, 'seconds'):>6.2f}  "
                  f"{'equal' if same else 'DIFFER'} ({engine['objective']:.6f}; rows={engine['stats'].get('rows')})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--no-baseline", action="store_true", help="skip OR-Tools")
    parser.add_argument("--repeat", type=int, default=3, help="fresh runs per case; the median is shown")
    parser.add_argument("--sweep", type=int, help="solve this many small instances per shape against an exact LP")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    if args.sweep:
        from bench.sweep import sweep
        sys.exit(sweep(args.sweep, args.shapes))
    print(HEADER, flush=True)
    for size in args.sizes:
        for shape in args.shapes:
            if (shape, size) in SKIPPED:
                continue
            repeat = 1 if size == "province" else args.repeat
            print(bench_case(shape, size, repeat, not args.no_baseline), flush=True)


if __name__ == "__main__":
    main()
