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

**Bounds (issue 30: 23 s for 150 people).** Most sets the search looks at cannot win, and a lower bound says so
without solving them: with a price ``lam[j] >= 0`` on each leader's places, every person takes the cheapest of
staying out and joining a leader at ``cost + lam``, less ``lam`` times the places (the Lagrangian of the sizes,
minimum sizes dropped: :class:`_Bounds`). Any prices give a bound; the dual prices of the set the trials come
from (its assignment's certificate) make it exact for that set, and the one leader a trial adds gets its best
price in closed form. A greedy step then solves candidates in the order of their bounds and stops once the next
bound exceeds the best objective found; a swap is solved only when its bound is below the current objective.
Both choose exactly what solving every set chose (the same leaders, ties included: ``test_grouping.py`` checks it
against :func:`suggest_component_plain`, the search without bounds), with a fraction of the assignments solved.
"""
from __future__ import annotations

import math

import numpy as np

from ._group_assign import assign, certify
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
    """The objective of a set of local leaders (None: some group cannot reach ``min_size``), remembered, and the
    places' dual prices of the sets asked for with ``prices`` (what :class:`_Bounds` starts from)."""

    def __init__(self, comp: Component, min_size: int, max_size: int):
        self.comp, self.min_size, self.max_size = comp, min_size, max_size
        self.seen: dict[frozenset, int | None] = {}
        self.prices: dict[frozenset, np.ndarray] = {}
        self.solved: dict[frozenset, object] = {}

    def __call__(self, leaders: frozenset) -> int | None:
        if leaders not in self.seen:
            got = assign(self.comp, np.array(sorted(leaders), dtype=np.int64), self.min_size, self.max_size)
            self.seen[leaders] = None if got is None else got.total
            if got is not None:
                self.solved = {leaders: got}   # only the last set's assignment is kept: the one prices ask for
        return self.seen[leaders]

    def prices_of(self, leaders: frozenset) -> np.ndarray | None:
        """Each leader's price (in ``sorted(leaders)`` order) from the dual of the set's optimal assignment: minus the
        least row price of the leader's places, at least 0. None when the set is infeasible."""
        if leaders not in self.prices:
            got = self.solved.get(leaders)
            if got is None:
                if self(leaders) is None:
                    return None
                got = self.solved.get(leaders) or assign(self.comp, np.array(sorted(leaders), dtype=np.int64),
                                                         self.min_size, self.max_size)
            u = certify(got.edges, got.column).u.astype(float)
            lam = np.zeros(len(leaders))
            if len(u):
                lowest = np.full(len(leaders), np.inf)
                np.minimum.at(lowest, got.edges.slot_leader, u)
                lam = np.where(np.isfinite(lowest), np.maximum(-lowest, 0.0), 0.0)
            self.prices[leaders] = lam
        return self.prices[leaders]


class _Bounds:
    """Lower bounds on the objective of leader sets: ``base + sum_i min(0, min_j (w[i, j] + lam[j])) - sum_j lam[j] *
    places[j]`` for any prices ``lam >= 0`` (``w`` the cost of joining less the cost of staying out), a Lagrangian
    relaxation of the sizes (minimum sizes dropped), so never above the set's objective. Off (``None`` bounds) in a
    component where a candidate is also a person to group: who is free to join then depends on the set."""

    def __init__(self, comp: Component, max_size: int):
        self.on = bool((comp.as_person < 0).all())
        self.w = np.where(comp.allowed, comp.cost - comp.left, np.inf).astype(float)
        self.places = np.maximum(max_size - comp.locked, 0).astype(float)
        self.base = float(comp.left * len(comp.people) + comp.locked_cost)
        self.zero = np.zeros(len(comp.people))

    def best_of(self, leaders: np.ndarray, lam: np.ndarray) -> np.ndarray:
        """Each person's cheapest choice among ``leaders`` at prices ``lam``, staying out (0) included."""
        if len(leaders) == 0:
            return self.zero
        return np.minimum((self.w[:, leaders] + lam).min(axis=1), 0.0)

    def price(self, gain: np.ndarray, j: int) -> float:
        """Leader ``j``'s best price when people would save ``gain`` by joining it at price 0: the least price at which
        no more people prefer it than it has places (the bound is concave in the price, and this is its top)."""
        places = int(self.places[j])
        keen = gain[gain > 0]
        if len(keen) <= places:
            return 0.0
        return float(np.partition(keen, len(keen) - places - 1)[len(keen) - places - 1])

    def with_one(self, leaders: np.ndarray, lam: np.ndarray, best: np.ndarray, c: int) -> float:
        """The bound of ``leaders`` (priced ``lam``, people's best choices ``best``) and candidate ``c`` at its best
        price."""
        price = self.price(best - self.w[:, c], c)
        return (self.base + float(np.minimum(best, self.w[:, c] + price).sum())
                - float((lam * self.places[leaders]).sum()) - price * int(self.places[c]))

    def refined(self, leaders: np.ndarray, lam: np.ndarray, c: int, rounds: int = 2) -> float:
        """A tighter bound of ``leaders`` and ``c``: from the prices given (``c`` at its best), each leader's price in
        turn moved to its best given the others', ``rounds`` times (each move can only raise the bound)."""
        leaders = np.append(leaders, c)
        w = self.w[:, leaders]
        lam = np.append(lam, 0.0)
        for _ in range(rounds):
            for t in range(len(leaders)):
                others = w + lam
                others[:, t] = np.inf
                lam[t] = self.price(np.minimum(others.min(axis=1), 0.0) - w[:, t], int(leaders[t]))
        return (self.base + float(np.minimum((w + lam).min(axis=1), 0.0).sum())
                - float((lam * self.places[leaders]).sum()))


def _priced(evaluate: _Evaluator, bounds: _Bounds, chosen: frozenset):
    """The sorted leaders of ``chosen`` and their prices, or None when no bound can be had."""
    if not bounds.on:
        return None
    lam = evaluate.prices_of(chosen) if chosen else np.zeros(0)
    if lam is None:
        return None
    return np.array(sorted(chosen), dtype=np.int64), lam


def suggest_component(comp: Component, size: int, min_size: int, max_size: int) -> tuple[np.ndarray, dict]:
    """Return the suggested local leaders of one component (sorted) and what the search did: the greedy-and-swap
    search of :func:`suggest_component_plain`, skipping the sets a lower bound shows cannot be chosen."""
    evaluate, bounds = _Evaluator(comp, min_size, max_size), _Bounds(comp, max_size)
    forced = frozenset(np.flatnonzero(comp.locked > 0).tolist())
    k = group_count(comp, size)
    chosen = forced
    best = evaluate(chosen)
    others = range(len(comp.candidates))
    skipped = 0
    while len(chosen) < k:
        priced = _priced(evaluate, bounds, chosen)
        unchosen = [c for c in others if c not in chosen]
        if priced is None:
            order = [(-np.inf, c) for c in unchosen]
        else:
            leaders, lam = priced
            here = bounds.best_of(leaders, lam)
            order = sorted((bounds.with_one(leaders, lam, here, c), c) for c in unchosen)
        found = None
        for bound, c in order:
            if found is not None and (bound > found[0] or (priced is not None
                                                           and bounds.refined(leaders, lam, c) > found[0])):
                skipped += 1
                continue   # its objective is at least its bound: above the best found, never chosen
            value = evaluate(chosen | {c})
            if value is not None and (found is None or (value, c) < found):
                found = (value, c)
        if found is None:
            break
        best, c = found
        chosen = chosen | {c}
    swaps = passes = 0
    improved = best is not None
    while improved and passes < MAX_SWAP_PASSES:
        improved = False
        passes += 1
        priced = _priced(evaluate, bounds, chosen)
        for out in sorted(chosen - forced):
            if priced is not None:
                keep = priced[0] != out
                leaders, lam = priced[0][keep], priced[1][keep]
                here = bounds.best_of(leaders, lam)
            for c in others:
                if c in chosen:
                    continue
                if priced is not None and (bounds.with_one(leaders, lam, here, c) >= best
                                           or bounds.refined(leaders, lam, c) >= best):
                    skipped += 1
                    continue   # cannot lower the objective
                trial = (chosen - {out}) | {c}
                value = evaluate(trial)
                if value is not None and value < best:
                    chosen, best, improved = trial, value, True
                    swaps += 1
                    break
            if improved:
                break
    return np.array(sorted(chosen), dtype=np.int64), {"groups_aimed": k, "evaluations": len(evaluate.seen),
                                                      "swaps": swaps, "skipped_by_bound": skipped}


def suggest_component_plain(comp: Component, size: int, min_size: int, max_size: int) -> tuple[np.ndarray, dict]:
    """The search without bounds (every set tried is solved): what :func:`suggest_component` must choose alike."""
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
