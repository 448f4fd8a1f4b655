"""The first solve's shortcuts (no idle columns, far pairs held back) and the proof that they changed nothing."""
import numpy as np
import pytest
from hypothesis import assume, given, settings

import matching._proof as proof
import matching._solve as solver
from matching import InstanceError, load_instance, solve
from matching._proof import Unproven, unfillable_rows, unproven_rows
from matching._slots import HeldPairs, SlotGraph

from .reference import brute_force, helper, person
from .test_properties import instances


def doc(beneficiaries, volunteers, **extra):
    return {"format": "guanai-matching/1", "beneficiaries": beneficiaries, "volunteers": volunteers, **extra}


def test_a_slot_the_optimum_leaves_idle_gets_its_idle_column(monkeypatch):
    # x is urgent and 1 km from A, 10 km from B; y is 1 km from A and out of B's reach. Filling both slots
    # (A-y, B-x) costs 10 km more than giving x to A and leaving B idle, which the optimum does.
    case = doc([person("x", 1, priority=1), person("y", -1)], [helper("A", 0), helper("B", 11)],
               rules={"max_km": 11.5}, weights={"per_km": 20.0})
    # Sparse: a component that goes dense gets every idle column before its first solve (next test).
    result = solve(case, rows="slots", method="sparse")
    assert result.volunteer_of() == {"x": "A"}
    assert result.objective == pytest.approx(brute_force(case))
    assert result.stats["reopened_slots"] >= 1
    # Without the proof, both slots would stay filled: the case really needs it.
    none = np.empty(0, dtype=np.int64)
    monkeypatch.setattr(solver, "unproven_rows", lambda graph, matched: Unproven(none, none))
    assert solve(case, rows="slots", method="sparse").objective > brute_force(case) + 1


def test_a_component_that_goes_dense_has_its_idle_columns_from_the_first_solve():
    # The case above, solved densely: B's slot is idle in the optimum, and no slot needs reopening.
    case = doc([person("x", 1, priority=1), person("y", -1)], [helper("A", 0), helper("B", 11)],
               rules={"max_km": 11.5}, weights={"per_km": 20.0})
    for method in ("auto", "dense"):
        result = solve(case, rows="slots", method=method)
        assert result.volunteer_of() == {"x": "A"}
        assert result.objective == pytest.approx(brute_force(case))
        assert result.stats["reopened_slots"] == 0
        assert result.stats["idle_columns"] == 2  # A's slot and B's: every slot row


def test_dense_rows_are_the_rows_of_components_small_enough_to_go_dense(monkeypatch):
    # Rows 0-1 and units 0-1 are one component, row 2 and unit 2 another; with at most 2 cells dense,
    # only the second goes dense.
    graph = graph_of([{0: -1.0, 1: -2.0}, {1: -1.0}, {2: -1.0}], n_units=3)
    graph.row_label, graph.col_label = np.array([0, 0, 1]), np.array([0, 0, 1])
    monkeypatch.setattr(solver, "DENSE_CELLS", 2)
    assert solver._dense_rows(graph, "auto").tolist() == [2]
    assert solver._dense_rows(graph, "dense").tolist() == [0, 1, 2]
    assert solver._dense_rows(graph, "sparse").tolist() == []


def test_slots_that_cannot_all_be_filled_get_idle_columns_before_the_solve():
    # Three slots and one child: two slots must stay idle, so a full matching needs their idle columns.
    case = doc([person("x", 0)], [helper("A", 2), helper("B", 1, capacity=2), helper("C", 3)])
    result = solve(case, rows="slots")
    assert result.volunteer_of() == {"x": "B"}
    assert result.objective == pytest.approx(brute_force(case))
    assert result.stats["idle_columns"] >= 2


def test_unfillable_rows_are_those_a_maximum_matching_leaves_out():
    graph = graph_of([{0: -1.0}, {0: -2.0, 1: -1.0}, {0: -3.0}, {2: -1.0}], n_units=3)
    rows, column = unfillable_rows(graph)
    assert len(rows) == 1  # rows 0 and 2 share unit 0, the rest fit
    assert set(rows.tolist()) <= {0, 2}
    assert column[rows].tolist() == [-1] and len(set(column[column >= 0].tolist())) == graph.n_rows - 1


def graph_of(rows, n_units, held=()):
    """A slot graph from each row's {unit column: value}, every value a negative whole number of quanta as
    the solver's are, and held pairs as (row, unit column, value), one slot each."""
    indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
    indices = np.array([c for r in rows for c in r], dtype=np.int32)
    values = np.array([v for r in rows for v in r.values()])
    offset = 1.0 - np.minimum.reduceat(values, indptr[:-1])
    zeros = np.zeros(len(rows), dtype=np.int64)
    pairs = HeldPairs(row=np.array([r for r, _, _ in held], dtype=np.int64), slots=np.ones(len(held), dtype=np.int64),
                      col=np.array([c for _, c, _ in held], dtype=np.int64), value=np.array([v for _, _, v in held]),
                      s=0.0)
    return SlotGraph(indptr=indptr, indices=indices, data=values + np.repeat(offset, np.diff(indptr)),
                     offset=offset, slot_vol=np.arange(len(rows)), unit=np.arange(n_units),
                     idle_row=np.empty(0, dtype=np.int64), held=pairs,
                     row_label=zeros, col_label=np.zeros(n_units, int))


