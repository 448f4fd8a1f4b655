"""The assignment graph for surplus shapes: each unit a row, each slot a column, and an idle column per unit.

When places outnumber the units that could take them, rows for units are the fewer, and a unit's search
for a free slot ends at once, near it. Every unit may stay unassigned through its own idle column (value 0,
the last in its row; every edge is worth less, since pairs come pruned to negative values), and every pair
has its edges, so this graph needs no proof: its minimum-weight full matching of the rows is an optimum.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._model import Model
from ._slots import _curve_numbering, _pair_components


@dataclass
class UnitGraph:
    """Rows: the units in play; columns: the slots, each volunteer's together, then one idle column per row.

    ``indptr``, ``indices`` and ``data`` are the rows in CSR form, weights shifted per row by ``offset`` to
    be >= 1 as in ``SlotGraph``. ``unit`` is each row's unit and ``slot_vol`` each slot column's volunteer;
    ``row_label`` and ``col_label`` number the connected components.
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    offset: np.ndarray
    unit: np.ndarray
    slot_vol: np.ndarray
    row_label: np.ndarray
    col_label: np.ndarray

    @property
    def n_rows(self) -> int:
        return len(self.unit)

    @property
    def n_slots(self) -> int:
        return len(self.slot_vol)

    @property
    def n_cols(self) -> int:
        return self.n_slots + self.n_rows

    @property
    def n_edges(self) -> int:
        """Edges to slots (idle columns not counted)."""
        return len(self.indices) - self.n_rows

    def choice(self, matched: np.ndarray, n_units: int) -> np.ndarray:
        """Each unit's volunteer (-1: unassigned) from each row's column."""
        choice = np.full(n_units, -1, dtype=np.int64)
        taken = matched < self.n_slots
        choice[self.unit[taken]] = self.slot_vol[matched[taken]]
        return choice


def build_unit_graph(model: Model, eu, ev, value, n_slots, s: float) -> UnitGraph:
    """Build the rows of the free pairs (unit, volunteer, value at slot 0 and slot step ``s`` in quanta,
    slots needed); a pair has an edge to each of its volunteer's first ``n_slots`` slots, rounded to whole
    quanta."""
    vol_rank, units, unit_col = _curve_numbering(model, eu)
    n_rows = len(units)
    row = unit_col[eu]
    order = np.argsort(row, kind="stable")
    row, rv, value, reps = row[order], vol_rank[ev[order]], value[order], n_slots[order]
    most = np.zeros(model.n_volunteers, dtype=np.int64)  # by rank: slots a volunteer's pairs need
    np.maximum.at(most, rv, reps)
    slot_start = np.cumsum(most) - most
    n_slot_cols = int(most.sum())
    first = np.cumsum(reps) - reps
    pair = np.repeat(np.arange(len(row)), reps)
    k = np.arange(len(pair)) - first[pair]
    at = first[pair] + row[pair] + k  # each earlier row has one idle edge more
    n_edges = len(pair) + n_rows
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, weights=reps, minlength=n_rows).astype(np.int64) + 1, out=indptr[1:])
    indices = np.empty(n_edges, dtype=np.int32)
    data = np.zeros(n_edges)
    indices[at] = slot_start[rv[pair]] + k
    data[at] = np.rint(value[pair] + k * s)
    indices[indptr[1:] - 1] = n_slot_cols + np.arange(n_rows)
    offset = 1.0 - np.minimum.reduceat(data, indptr[:-1])
    data += np.repeat(offset, np.diff(indptr))
    row_label, vol_label = _pair_components(row, rv, n_rows, model.n_volunteers)
    slot_rank = np.repeat(np.arange(model.n_volunteers), most)
    return UnitGraph(indptr=indptr, indices=indices, data=data, offset=offset, unit=units,
                     slot_vol=np.argsort(vol_rank)[slot_rank], row_label=row_label,
                     col_label=np.r_[vol_label[slot_rank], row_label])
