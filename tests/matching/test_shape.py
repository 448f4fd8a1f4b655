"""The shape chooser: which side of the graph is its rows, decided on hand-made cases before any solve."""
import numpy as np
import pytest

from matching import solve
from matching._shape import SLOT_ROWS, UNIT_ROWS, choose_rows, slot_rows

from .reference import brute_force, helper, person


def doc(beneficiaries, volunteers, **extra):
    return {"format": "guanai-matching/1", "beneficiaries": beneficiaries, "volunteers": volunteers, **extra}


def test_slot_rows_count_the_most_slots_any_pair_of_a_volunteer_needs():
    ev = np.array([0, 0, 1, 2, 2])
    n_slots = np.array([1, 3, 2, 1, 1])
    assert slot_rows(ev, n_slots, n_volunteers=4) == 3 + 2 + 1


@pytest.mark.parametrize(("n_units", "n_slot_rows", "rows"), [
    (10, 30, UNIT_ROWS), (10, 10, UNIT_ROWS), (11, 10, SLOT_ROWS), (8_102, 21_298, UNIT_ROWS), (10_000, 6_000, SLOT_ROWS),
])
def test_rows_are_the_smaller_side(n_units, n_slot_rows, rows):
    assert choose_rows(n_units, n_slot_rows) == rows


def test_more_places_than_people_puts_people_on_the_rows():
    # Two people, one helper with three places near them: three slot rows against two units.
    case = doc([person("a", 1), person("b", 2)], [helper("A", 0, capacity=3)])
    result = solve(case)
    assert result.stats["rows"] == UNIT_ROWS
    assert result.volunteer_of() == {"a": "A", "b": "A"}
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
