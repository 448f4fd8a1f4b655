"""The assignment solvers always finish, with the optimum: the component that hung scipy 1.17.1, and surplus shapes."""
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

from matching import solve
from matching._lap import EXACT_LIMIT, QUANTUM, dense_assignment, quantum, sparse_assignment

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
