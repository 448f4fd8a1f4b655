"""Leaders suggested by a facility-location heuristic with the exact assignment inside.

For each component (a village, or a village grid), the number of groups is ``ceil(n / size)`` for the n
people that some candidate can reach (locked members count), at least the candidates that already have
locked members, at most the candidates there are. Then:

1. **Greedy add.** Starting from the candidates with locked members, add the candidate whose addition gives
   the lowest objective, the objective being that of the optimal assignment for the leaders so far
   (``_group_assign.assign``: distances, today's groups, people left out, sizes); ties go to the candidate
   listed first. Stop at the number of groups, or when no candidate can be added with every group reaching
   ``min_size``.
2. **Swap local search.** Replace one chosen leader (not one with locked members) by one unchosen
   candidate whenever that lowers the objective (first improvement, in list order), until no swap does, or
   after :data:`MAX_SWAP_PASSES` passes.

Each objective is an exact assignment (the assignment is solved, not estimated), and sets already
evaluated are remembered. ``bench/groups.py`` measures how far this is from the best set of leaders found
by trying every set on small generated villages (README).
"""
from __future__ import annotations

import math

import numpy as np

from ._group_assign import assign
from ._group_model import Component

#: At most this many passes over all (leader, candidate) swaps.
MAX_SWAP_PASSES = 50


def group_count(comp: Component, size: int) -> int:
    """The number of groups to form in a component: one per ``size`` people within reach of a candidate."""
    if len(comp.candidates) == 0:
        return 0
    reachable = int(comp.allowed.any(axis=1).sum()) + int(comp.locked.sum())
    forced = int((comp.locked > 0).sum())
    return min(len(comp.candidates), max(forced, math.ceil(reachable / size)))


class _Evaluator:
    """The objective of a set of local leaders (None: some group cannot reach ``min_size``), remembered."""

    def __init__(self, comp: Component, min_size: int, max_size: int):
        self.comp, self.min_size, self.max_size = comp, min_size, max_size
        self.seen: dict[frozenset, int | None] = {}

    def __call__(self, leaders: frozenset) -> int | None:
        if leaders not in self.seen:
            got = assign(self.comp, np.array(sorted(leaders), dtype=np.int64), self.min_size, self.max_size)
            self.seen[leaders] = None if got is None else got.total
        return self.seen[leaders]


def suggest_component(comp: Component, size: int, min_size: int, max_size: int) -> tuple[np.ndarray, dict]:
    """Return the suggested local leaders of one component (sorted) and what the search did."""
    evaluate = _Evaluator(comp, min_size, max_size)
    forced = frozenset(np.flatnonzero(comp.locked > 0).tolist())
    k = group_count(comp, size)
    chosen = forced
    best = evaluate(chosen)
    others = range(len(comp.candidates))
    while len(chosen) < k:
        trials = [(evaluate(chosen | {c}), c) for c in others if c not in chosen]
        trials = [(t, c) for t, c in trials if t is not None]
        if not trials:
            break
        best, c = min(trials)
        chosen = chosen | {c}
    swaps = passes = 0
    improved = best is not None
    while improved and passes < MAX_SWAP_PASSES:
        improved = False
        passes += 1
        for out in sorted(chosen - forced):
            for c in others:
                if c in chosen:
                    continue
                trial = (chosen - {out}) | {c}
                value = evaluate(trial)
                if value is not None and value < best:
                    chosen, best, improved = trial, value, True
                    swaps += 1
                    break
            if improved:
                break
    return np.array(sorted(chosen), dtype=np.int64), {"groups_aimed": k, "evaluations": len(evaluate.seen),
                                                      "swaps": swaps}
