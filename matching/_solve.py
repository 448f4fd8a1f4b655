"""The exact solver: the assignment graph the shape calls for, split into independent components, each solved by scipy.

``_shape`` chooses the rows: the slots of ``_slots`` where nearly every slot is filled, the units of
``_units`` where many places stay empty. Each component is a rectangular assignment problem (no more rows
than columns, weights in whole quanta, see ``_lap``): solved with
:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`, or with
:func:`scipy.optimize.linear_sum_assignment` when it is small enough to be dense. Slots get idle columns
only where ``_proof`` cannot prove them filled in an optimum, and far pairs are held back where it can
prove them unused.
"""
from __future__ import annotations

from time import perf_counter

import numpy as np
from scipy.sparse import csr_matrix

from ._explain import describe_unassigned
from ._feasible import candidate_pairs, continuity_flags, eligible_pairs, exclusion_codes, pair_costs, unit_distances
from ._instance import Instance
from ._lap import dense_assignment, dense_from_edges, quantum, sparse_assignment
from ._locks import locked_units
from ._memory import reused_memory
from ._model import Model, build_model, haversine_km
from ._proof import held_back_pairs, unfillable_rows, unproven_rows, unproven_units
from ._result import Assignment, Result
from ._shape import SLOT_ROWS, UNIT_ROWS, choose_rows, filled_share, holding_pays, holding_pays_for_units, slot_rows
from ._slots import SlotGraph, build_slot_graph, slots_needed, with_idle_columns
from ._units import UnitGraph, build_unit_graph, held_by_unit
from ._validate import load_instance

#: Components with at most this many cells (rows x columns) are solved densely.
DENSE_CELLS = 40_000
METHODS = ("auto", "sparse", "dense")
ROWS = ("auto", UNIT_ROWS, SLOT_ROWS)


def solve(instance: Instance | dict, *, method: str = "auto", rows: str = "auto") -> Result:
    """Return an optimal assignment of beneficiaries to volunteers, with explanations.

    Parameters
    ----------
    instance : Instance or dict
        A validated :class:`Instance`, or a `guanai-matching/1` document, which is validated first.
    method : {"auto", "sparse", "dense"}
        How each independent component is solved: ``"sparse"`` with
        :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`, ``"dense"`` with
        :func:`scipy.optimize.linear_sum_assignment`, ``"auto"`` dense for small components.
    rows : {"auto", "units", "slots"}
        Which side of the assignment graph is its rows: ``"units"`` (each unit a row, slots its columns),
        ``"slots"`` (each free slot a row, with the shortcuts that ``_proof`` clears), or ``"auto"``, chosen
        from the instance's shape (see ``_shape``). Every choice returns the same minimum.

    Returns
    -------
    Result
        The minimum objective, an assignment per assigned beneficiary and a reason per unassigned one.

    Raises
    ------
    InstanceError
        If a document is given and it breaks the format.

    Examples
    --------
    >>> from matching import solve
    >>> doc = {"format": "guanai-matching/1",
    ...        "beneficiaries": [{"id": "c1", "lat": 27.31, "lon": 111.82, "gender": "M", "age": 9,
    ...                           "priority": 6}],
    ...        "volunteers": [{"id": "v1", "lat": 27.30, "lon": 111.80, "gender": "F", "capacity": 1,
    ...                        "background_checked": True}]}
    >>> result = solve(doc)
    >>> result.assignments[0].volunteer, round(result.objective, 3)
    ('v1', 2.267)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if rows not in ROWS:
        raise ValueError(f"rows must be one of {', '.join(ROWS)}")
    started = perf_counter()
    if not isinstance(instance, Instance):
        instance = load_instance(instance)
    with reused_memory():
        return _solve_instance(instance, method, rows, started)


def _solve_instance(instance: Instance, method: str, rows: str, started: float) -> Result:
    """Solve a validated instance (see :func:`solve`); ``started`` is when the call began."""
    model = build_model(instance)
    pairs = eligible_pairs(model)
    eu, ev = pairs.unit, pairs.vol
    lock_of_unit, _ = locked_units(model)
    choice, stats = _assign_free_units(model, eu, ev, pairs.km, pair_costs(model, eu, ev, pairs.km), lock_of_unit,
                                       method, rows)
    stats.update(units=model.n_units, volunteers=model.n_volunteers, eligible_pairs=int(len(eu)))
    result = build_result(model, choice, stats)
    result.stats["seconds"] = round(perf_counter() - started, 4)
    return result


def _assign_free_units(model: Model, eu, ev, km, cost, lock_of_unit, method, rows):
    """Solve the units that are not locked; return each unit's volunteer (-1: unassigned) and stats."""
    s = model.instance.weights.per_extra_slot
    penalty = model.unit_penalty
    locked_load = np.bincount(lock_of_unit[lock_of_unit >= 0], minlength=model.n_volunteers)
    free_cap = model.v_capacity - locked_load
    # Prune what provably is in no optimum: a pair whose cheapest free slot costs no less than leaving
    # the unit unassigned (dropping it never raises the objective).
    first = cost + locked_load[ev] * s
    keep = (lock_of_unit[eu] < 0) & (free_cap[ev] > 0) & (first < penalty[eu])
    eu, ev, km, cost = eu[keep], ev[keep], km[keep], cost[keep]
    choice = lock_of_unit.copy()
    stats = {"edges": 0, "components": 0, "dense_components": 0}
    if len(eu) == 0:
        return choice, stats
    value = first[keep] - penalty[eu]
    n_slots = slots_needed(model, ev, value, locked_load)
    n_rows = int(slot_rows(ev, n_slots, model.n_volunteers).sum())
    n_units = int(np.count_nonzero(np.bincount(eu, minlength=model.n_units)))
    q = quantum(float(np.abs(value).max() + s * n_slots.max()), max(n_rows, n_units))
    share = filled_share(eu, ev, n_slots, model.n_units, model.n_volunteers) if rows != SLOT_ROWS else 1.0
    if rows == "auto":
        rows = choose_rows(eu, ev, n_slots, model.n_units, model.n_volunteers, share)
    stats.update(quantum=q, rows=rows)
    if rows == UNIT_ROWS:
        graph, matched = _solve_units(model, eu, ev, value / q, s / q, n_slots, method, stats,
                                      holding_pays_for_units(share))
        by_unit = graph.choice(matched, model.n_units)
        choice[by_unit >= 0] = by_unit[by_unit >= 0]
        return choice, stats
    distance_cost = model.instance.weights.per_km * km
    hold = holding_pays(distance_cost, cost - distance_cost)
    graph, matched = _solve_proven(model, eu, ev, value / q, s / q, n_slots, method, stats, hold)
    taken = matched < graph.n_units
    choice[graph.unit[matched[taken]]] = graph.slot_vol[taken]
    return choice, stats


