"""The shape chooser: which side of the graph is its rows, decided on hand-made cases before any solve."""
import numpy as np
import pytest

from matching import solve
from matching._shape import SLOT_ROWS, UNIT_ROWS, choose_rows, expected_filled, slot_rows

from .reference import brute_force, helper, person


def doc(beneficiaries, volunteers, **extra):
    return {"format": "guanai-matching/1", "beneficiaries": beneficiaries, "volunteers": volunteers, **extra}


def test_slot_rows_count_the_most_slots_any_pair_of_a_volunteer_needs():
    ev = np.array([0, 0, 1, 2, 2])
    n_slots = np.array([1, 3, 2, 1, 1])
    assert slot_rows(ev, n_slots, n_volunteers=4).tolist() == [3, 2, 1, 0]


def test_a_unit_spreads_itself_over_its_volunteers_by_their_slots():
    # Unit 0 reaches A (3 slots) and B (1 slot): A expects 3/4 of it, B 1/4; unit 1 reaches B alone.
    eu, ev, rows = np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([3, 1])
    assert expected_filled(eu, ev, rows, n_units=2) == pytest.approx(0.75 + 1.0)  # B is full at 1


# Hand-made shapes, as (unit, volunteer) pairs and each volunteer's slots (one slot per pair for each).
TIGHT = ([0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 1], [2, 2])              # six units on four places
SURPLUS = ([0, 0, 1, 1], [0, 1, 0, 1], [3, 3])                        # two units, six places
SPLIT = ([0, 1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 1, 2, 2], [1, 3, 3])    # A contested, B and C half empty


@pytest.mark.parametrize(("shape", "rows"), [(TIGHT, SLOT_ROWS), (SURPLUS, UNIT_ROWS), (SPLIT, UNIT_ROWS)])
def test_slots_are_rows_when_most_of_them_will_be_filled(shape, rows):
    eu, ev, slots = (np.array(x) for x in shape)
    n_slots = slots[ev]
    assert choose_rows(eu, ev, n_slots, n_units=eu.max() + 1, n_volunteers=len(slots)) == rows


def test_more_places_than_people_puts_people_on_the_rows():
    # Two people between two helpers with two places each: four slot rows, two of them expected filled.
    case = doc([person("a", 1), person("b", 2)], [helper("A", 0, capacity=2), helper("B", 3, capacity=2)])
    result = solve(case)
    assert result.stats["rows"] == UNIT_ROWS
    assert result.volunteer_of() == {"a": "A", "b": "B"}
    assert result.objective == pytest.approx(brute_force(case))


def test_more_people_than_places_puts_slots_on_the_rows():
    case = doc([person("a", 1), person("b", 2), person("c", 3)], [helper("A", 0, capacity=2)])
    result = solve(case)
    assert result.stats["rows"] == SLOT_ROWS
    assert result.volunteer_of() == {"a": "A", "b": "A"}
    assert result.objective == pytest.approx(brute_force(case))


def test_slots_are_counted_as_far_as_they_pay():
    # Six places, but a slot step of 40 against a penalty of 100 leaves only three worth having per pair
    # (value about -99 + 40 k < 0 for k = 0, 1, 2): three slot rows against four units.
    case = doc([person(x, 1) for x in "abcd"], [helper("A", 0, capacity=6)], weights={"per_extra_slot": 40.0})
    result = solve(case)
    assert result.stats["rows"] == SLOT_ROWS
    assert len(result.assignments) == 3
    assert result.objective == pytest.approx(brute_force(case))
