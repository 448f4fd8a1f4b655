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


def _place_pairs(model: Model, max_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (place, volunteer, km) for every place within max_km of a volunteer, through two k-d trees."""
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, float))
    if len(model.place_lat) == 0 or model.n_volunteers == 0:
        return empty
    chord = 2.0 * np.sin(min(max_km / EARTH_RADIUS_KM, np.pi) / 2.0)
    tree_p = cKDTree(to_xyz(model.place_lat, model.place_lon))
    tree_v = cKDTree(to_xyz(model.v_lat, model.v_lon))
    # A hair wider than the limit; the distance below decides.
    found = tree_p.sparse_distance_matrix(tree_v, chord * (1 + 1e-9) + 1e-12, output_type="ndarray")
    p, v = found["i"].astype(np.int64), found["j"].astype(np.int64)
    km = chord_to_km(found["v"])
    # Within rounding of a limit, the haversine formula itself decides, so that no limit moves.
    limit = np.minimum(max_km, model.v_max_km[v])
    close = np.flatnonzero(np.abs(km - limit) <= 1e-9 * limit)
    km[close] = haversine_km(model.place_lat[p[close]], model.place_lon[p[close]],
                             model.v_lat[v[close]], model.v_lon[v[close]])
    keep = km <= max_km
    return p[keep], v[keep], km[keep]


def candidate_pairs(model: Model) -> Pairs:
    """Every (unit, volunteer) pair whose every member lies within the global `rules.max_km`."""
    p, v, km = _place_pairs(model, model.instance.rules.max_km)
    units = model.place_unit[p]
    one_place = model.unit_places[units] == 1
    if one_place.all():
        return Pairs(units, v, km)
    # A unit with members in several places: every place must be in range; d(u, v) is the farthest.
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