def _solve_units(model: Model, eu, ev, value, s, n_slots, method, stats, hold=True) -> tuple[UnitGraph, np.ndarray]:
    """Solve the unit graph, with far pairs held back until ``_proof`` clears them if ``hold`` (values in quanta).

    The units whose held pairs the proof cannot clear get them back, and the graph is solved again.
    ``hold`` is False where holding pairs back does not pay (``_shape.holding_pays_for_units``): then one
    solve with every pair, and no proof.
    """
    if hold:
        held, floor = held_by_unit(eu, value, model.n_units)
    else:
        held, floor = np.zeros(len(eu), dtype=bool), np.full(model.n_units, np.inf)
    stats.update(held_pairs=int(held.sum()), restored_pairs=0)
    while True:
        graph = build_unit_graph(model, eu, ev, value, n_slots, s, held, floor)
        idle = graph.n_slots + np.arange(graph.n_rows)  # every row's idle column: a full matching
        matched, stats["dense_components"] = _solve_components(graph, method, start=idle)
        if not held.any():
            break
        doubt = unproven_units(graph, matched)
        if not len(doubt):
            break
        back = held & np.isin(eu, graph.unit[doubt])
        if not back.any():  # the proof only doubts rows that hold pairs back
            raise AssertionError("units in doubt without held pairs")
        held &= ~back
        floor[graph.unit[doubt]] = np.inf
        stats["restored_pairs"] += int(back.sum())
    stats.update(edges=graph.n_edges, components=int(len(np.unique(graph.row_label))))
    return graph, matched


