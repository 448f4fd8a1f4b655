"""Array form of a grouping instance, one component per village (per village and grid when asked).

People of different components can never share a group, so each component is its own assignment problem.
Within a component, :class:`Component` holds the walking distance of every person to every candidate and
the cost of each allowed pair in whole quanta (``_lap.quantum``), so that the objective and the proof of
optimality are exact.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._group_instance import GroupingInstance
from ._lap import quantum
from ._model import haversine_km


@dataclass
class Component:
    """One village (or village grid): its people still to place, its candidates, their distances and costs.

    ``people`` and ``candidates`` index the instance's lists; ``km[i, j]`` is the distance of people[i] to
    candidates[j], ``allowed`` the pairs within ``max_km``, ``cost`` each pair's cost in quanta (per km and
    the bonus for today's leader), ``left`` the cost of leaving a person out in quanta. ``locked[j]`` counts
    the members locked to candidates[j] and ``locked_cost`` their cost; ``as_person[j]`` is the position in
    ``people`` of the candidate who is also a person to group (-1 if none).
    """

    key: tuple
    people: np.ndarray
    candidates: np.ndarray
    km: np.ndarray
    allowed: np.ndarray
    cost: np.ndarray
    left: int
    locked: np.ndarray
    locked_cost: int
    as_person: np.ndarray
    quantum: float


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    return haversine_km(lat1[:, None], lon1[:, None], lat2[None, :], lon2[None, :])


def build_components(instance: GroupingInstance) -> list[Component]:
    """Return the components of the instance, in the order their villages (and grids) first appear."""
    rules, weights = instance.rules, instance.weights
    keyed = (lambda x: (x.village, x.grid)) if rules.same_grid else (lambda x: (x.village,))
    person_at = {p.id: i for i, p in enumerate(instance.people)}
    cand_at = {c.id: j for j, c in enumerate(instance.candidates)}
    locked_to = {person_at[p]: cand_at[c] for p, c in instance.locked}
    keys: dict[tuple, tuple[list[int], list[int]]] = {}
    for i, p in enumerate(instance.people):
        if i not in locked_to:
            keys.setdefault(keyed(p), ([], []))[0].append(i)
    for j, c in enumerate(instance.candidates):
        keys.setdefault(keyed(c), ([], []))[1].append(j)
    plat = np.array([p.lat for p in instance.people], dtype=float)
    plon = np.array([p.lon for p in instance.people], dtype=float)
    clat = np.array([c.lat for c in instance.candidates], dtype=float)
    clon = np.array([c.lon for c in instance.candidates], dtype=float)
    largest = max(weights.per_km * rules.max_km + abs(weights.keep), weights.left_out, 1.0)
    q = quantum(largest, max(len(instance.people), 1) + 1)
    left = int(round(weights.left_out / q))
    out = []
    for key, (ps, cs) in keys.items():
        people, cands = np.array(ps, dtype=np.int64), np.array(cs, dtype=np.int64)
        km = _km(plat[people], plon[people], clat[cands], clon[cands])
        allowed = km <= rules.max_km
        current = np.array([[instance.people[i].current_leader == instance.candidates[j].id for j in cands]
                            for i in people], dtype=bool).reshape(len(people), len(cands))
        cost = np.rint((weights.per_km * km + weights.keep * current) / q).astype(np.int64)
        locked = np.zeros(len(cands), dtype=np.int64)
        locked_cost = 0
        local = {int(j): k for k, j in enumerate(cands)}
        for i, j in locked_to.items():
            if j in local:
                locked[local[j]] += 1
                p, c = instance.people[i], instance.candidates[j]
                d = float(haversine_km(p.lat, p.lon, c.lat, c.lon))
                locked_cost += int(round((weights.per_km * d + weights.keep * (p.current_leader == c.id)) / q))
        pos = {int(i): k for k, i in enumerate(people)}
        as_person = np.array([pos.get(person_at.get(instance.candidates[j].id, -1), -1) for j in cands],
                             dtype=np.int64)
        out.append(Component(key, people, cands, km, allowed, cost, left, locked, locked_cost, as_person, q))
    return out


def component_of(components: list[Component]) -> dict[int, Component]:
    """Return the component of each candidate (by the candidate's index in the instance)."""
    return {int(j): comp for comp in components for j in comp.candidates}
