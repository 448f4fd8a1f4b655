"""The sweep of issue 12: thousands of small instances of every shape, each solved by the engine (rows chosen,
both sides forced, and slots solved sparse: small components otherwise go dense with every idle column, and
the proof would reopen nothing) and checked against an exact linear programme. Every solve must finish and be
optimal.

Run ``python bench/matching.py --sweep 300`` (instances per shape).
"""
from __future__ import annotations

import time

import numpy as np

from bench.shapes import make_instance
from matching import solve
from tests.matching.reference import check_result, lp_optimum


#: How each instance is solved: (rows, method).
WAYS = (("auto", "auto"), ("units", "auto"), ("slots", "auto"), ("slots", "sparse"))


def dims(rng: np.random.Generator) -> tuple:
    """A random small size: beneficiaries, volunteers, km across, villages (0: spread evenly)."""
    n_b = int(rng.integers(5, 150))
    return n_b, int(rng.integers(2, max(3, n_b))), float(rng.uniform(3, 25)), int(rng.integers(0, 8))


def sweep(per_shape: int, shapes: list[str]) -> int:
    """Solve ``per_shape`` instances of each shape in every one of :data:`WAYS`; print the count and any that
    differ. Return 0 if all are optimal, 1 otherwise."""
    rng = np.random.default_rng(12)
    checked, wrong, started = 0, [], time.perf_counter()
    for shape in shapes:
        if shape.startswith("portal"):
            continue
        for _ in range(per_shape):
            seed = int(rng.integers(0, 2 ** 31))
            doc = make_instance(shape, "", seed=seed, dims=dims(rng)).to_dict()
            best = lp_optimum(doc)
            people = len(doc["beneficiaries"])
            for rows, method in WAYS:
                result = solve(doc, rows=rows, method=method)
                ok = abs(result.objective - best) <= 1e-6 * people
                ok = ok and abs(check_result(doc, result) - result.objective) <= 1e-6 * people
                checked += 1
                if not ok:
                    wrong.append((shape, seed, f"{rows}/{method}", result.objective, best))
        print(f"{shape:<14} {per_shape} instances x {len(WAYS)} ways checked "
              f"({time.perf_counter() - started:.0f} s so far)", flush=True)
    print(f"{checked} solves, {len(wrong)} not optimal")
    for case in wrong:
        print("  not optimal: shape %s seed %d rows %s: %.6f against %.6f" % case)
    return 1 if wrong else 0