def _solve_proven(model: Model, eu, ev, value, s, n_slots, method, stats, hold=True) -> tuple[SlotGraph, np.ndarray]:
    """Solve the slot graph without idle columns and with far pairs held back, until ``_proof`` clears it.

    ``value`` and the slot step ``s`` are in quanta; ``hold`` is False where holding pairs back does not pay
    (``_shape.holding_pays``).
    Returns the final graph and each row's column. Rows the proof cannot clear get their idle column (and
    their components are solved again) or their volunteer's held pairs back (and the graph is built and
    solved again; its rows stay the same).
    """
    held = held_back_pairs(ev, value, model.unit_penalty[eu], n_slots, model.n_volunteers) if hold else \
        np.zeros(len(ev), dtype=bool)
    graph = build_slot_graph(model, eu, ev, value, n_slots, held, s)
    unfilled, start = unfillable_rows(graph)
    idle_rows = np.union1d(unfilled, _dense_rows(graph, method))
    start[unfilled] = graph.n_cols + np.searchsorted(idle_rows, unfilled)  # their idle columns
    graph = with_idle_columns(graph, idle_rows)
    matched, stats["dense_components"] = _solve_components(graph, method, start=start)
    stats.update(held_pairs=int(held.sum()), restored_pairs=0, reopened_slots=0)
    while len((unproven := unproven_rows(graph, matched)).idle) or len(unproven.held):
        stats["reopened_slots"] += len(unproven.idle)
        if len(unproven.held):
            back = held & np.isin(ev, graph.slot_vol[unproven.held])
            if not back.any():  # the proof only doubts rows that have held pairs
                raise AssertionError("rows in doubt without held pairs")
            held &= ~back
            stats["restored_pairs"] += int(back.sum())
            idle_rows = np.union1d(graph.idle_row, unproven.idle)
            graph = with_idle_columns(build_slot_graph(model, eu, ev, value, n_slots, held, s), idle_rows)
            matched, _ = _solve_components(graph, method)
        else:
            graph = with_idle_columns(graph, unproven.idle)
            matched, _ = _solve_components(graph, method, matched, np.unique(graph.row_label[unproven.idle]),
                                           start=matched)
    stats.update(edges=graph.n_edges, idle_columns=len(graph.idle_row),
                 components=int(len(np.unique(graph.row_label))))
    return graph, matched


def _dense_rows(graph: SlotGraph, method: str) -> np.ndarray:
    """The rows of the components that go dense: they get their idle column before the first solve.

    A dense solve costs little more for it, and a second solve of the component (after the proof reopens
    some of its slots) costs more: where components are many and small, many slots stay empty.
    """
    if method == "sparse":
        return np.empty(0, dtype=np.int64)
    n_labels = int(max(graph.row_label.max(), graph.col_label.max())) + 1
    cells = np.bincount(graph.row_label, minlength=n_labels) * np.bincount(graph.col_label, minlength=n_labels)
    return np.flatnonzero(cells[graph.row_label] <= DENSE_CELLS) if method == "auto" else np.arange(graph.n_rows)


def _solve_components(graph: SlotGraph, method, matched=None, labels=None, start=None):
    """Solve the components (all, or those in ``labels``); return the column of every row and the dense count.

    ``matched`` holds the columns found before for the rows of the other components; ``start``, a full
    matching of the graph if the caller knows one (see ``_lap.sparse_assignment``).
    """
    row_label, col_label = graph.row_label, graph.col_label
    lengths = np.diff(graph.indptr)
    components = np.unique(row_label)
    if len(components) == 1:
        matrix = csr_matrix((graph.data, graph.indices, graph.indptr), shape=(graph.n_rows, graph.n_cols))
        matched, dense = _solve_one(matrix, method, start)
        return matched, int(dense)
    components = components if labels is None else labels
    # Several components: number rows and columns within their component, then solve one by one.
    n_comp = int(max(row_label.max(), col_label.max())) + 1
    row_rank, row_count, row_order = _rank_within(row_label, n_comp)
    col_rank, col_count, col_order = _rank_within(col_label, n_comp)
    row_start, col_start = np.cumsum(row_count) - row_count, np.cumsum(col_count) - col_count
    rows = np.repeat(np.arange(graph.n_rows), lengths)
    order = np.argsort(row_label[rows], kind="stable")
    bounds = np.searchsorted(row_label[rows][order], np.arange(n_comp + 1))
    matched = np.empty(graph.n_rows, dtype=np.int64) if matched is None else matched.copy()
    dense_count = 0
    for c in components.tolist():
        e = order[bounds[c]:bounds[c + 1]]
        nr, nc = int(row_count[c]), int(col_count[c])
        r, k = row_rank[rows[e]], col_rank[graph.indices[e]]
        if _goes_dense(nr, nc, method):  # straight into a dense matrix: no sparse one to build per component
            c_ind = dense_from_edges(r, k, graph.data[e], nr, nc)
            dense_count += 1
        else:
            own_rows = row_order[row_start[c]:row_start[c] + nr]
            c_ind = sparse_assignment(csr_matrix((graph.data[e], (r, k)), shape=(nr, nc)),
                                      None if start is None else col_rank[start[own_rows]])
        matched[row_order[row_start[c]:row_start[c] + nr]] = col_order[col_start[c]:col_start[c] + nc][c_ind]
    return matched, dense_count


