"""The assignment graph the solver works on: each free slot of a volunteer a row, each unit a column.

The k-th free slot of a volunteer costs k * per_extra_slot more than the first (counting locked units
first). A row's edge to a unit is worth the pair's cost plus the slot's, less the unit's penalty; a row may
also stay idle, at no cost, through an idle column of its own. A minimum-weight full matching of the rows
then minimises the objective of matching-format.md less the constant sum of all penalties: slot costs rise
with k, so a volunteer's cheapest slots fill first. The graph is built without idle columns, and may
hold back some pairs; ``_proof`` decides which rows need an idle column, or their pairs back.

Slots are the rows, not units, because units usually outnumber the places for them: a search for an
augmenting path then ends at a nearby unit that is still free, and the solver's searches stay short.
Rows and columns are numbered along a space-filling curve so that those searches touch nearby memory.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ._model import Model


@dataclass
class HeldPairs:
    """Pairs held back from the graph: each one's first row (its volunteer's slot 0), slots needed, unit
    column (-1: the unit has no column) and value at slot 0; in row k it is worth k * s more."""

    row: np.ndarray
    slots: np.ndarray
    col: np.ndarray
    value: np.ndarray
    s: float

    def entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (row, column, value) of every held pair in the given rows (a mask over all rows).

        Values are rounded to whole quanta as the graph's own edges are.
        """
        parts = []
        for k in range(int(self.slots.max()) if len(self.slots) else 0):
            at = np.flatnonzero(self.slots > k)
            at = at[rows[self.row[at] + k]]
            parts.append((self.row[at] + k, self.col[at], np.rint(self.value[at] + k * self.s)))
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
        return tuple(np.concatenate(x) for x in zip(*parts))

    def best_by_row(self, n_rows: int) -> np.ndarray:
        """A lower bound on the best value among each row's held pairs (inf: none).

        A volunteer's row k holds no pair worth less than its best held value at slot 0 plus k * s; that
        bound needs one pass over the held pairs, not one per slot, and a row cleared against it is cleared.
        """
        best = np.full(n_rows, np.inf)
        if len(self.row) == 0:
            return best
        np.minimum.at(best, self.row, np.rint(self.value))
        first = np.flatnonzero(best < np.inf)
        most = np.zeros(n_rows, dtype=np.int64)
        np.maximum.at(most, self.row, self.slots)
        for k in range(1, int(self.slots.max())):
            on = first[most[first] > k]
            best[on + k] = np.minimum(best[on + k], best[on] + np.floor(k * self.s) - 1)  # rint rounds either way
        return best


