"""Which graph pays for an instance's shape, decided from counts before any solve (issue 13).

Slots as rows (``_slots``) pay when nearly every slot is filled in the optimum: then the first solve's
shortcuts (idle columns only where a slot cannot be filled, far pairs held back) are cleared by ``_proof``
at once. Where many slots stay empty, that solve is wasted (the proof reopens them, and the graph is solved
again), and units as rows (``_units``) pay instead: every unit's search ends at a free slot nearby, and the
graph needs no proof. Which slots stay empty is estimated from the pairs alone: each unit spreads itself
over its slots evenly, and a volunteer expects to fill no more slots than the units it so receives.
"""
from __future__ import annotations

import numpy as np

UNIT_ROWS, SLOT_ROWS = "units", "slots"
#: Slots as rows when at least this share of the slots is expected to be filled.
FILLED_SHARE = 0.7
#: With units as rows, far pairs are held back only where less than this share of the slots is expected filled.
HOLDING_SHARE = FILLED_SHARE


def slot_rows(ev: np.ndarray, n_slots: np.ndarray, n_volunteers: int) -> np.ndarray:
    """Slot rows per volunteer: the most slots any of its pairs needs."""
    most = np.zeros(n_volunteers, dtype=np.int64)
    np.maximum.at(most, ev, n_slots)
    return most


def expected_filled(eu: np.ndarray, ev: np.ndarray, rows: np.ndarray, n_units: int) -> float:
    """Slots expected to be filled: each unit shares itself among its volunteers in proportion to their slot
    rows, and a volunteer fills at most its rows."""
    weight = rows[ev].astype(float)
    spread = np.bincount(eu, weights=weight, minlength=n_units)
    load = np.bincount(ev, weights=weight / spread[eu], minlength=len(rows))
    return float(np.minimum(rows, load).sum())


def filled_share(eu: np.ndarray, ev: np.ndarray, n_slots: np.ndarray, n_units: int, n_volunteers: int) -> float:
    """The share of the slot rows expected to be filled (:func:`expected_filled`)."""
    rows = slot_rows(ev, n_slots, n_volunteers)
    return expected_filled(eu, ev, rows, n_units) / max(int(rows.sum()), 1)


def choose_rows(eu: np.ndarray, ev: np.ndarray, n_slots: np.ndarray, n_units: int, n_volunteers: int,
                share: float | None = None) -> str:
    """Return :data:`UNIT_ROWS` if the units in play are no more than the slot rows; else :data:`SLOT_ROWS` if
    at least :data:`FILLED_SHARE` of the slot rows are expected to be filled, else :data:`UNIT_ROWS`.

    The solver's searches grow with the rows and scan the columns: the smaller side goes in the rows, unless
    the slots, fewer, would mostly stay empty (each empty slot row still needs its search). On the county's
    elderly daily-care run (13,802 units, 14,154 slots, 92 % expected filled) slots as rows took 18 s and
    units as rows 2.1 s. ``share`` is :func:`filled_share`, if the caller has it.

    Examples
    --------
    Three units near one volunteer with two places fill both: slots as rows. One unit cannot fill three.

    >>> import numpy as np
    >>> choose_rows(np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([2, 2, 2]), 3, 1)
    'slots'
    >>> choose_rows(np.array([0]), np.array([0]), np.array([3]), 1, 1)
    'units'

    Two units and two volunteers with a place each: as many units as slots, units as rows.

    >>> choose_rows(np.array([0, 1]), np.array([0, 1]), np.array([1, 1]), 2, 2)
    'units'
    """
    rows = slot_rows(ev, n_slots, n_volunteers)
    if np.count_nonzero(np.bincount(eu, minlength=n_units)) <= rows.sum():
        return UNIT_ROWS
    if share is None:
        share = filled_share(eu, ev, n_slots, n_units, n_volunteers)
    return SLOT_ROWS if share >= FILLED_SHARE else UNIT_ROWS


def holding_pays(distance_cost: np.ndarray, bonus: np.ndarray) -> bool:
    """Whether the slot graph's first solve should hold far pairs back (``_proof.held_back_pairs``).

    ``distance_cost`` is per_km * d(u, v) for each pair, ``bonus`` the rest of its cost (shared skills,
    continuity). Holding back keeps each volunteer's best pairs, which are its nearest while distance
    orders them: then the proof clears the rest in a round or two. Where the bonuses outweigh the
    distances, on average, a unit's best helper may be anywhere in range, and the proof needs the exact
    dual prices (about eighty Bellman-Ford rounds on the negative-cost county) to clear them, which costs
    more than the pairs save the solver. Either way the optimum is the same.

    Examples
    --------
    >>> import numpy as np
    >>> holding_pays(np.array([4.0, 9.0]), np.array([-2.0, 0.0]))
    True
    >>> holding_pays(np.array([4.0, 9.0]), np.array([-40.0, -20.0]))
    False
    """
    if len(distance_cost) == 0:
        return False
    return abs(float(bonus.mean())) < float(distance_cost.mean())


def holding_pays_for_units(share: float) -> bool:
    """Whether the unit graph's first solve should hold far pairs back (``_units.held_by_unit``), given the
    share of the slots expected to be filled (:func:`filled_share`).

    Held pairs are cleared by ``_proof`` when a free slot lies nearer than them, which is so while most
    slots stay empty: below :data:`HOLDING_SHARE` filled. Where units nearly fill the slots, prices rise,
    the proof brings pairs back and the graph is solved two or three times (the county's elderly
    daily-care run, 92 % expected filled: 6.5 s holding pairs back, 2.7 s not); on the scarce-female
    county (61 %) every held pair is cleared at once and the solve has a third of the edges.

    Examples
    --------
    >>> holding_pays_for_units(0.3), holding_pays_for_units(0.92)
    (True, False)
    """
    return share < HOLDING_SHARE
