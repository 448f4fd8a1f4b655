"""Forming mutual-aid groups: leaders given or suggested, members assigned exactly, the optimum proven."""
from __future__ import annotations

from time import perf_counter

import numpy as np

from ._group_assign import GROUP_METHODS, Assigned, assign, certify
from ._group_instance import GroupingInstance, load_grouping
from ._group_leaders import suggest_component
from ._group_model import Component, build_components
from ._group_result import GROUPS_FULL, NO_LEADER_WITHIN_REACH, Group, GroupingResult, LeftOut, Member
from ._instance import InstanceError


def _instance(instance) -> GroupingInstance:
    return instance if isinstance(instance, GroupingInstance) else load_grouping(instance)


def suggest_leaders(instance: GroupingInstance | dict) -> tuple[str, ...]:
    """Return the candidates suggested to lead, by greedy addition and swap local search (``_group_leaders``).

    Parameters
    ----------
    instance : GroupingInstance or dict
        A validated instance, or a `guanai-grouping/1` document, which is validated first. Its ``leaders``
        are ignored; candidates with locked members are always among those suggested.

    Returns
    -------
    tuple of str
        Candidate ids, in the order of ``instance.candidates``: about one per ``rules.size`` people within
        reach in each village (each village grid when ``rules.same_grid``).

    Examples
    --------
    >>> from matching import suggest_leaders
    >>> doc = {"format": "guanai-grouping/1", "rules": {"size": 2, "min_size": 1, "max_size": 3},
    ...        "people": [{"id": f"p{i}", "lat": 27.30 + 0.001 * i, "lon": 111.80, "village": "V"}
    ...                   for i in range(4)],
    ...        "candidates": [{"id": "near", "lat": 27.3015, "lon": 111.80, "village": "V"},
    ...                       {"id": "far", "lat": 27.31, "lon": 111.80, "village": "V"},
    ...                       {"id": "south", "lat": 27.2995, "lon": 111.80, "village": "V"}]}
    >>> suggest_leaders(doc)
    ('near', 'south')
    """
    instance = _instance(instance)
    chosen, _ = _suggest(instance, build_components(instance))
    return chosen


def _suggest(instance: GroupingInstance, components: list[Component]) -> tuple[tuple[str, ...], list[dict]]:
    r = instance.rules
    picked, searches = set(), []
    for comp in components:
        local, stats = suggest_component(comp, r.size, r.min_size, r.max_size)
        picked.update(int(j) for j in comp.candidates[local])
        searches.append(stats)
    return tuple(c.id for j, c in enumerate(instance.candidates) if j in picked), searches


def form_groups(instance: GroupingInstance | dict, *, leaders=None, method: str = "auto") -> GroupingResult:
    """Return the groups of the leaders: members assigned to leaders at the least cost, under the hard rules.

    Parameters
    ----------
    instance : GroupingInstance or dict
        A validated instance, or a `guanai-grouping/1` document, which is validated first.
    leaders : sequence of str, optional
        The candidates who lead. Default: ``instance.leaders``, or, if that is empty, the leaders of
        :func:`suggest_leaders`.
    method : {"auto", "sparse", "dense"}
        How each village's assignment is solved: ``"dense"`` with :func:`scipy.optimize.linear_sum_assignment`,
        ``"sparse"`` with :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`, ``"auto"`` dense
        for small villages. Every choice returns the same minimum.

    Returns
    -------
    GroupingResult
        The groups (each leader with members from ``min_size`` to ``max_size``), the people left out with a
        reason, the objective, and in ``stats["proof"]`` the dual check that the assignment is optimal for
        these leaders.

    Raises
    ------
    InstanceError
        If a document breaks the format, a leader is not a candidate, a locked member's leader is not
        among the leaders, or some leader's group cannot reach ``min_size`` within the hard rules.
    ValueError
        If ``method`` is not one of the above.

    Notes
    -----
    The objective is ``per_km * (km of each member to their leader) + keep * (members kept with today's
    leader) + left_out * (people left out)``; a chosen leader who is also a person to group leads and is
    nobody's member. Members are the rows' columns of one assignment problem per village (``_group_assign``).

    Examples
    --------
    >>> from matching import form_groups
    >>> doc = {"format": "guanai-grouping/1", "rules": {"min_size": 1, "max_km": 1.5},
    ...        "people": [{"id": "p1", "lat": 27.300, "lon": 111.80, "village": "V"},
    ...                   {"id": "p2", "lat": 27.305, "lon": 111.80, "village": "V"},
    ...                   {"id": "p3", "lat": 27.400, "lon": 111.80, "village": "V"}],
    ...        "candidates": [{"id": "L", "lat": 27.302, "lon": 111.80, "village": "V"}]}
    >>> result = form_groups(doc)
    >>> [(m.person, round(m.distance_km, 2)) for m in result.groups[0].members]
    [('p1', 0.22), ('p2', 0.33)]
    >>> result.left_out[0].person, result.left_out[0].reason
    ('p3', 'no_leader_within_reach')
    """
    if method not in GROUP_METHODS:
        raise ValueError(f"method must be one of {', '.join(GROUP_METHODS)}")
    started = perf_counter()
    instance = _instance(instance)
    components = build_components(instance)
    searches: list[dict] = []
    if leaders is not None:
        chosen, how = _checked_leaders(instance, leaders), "given"
    elif instance.leaders:
        chosen, how = instance.leaders, "given"
        _checked_leaders(instance, chosen)
    else:
        (chosen, searches), how = _suggest(instance, components), "suggested"
    cand_at = {c.id: j for j, c in enumerate(instance.candidates)}
    chosen_set = {cand_at[x] for x in chosen}
    groups: dict[int, list[Member]] = {j: [] for j in sorted(chosen_set)}
    left_out: list[LeftOut] = []
    proof = {"method": "dual prices checked on every edge (Bellman-Ford on the residual graph)",
             "components": 0, "edges_checked": 0, "gap": 0.0}
    total, problems = 0, []
    for comp in components:
        local = np.array([k for k, j in enumerate(comp.candidates) if int(j) in chosen_set], dtype=np.int64)
        got = assign(comp, local, instance.rules.min_size, instance.rules.max_size, method)
        if got is None:
            problems.append(_short_groups(instance, comp, local))
            continue
        cert = certify(got.edges, got.column)
        proof["components"] += 1
        proof["edges_checked"] += cert.edges_checked
        total += got.total
        _collect(instance, comp, local, got, groups, left_out)
    if problems:
        raise InstanceError(problems)
    _add_locked(instance, groups)
    result_groups = tuple(_group(instance, j, members) for j, members in groups.items())
    q = components[0].quantum if components else 1e-6
    stats = {"leaders": how, "groups": len(result_groups), "members": sum(len(g.members) for g in result_groups),
             "left_out": len(left_out), "components": len(components), "quantum": q, "proof": proof,
             "seconds": round(perf_counter() - started, 4)}
    if searches:
        stats["search"] = {"evaluations": sum(s["evaluations"] for s in searches),
                           "swaps": sum(s["swaps"] for s in searches)}
    return GroupingResult(total * q, result_groups, tuple(left_out), stats)


