"""Idle columns: slots start without one, and get one where filling them cannot be proven optimal."""
import numpy as np
import pytest

import matching._solve as solver
from matching import solve
from matching._idle import unfillable_rows, unproven_rows
from matching._slots import SlotGraph

from .reference import brute_force, helper, person


def doc(beneficiaries, volunteers, **extra):
    return {"format": "guanai-matching/1", "beneficiaries": beneficiaries, "volunteers": volunteers, **extra}


def test_a_slot_the_optimum_leaves_idle_gets_its_idle_column(monkeypatch):
    # x is urgent and 1 km from A, 10 km from B; y is 1 km from A and out of B's reach. Filling both slots
    # (A-y, B-x) costs 10 km more than giving x to A and leaving B idle, which the optimum does.
    case = doc([person("x", 1, priority=1), person("y", -1)], [helper("A", 0), helper("B", 11)],
               rules={"max_km": 11.5}, weights={"per_km": 20.0})
    result = solve(case)
    assert result.volunteer_of() == {"x": "A"}
    assert result.objective == pytest.approx(brute_force(case))
    assert result.stats["reopened_slots"] >= 1
    # Without the proof, both slots would stay filled: the case really needs it.
    monkeypatch.setattr(solver, "unproven_rows", lambda graph, matched: np.empty(0, dtype=np.int64))
    assert solve(case).objective > brute_force(case) + 1


def test_slots_that_cannot_all_be_filled_get_idle_columns_before_the_solve():
    # Three slots and one child: two slots must stay idle, so a full matching needs their idle columns.
    case = doc([person("x", 0)], [helper("A", 2), helper("B", 1, capacity=2), helper("C", 3)])
    result = solve(case)
    assert result.volunteer_of() == {"x": "B"}
    assert result.objective == pytest.approx(brute_force(case))
    assert result.stats["idle_columns"] >= 2


def test_unfillable_rows_are_those_a_maximum_matching_leaves_out():
    graph = graph_of([{0: -1.0}, {0: -2.0, 1: -1.0}, {0: -3.0}, {2: -1.0}], n_units=3)
    assert len(unfillable_rows(graph)) == 1  # rows 0 and 2 share unit 0, the rest fit
    assert set(unfillable_rows(graph).tolist()) <= {0, 2}


def graph_of(rows, n_units):
    """A slot graph from each row's {unit column: value}, every value negative as the solver's are."""
    indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
    indices = np.array([c for r in rows for c in r], dtype=np.int32)
    values = np.array([v for r in rows for v in r.values()])
    offset = 1.0 - np.minimum.reduceat(values, indptr[:-1])
    zeros = np.zeros(len(rows), dtype=np.int64)
    return SlotGraph(indptr=indptr, indices=indices, data=values + np.repeat(offset, np.diff(indptr)),
                     offset=offset, slot_vol=np.arange(len(rows)), unit=np.arange(n_units),
                     idle_row=np.empty(0, dtype=np.int64), row_label=zeros, col_label=np.zeros(n_units, int))


def test_a_row_next_to_an_unmatched_unit_is_proven_at_once():
    graph = graph_of([{0: -5.0, 1: -1.0}], n_units=2)
    assert unproven_rows(graph, np.array([0]), rounds=1).tolist() == []


def test_a_row_is_proven_through_a_chain_of_rows():
    # Row 0 holds unit 0 and can reach only unit 1, which row 1 holds; row 1 could move to the free unit 2.
    # The proof reaches row 0 in its second round, through row 1's price for unit 1 (3, from unit 2).
    graph = graph_of([{0: -5.0, 1: -4.0}, {1: -6.0, 2: -3.0}], n_units=3)
    matched = np.array([0, 1])
    assert unproven_rows(graph, matched, rounds=1).tolist() == [0]  # one round sees no free unit from row 0
    assert unproven_rows(graph, matched, rounds=2).tolist() == []


def test_a_row_whose_idle_column_would_pay_stays_unproven():
    # Row 0 holds unit 0 at -1; row 1 holds unit 1 at -2 and values unit 0 at -10: were row 0 idle, row 1
    # would take unit 0 and leave unit 1 out, 7 better. No dual clears row 0; row 1, next to the unmatched
    # unit 2, is cleared.
    graph = graph_of([{0: -1.0}, {0: -10.0, 1: -2.0, 2: -0.5}], n_units=3)
    assert unproven_rows(graph, np.array([0, 1])).tolist() == [0]
