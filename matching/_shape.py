"""Which graph pays for an instance's shape, decided from counts before any solve (issue 13).

Units as rows (``_units``) when the places that could be used are at least as many as the units that
could use them: every unit's search then ends at a free slot nearby, and the graph needs no proof. Slots as
rows (``_slots``) when units outnumber places: then most units stay out, and the first solve's shortcuts
(idle columns only where a slot cannot be filled, far pairs held back) pay, as ``_proof`` then clears
nearly every slot at once.
"""
from __future__ import annotations

import numpy as np

UNIT_ROWS, SLOT_ROWS = "units", "slots"


def slot_rows(ev: np.ndarray, n_slots: np.ndarray, n_volunteers: int) -> int:
    """The number of slot rows the pairs need: per volunteer, the most slots any of its pairs needs."""
    most = np.zeros(n_volunteers, dtype=np.int64)
    np.maximum.at(most, ev, n_slots)
    return int(most.sum())


def choose_rows(n_units: int, n_slot_rows: int) -> str:
    """Return :data:`UNIT_ROWS` if there are at least as many slots as units in play, else :data:`SLOT_ROWS`.

    Examples
    --------
    >>> choose_rows(n_units=8_102, n_slot_rows=21_298)
    'units'
    >>> choose_rows(n_units=10_000, n_slot_rows=6_000)
    'slots'
    """
    return UNIT_ROWS if n_slot_rows >= n_units else SLOT_ROWS
