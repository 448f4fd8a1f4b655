"""Which slots may stay idle: every slot is first made to fill, then the solution proves it could not do better.

An idle column per slot lets a slot stay empty, but each column adds to every search of the sparse solver,
whose time grows with the number of columns. In most optimal assignments nearly every slot is filled, so the
solver first gives an idle column only to the slots that cannot all be filled at once
(:func:`unfillable_rows`), solves, and then asks of every slot without one whether leaving it idle could
lower the objective (:func:`unproven_rows`). The slots it cannot clear get their idle column and their
component is solved again; the answer is then optimal for the graph with every idle column.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from ._slots import SlotGraph

#: Rounds of price tightening before a slot that is still unproven gets its idle column.
PROOF_ROUNDS = 16


def unfillable_rows(graph: SlotGraph) -> np.ndarray:
    """Return the rows without an idle column that a maximum matching of the graph leaves unmatched.

    Giving those rows an idle column makes a matching of every row possible, which the solver needs.
    """
    matrix = csr_matrix((graph.data, graph.indices, graph.indptr), shape=(graph.n_rows, graph.n_cols))
    column = np.asarray(maximum_bipartite_matching(matrix, perm_type="column"))
    return np.flatnonzero(column < 0)


def unproven_rows(graph: SlotGraph, matched: np.ndarray, rounds: int = PROOF_ROUNDS) -> np.ndarray:
    """Return the rows without an idle column for which an idle column might lower the objective.

    ``matched`` is an optimal column for each row of ``graph``. Adding an idle column (value 0) to row i
    keeps that optimum if some optimal dual solution has u_i <= 0 (the column's reduced cost is then
    >= 0, and the column stays unmatched at dual 0). With column prices p >= 0 (0 for unmatched
    columns) and p_j = min_k (c_ik + p_k) - c_ij for the row i that holds j, the shortest path from j
    to an unmatched column, u_i = min_k (c_ik + p_k) is such a dual. Every path from j bounds p_j from
    above, so prices are tightened from p = inf on matched columns, one edge further each round, and a
    row is cleared as soon as min_k (c_ik + p_k) <= 0 under the bound: a row with an edge to an
    unmatched unit is cleared in the first round, since every edge's value is negative.
    """
    n_rows, n_cols = graph.n_rows, graph.n_cols
    has_idle = np.zeros(n_rows, dtype=bool)
    has_idle[graph.idle_row] = True
    starts = graph.indptr[:-1]
    rows = np.repeat(np.arange(n_rows), np.diff(graph.indptr))
    own = graph.indices == matched[rows]
    weight_of_match = np.empty(n_rows)
    weight_of_match[rows[own]] = graph.data[own]
    price = np.zeros(n_cols)
    price[matched] = np.inf
    # In weights, u_i <= 0 reads min_k (w_ik + p_k) <= offset_i.
    for _ in range(rounds):
        best = np.minimum.reduceat(graph.data + price[graph.indices], starts)
        unproven = ~has_idle & ~(best <= graph.offset)
        tighter = np.minimum(price[matched], best - weight_of_match)
        if not unproven.any() or np.array_equal(tighter, price[matched]):
            break
        price[matched] = tighter
    return np.flatnonzero(unproven)
