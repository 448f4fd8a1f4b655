"""The grouping instance (`guanai-grouping/1`): people to group into mutual-aid groups, candidate leaders, rules.

Seed 001 (篇十五) asks for old people's mutual-aid groups "一般采取'十人一联'", formed "就近就亲" within a
village group, whose members look in on each other and report illness or disaster to the cadres; seed 000
asks for women's mutual-aid groups (妇女互助组). A group here is one leader and the members assigned to
them; the leader is not counted in the group's size.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ._instance import InstanceError
from ._validate import MAX_KM, MAX_WEIGHT, _Checker, _parse_list, _unique_ids, read_json_file

GROUPING_FORMAT = "guanai-grouping/1"
#: The largest group the engine forms (a leader's slots are rows of the assignment problem).
MAX_GROUP = 1000

DEFAULT_GROUP_RULES = {"size": 10, "min_size": 3, "max_size": 12, "max_km": 1.5, "same_grid": False}
DEFAULT_GROUP_WEIGHTS = {"per_km": 1.0, "keep": -0.5, "left_out": 100.0}


@dataclass(frozen=True)
class GroupRules:
    """Hard rules and sizes of the groups.

    ``size`` is the size aimed at when leaders are suggested (one leader for every ``size`` people who can
    be reached); every group of a chosen leader gets from ``min_size`` to ``max_size`` members; a member
    lives in the leader's village (always), in the leader's grid when ``same_grid``, and at most ``max_km``
    from the leader (1.5 km: a walk an old person can make).
    """

    size: int = 10
    min_size: int = 3
    max_size: int = 12
    max_km: float = 1.5
    same_grid: bool = False


@dataclass(frozen=True)
class GroupWeights:
    """The cost: ``per_km`` for each km between member and leader, ``keep`` (negative: a bonus) for a member
    kept with today's leader, ``left_out`` for each person left without a group."""

    per_km: float = 1.0
    keep: float = -0.5
    left_out: float = 100.0


@dataclass(frozen=True)
class Person:
    """Someone to group; ``current_leader`` is the leader of their group today, if any."""

    id: str
    lat: float
    lon: float
    village: str
    grid: str | None = None
    current_leader: str | None = None


@dataclass(frozen=True)
class Candidate:
    """Someone who may lead a group. A candidate who is also a person to group leads their own group when
    chosen, and is then nobody's member."""

    id: str
    lat: float
    lon: float
    village: str
    grid: str | None = None


