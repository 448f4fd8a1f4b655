"""The slot graph: slots that every optimum fills lose their idle column, and nothing else changes."""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import matching._solve as solver
from matching import InstanceError, load_instance, solve
from matching._slots import z_order

from .reference import brute_force, feasible_choices, objective, units
from .test_properties import instances

KM_LON = 1 / (111.32 * np.cos(np.radians(27.3)))  # degrees of longitude per km at 27.3° N


def person(id, lon, priority=6):
    return {"id": id, "lat": 27.3, "lon": 111.8 + lon * KM_LON, "gender": "M", "age": 9, "priority": priority}


def helper(id, lon):
    return {"id": id, "lat": 27.3, "lon": 111.8 + lon * KM_LON, "gender": "M", "capacity": 1,
            "background_checked": True}


@pytest.fixture
def graphs(monkeypatch):
    """Every slot graph the solver builds, spied on (the real builder runs)."""
    seen = []

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    real = solver.build_slot_graph
    monkeypatch.setattr(solver, "build_slot_graph", spy)
    return seen


def test_a_slot_the_optimum_leaves_idle_keeps_its_idle_column(graphs):
    # x is urgent and 1 km from A, 10 km from B; y is 1 km from A and out of B's reach. Filling both slots
    # (A-y, B-x) costs 10 km more than giving x to A and leaving B idle, which the optimum does.
    doc = {"format": "guanai-matching/1", "rules": {"max_km": 11.5},
           "weights": {"per_km": 20.0},
           "beneficiaries": [person("x", 1, priority=1), person("y", -1)],
           "volunteers": [helper("A", 0), helper("B", 11)]}
    result = solve(doc)
    assert result.volunteer_of() == {"x": "A"}
    assert result.objective == pytest.approx(brute_force(doc))
    (graph,) = graphs
    idle_volunteers = {doc["volunteers"][v]["id"] for v in graph.slot_vol[graph.idle_row]}
    assert idle_volunteers == {"B"}  # A's slot is filled in every optimum, B's may stay idle


def optimal_loads(doc):
    """The volunteer loads of every optimal choice (within 1e-9), by enumeration (small instances only)."""
    scored = [(objective(doc, choice), load) for choice, load in feasible_choices(doc)]
    best = min(value for value, _ in scored)
    return [load for value, load in scored if value <= best + 1e-9]


# The spy fixture is shared by the generated cases; each case clears it first.
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=instances())
def test_slots_without_idle_column_are_filled_in_every_optimum(doc, graphs):
    try:
        load_instance(doc)
    except InstanceError:
        assume(False)
    graphs.clear()
    solve(doc)
    assume(graphs)
    graph = graphs[-1]
    unit_of = {b["id"]: i for i, unit in enumerate(units(doc)) for b in unit}
    locked_units = {}
    for b, v in doc.get("locked", []):
        locked_units.setdefault(v, set()).add(unit_of[b])
    n_locked = {v: len(us) for v, us in locked_units.items()}
    has_idle = np.zeros(graph.n_rows, dtype=bool)
    has_idle[graph.idle_row] = True
    # A volunteer's slots are consecutive rows: slot k is k rows after the first.
    first = np.r_[True, graph.slot_vol[1:] != graph.slot_vol[:-1]]
    k_of_row = np.arange(graph.n_rows) - np.maximum.accumulate(np.where(first, np.arange(graph.n_rows), 0))
    for row in np.flatnonzero(~has_idle):
        vid = doc["volunteers"][graph.slot_vol[row]]["id"]
        k = int(k_of_row[row])
        for load in optimal_loads(doc):
            assert load[vid] > n_locked.get(vid, 0) + k, f"slot {k} of {vid} is idle in an optimum"


def test_z_order_keeps_neighbours_together():
    lat = np.array([0.0, 10.0, 0.1, 10.1, 0.0])
    lon = np.array([0.0, 10.0, 0.1, 10.1, 0.05])
    order = z_order(lat, lon).tolist()
    assert sorted(order) == [0, 1, 2, 3, 4]
    near_origin = {order.index(i) for i in (0, 2, 4)}
    assert near_origin == {0, 1, 2}  # the three points near (0, 0) come first, together


def test_a_penalty_too_small_to_divide_still_gets_its_first_slot():
    # (penalty - cost) / per_extra_slot underflows to 0 here; the slot still beats leaving b0 out.
    doc = {"format": "guanai-matching/1",
           "weights": {"per_km": 0.0, "per_extra_slot": 2.0, "unassigned": {"2": 5e-324, "6": 0.0}},
           "beneficiaries": [person("b0", 0, priority=2), person("b1", 0)],
           "volunteers": [helper("v0", 0)]}
    result = solve(doc)
    assert result.volunteer_of() == {"b0": "v0"}
    assert result.objective == pytest.approx(brute_force(doc))
