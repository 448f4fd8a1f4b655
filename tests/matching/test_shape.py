"""The shape chooser: which side of the graph is its rows, decided on hand-made cases before any solve."""
import numpy as np
import pytest
from hypothesis import assume, given, settings

import matching._proof as proof
import matching._shape as shape_module
import matching._units as units
from matching import InstanceError, load_instance, solve
from matching._shape import (FILLED_SHARE, SLOT_ROWS, UNIT_ROWS, choose_rows, expected_filled, filled_share,
                             holding_pays, holding_pays_for_units, slot_rows)

from .reference import brute_force, helper, person
from .test_properties import instances


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


def test_a_unit_keeps_its_best_pairs_and_the_proof_clears_the_rest(monkeypatch):
    monkeypatch.setattr(units, "KEPT_PER_UNIT", 1)
    monkeypatch.setattr(shape_module, "HOLDING_SHARE", 2.0)
    # a keeps only A (nearest); B and C are held. A has a free place for a at once: nothing comes back.
    case = doc([person("a", 1)], [helper("A", 0, capacity=2), helper("B", 3, capacity=2), helper("C", 4)])
    result = solve(case, rows=UNIT_ROWS)
    assert result.volunteer_of() == {"a": "A"}
    assert (result.stats["held_pairs"], result.stats["restored_pairs"]) == (2, 0)


def test_held_pairs_of_a_unit_come_back_when_its_kept_places_are_taken(monkeypatch):
    monkeypatch.setattr(units, "KEPT_PER_UNIT", 1)
    monkeypatch.setattr(shape_module, "HOLDING_SHARE", 2.0)
    # a and b both keep only A, which has one place; b (farther) must fall back on B, held at first.
    case = doc([person("a", 0.5), person("b", 1)], [helper("A", 0), helper("B", 4)])
    result = solve(case, rows=UNIT_ROWS)
    assert result.volunteer_of() == {"a": "A", "b": "B"}
    assert result.stats["restored_pairs"] >= 1
    assert result.objective == pytest.approx(brute_force(case))


@settings(max_examples=150, deadline=None)
@given(case=instances())
def test_holding_a_units_pairs_back_keeps_the_optimum(case):
    try:
        load_instance(case)
    except InstanceError:
        assume(False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(units, "KEPT_PER_UNIT", 1)
        patch.setattr(shape_module, "HOLDING_SHARE", 2.0)
        result = solve(case, rows=UNIT_ROWS)
    assert result.objective == pytest.approx(brute_force(case), abs=1e-6 * len(case["beneficiaries"]))  # micro-units


@pytest.mark.parametrize(("shape", "pays"), [
    (SURPLUS, True),   # two units, six places: their searches end at a free place, held pairs stay out
    (SPLIT, True),     # B and C half empty: 4 of 7 slots expected filled
    (TIGHT, False),    # six units on four places: every slot expected filled
])
def test_units_hold_pairs_back_only_while_most_slots_stay_empty(shape, pays):
    eu, ev, slots = (np.array(x) for x in shape)
    share = filled_share(eu, ev, slots[ev], n_units=eu.max() + 1, n_volunteers=len(slots))
    assert holding_pays_for_units(share) is pays


def test_units_on_the_rows_that_fill_the_places_hold_nothing_back(monkeypatch):
    monkeypatch.setattr(units, "KEPT_PER_UNIT", 1)
    # Three people for three places within reach of each: every place expected filled, one solve.
    case = doc([person("a", 0.5), person("b", 1), person("c", 2)],
               [helper("A", 0, capacity=2), helper("B", 4)])
    result = solve(case, rows=UNIT_ROWS)
    assert (result.stats["held_pairs"], result.stats["restored_pairs"]) == (0, 0)
    assert result.objective == pytest.approx(brute_force(case))


@pytest.mark.parametrize(("distance", "bonus", "pays"), [
    ([4.0, 9.0, 2.0], [0.0, -2.0, -12.0], True),      # the portal's weights: distance orders the pairs
    ([4.0, 9.0, 2.0], [-40.0, -20.0, -60.0], False),  # skill and continuity bonuses outweigh distance
    ([4.0, 9.0], [-6.5, -6.5], False),                 # as much bonus as distance: the proof would not pay
    ([], [], False),                                   # nothing to hold back
])
def test_far_pairs_are_held_back_only_while_distance_outweighs_the_bonuses(distance, bonus, pays):
    assert holding_pays(np.array(distance), np.array(bonus)) is pays


def test_bonus_dominated_instances_hold_nothing_back_and_keep_the_optimum(monkeypatch):
    monkeypatch.setattr(proof, "KEPT_NEAREST", 2)
    near = [person("a1", 0.5), person("a2", 1), person("a3", 3)]
    # Distance only: A keeps its two nearest children and holds a3 back.
    held = solve(doc(near, [helper("A", 0)]), rows="slots")
    assert held.stats["held_pairs"] == 1
    # a3 needs counselling, which A gives at -30: bonuses outweigh distance, nothing is held back, A takes a3.
    needs = [dict(c, needs=["counselling"]) if c["id"] == "a3" else c for c in near]
    case = doc(needs, [dict(helper("A", 0), skills=["counselling"])], weights={"per_shared_skill": -30.0})
    result = solve(case, rows="slots")
    assert result.stats["held_pairs"] == 0
    assert result.volunteer_of() == {"a3": "A"}
    assert result.objective == pytest.approx(brute_force(case))


def test_fewer_units_than_slots_go_on_the_rows_even_when_most_slots_would_fill():
    # Five units that each reach three helpers of two places: 5 of 6 slots expected filled (over the 70 %
    # that would put slots on the rows), but five unit rows are fewer than six slot rows (the county's
    # elderly daily-care run: 13,802 units, 14,154 slots; 18 s as slots, 6 s as units).
    eu, ev = np.repeat(np.arange(5), 3), np.tile(np.arange(3), 5)
    n_slots = np.full(len(ev), 2)
    rows = slot_rows(ev, n_slots, n_volunteers=3)
    assert expected_filled(eu, ev, rows, n_units=5) >= FILLED_SHARE * rows.sum()
    assert choose_rows(eu, ev, n_slots, n_units=5, n_volunteers=3) == UNIT_ROWS
    # One more unit than slots: the fill test decides, and it puts slots on the rows.
    eu, ev = np.repeat(np.arange(7), 3), np.tile(np.arange(3), 7)
    assert choose_rows(eu, ev, np.full(len(ev), 2), n_units=7, n_volunteers=3) == SLOT_ROWS
