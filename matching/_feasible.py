"""Which (unit, volunteer) pairs the hard rules allow, why the others are excluded, and what each pair costs."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from ._model import EARTH_RADIUS_KM, Model, haversine_km, to_xyz

# Exclusion codes, in the order the rules are checked (matching-format.md, "Hard rules").
ELIGIBLE, OWN_RADIUS, FEMALE_HELPER, BACKGROUND, FORBIDDEN = range(5)
EXCLUSION_NAMES = {OWN_RADIUS: "own_max_km", FEMALE_HELPER: "female_helper",
                   BACKGROUND: "background_check", FORBIDDEN: "forbidden"}


@dataclass
class Pairs:
    """(unit, volunteer) pairs within the global distance limit, with the unit distance d(u, v)."""

    unit: np.ndarray
    vol: np.ndarray
    km: np.ndarray


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Great-circle km from the straight-line distance between points on the unit sphere.

    This is the haversine formula's own value: its h is (chord / 2) ** 2, so d = 2R asin(chord / 2).
    """
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2.0, 1.0))


def _place_pairs(model: Model, places: np.ndarray, vols: np.ndarray, radius: float, own_limit: bool):
    """Return (place, volunteer, km) for the given places within ``radius`` of the given volunteers.

    Two k-d trees over points on the unit sphere; km is the haversine value of matching-format.md. A pair
    is kept within ``radius`` and ``rules.max_km``, and within the volunteer's own ``max_km`` if
    ``own_limit``.
    """
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, float))
    if len(places) == 0 or len(vols) == 0:
        return empty
    chord = 2.0 * np.sin(min(radius / EARTH_RADIUS_KM, np.pi) / 2.0)
    tree_p = cKDTree(to_xyz(model.place_lat[places], model.place_lon[places]))
    tree_v = cKDTree(to_xyz(model.v_lat[vols], model.v_lon[vols]))
    # A hair wider than the limit; the distance below decides.
    found = tree_p.sparse_distance_matrix(tree_v, chord * (1 + 1e-9) + 1e-12, output_type="ndarray")
    p, v = places[found["i"]], vols[found["j"]]
    km = chord_to_km(found["v"])
    # Within rounding of a limit, the haversine formula itself decides, so that no limit moves.
    limit = min(radius, model.instance.rules.max_km)
    limit = np.minimum(limit, model.v_max_km[v]) if own_limit else np.full(len(v), limit)
    close = np.flatnonzero(np.abs(km - limit) <= 1e-9 * limit)
    km[close] = haversine_km(model.place_lat[p[close]], model.place_lon[p[close]],
                             model.v_lat[v[close]], model.v_lon[v[close]])
    keep = km <= limit
    return p[keep], v[keep], km[keep]


