"""The assignment of people to the slots of chosen leaders, and its proof of optimality.

Each chosen leader j offers ``max_size - locked[j]`` slots; the first ``min_size - locked[j]`` of them
must be filled. The rows of the assignment problem are the slots, its columns the people and one idle
column for each slot that may stay empty. A slot takes a person at the pair's cost less the cost of
leaving a person out, an idle column at 0; so a minimum full matching of the rows is a minimum of

    sum over members of (per_km * km + keep if kept) + left_out * (people left out),

with every group between ``min_size`` and ``max_size``. Rows are all matched, so the problem is what
:func:`scipy.optimize.linear_sum_assignment` (dense) and ``_lap.sparse_assignment`` (scipy's
``min_weight_full_bipartite_matching``) solve. Costs are whole quanta, so both return the same minimum
exactly, and :func:`certify` proves it with dual prices.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

from ._group_model import Component
from ._lap import sparse_assignment

#: Components with at most this many cells (slots x columns) are solved densely under ``method="auto"``.
DENSE_CELLS = 250_000
GROUP_METHODS = ("auto", "sparse", "dense")


class Edges(NamedTuple):
    """The assignment problem of one component: row slots, columns, and its edges (weights in quanta)."""

    slot_leader: np.ndarray  # the leader of each row (its position in the leaders given)
    free: np.ndarray         # the local people the columns 0 .. len(free) - 1 stand for
    n_cols: int
    row: np.ndarray
    col: np.ndarray
    weight: np.ndarray       # int64


class Assigned(NamedTuple):
    """An optimal assignment for one set of leaders: the leader of each of ``free`` (-1: left out), as its
    position in the leaders given."""

    total: int               # the objective in quanta
    free: np.ndarray
    leader: np.ndarray
    edges: Edges
    column: np.ndarray       # the column of each row


def build_edges(comp: Component, leaders: np.ndarray, min_size: int, max_size: int) -> Edges | None:
    """Return the assignment problem for these local leaders, or None if its required slots outnumber people."""
    leaders = np.asarray(leaders, dtype=np.int64)
    keep = np.ones(len(comp.people), dtype=bool)
    own = comp.as_person[leaders]
    keep[own[own >= 0]] = False  # a chosen leader who is a person to group leads, and is nobody's member
    free = np.flatnonzero(keep)
    slots = np.maximum(max_size - comp.locked[leaders], 0)
    required = np.minimum(np.maximum(min_size - comp.locked[leaders], 0), slots)
    if required.sum() > len(free):
        return None
    slot_leader = np.repeat(np.arange(len(leaders)), slots)
    first = np.repeat(np.cumsum(slots) - slots, slots)
    optional = np.arange(len(slot_leader)) - first >= np.repeat(required, slots)
    allowed = comp.allowed[np.ix_(free, leaders)]          # people x leaders
    pi, li = np.nonzero(allowed.T)                          # leader-major: (leader, person) pairs
    weight_of = comp.cost[np.ix_(free, leaders)].T[pi, li] - comp.left
    # Every slot of a leader has its leader's edges, in person order.
    reps = slots[pi]
    offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    rows = np.repeat((np.cumsum(slots) - slots)[pi], reps) + offsets
    cols = np.repeat(li, reps)
    weights = np.repeat(weight_of, reps)
    idle_rows = np.flatnonzero(optional)
    n_cols = len(free) + len(idle_rows)
    rows = np.concatenate([rows, idle_rows]).astype(np.int64)
    cols = np.concatenate([cols, len(free) + np.arange(len(idle_rows))]).astype(np.int64)
    weights = np.concatenate([weights, np.zeros(len(idle_rows), dtype=np.int64)]).astype(np.int64)
    order = np.lexsort((cols, rows))
    return Edges(slot_leader, free, n_cols, rows[order], cols[order], weights[order])


def solve_edges(edges: Edges, method: str = "auto") -> np.ndarray | None:
    """Return the column of each row in a minimum full matching, or None if no matching fills every row."""
    n_rows = len(edges.slot_leader)
    if n_rows == 0:
        return np.zeros(0, dtype=np.int64)
    if np.bincount(edges.row, minlength=n_rows).min() == 0:
        return None
    if method == "dense" or (method == "auto" and n_rows * edges.n_cols <= DENSE_CELLS):
        full = np.full((n_rows, edges.n_cols), np.inf)
        full[edges.row, edges.col] = edges.weight
        try:
            rows, cols = linear_sum_assignment(full)
        except ValueError:  # "cost matrix is infeasible": some required slot cannot be filled
            return None
        column = np.empty(n_rows, dtype=np.int64)
        column[rows] = cols
        return column
    shift = 1 - int(edges.weight.min())  # weights >= 1 for the sparse solver; every row pays the same shift
    indptr = np.concatenate([[0], np.cumsum(np.bincount(edges.row, minlength=n_rows))])
    matrix = csr_matrix(((edges.weight + shift).astype(float), edges.col, indptr), shape=(n_rows, edges.n_cols))
    try:
        return sparse_assignment(matrix)
    except ValueError:
        return None


def assign(comp: Component, leaders: np.ndarray, min_size: int, max_size: int, method: str = "auto") \
        -> Assigned | None:
    """Return an optimal assignment for these local leaders, or None if some group cannot reach its minimum."""
    edges = build_edges(comp, leaders, min_size, max_size)
    if edges is None:
        return None
    column = solve_edges(edges, method)
    if column is None:
        return None
    leader = np.full(len(edges.free), -1, dtype=np.int64)
    taken = column < len(edges.free)
    leader[column[taken]] = edges.slot_leader[taken]
    picked = _weights_of(edges, column)
    total = int(picked.sum()) + comp.left * len(edges.free) + comp.locked_cost
    return Assigned(total, edges.free, leader, edges, column)


def _weights_of(edges: Edges, column: np.ndarray) -> np.ndarray:
    """The weight of each row's matched edge."""
    key = edges.row * edges.n_cols + edges.col
    at = np.searchsorted(key, np.arange(len(column)) * edges.n_cols + column)
    return edges.weight[at]


