"""The assignment solvers always finish, with the optimum: the component that hung scipy 1.17.1, and surplus shapes."""
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

from matching import solve
from matching._lap import (EXACT_LIMIT, QUANTUM, dense_assignment, matched_first, maximum_matching, quantum,
                           sparse_assignment)

from .conftest import EXAMPLES
from .reference import check_result, lp_optimum


def hang_component() -> csr_matrix:
    z = np.load(EXAMPLES / "hang-component.npz")
    return csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))


def total(matrix: csr_matrix, columns: np.ndarray) -> float:
    return float(matrix[np.arange(matrix.shape[0]), columns].sum())


@pytest.mark.timeout(60)  # min_weight_full_bipartite_matching never returns on this component (issue 12)
@pytest.mark.parametrize("in_quanta", [False, True])
def test_the_component_that_hung_scipy_is_solved(in_quanta):
    matrix = hang_component()
    full = matrix.toarray()
    full[full == 0] = np.inf
    best = full[linear_sum_assignment(full)].sum()
    if in_quanta:
        matrix.data = np.rint(matrix.data / QUANTUM)
    columns = sparse_assignment(matrix)
    assert sorted(columns.tolist()) == list(range(matrix.shape[1]))
    assert total(hang_component(), columns) == pytest.approx(best, abs=331 * QUANTUM)


def test_dense_and_sparse_agree_on_a_rectangular_problem():
    rng = np.random.default_rng(3)
    full = np.rint(rng.random((30, 45)) * 1e6) + 1
    full[rng.random(full.shape) < 0.6] = 0
    full[np.arange(30), np.arange(30)] = 7  # a full matching exists
    matrix = csr_matrix(full)
    assert total(matrix, sparse_assignment(matrix)) == total(matrix, dense_assignment(matrix))


def test_quantum_is_a_micro_unit_unless_the_solver_could_not_be_exact():
    assert quantum(1_000.0, 100_000) == QUANTUM
    q = quantum(1e9, 100_000)
    assert q > QUANTUM
    assert 2 * (100_000 + 1) * (2e9 / q + 1) < EXACT_LIMIT


def surplus_doc(n_people: int, n_helpers: int, km: float, seed: int) -> dict:
    """People and helpers scattered over a square of ``km`` a side, helpers with 1-3 places each."""
    rng = np.random.default_rng(seed)
    deg = km / 111.0

    def where(n):
        return 27.3 + rng.random(n) * deg, 111.8 + rng.random(n) * deg

    lat, lon = where(n_people)
    people = [{"id": f"b{i}", "lat": float(lat[i]), "lon": float(lon[i]), "gender": "F", "age": 40,
               "priority": int(rng.integers(1, 7)), "needs": ["care"] if rng.random() < 0.3 else []}
              for i in range(n_people)]
    lat, lon = where(n_helpers)
    helpers = [{"id": f"v{j}", "lat": float(lat[j]), "lon": float(lon[j]), "gender": "F",
                "capacity": int(rng.integers(1, 4)), "background_checked": True,
                "skills": ["care"] if rng.random() < 0.5 else []} for j in range(n_helpers)]
    return {"format": "guanai-matching/1", "rules": {"max_km": 15.0}, "beneficiaries": people, "volunteers": helpers}


@pytest.mark.timeout(120)  # the 1,000 x 1,500 shape of issue 12 never returned
@pytest.mark.parametrize("method", ["auto", "sparse"])
def test_more_places_than_people_is_solved_to_the_optimum(method):
    doc = surplus_doc(300, 450, km=12.0, seed=11)
    result = solve(doc, method=method)
    assert result.objective == pytest.approx(lp_optimum(doc), abs=300 * QUANTUM)
    assert check_result(doc, result) == pytest.approx(result.objective, abs=1e-6)


def ladder(depth: int, chain: int) -> csr_matrix:
    """A graph on which scipy's Hopcroft-Karp takes about 2 ** chain steps (its issue 26147).

    Rows a_k, b_k (k < depth) each list their own column first (the greedy first pass matches them to it),
    then both columns of the next level; the last level also reaches a free column G. A chain of rows c_k
    leads to another free column F in ``chain`` steps. Two rows are left free by the first pass: one above
    the ladder, one above the chain. The shorter path (the chain's) sets the search depth, and the search
    from the row above the ladder tries every one of its 2 ** chain paths down the ladder before giving up.
    A matching of every row exists (each row moves one level down).
    """
    entries, row = [], 0
    g, f = 2 * depth + chain, 2 * depth + chain + 1
    for k in range(depth):
        for own in (2 * k, 2 * k + 1):
            entries.append((row, own))
            entries += [(row, 2 * k + 2), (row, 2 * k + 3)] if k + 1 < depth else [(row, g)]
            row += 1
    for k in range(chain):
        entries += [(row, 2 * depth + k), (row, 2 * depth + k + 1 if k + 1 < chain else f)]
        row += 1
    entries += [(row, 0), (row, 1), (row + 1, 2 * depth)]
    rows, cols = np.array(entries).T
    weights = np.random.default_rng(26147).integers(1, 100, len(rows)).astype(float)
    indptr = np.searchsorted(rows, np.arange(row + 3))
    return csr_matrix((weights, cols, indptr), shape=(row + 2, f + 1))


def test_a_graph_that_makes_hopcroft_karp_exponential_is_matched_and_solved():
    # With scipy's own check this takes 2 ** 40 steps; the engine's maximum flow and matched-first order
    # take a few milliseconds (a hang here is caught by the suite's per-test timeout).
    matrix = ladder(depth=80, chain=40)
    assert matrix.shape[0] == matrix.shape[1]
    column = maximum_matching(matrix)
    assert (column >= 0).all() and len(np.unique(column)) == len(column)
    assert matrix[np.arange(matrix.shape[0]), column].all()
    chosen = sparse_assignment(matrix)
    full = np.full(matrix.shape, np.inf)
    full[np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr)), matrix.indices] = matrix.data
    best = full[linear_sum_assignment(full)].sum()
    assert full[np.arange(matrix.shape[0]), chosen].sum() == best


def test_the_matched_column_goes_first_and_the_matrix_is_unchanged_otherwise():
    matrix = csr_matrix(np.array([[1.0, 2.0, 3.0], [4.0, 0.0, 5.0]]))
    moved = matched_first(matrix, np.array([2, 0]))
    assert moved.indices.tolist() == [2, 1, 0, 0, 2] and moved.data.tolist() == [3.0, 2.0, 1.0, 4.0, 5.0]
    assert (moved.toarray() == matrix.toarray()).all()


def test_a_matrix_without_a_full_matching_is_refused():
    with pytest.raises(ValueError, match="no full matching"):
        sparse_assignment(csr_matrix(np.array([[1.0, 0.0, 0.0], [2.0, 0.0, 0.0]])))