def _rank_within(labels: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each item's position among the items with its label, the label sizes, and the grouping order."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=n_labels)
    starts = np.cumsum(counts) - counts
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels)) - starts[labels[order]]
    return rank, counts, order


def _solve_one(matrix: csr_matrix, method: str, start=None) -> tuple[np.ndarray, bool]:
    """Solve one component (no more rows than columns): the column of each row, and whether it went dense.

    Every row is matched, and both solvers list the rows in order.
    """
    nr, nc = matrix.shape
    if _goes_dense(nr, nc, method):
        return dense_assignment(matrix), True
    return sparse_assignment(matrix, start), False


def _goes_dense(nr: int, nc: int, method: str) -> bool:
    """Whether a component of nr rows and nc columns is solved densely."""
    return method == "dense" or (method == "auto" and nr * nc <= DENSE_CELLS)


def evaluate(model: Model, choice: np.ndarray, unit_km: np.ndarray | None = None) -> float:
    """Return the objective of matching-format.md for a unit -> volunteer choice (-1: unassigned).

    ``unit_km`` may give d(u, v) for each unit's chosen volunteer, when the caller has it already.
    """
    w = model.instance.weights
    assigned = np.flatnonzero(choice >= 0)
    vols = choice[assigned]
    km = unit_distances(model, assigned, vols) if unit_km is None else unit_km[assigned]
    n = np.bincount(vols, minlength=model.n_volunteers)
    return float(pair_costs(model, assigned, vols, km).sum()
                 + w.per_extra_slot * (n * (n - 1) / 2).sum()
                 + model.unit_penalty[choice < 0].sum())


def _shared_skill_names(model: Model, units: np.ndarray, vols: np.ndarray) -> list[list[str]]:
    """needs(u) ∩ skills(v) as sorted names, for each pair: from the bitmasks, one lookup per distinct set."""
    both = model.unit_needs[units] & model.v_skills[vols]
    masks, inverse = np.unique(both, axis=0, return_inverse=True)
    names = [[model.skill_names[64 * w + b] for w in range(masks.shape[1]) for b in range(64)
              if int(row[w]) >> b & 1] for row in masks]
    return [list(names[j]) for j in inverse.reshape(-1).tolist()]


def build_result(model: Model, choice: np.ndarray, stats) -> Result:
    """Return the :class:`Result` of a unit -> volunteer choice: its objective, explanations and reasons.

    The reasons need every pair of an unassigned unit within ``rules.max_km``, and why each is excluded:
    those are searched for the unassigned units alone.
    """
    inst = model.instance
    bs, vs = inst.beneficiaries, inst.volunteers
    assigned_units = np.flatnonzero(choice >= 0)
    unit_km = np.zeros(model.n_units)
    unit_km[assigned_units] = unit_distances(model, assigned_units, choice[assigned_units])
    cont = np.zeros(model.n_units, dtype=bool)
    cont[assigned_units] = continuity_flags(model, assigned_units, choice[assigned_units])
    member_vol = choice[model.member_unit]
    has = np.flatnonzero(member_vol >= 0)
    own_km = np.zeros(len(bs))
    own_km[has] = haversine_km(model.b_lat[has], model.b_lon[has], model.v_lat[member_vol[has]],
                               model.v_lon[member_vol[has]])
    locked = locked_units(model)[0] >= 0
    shared = _shared_skill_names(model, model.member_unit[has], member_vol[has])
    assignments = []
    for i, skills in zip(has.tolist(), shared):
        u = int(model.member_unit[i])
        assignments.append(Assignment(
            beneficiary=bs[i].id, volunteer=vs[member_vol[i]].id, distance_km=round(float(own_km[i]), 3),
            explain={"distance": round(float(unit_km[u]), 3),
                     "shared_skills": skills,
                     "continuity": bool(cont[u]),
                     "locked": bool(locked[u]),
                     "household": bs[i].household if model.unit_size[u] > 1 else None}))
    pairs = candidate_pairs(model, np.flatnonzero(choice < 0))
    codes = exclusion_codes(model, pairs.unit, pairs.vol, pairs.km)
    unassigned = describe_unassigned(model, choice, pairs, codes)
    return Result(objective=evaluate(model, choice, unit_km), assignments=tuple(assignments),
                  unassigned=tuple(unassigned), stats=stats)