def test_a_row_next_to_an_unmatched_unit_is_proven_at_once():
    graph = graph_of([{0: -5.0, 1: -1.0}], n_units=2)
    assert unproven_rows(graph, np.array([0]), rounds=1).idle.tolist() == []


def test_a_row_is_proven_through_a_chain_of_rows():
    # Row 0 holds unit 0 and can reach only unit 1, which row 1 holds; row 1 could move to the free unit 2.
    # The proof reaches row 0 in its second round, through row 1's price for unit 1 (3, from unit 2).
    graph = graph_of([{0: -5.0, 1: -4.0}, {1: -6.0, 2: -3.0}], n_units=3)
    matched = np.array([0, 1])
    assert unproven_rows(graph, matched, rounds=1).idle.tolist() == [0]  # one round sees no free unit from row 0
    assert unproven_rows(graph, matched, rounds=2).idle.tolist() == []


def test_a_row_whose_idle_column_would_pay_stays_unproven():
    # Row 0 holds unit 0 at -1; row 1 holds unit 1 at -2 and values unit 0 at -10: were row 0 idle, row 1
    # would take unit 0 and leave unit 1 out, 7 better. No dual clears row 0; row 1, next to the unmatched
    # unit 2, is cleared.
    graph = graph_of([{0: -1.0}, {0: -10.0, 1: -2.0, 2: -0.5}], n_units=3)
    assert unproven_rows(graph, np.array([0, 1])).idle.tolist() == [0]


def test_a_held_pair_is_judged_by_the_price_of_its_unit():
    # Row 0 holds unit 0 (-10) and could take the free unit 2 (-8). Row 1 holds unit 1 (-20) and could take
    # unit 2 (-4), so unit 1's price is 16. A held pair from row 0 to unit 1 worth -9 is cleared by that
    # price (-9 + 16 >= -8), though not by the first rounds, which price it at 0 at least.
    rows = [{0: -10.0, 2: -8.0}, {1: -20.0, 2: -4.0}]
    matched = np.array([0, 1])
    graph = graph_of(rows, n_units=3, held=[(0, 1, -9.0)])
    assert unproven_rows(graph, matched, rounds=1).held.tolist() == [0]
    assert unproven_rows(graph, matched).held.tolist() == []
    # Worth -40, it would pay: row 0 takes unit 1 and row 1 unit 2 (-44 against -30). It stays in doubt.
    graph = graph_of(rows, n_units=3, held=[(0, 1, -40.0)])
    assert unproven_rows(graph, matched).held.tolist() == [0]


def test_far_pairs_held_back_and_proven_unused(monkeypatch):
    monkeypatch.setattr(proof, "KEPT_NEAREST", 2)
    # A keeps its two nearest children; a3 is held back. A takes a1, and a2, left out and nearer than a3,
    # proves that a3 could not do better.
    case = doc([person("a1", 0.5), person("a2", 1), person("a3", 3)], [helper("A", 0)])
    result = solve(case, rows="slots")
    assert result.volunteer_of() == {"a1": "A"}
    assert result.objective == pytest.approx(brute_force(case))
    assert (result.stats["held_pairs"], result.stats["restored_pairs"]) == (1, 0)


def test_held_pairs_come_back_when_the_proof_needs_them(monkeypatch):
    monkeypatch.setattr(proof, "KEPT_NEAREST", 1)
    # A and B each keep only b1, which B (nearer) takes; A can prove nothing from a list it cannot use, so
    # its held pair comes back, and A takes b2.
    case = doc([person("b1", 0.2), person("b2", -2)], [helper("A", 0), helper("B", 0.3)])
    result = solve(case, rows="slots")
    assert result.volunteer_of() == {"b1": "B", "b2": "A"}
    assert result.objective == pytest.approx(brute_force(case))
    assert result.stats["held_pairs"] == 2
    assert result.stats["restored_pairs"] >= 1


@settings(max_examples=150, deadline=None)
@given(case=instances())
def test_holding_pairs_back_keeps_the_optimum(case):
    try:
        load_instance(case)
    except InstanceError:
        assume(False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(proof, "KEPT_NEAREST", 1)
        patch.setattr(solver, "holding_pays", lambda distance_cost, bonus: True)  # negative costs too
        result = solve(case, rows="slots")
    assert result.objective == pytest.approx(brute_force(case), abs=1e-6 * len(case["beneficiaries"]))  # micro-units