@dataclass
class SlotGraph:
    """Rows: the slots, each volunteer's together; columns: the units, then the idle columns.

    ``indptr``, ``indices`` and ``data`` are the rows in CSR form. The weights in ``data`` are shifted per
    row to be positive (the sparse solver reads a zero as "no edge"): an edge's value is its weight less
    the row's ``offset``, so an idle column weighs ``offset`` (a constant per row changes no optimum,
    since every row is matched exactly once). ``slot_vol`` is each row's volunteer, ``unit`` each unit
    column's unit and ``idle_row`` each idle column's row. ``held`` are the pairs held back from the
    graph. ``row_label`` and ``col_label`` number the connected components, which can be solved one by
    one.
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    offset: np.ndarray
    slot_vol: np.ndarray
    unit: np.ndarray
    idle_row: np.ndarray
    held: HeldPairs
    row_label: np.ndarray
    col_label: np.ndarray

    @property
    def n_rows(self) -> int:
        return len(self.slot_vol)

    @property
    def n_units(self) -> int:
        return len(self.unit)

    @property
    def n_cols(self) -> int:
        return self.n_units + len(self.idle_row)

    @property
    def n_edges(self) -> int:
        """Edges to units (idle columns not counted)."""
        return len(self.indices) - len(self.idle_row)


def z_order(lat: np.ndarray, lon: np.ndarray, bits: int = 16) -> np.ndarray:
    """Return the order of points along a Z-order (Morton) curve over their bounding box."""
    def scaled(x: np.ndarray) -> np.ndarray:
        span = float(np.ptp(x)) if len(x) else 0.0
        low = float(x.min()) if len(x) else 0.0
        return ((x - low) / (span or 1.0) * (2 ** bits - 1)).astype(np.uint64)

    x, y = scaled(lon), scaled(lat)
    key = np.zeros(len(x), dtype=np.uint64)
    one = np.uint64(1)
    for b in range(bits):
        key |= ((x >> np.uint64(b)) & one) << np.uint64(2 * b)
        key |= ((y >> np.uint64(b)) & one) << np.uint64(2 * b + 1)
    return np.argsort(key, kind="stable")


def slots_needed(model: Model, ev, value, locked_load) -> np.ndarray:
    """How many of v's free slots each pair can use in an optimum, from its value at the first free slot.

    With n units on v, each pays less than its penalty for slot n-1 (else leaving it out is cheaper); so a
    pair needs only its slots k with value + k * s < 0, and v never more slots than it has pairs. The
    pairs come pruned to those with value < 0: they need at least that first slot, even where the
    division underflows.
    """
    s = model.instance.weights.per_extra_slot
    free_cap = model.v_capacity - locked_load
    cap = np.minimum(free_cap, np.bincount(ev, minlength=model.n_volunteers))[ev]
    if s <= 0:
        return cap
    with np.errstate(over="ignore"):  # a tiny s overflows to inf; the capacity bound then decides
        by_value = np.divide(value, -s)
    np.ceil(by_value, out=by_value)
    np.maximum(by_value, 1, out=by_value)
    np.minimum(by_value, cap, out=by_value)
    return by_value.astype(np.int64)


def build_slot_graph(model: Model, eu, ev, value, n_slots, held, s: float) -> SlotGraph:
    """Build the rows of the free pairs (unit, volunteer, value at slot 0, slots needed), with no idle column.

    ``value`` and the slot step ``s`` are in quanta (see ``_quanta``): each edge's weight is rounded to a
    whole number of them, so that the solver's arithmetic on the graph is exact. Pairs marked ``held`` get
    no edge. Every volunteer of a held pair must have other pairs, needing at least as many slots as the
    held one: then the rows are the same whichever pairs are held.
    """
    kept, is_held = np.flatnonzero(~held), np.flatnonzero(held)
    vol_rank, units, unit_col = _curve_numbering(model, eu[kept])
    rv = vol_rank[ev[kept]]
    order = kept[_by_volunteer_then_unit(rv, unit_col[eu[kept]], model.n_volunteers, len(units))]
    rv, uc, value_k, slots_k = vol_rank[ev[order]], unit_col[eu[order]], value[order], n_slots[order]
    block = np.flatnonzero(np.r_[True, rv[1:] != rv[:-1]])
    pair_block = np.repeat(np.arange(len(block)), np.diff(np.r_[block, len(rv)]))
    slots = np.maximum.reduceat(slots_k, block)  # the most any pair of the volunteer needs
    row_start = np.cumsum(slots) - slots
    row_block = np.repeat(np.arange(len(block)), slots)
    indptr, indices, data = _slot_rows(uc, value_k, slots_k, s, slots, pair_block, row_start)
    # Shift each row to positive weights, in place.
    offset = 1.0 - np.minimum.reduceat(data, indptr[:-1])
    data += np.repeat(offset, np.diff(indptr))
    block_label, unit_label = _pair_components(pair_block, uc, len(block), len(units))
    first_row = np.zeros(model.n_volunteers, dtype=np.int64)  # by volunteer rank
    first_row[rv[block]] = row_start
    held_pairs = HeldPairs(row=first_row[vol_rank[ev[is_held]]], slots=n_slots[is_held],
                           col=unit_col[eu[is_held]], value=value[is_held], s=s)
    return SlotGraph(indptr=indptr, indices=indices, data=data, offset=offset,
                     slot_vol=np.argsort(vol_rank)[rv[block]][row_block], unit=units,
                     idle_row=np.empty(0, dtype=np.int64),
                     held=held_pairs, row_label=block_label[row_block], col_label=unit_label)


def with_idle_columns(graph: SlotGraph, rows: np.ndarray) -> SlotGraph:
    """Return the graph with an idle column for each of ``rows`` (which have none yet), last in its row."""
    rows = np.sort(np.asarray(rows, dtype=np.int64))
    if len(rows) == 0:
        return graph
    new_cols = graph.n_cols + np.arange(len(rows))
    at = graph.indptr[rows + 1]
    indptr = graph.indptr + np.searchsorted(rows, np.arange(graph.n_rows + 1), side="left")
    return replace(
        graph, indptr=indptr, indices=np.insert(graph.indices, at, new_cols.astype(graph.indices.dtype)),
        data=np.insert(graph.data, at, graph.offset[rows]), idle_row=np.r_[graph.idle_row, rows],
        col_label=np.r_[graph.col_label, graph.row_label[rows]])


def _curve_numbering(model: Model, eu: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number volunteers and the units in play along a Z-order curve.

    Returns each volunteer's rank, the units in column order, and each unit's column (-1 for the units
    not in ``eu``).
    """
    vol_rank = np.empty(model.n_volunteers, dtype=np.int64)
    vol_rank[z_order(model.v_lat, model.v_lon)] = np.arange(model.n_volunteers)
    present = np.zeros(model.n_units, dtype=bool)
    present[eu] = True
    units = np.flatnonzero(present)
    first_place = model.unit_place_ptr[units]
    units = units[z_order(model.place_lat[first_place], model.place_lon[first_place])]
    unit_col = np.full(model.n_units, -1, dtype=np.int64)
    unit_col[units] = np.arange(len(units))
    return vol_rank, units, unit_col


