"""The slot graph: its numbering and its slot counts."""
import numpy as np
import pytest

from matching import solve
from matching._slots import _slot_rows, z_order

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


def test_slot_rows_hold_each_pair_in_its_volunteers_first_rows_in_pair_order():
    # Volunteer 0 (3 rows) has pairs to units 4, 5, 6 needing 3, 1, 2 slots; volunteer 1 (2 rows) pairs to
    # units 2, 3 needing 1, 2. Row k of a volunteer holds its pairs needing more than k slots, k * s dearer.
    uc = np.array([4, 5, 6, 2, 3])
    value = np.array([-10.0, -20.0, -30.0, -40.0, -50.0])
    n_slots = np.array([3, 1, 2, 1, 2])
    pair_block = np.array([0, 0, 0, 1, 1])
    slots, row_start = np.array([3, 2]), np.array([0, 3])
    indptr, indices, data = _slot_rows(uc, value, n_slots, 4.0, slots, pair_block, row_start)
    rows = [dict(zip(indices[a:b].tolist(), data[a:b].tolist())) for a, b in zip(indptr[:-1], indptr[1:])]
    assert rows == [{4: -10.0, 5: -20.0, 6: -30.0}, {4: -6.0, 6: -26.0}, {4: -2.0},
                    {2: -40.0, 3: -50.0}, {3: -46.0}]
    assert [list(r) for r in rows] == [[4, 5, 6], [4, 6], [4], [2, 3], [3]]  # each row in pair order