def _checked_leaders(instance: GroupingInstance, leaders) -> tuple[str, ...]:
    if isinstance(leaders, str):
        raise InstanceError(["leaders: must be a list of candidate ids, not one string"])
    leaders = tuple(leaders)
    known = {c.id for c in instance.candidates}
    problems = [f'leaders[{i}]: unknown candidate "{x}"' for i, x in enumerate(leaders) if x not in known]
    for i, (person, leader) in enumerate(instance.locked):
        if leader not in leaders:
            problems.append(f'locked[{i}]: "{leader}" is not among the leaders')
    if problems:
        raise InstanceError(problems)
    return leaders


def _short_groups(instance: GroupingInstance, comp: Component, local: np.ndarray) -> str:
    """The sentence for a component whose groups cannot all reach ``min_size``."""
    r = instance.rules
    where = f'village "{comp.key[0]}"' + (f', grid "{comp.key[1]}"' if len(comp.key) > 1 else "")
    names = ", ".join(f'"{instance.candidates[int(comp.candidates[k])].id}"' for k in local)
    reach = ", ".join(f'"{instance.candidates[int(comp.candidates[k])].id}" {int(comp.allowed[:, k].sum())}'
                      for k in local)
    return (f"leaders: in {where}, no grouping gives each of {names} at least min_size {r.min_size} members "
            f"within {r.max_km:g} km (people within reach of each: {reach})")


def _collect(instance, comp: Component, local: np.ndarray, got: Assigned, groups, left_out) -> None:
    """Add the component's members to their groups and its people left out, with their reasons."""
    r = instance.rules
    km = comp.km[np.ix_(got.free, local)] if len(local) else np.zeros((len(got.free), 0))
    ok = comp.allowed[np.ix_(got.free, local)] if len(local) else np.zeros((len(got.free), 0), dtype=bool)
    for row, person_local in enumerate(got.free):
        person = instance.people[int(comp.people[person_local])]
        lead = got.leader[row]
        if lead >= 0:
            j = int(comp.candidates[local[lead]])
            d = float(km[row, lead])
            rank = 1 + int(((km[row] < d) & ok[row]).sum())
            groups[j].append(Member(person.id, d, {"distance_km": round(d, 3),
                                                    "kept": person.current_leader == instance.candidates[j].id,
                                                    "rank": rank}))
            continue
        within = int(ok[row].sum())
        candidates_within = int(comp.allowed[person_local].sum())
        nearest = round(float(km[row].min()), 3) if km.shape[1] else None
        counts = {"leaders_within_km": within, "candidates_within_km": candidates_within,
                  "nearest_leader_km": nearest, "max_km": r.max_km}
        if within:
            reason = GROUPS_FULL
            detail = (f"{within} leader{'s' if within > 1 else ''} within {r.max_km:g} km (nearest {nearest:.2f} km),"
                      f" but the best plan fills {'that group' if within == 1 else 'their groups'} with others")
        else:
            reason = NO_LEADER_WITHIN_REACH
            detail = f"no leader within {r.max_km:g} km in the same village" + (" and grid" if r.same_grid else "")
            if nearest is not None:
                detail += f" (nearest {nearest:.2f} km)"
            if candidates_within:
                detail += f"; {candidates_within} candidate{'s' if candidates_within > 1 else ''} within reach"
        left_out.append(LeftOut(person.id, reason, detail, counts))


def _add_locked(instance: GroupingInstance, groups) -> None:
    from ._model import haversine_km

    cand_at = {c.id: j for j, c in enumerate(instance.candidates)}
    people = {p.id: p for p in instance.people}
    for pid, lid in instance.locked:
        p, c = people[pid], instance.candidates[cand_at[lid]]
        d = float(haversine_km(p.lat, p.lon, c.lat, c.lon))
        groups[cand_at[lid]].append(Member(pid, d, {"distance_km": round(d, 3), "kept": p.current_leader == lid,
                                                    "rank": None, "locked": True}))


def _group(instance: GroupingInstance, j: int, members: list[Member]) -> Group:
    c = instance.candidates[j]
    return Group(c.id, c.village, c.grid, tuple(sorted(members, key=lambda m: (m.distance_km, m.person))))