@dataclass(frozen=True)
class GroupingInstance:
    """A validated grouping instance. Build it with :func:`load_grouping` so that it is checked.

    ``leaders`` are the candidates chosen to lead (empty: the engine suggests them); ``locked`` are
    (person, leader) pairs kept as they are.
    """

    people: tuple[Person, ...]
    candidates: tuple[Candidate, ...]
    rules: GroupRules = GroupRules()
    weights: GroupWeights = GroupWeights()
    leaders: tuple[str, ...] = ()
    locked: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the instance in the `guanai-grouping/1` JSON form."""
        def place(x) -> dict[str, Any]:
            d = {"id": x.id, "lat": x.lat, "lon": x.lon, "village": x.village}
            if x.grid is not None:
                d["grid"] = x.grid
            if getattr(x, "current_leader", None):
                d["current_leader"] = x.current_leader
            return d

        r, w = self.rules, self.weights
        return {"format": GROUPING_FORMAT,
                "rules": {"size": r.size, "min_size": r.min_size, "max_size": r.max_size, "max_km": r.max_km,
                          "same_grid": r.same_grid},
                "weights": {"per_km": w.per_km, "keep": w.keep, "left_out": w.left_out},
                "people": [place(p) for p in self.people],
                "candidates": [place(c) for c in self.candidates],
                "leaders": list(self.leaders), "locked": [list(p) for p in self.locked]}


def _parse_group_rules(doc: dict, c: _Checker) -> GroupRules:
    raw = doc.get("rules", {})
    if not isinstance(raw, dict):
        c.problem("rules", "must be an object")
        return GroupRules()
    c.unknown_keys(raw, DEFAULT_GROUP_RULES, "rules")
    base = GroupRules()
    rules = GroupRules(
        size=c.integer(raw, "size", "rules", lo=1, hi=MAX_GROUP, required=False, default=base.size),
        min_size=c.integer(raw, "min_size", "rules", lo=1, hi=MAX_GROUP, required=False, default=base.min_size),
        max_size=c.integer(raw, "max_size", "rules", lo=1, hi=MAX_GROUP, required=False, default=base.max_size),
        max_km=c.number(raw, "max_km", "rules", gt=0, cap=MAX_KM, required=False, default=base.max_km),
        same_grid=c.boolean(raw, "same_grid", "rules", base.same_grid),
    )
    if not rules.min_size <= rules.size <= rules.max_size:
        c.problem("rules", f"needs min_size <= size <= max_size (got {rules.min_size}, {rules.size}, "
                           f"{rules.max_size})")
    return rules


def _parse_group_weights(doc: dict, c: _Checker) -> GroupWeights:
    raw = doc.get("weights", {})
    if not isinstance(raw, dict):
        c.problem("weights", "must be an object")
        return GroupWeights()
    c.unknown_keys(raw, DEFAULT_GROUP_WEIGHTS, "weights")
    base = GroupWeights()
    # per_km >= 0: a reward for distance would send people as far as the rules allow.
    return GroupWeights(
        per_km=c.number(raw, "per_km", "weights", lo=0, cap=MAX_WEIGHT, required=False, default=base.per_km),
        keep=c.number(raw, "keep", "weights", cap=MAX_WEIGHT, required=False, default=base.keep),
        left_out=c.number(raw, "left_out", "weights", lo=0, cap=MAX_WEIGHT, required=False, default=base.left_out),
    )


def _parse_place(raw: Any, path: str, c: _Checker, cls, same_grid: bool):
    if not isinstance(raw, dict):
        c.problem(path, "must be an object")
        return None
    before = len(c.problems)
    allowed = {"id", "lat", "lon", "village", "grid"} | ({"current_leader"} if cls is Person else set())
    c.unknown_keys(raw, allowed, path)
    fields = dict(id=c.string(raw, "id", path) or "",
                  lat=c.number(raw, "lat", path, lo=-90, hi=90, default=0.0),
                  lon=c.number(raw, "lon", path, lo=-180, hi=180, default=0.0),
                  village=c.string(raw, "village", path) or "",
                  grid=c.string(raw, "grid", path, required=same_grid))
    if cls is Person:
        fields["current_leader"] = c.string(raw, "current_leader", path, required=False) or None
    return cls(**fields) if len(c.problems) == before else None


def _parse_ids(doc: dict, key: str, known: set, what: str, c: _Checker) -> tuple[str, ...]:
    raw = doc.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        c.problem(key, "must be a list of candidate ids")
        return ()
    seen = set()
    for i, x in enumerate(raw):
        if x not in known:
            c.problem(f"{key}[{i}]", f'unknown {what} "{x}"')
        elif x in seen:
            c.problem(f"{key}[{i}]", f'"{x}" is listed twice')
        seen.add(x)
    return tuple(raw)


def _parse_locked(doc: dict, people: dict, candidates: dict, c: _Checker) -> tuple[tuple[str, str], ...]:
    raw = doc.get("locked")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.problem("locked", "must be a list of [person, leader] pairs")
        return ()
    pairs, taken = [], {}
    for i, pair in enumerate(raw):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            c.problem(f"locked[{i}]", "must be a pair [person id, leader id]")
            continue
        person, leader = pair
        if person not in people:
            c.problem(f"locked[{i}][0]", f'unknown person "{person}"')
        if leader not in candidates:
            c.problem(f"locked[{i}][1]", f'unknown candidate "{leader}"')
        if person not in people or leader not in candidates:
            continue
        if person in taken:
            c.problem(f"locked[{i}][0]", f'"{person}" is already locked by locked[{taken[person]}]')
            continue
        if person == leader:
            c.problem(f"locked[{i}]", f'"{person}" cannot be a member of their own group')
            continue
        taken[person] = i
        pairs.append((person, leader))
    return tuple(pairs)


def load_grouping(doc: Any) -> GroupingInstance:
    """Validate a `guanai-grouping/1` document (a parsed JSON object) and return the :class:`GroupingInstance`.

    Parameters
    ----------
    doc : dict
        ``{"format": "guanai-grouping/1", "rules": {...}, "weights": {...}, "people": [...],
        "candidates": [...], "leaders": [...], "locked": [[person, leader], ...]}``; ``rules``, ``weights``,
        ``leaders`` and ``locked`` are optional (defaults: :data:`DEFAULT_GROUP_RULES`,
        :data:`DEFAULT_GROUP_WEIGHTS`, leaders suggested, nothing locked).

    Returns
    -------
    GroupingInstance

    Raises
    ------
    InstanceError
        With every problem found, one line each, naming the field (``people[3].village: is required``).
        A lock must keep the hard rules (same village, same grid when asked, within ``max_km``) and its
        leader must be among ``leaders`` when leaders are given.

    Examples
    --------
    >>> from matching import load_grouping
    >>> load_grouping({"format": "guanai-grouping/1", "people": [{"id": "p1", "lat": 27.3, "lon": 111.8}],
    ...                "candidates": []})
    Traceback (most recent call last):
    ...
    matching._instance.InstanceError: people[0].village: is required
    """
    c = _Checker()
    if not isinstance(doc, dict):
        raise InstanceError(["(document): must be a JSON object"])
    c.unknown_keys(doc, {"format", "rules", "weights", "people", "candidates", "leaders", "locked"}, "(document)")
    if doc.get("format") != GROUPING_FORMAT:
        c.problem("format", f'must be "{GROUPING_FORMAT}"')
    rules = _parse_group_rules(doc, c)
    weights = _parse_group_weights(doc, c)
    raw_p = _parse_list(doc, "people", c)
    raw_c = _parse_list(doc, "candidates", c)
    _unique_ids(raw_p, "people", c)
    _unique_ids(raw_c, "candidates", c)
    people = [_parse_place(r, f"people[{i}]", c, Person, rules.same_grid) for i, r in enumerate(raw_p)]
    candidates = [_parse_place(r, f"candidates[{i}]", c, Candidate, rules.same_grid) for i, r in enumerate(raw_c)]
    by_person = {p.id: p for p in people if p is not None}
    by_candidate = {x.id: x for x in candidates if x is not None}
    for i, p in enumerate(people):
        if p is not None and p.current_leader and p.current_leader not in by_candidate:
            c.problem(f"people[{i}].current_leader", f'unknown candidate "{p.current_leader}"')
    for i, x in enumerate(candidates):
        p = by_person.get(x.id) if x is not None else None
        if p is not None and (p.village, p.grid, p.lat, p.lon) != (x.village, x.grid, x.lat, x.lon):
            c.problem(f"candidates[{i}]", f'"{x.id}" is also a person to group, with another place, village or grid')
    leaders = _parse_ids(doc, "leaders", set(by_candidate), "candidate", c)
    locked = _parse_locked(doc, by_person, by_candidate, c)
    if c.problems:
        raise InstanceError(c.problems)
    problems = _lock_problems(by_person, by_candidate, rules, leaders, locked)
    if problems:
        raise InstanceError(problems)
    return GroupingInstance(tuple(people), tuple(candidates), rules, weights, leaders, locked)


def _lock_problems(people: dict, candidates: dict, rules: GroupRules, leaders, locked) -> list[str]:
    from ._model import haversine_km

    problems, count = [], {}
    for i, (pid, lid) in enumerate(locked):
        p, x = people[pid], candidates[lid]
        if lid in people and lid in dict(locked):
            problems.append(f'locked[{i}]: "{lid}" leads a group but is locked into another group')
        if leaders and lid not in leaders:
            problems.append(f'locked[{i}]: "{lid}" is not among the leaders')
        if p.village != x.village:
            problems.append(f'locked[{i}]: "{pid}" lives in village "{p.village}", the leader "{lid}" in '
                            f'"{x.village}"')
        elif rules.same_grid and p.grid != x.grid:
            problems.append(f'locked[{i}]: "{pid}" lives in grid "{p.grid}", the leader "{lid}" in "{x.grid}"')
        else:
            km = float(haversine_km(p.lat, p.lon, x.lat, x.lon))
            if km > rules.max_km:
                problems.append(f'locked[{i}]: "{pid}" lives {km:.2f} km from the leader "{lid}", farther than '
                                f'max_km {rules.max_km:g}')
        count[lid] = count.get(lid, 0) + 1
    for lid, n in count.items():
        if n > rules.max_size:
            problems.append(f'locked: {n} people are locked to "{lid}", more than max_size {rules.max_size}')
    return problems


def read_grouping(path: str) -> GroupingInstance:
    """Read and validate a grouping file; a file that cannot be read or parsed is an :class:`InstanceError`."""
    return load_grouping(read_json_file(path))


def grouping_json(instance: GroupingInstance) -> str:
    """Return the JSON text of an instance (UTF-8 friendly, indented)."""
    return json.dumps(instance.to_dict(), ensure_ascii=False, indent=1)