def _whole_units(model: Model, p: np.ndarray, v: np.ndarray, km: np.ndarray) -> Pairs:
    """Turn place pairs into unit pairs: a unit whose members live in several places needs all of them."""
    units = model.place_unit[p]
    one_place = model.unit_places[units] == 1
    if one_place.all():
        return Pairs(units, v, km)
    su, sv, skm = units[~one_place], v[~one_place], km[~one_place]
    key = model.keys(su, sv)
    order = np.argsort(key, kind="stable")
    key, skm = key[order], skm[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    counts = np.diff(np.r_[starts, len(key)])
    dmax = np.maximum.reduceat(skm, starts)
    pu, pv = np.divmod(key[starts], model.n_volunteers)
    whole = counts == model.unit_places[pu]
    return Pairs(np.r_[units[one_place], pu[whole]], np.r_[v[one_place], pv[whole]],
                 np.r_[km[one_place], dmax[whole]])


def candidate_pairs(model: Model, units: np.ndarray | None = None) -> Pairs:
    """Every (unit, volunteer) pair whose every member lies within the global `rules.max_km`.

    ``units`` limits the search to those units (the explanations need only the unassigned ones).
    """
    places = np.arange(len(model.place_unit))
    if units is not None:
        wanted = np.zeros(model.n_units, dtype=bool)
        wanted[units] = True
        places = places[wanted[model.place_unit]]
    p, v, km = _place_pairs(model, places, np.arange(model.n_volunteers), model.instance.rules.max_km, False)
    return _whole_units(model, p, v, km)


#: Volunteers' own limits are searched one radius at a time while there are at most this many of them.
RADIUS_GROUPS = 8


def eligible_pairs(model: Model) -> Pairs:
    """Every pair that passes the hard rules 1-4, searched only among the volunteers the rules allow.

    Units with a girl under the female-helper rule are searched among female volunteers only; when a
    background check is required, among checked ones only; volunteers with their own ``max_km`` at that
    radius (grouped by distinct limit), so that pairs the rules exclude are never listed.
    """
    rules = model.instance.rules
    usable = model.v_checked if rules.require_background_check else np.ones(model.n_volunteers, dtype=bool)
    limit = np.minimum(rules.max_km, model.v_max_km)
    radii = np.unique(limit[usable])
    groups = [limit == r for r in radii] if len(radii) <= RADIUS_GROUPS else [np.ones(model.n_volunteers, bool)]
    girl_place = model.unit_has_girl[model.place_unit]
    parts = []
    for places, allowed in ((np.flatnonzero(~girl_place), usable), (np.flatnonzero(girl_place), usable & model.v_female)):
        for group in groups:
            vols = np.flatnonzero(allowed & group)
            if len(vols):
                parts.append(_place_pairs(model, places, vols, float(limit[vols].max()), True))
    p, v, km = (np.concatenate(x) for x in zip(*parts)) if parts else (np.empty(0, np.int64),) * 2 + (np.empty(0),)
    pairs = _whole_units(model, p, v, km)
    allowed = ~_is_in(model.keys(pairs.unit, pairs.vol), model.forbidden_keys)
    return Pairs(pairs.unit[allowed], pairs.vol[allowed], pairs.km[allowed])


def _is_in(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``np.isin`` for a sorted, duplicate-free second array, by binary search."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def exclusion_codes(model: Model, unit: np.ndarray, vol: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Return, per pair, ELIGIBLE or the first hard rule (2-4 and the volunteer's own limit) it breaks."""
    rules = model.instance.rules
    codes = np.full(len(unit), ELIGIBLE, dtype=np.int8)
    forbidden = _is_in(model.keys(unit, vol), model.forbidden_keys)
    codes[forbidden] = FORBIDDEN
    if rules.require_background_check:
        codes[~model.v_checked[vol]] = BACKGROUND
    codes[model.unit_has_girl[unit] & ~model.v_female[vol]] = FEMALE_HELPER
    codes[km > model.v_max_km[vol]] = OWN_RADIUS
    return codes


def shared_skill_counts(model: Model, unit: np.ndarray, vol: np.ndarray) -> np.ndarray:
    """|needs(u) ∩ skills(v)| for each pair, by popcount over the bitmask words."""
    both = model.unit_needs[unit] & model.v_skills[vol]
    return np.bitwise_count(both).sum(axis=1).astype(np.int64)


def continuity_flags(model: Model, unit: np.ndarray, vol: np.ndarray) -> np.ndarray:
    """True where v is the current volunteer of a member of u."""
    return _is_in(model.keys(unit, vol), model.continuity_keys)


def pair_costs(model: Model, unit: np.ndarray, vol: np.ndarray, km: np.ndarray) -> np.ndarray:
    """The pair part of the objective: per_km * d + per_shared_skill * shared + continuity."""
    w = model.instance.weights
    return (w.per_km * km + w.per_shared_skill * shared_skill_counts(model, unit, vol)
            + w.continuity * continuity_flags(model, unit, vol))


def unit_distances(model: Model, unit: np.ndarray, vol: np.ndarray) -> np.ndarray:
    """d(u, v) for arbitrary pairs: the largest distance from a place of u, computed without a Python loop."""
    if len(unit) == 0:
        return np.empty(0, dtype=float)
    n_places = model.unit_places[unit]
    pair_of_row = np.repeat(np.arange(len(unit)), n_places)
    starts = np.r_[0, np.cumsum(n_places)[:-1]]
    places = model.unit_place_ptr[unit[pair_of_row]] + np.arange(n_places.sum()) - np.repeat(starts, n_places)
    v = vol[pair_of_row]
    km = haversine_km(model.place_lat[places], model.place_lon[places], model.v_lat[v], model.v_lon[v])
    return np.maximum.reduceat(km, starts)
