"""The slot graph: its numbering and its slot counts."""
import numpy as np
import pytest

from matching import solve
from matching._slots import z_order

from .reference import brute_force, helper, person


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
