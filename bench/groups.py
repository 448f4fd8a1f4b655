"""How good are the suggested leaders of mutual-aid groups? The heuristic against every set of leaders.

Run ``python bench/groups.py`` (``--villages 30 --people 24 --candidates 10``). Each generated village
(``tests/matching/grouping_cases.village_doc``: people and candidates spread over a square of ``--spread``
km, rules size 8, min 3, max 10, walking limit 1.5 km) gets leaders from ``matching.suggest_leaders``
(greedy add, then swap local search, ``matching/_group_leaders.py``); then every set of as many candidates
is tried with the exact assignment, and the best is the optimum over leader sets. Printed: the gap of the
heuristic's objective (walking km + people left out x 100) and of its walking km alone, mean and worst, the
share of villages where it found the best set, and the times. ``--large`` also times the heuristic on a
village of 150 people and 30 candidates and on a township of 20 such villages (no exhaustive search); with
``--plain`` also the same search solving every set it looks at (no bounds: what it was before issue 30), and
whether both chose the same leaders. The load average is printed beside: the machine is shared.
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import time

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from matching import InstanceError, form_groups, load_grouping, suggest_leaders  # noqa: E402
from tests.matching.grouping_cases import village_doc  # noqa: E402

RULES = {"size": 8, "min_size": 3, "max_size": 10, "max_km": 1.5}


def walking_km(result) -> float:
    return sum(g.total_km for g in result.groups)


def exhaustive(instance, k: int):
    """The best result over every set of k candidates (None if no set is feasible), and the sets tried."""
    best, tried = None, 0
    for leaders in itertools.combinations([c.id for c in instance.candidates], k):
        tried += 1
        try:
            result = form_groups(instance, leaders=leaders)
        except InstanceError:
            continue
        if best is None or result.objective < best.objective:
            best = result
    return best, tried


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=30)
    parser.add_argument("--people", type=int, default=24)
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--spread", type=float, default=2.2)
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--plain", action="store_true", help="with --large: time the search without bounds too")
    parser.add_argument("--skip-small", action="store_true", help="only the --large figures")
    args = parser.parse_args(argv)
    gaps, km_gaps, found, t_heur, t_exh, sets = [], [], 0, [], [], 0
    for seed in range(0 if args.skip_small else args.villages):
        instance = load_grouping(village_doc(seed, args.people, args.candidates, spread_km=args.spread,
                                             rules=RULES, with_current=False))
        started = time.perf_counter()
        chosen = suggest_leaders(instance)
        heuristic = form_groups(instance, leaders=chosen)
        t_heur.append(time.perf_counter() - started)
        started = time.perf_counter()
        best, tried = exhaustive(instance, len(chosen))
        t_exh.append(time.perf_counter() - started)
        sets += tried
        gaps.append((heuristic.objective - best.objective) / best.objective)
        km_gaps.append((walking_km(heuristic) - walking_km(best)) / max(walking_km(best), 1e-9))
        found += heuristic.objective <= best.objective + 1e-9
    if args.skip_small:
        return large(args.plain) if args.large else 0
    print(f"{args.villages} villages of {args.people} people, {args.candidates} candidates, "
          f"{args.spread:g} km across, rules {RULES}")
    print(f"objective gap to the best leader set: mean {100 * np.mean(gaps):.2f} %, worst {100 * max(gaps):.2f} %;"
          f" best set found in {found}/{args.villages}")
    print(f"walking km gap: mean {100 * np.mean(km_gaps):.2f} %, worst {100 * max(km_gaps):.2f} % "
          f"(negative: fewer km, more people left out)")
    print(f"time per village: heuristic {1000 * np.median(t_heur):.0f} ms (median), exhaustive "
          f"{1000 * np.median(t_exh):.0f} ms over {sets // args.villages} sets on average")
    return large(args.plain) if args.large else 0


def large(plain: bool) -> int:
    """Time the suggestion and forming on a village of 150 people (and a township of 20), and the plain search."""
    from matching._group_leaders import suggest_component_plain
    from matching._group_model import build_components
    for n_villages in (1, 20):
        doc = village_doc(1, 150, 30, n_villages=n_villages, spread_km=3.0, rules={"size": 10}, with_current=True)
        started = time.perf_counter()
        result = form_groups(doc)
        print(f"{n_villages} village(s) of 150 people, 30 candidates: {len(result.groups)} groups, "
              f"{len(result.left_out)} left out, {time.perf_counter() - started:.2f} s "
              f"({result.stats['search']['evaluations']} assignments solved), load {os.getloadavg()[0]:.1f}")
        if plain and n_villages == 1:
            instance = load_grouping(doc)
            r = instance.rules
            started = time.perf_counter()
            chosen, stats = [], {"evaluations": 0}
            for comp in build_components(instance):
                local, got = suggest_component_plain(comp, r.size, r.min_size, r.max_size)
                chosen += [instance.candidates[int(j)].id for j in comp.candidates[local]]
                stats["evaluations"] += got["evaluations"]
            same = sorted(chosen) == sorted(g.leader for g in result.groups)
            print(f"  without bounds: {time.perf_counter() - started:.2f} s ({stats['evaluations']} assignments solved),"
                  f" same leaders: {same}, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
