"""The assignment graph for surplus shapes: each unit a row, each slot a column, and an idle column per unit.

When many places stay empty, rows for units are the fewer, and a unit's search for a free slot ends at
once, near it. Every unit may stay unassigned through its own idle column (value 0, the last in its row;
every edge is worth less, since pairs come pruned to negative values). Where most slots are expected to
stay empty (``_shape.holding_pays_for_units``), the first solve holds back each unit's pairs beyond its
:data:`KEPT_PER_UNIT` best; ``_proof`` then clears them with the solution's dual prices (a free slot nearer
than the held pairs clears a unit at once), or they come back for another solve. The idle columns are a
full matching of the rows, which starts the solver (``_lap.sparse_assignment``) without a maximum flow.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._model import Model
from ._slots import _curve_numbering, _pair_components

#: Of a unit's pairs, about this many of the best stay in the first solve.
KEPT_PER_UNIT = 32
_BINS = 64  # value classes for choosing the kept pairs without sorting them


@dataclass
class UnitHeldPairs:
    """Pairs held back from a unit graph, as a mask over the free pairs (unit, volunteer, value in quanta at
    the first slot, slots needed); in its volunteer's k-th slot a pair is worth k * s more. They are listed
    only for the rows that need them; ``floor`` bounds each row's held values from below."""

    held: np.ndarray
    eu: np.ndarray
    ev: np.ndarray
    value: np.ndarray
    n_slots: np.ndarray
    row_unit: np.ndarray
    unit_row: np.ndarray
    vol_slot: np.ndarray
    floor: np.ndarray
    s: float

    def entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (row, column, value) of every held edge in the given rows (a mask over all rows), rounded
        to whole quanta as the graph's own edges are."""
        wanted = np.zeros(len(self.unit_row), dtype=bool)
        wanted[self.row_unit[rows]] = True
        mine = np.flatnonzero(self.held & wanted[self.eu])
        row, col, slots, value = self.unit_row[self.eu[mine]], self.vol_slot[self.ev[mine]], self.n_slots[mine], \
            self.value[mine]
        parts = []
        for k in range(int(slots.max()) if len(mine) else 0):
            at = slots > k
            parts.append((row[at], col[at] + k, np.rint(value[at] + k * self.s)))
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
        return tuple(np.concatenate(x) for x in zip(*parts))

    def best_by_row(self, n_rows: int) -> np.ndarray:
        """A lower bound on the best value among each row's held pairs (inf: none held)."""
        return self.floor

    def rows_holding(self) -> np.ndarray:
        """The rows that hold back at least one pair."""
        units = np.flatnonzero(np.bincount(self.eu[self.held], minlength=len(self.unit_row)))
        return np.sort(self.unit_row[units])


def held_by_unit(eu: np.ndarray, value: np.ndarray, n_units: int) -> tuple[np.ndarray, np.ndarray]:
    """Mark the pairs the first solve holds back: each unit's pairs beyond its :data:`KEPT_PER_UNIT` best
    (lowest value), give or take one value class. Returns the mask, and per unit a lower bound on the values
    it holds back (inf: none), one quantum below its first held class."""
    keep = KEPT_PER_UNIT
    held = np.zeros(len(eu), dtype=bool)
    floor = np.full(n_units, np.inf)
    count = np.bincount(eu, minlength=n_units)
    if count.max() <= keep:
        return held, floor
    low = np.full(n_units, np.inf)
    high = np.full(n_units, -np.inf)
    np.minimum.at(low, eu, value)
    np.maximum.at(high, eu, value)
    width = np.where(high > low, (high - low) / _BINS, 1.0)
    cls = np.minimum((value - low[eu]) / width[eu], _BINS - 1).astype(np.int32)
    counts = np.bincount(eu * _BINS + cls, minlength=n_units * _BINS).reshape(n_units, _BINS)
    enough = np.cumsum(counts, axis=1) >= keep
    last_kept = np.where(enough.any(axis=1), enough.argmax(axis=1), _BINS)
    holds = last_kept < _BINS - 1
    floor[holds] = np.floor(low[holds] + (last_kept[holds] + 1) * width[holds]) - 2  # rounding on either side
    return cls > last_kept[eu], floor


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
    held: UnitHeldPairs

    @property
    def n_rows(self) -> int:
        return len(self.unit)

    @property
    def idle_row(self) -> np.ndarray:
        """The rows with an idle column: all of them, each the owner of column ``n_slots + row``."""
        return np.arange(self.n_rows)

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


def build_unit_graph(model: Model, eu, ev, value, n_slots, s: float, held: np.ndarray, floor: np.ndarray) -> UnitGraph:
    """Build the rows of the free pairs (unit, volunteer, value at slot 0 and slot step ``s`` in quanta,
    slots needed); a pair not ``held`` has an edge to each of its volunteer's first ``n_slots`` slots,
    rounded to whole quanta. ``floor`` bounds each unit's held values from below. The rows and columns are
    the same whichever pairs are held."""
    vol_rank, units, unit_col = _curve_numbering(model, eu)
    n_rows = len(units)
    most = np.zeros(model.n_volunteers, dtype=np.int64)  # by rank: slots a volunteer's pairs need
    np.maximum.at(most, vol_rank[ev], n_slots)
    slot_start = np.cumsum(most) - most
    held_pairs = UnitHeldPairs(held=held, eu=eu, ev=ev, value=value, n_slots=n_slots, row_unit=units,
                               unit_row=unit_col, vol_slot=slot_start[vol_rank], floor=floor[units], s=s)
    kept = np.flatnonzero(~held)
    row = unit_col[eu[kept]]
    order = kept[np.argsort(row, kind="stable")]
    row, rv, value, reps = unit_col[eu[order]], vol_rank[ev[order]], value[order], n_slots[order]
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
                     col_label=np.r_[vol_label[slot_rank], row_label], held=held_pairs)
