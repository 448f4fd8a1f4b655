"""Assignment solvers that always finish: costs in whole quanta, and never a square sparse problem.

scipy's :func:`~scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp) starts a square
problem with an augmenting row reduction, a loop that ends only because every pass lowers a column price
by a positive amount. In floating point a near-tie lowers it by less than the price's last bit, the price
does not move, and two rows take the same column from each other for ever (scipy 1.17.1; issue 12). The
engine therefore gives the solver

- weights that are whole numbers of a quantum (:func:`quantum`), small enough that every sum and difference
  the solver forms is exact: a positive difference is then at least 1, and the reduction ends, since a
  full matching exists (Hall's condition bounds the prices it can lower); and
- never a square sparse problem (:func:`sparse_assignment` adds an empty column): LAPJVsp then skips that
  initialisation and runs only shortest augmenting paths, each a search that labels every column at most
  once, so it ends after at most rows x columns steps whatever the arithmetic.

Either alone removes the hang; the first also makes the optimum exact for the rounded weights, which
matching-format.md allows (within 1e-6 per beneficiary).

Before solving, LAPJVsp checks that a full matching exists with scipy's Hopcroft-Karp, whose depth-first
phase never marks a dead end: on graphs whose rows repeat each other's columns, as a volunteer's slots
do, it takes time exponential in the depth of the search (scipy issue 26147; a county's elderly daily-care
run, 12,374 slot rows and 1.6 million pairs, did not return in hours). The engine finds a maximum matching
itself with Dinic's maximum flow (:func:`maximum_matching`, a fraction of a second there) and hands the
solver each row with its matched column first (:func:`matched_first`): Hopcroft-Karp's first phase, a
greedy pass over the rows in order, then matches every row and the check ends after one pass.

The solver searches for the rows in their order, and the order matters: rows with the fewest edges go
first (:func:`sparse_assignment`), so that the rows with little choice take their columns before others
settle there; on the county's capacity-tight shapes that makes the solve 25-30 % faster than the
space-filling curve's order, and no slower on the benchmark's other shapes.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow, min_weight_full_bipartite_matching

#: The finest quantum: a micro-unit of the objective.
QUANTUM = 1e-6
#: Doubles hold every integer up to this exactly.
EXACT_LIMIT = 2.0 ** 53


def quantum(largest: float, n_rows: int) -> float:
    """Return the quantum to round edge weights to: :data:`QUANTUM`, or a coarser power of ten if needed.

    ``largest`` bounds the absolute weight of any edge (in objective units) and ``n_rows`` the rows of any
    component. The solver's prices are sums of at most one edge per row (shortest alternating paths), so
    with weights shifted per row into [1, 2 * largest / q + 1], every value it forms stays below
    2 (n_rows + 1) (2 * largest / q + 1), which must be under :data:`EXACT_LIMIT`. The portal's weights
    (values up to a few thousand) fit at one micro-unit up to about 10^5 rows per component; only larger
    weights or components get a coarser quantum, which the result's stats report.
    """
    q = QUANTUM
    while 2.0 * (n_rows + 1) * (2.0 * largest / q + 1.0) >= EXACT_LIMIT:
        q *= 10.0
    return q


def maximum_matching(matrix: csr_matrix) -> np.ndarray:
    """Return the column of each row in a maximum matching of the matrix's pattern (-1: unmatched).

    Dinic's maximum flow from a source through every row and column to a sink, each arc of capacity one:
    its blocking flows never search a dead end twice, unlike scipy's Hopcroft-Karp (see the module's text).
    """
    nr, nc = matrix.shape
    source, sink = nr + nc, nr + nc + 1
    # Nodes: the rows, the columns, the source, the sink; built straight in CSR form, row by row.
    nnz = matrix.indptr[-1]
    indptr = np.concatenate([matrix.indptr, nnz + np.arange(1, nc + 1), [nnz + nc + nr] * 2])
    indices = np.concatenate([nr + matrix.indices, np.full(nc, sink), np.arange(nr)]).astype(np.int32)
    network = csr_matrix((np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(nr + nc + 2,) * 2)
    network.has_sorted_indices = matrix.has_sorted_indices
    flow = maximum_flow(network, source, sink, method="dinic").flow.tocoo()
    used = (flow.data > 0) & (flow.row < nr) & (flow.col >= nr) & (flow.col < nr + nc)
    column = np.full(nr, -1, dtype=np.int64)
    column[flow.row[used]] = flow.col[used] - nr
    return column


def matched_first(matrix: csr_matrix, column: np.ndarray) -> csr_matrix | None:
    """Return the matrix with each row's entry in ``column`` moved to the row's front.

    Returns None unless ``column`` is a full matching of the matrix (a column of its own in every row).
    """
    nr = matrix.shape[0]
    rows = np.repeat(np.arange(nr), np.diff(matrix.indptr))
    at = np.flatnonzero(matrix.indices == column[rows])
    row_of, first_at = np.unique(rows[at], return_index=True)  # a row's first entry of its column
    if len(row_of) != nr or len(np.unique(column)) != nr:
        return None
    at, front = at[first_at], matrix.indptr[row_of]
    indices, data = matrix.indices.copy(), matrix.data.copy()
    indices[front], indices[at] = matrix.indices[at], matrix.indices[front]
    data[front], data[at] = matrix.data[at], matrix.data[front]
    return csr_matrix((data, indices, matrix.indptr), shape=matrix.shape)


def sparse_assignment(matrix: csr_matrix, start: np.ndarray | None = None) -> np.ndarray:
    """Return the column of each row in a minimum-weight full matching (rows <= columns, weights >= 1).

    ``start`` may give a full matching the caller knows (its maximum flow, or an earlier optimum of the
    same rows), which saves finding one. A square matrix gets one more, empty column, which no row can
    take. Raises ValueError when no matching takes every row.
    """
    ordered = None if start is None else matched_first(matrix, start)
    if ordered is None:
        ordered = matched_first(matrix, maximum_matching(matrix))
        if ordered is None:
            raise ValueError("no full matching exists")
    nr, nc = ordered.shape
    order = np.argsort(np.diff(ordered.indptr), kind="stable")  # rows with the fewest edges first
    matrix = ordered[order]
    matrix = csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(nr, nc + (nr == nc)))
    column = np.empty(nr, dtype=np.int64)
    column[order] = min_weight_full_bipartite_matching(matrix)[1]
    return column


def dense_assignment(matrix: csr_matrix) -> np.ndarray:
    """Return the column of each row in a minimum-weight full matching, by :func:`linear_sum_assignment`."""
    nr, nc = matrix.shape
    return dense_from_edges(np.repeat(np.arange(nr), np.diff(matrix.indptr)), matrix.indices, matrix.data, nr, nc)


def dense_from_edges(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, nr: int, nc: int) -> np.ndarray:
    """Return the column of each row in a minimum-weight full matching of the edges (each (row, column)
    at most once; every other cell is no edge), by :func:`linear_sum_assignment`."""
    full = np.full((nr, nc), np.inf)
    full[rows, cols] = weights
    return linear_sum_assignment(full)[1]