class Certificate(NamedTuple):
    """Dual prices proving a matching minimal: ``u`` per row, ``v`` per column, with ``u_i + v_j <= w_ij`` on
    every edge, equality on the matching, ``v <= 0``, and ``v = 0`` on columns left unmatched. Then
    ``sum(u) + sum(v)``, a lower bound on every full matching, equals the matching's weight."""

    u: np.ndarray
    v: np.ndarray
    primal: int
    dual: int
    edges_checked: int


class NotOptimal(AssertionError):
    """The dual check failed: the solver's matching is not minimal (never expected; a bug if raised)."""


def certify(edges: Edges, column: np.ndarray) -> Certificate:
    """Prove a full matching of the rows minimal with dual prices, or raise :class:`NotOptimal`.

    The prices are shortest-path distances d from a node z in the residual graph: an arc row -> column of
    weight w for every edge, column -> row of weight -w for each matched edge, z -> column of weight 0 for
    every column and column -> z of weight 0 for each unmatched column. A negative cycle there is exactly a
    cheaper matching; without one, Bellman-Ford settles, and u = -d(row), v = d(column) satisfy every
    condition of :class:`Certificate`, which is then checked edge by edge, in exact integers.
    """
    n_rows, n_cols = len(column), edges.n_cols
    row, col, w = edges.row, edges.col, edges.weight
    matched_w = _weights_of(edges, column)
    d_col = np.zeros(n_cols, dtype=np.int64)  # z -> every column at 0, and d(z) = 0
    d_row = d_col[column] - matched_w
    for _ in range(n_rows + n_cols + 2):
        tighter = d_col.copy()
        np.minimum.at(tighter, col, d_row[row] + w)
        new_row = tighter[column] - matched_w
        if np.array_equal(tighter, d_col) and np.array_equal(new_row, d_row):
            break
        d_col, d_row = tighter, new_row
    else:
        raise NotOptimal("the dual prices did not settle: a cheaper matching exists")
    unmatched = np.ones(n_cols, dtype=bool)
    unmatched[column] = False
    u, v = -d_row, d_col
    reduced = w - u[row] - v[col]
    if (reduced < 0).any() or (matched_w - u - v[column]).any() or (v > 0).any() or v[unmatched].any():
        raise NotOptimal("the dual prices break a condition: the matching is not minimal")
    primal, dual = int(matched_w.sum()), int(u.sum() + v.sum())
    if primal != dual:
        raise NotOptimal(f"duality gap {primal - dual} quanta")
    return Certificate(u, v, primal, dual, len(w))