def _slot_rows(uc, value, n_slots, s, slots, pair_block, row_start):
    """Place the edges in CSR arrays: row k of a volunteer holds its pairs that need more than k slots.

    Pairs come sorted by volunteer, then unit, so each row is in column order (the solver's searches then
    touch nearby memory). Row 0 holds every pair; then one pass per k over the pairs still in play.
    """
    n_rows = int(slots.sum())
    # A pair adds one edge to each of its volunteer's rows 0 .. n_slots - 1: count them by differences.
    first_row = row_start[pair_block]
    change = np.bincount(first_row, minlength=n_rows + 1) - np.bincount(first_row + n_slots, minlength=n_rows + 1)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.cumsum(change[:n_rows]), out=indptr[1:])
    indices = np.empty(indptr[-1], dtype=np.int32)
    data = np.empty(indptr[-1])
    small = np.int32 if indptr[-1] < 2 ** 31 else np.int64  # positions: half the memory when they fit
    # Row 0 of a volunteer holds all its pairs: each pair's place is the row's start plus its rank in the block.
    block_first = np.flatnonzero(np.r_[True, pair_block[1:] != pair_block[:-1]])
    at = (indptr[row_start] - block_first).astype(small)[pair_block]
    at += np.arange(len(uc), dtype=small)
    indices[at] = uc
    data[at] = np.rint(value)
    sel = np.flatnonzero(n_slots > 1).astype(small)
    for k in range(1, int(slots.max())):
        if k > 1:
            sel = sel[n_slots[sel] > k]
        blk = pair_block[sel]
        starts = np.flatnonzero(np.r_[True, blk[1:] != blk[:-1]])
        # Each selected pair's place: its row's start plus its rank among the row's pairs.
        offset = (indptr[row_start[blk[starts]] + k] - starts).astype(small)
        at = np.repeat(offset, np.diff(np.r_[starts, len(sel)]))
        at += np.arange(len(sel), dtype=small)
        indices[at] = uc[sel]
        data[at] = np.rint(value[sel] + k * s)
    return indptr, indices, data


def _pair_components(pair_block, unit_col, n_blocks, n_units) -> tuple[np.ndarray, np.ndarray]:
    """Label volunteers (by block) and units by the connected component of the pair graph.

    A volunteer's slots share its component: slot 0 has an edge to every unit a later slot has.
    """
    n = n_blocks + n_units
    indptr = np.r_[0, np.cumsum(np.bincount(pair_block, minlength=n_blocks)), np.full(n_units, len(pair_block))]
    adjacency = csr_matrix((np.ones(len(unit_col), dtype=np.int8), n_blocks + unit_col, indptr), shape=(n, n))
    label = connected_components(adjacency, directed=True, connection="weak")[1]
    return label[:n_blocks], label[n_blocks:]


def _by_volunteer_then_unit(rv: np.ndarray, uc: np.ndarray, n_volunteers: int, n_units: int) -> np.ndarray:
    """Order pairs by volunteer rank, then by unit column (two stable radix passes when they fit 16 bits)."""
    if n_volunteers < 2 ** 16 and n_units < 2 ** 16:
        first = np.argsort(uc.astype(np.uint16), kind="stable")
        return first[np.argsort(rv[first].astype(np.uint16), kind="stable")]
    return np.lexsort((uc, rv))
