"""The first solve's shortcuts, and the proof that they did not change the optimum.

Two things make the sparse solver slow: columns (each adds to every search) and edges (each is scanned
whenever its row is). In most optimal assignments nearly every slot is filled, and no slot takes a unit
far down its list. So the first solve gives an idle column only to the slots that cannot all be filled at
once (:func:`unfillable_rows`), and holds back each volunteer's pairs to its farthest units of the lowest
penalty, keeping the nearest :data:`KEPT_NEAREST` (:func:`held_back_pairs`). Then dual prices from the
solution prove, row by row, that neither an idle column nor a held pair could lower the objective
(:func:`unproven_rows`). The rows it cannot clear get their idle column or their pairs back, and the
graph is solved again; the answer is then optimal for the graph with every idle column and every pair.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_matrix

from ._lap import maximum_matching
from ._slots import SlotGraph

#: Of a volunteer's pairs to units of the lowest penalty, about this many of the best stay in the first solve.
KEPT_NEAREST = 150
#: At most this many rounds of price bounds before a row still unproven gets its idle column or pairs back.
PROOF_ROUNDS = 256
_BINS = 64  # value classes for choosing the kept pairs without sorting them


def held_back_pairs(ev, value, penalty, n_slots, n_volunteers: int) -> np.ndarray:
    """Mark the pairs the first solve holds back: each volunteer's worst pairs to units of the lowest penalty.

    Pairs to any other unit are kept, and so are, per volunteer, the :data:`KEPT_NEAREST` best (lowest
    value) of its pairs to the lowest-penalty units, give or take one value class. A held pair never needs
    more slots than the volunteer's kept pairs, so holding it back or not leaves the graph's rows as they are.
    """
    keep = KEPT_NEAREST
    held = np.zeros(len(ev), dtype=bool)
    # Every volunteer keeps all its pairs (counted only where the pairs are few enough for that to be so).
    if len(ev) <= keep * n_volunteers and np.bincount(ev, minlength=n_volunteers).max() <= keep:
        return held
    low = np.flatnonzero(penalty == penalty.min())  # the caller has pairs
    if len(low) <= keep:
        return held
    # Each pair's value class, 0 .. _BINS - 1, computed in place.
    cls = value[low]
    low_value = cls.min()
    cls -= low_value
    cls *= _BINS / (float(cls.max()) or 1.0)
    np.minimum(cls, _BINS - 1, out=cls)
    cls = cls.astype(np.int32)
    vol = ev[low]
    counts = np.bincount(vol * _BINS + cls, minlength=n_volunteers * _BINS).reshape(n_volunteers, _BINS)
    enough = np.cumsum(counts, axis=1) >= keep
    last_kept = np.where(enough.any(axis=1), enough.argmax(axis=1), _BINS)  # the class that reaches `keep`
    held[low] = cls > last_kept[vol]
    # Pairs that need more slots than the volunteer's kept pairs stay in.
    held &= n_slots <= _most_slots(ev[~held], n_slots[~held], n_volunteers)[ev]
    return held


def _most_slots(ev: np.ndarray, n_slots: np.ndarray, n_volunteers: int) -> np.ndarray:
    """The most slots any of a volunteer's pairs needs (0: no pairs), from one count of (volunteer, slots).

    >>> _most_slots(np.array([0, 0, 2]), np.array([1, 3, 2]), 4).tolist()
    [3, 0, 2, 0]
    """
    m = int(n_slots.max()) if len(n_slots) else 0
    has = np.bincount(ev * (m + 1) + n_slots, minlength=n_volunteers * (m + 1)).reshape(n_volunteers, m + 1) > 0
    return np.where(has.any(axis=1), m - np.argmax(has[:, ::-1], axis=1), 0)


def unfillable_rows(graph: SlotGraph) -> tuple[np.ndarray, np.ndarray]:
    """Return the rows without an idle column that a maximum matching of the graph leaves unmatched, and it.

    Giving those rows an idle column makes a matching of every row possible, which the solver needs; the
    matching (-1 for those rows) starts the solver (``_lap.sparse_assignment``).
    """
    matrix = csr_matrix((graph.data, graph.indices, graph.indptr), shape=(graph.n_rows, graph.n_cols))
    column = maximum_matching(matrix)
    return np.flatnonzero(column < 0), column


class Unproven(NamedTuple):
    """Rows the proof could not clear: those that need an idle column, and those that need their pairs back."""

    idle: np.ndarray
    held: np.ndarray


def unproven_rows(graph: SlotGraph, matched: np.ndarray, rounds: int = PROOF_ROUNDS) -> Unproven:
    """Return the rows for which an idle column, or a held pair, might lower the objective.

    ``matched`` is an optimal column for each row of ``graph``. Adding a column keeps that optimum if some
    optimal dual solution (u for rows, -p for columns) prices it at a reduced cost >= 0: an idle column of
    row i (value 0, dual 0) if u_i <= 0, a held pair (i, k) of value c_ik if c_ik + p_k >= u_i. One such
    dual: p = 0 on unmatched columns, p_j the length of the shortest path from j to an unmatched column,
    a step from j (held by row i) to k costing c_ik - c_ij, and u_i = min_k (c_ik + p_k). Every path
    bounds p from above, so the prices are tightened from p = inf on matched columns, one step further
    each round (Bellman-Ford), which bounds u from above: a row is cleared as soon as its bound on u_i is
    at most 0 (if it has no idle column) and at most its best held value (p_k >= 0). Once the prices
    settle they are exact, and a held pair is judged with its unit's price. A row with an edge to an
    unmatched unit nearer than its held ones is cleared in the first round.
    """
    n_rows, n_cols = graph.n_rows, graph.n_cols
    forced = np.ones(n_rows, dtype=bool)
    forced[graph.idle_row] = False
    starts = graph.indptr[:-1]
    rows = np.repeat(np.arange(n_rows), np.diff(graph.indptr))
    own = graph.indices == matched[rows]
    weight_of_match = np.empty(n_rows)
    weight_of_match[rows[own]] = graph.data[own]
    held_best = graph.held.best_by_row(n_rows)
    price = np.zeros(n_cols)
    price[matched] = np.inf
    for _ in range(rounds):
        best = np.minimum.reduceat(graph.data + price[graph.indices], starts)
        bound = best - graph.offset  # an upper bound on u_i, in values
        idle = forced & ~(bound <= 0)
        held = ~(bound <= held_best)
        tighter = np.minimum(price[matched], best - weight_of_match)
        settled = np.array_equal(tighter, price[matched])
        if settled and held.any():
            row, col, value = graph.held.entries(held)
            cheapest = np.full(n_rows, np.inf)  # min over the row's held pairs of c_ik + p_k
            np.minimum.at(cheapest, row, value + np.where(col >= 0, price[np.maximum(col, 0)], 0.0))
            held &= ~(bound <= cheapest)
        if settled or not (idle.any() or held.any()):
            break
        price[matched] = tighter
    return Unproven(np.flatnonzero(idle), np.flatnonzero(held))


def unproven_units(graph, matched: np.ndarray, rounds: int = PROOF_ROUNDS) -> np.ndarray:
    """Return the rows of a unit graph (``_units``) whose held pairs might lower the objective.

    ``matched`` is an optimal column for each row. Here every row has its own idle column, so the
    shortest-path prices of :func:`unproven_rows` price a row's column at what leaving the unit out would
    save, too high to clear a held pair. The least prices are used instead: p = 0 where nothing forces it
    up, and p_k >= u_i - c_ik for every edge, with u_i = c_ij + p_j for the row's own column j (a longest
    path, found by raising p round by round, Bellman-Ford). A held pair (i, k) is cleared if
    c_ik + p_k >= u_i. If the prices do not settle, or would price a free column, nothing is cleared.
    """
    n_rows = graph.n_rows
    rows = np.repeat(np.arange(n_rows), np.diff(graph.indptr))
    own = graph.indices == matched[rows]
    weight_of_match = np.empty(n_rows)
    weight_of_match[rows[own]] = graph.data[own]
    price = np.zeros(graph.n_cols)
    free = np.ones(graph.n_cols, dtype=bool)
    free[matched] = False
    for _ in range(rounds):
        u = weight_of_match + price[matched]
        raised = price.copy()
        np.maximum.at(raised, graph.indices, u[rows] - graph.data)
        if np.array_equal(raised, price):
            break
        price = raised
    else:
        return graph.held.rows_holding()
    if price[free].any():
        return graph.held.rows_holding()
    u = weight_of_match + price[matched]
    # Prices are >= 0, so a row whose held values are bounded below by u is cleared without listing them.
    maybe = graph.held.best_by_row(n_rows) + graph.offset < u
    row, col, value = graph.held.entries(maybe)
    doubt = value + graph.offset[row] + price[col] < u[row]
    return np.unique(row[doubt])
