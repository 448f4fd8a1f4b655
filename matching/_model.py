"""Array form of an instance: units (households kept together), volunteers, skill bitmasks, lock and forbid keys."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._instance import Instance

EARTH_RADIUS_KM = 6371.0


def to_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Return points on the unit sphere for latitudes and longitudes in degrees."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km by the haversine formula (matching-format.md, "Units")."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _bitmasks(lists, index: dict[str, int]) -> np.ndarray:
    """Encode lists of names as rows of uint64 words, one bit per known name."""
    words = max(1, (len(index) + 63) // 64)
    out = np.zeros((len(lists), words), dtype=np.uint64)
    for row, names in enumerate(lists):
        for name in names:
            bit = index[name]
            out[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    return out


@dataclass
class Model:
    """Everything the solver needs, as arrays indexed by unit, beneficiary or volunteer number."""

    instance: Instance
    member_unit: np.ndarray      # beneficiary -> unit
    unit_members: list[list[int]]
    unit_size: np.ndarray
    place_unit: np.ndarray       # the distinct member places, ordered by unit: d(u, v) is the farthest
    place_lat: np.ndarray
    place_lon: np.ndarray
    unit_place_ptr: np.ndarray   # unit -> its first place (length n_units + 1)
    unit_priority: np.ndarray
    unit_penalty: np.ndarray
    unit_has_girl: np.ndarray    # a member falls under the female-helper rule
    unit_needs: np.ndarray       # uint64 bitmask words
    b_lat: np.ndarray
    b_lon: np.ndarray
    v_lat: np.ndarray
    v_lon: np.ndarray
    v_female: np.ndarray
    v_checked: np.ndarray
    v_capacity: np.ndarray
    v_max_km: np.ndarray         # inf where the volunteer sets no limit
    v_skills: np.ndarray
    skill_names: list[str]
    continuity_keys: np.ndarray  # sorted unit * n_volunteers + volunteer
    forbidden_keys: np.ndarray   # sorted, same encoding
    b_index: dict[str, int]
    v_index: dict[str, int]

    @property
    def n_units(self) -> int:
        return len(self.unit_size)

    @property
    def n_volunteers(self) -> int:
        return len(self.v_capacity)

    @property
    def unit_places(self) -> np.ndarray:
        return np.diff(self.unit_place_ptr)

    def keys(self, units: np.ndarray, vols: np.ndarray) -> np.ndarray:
        """Encode (unit, volunteer) pairs as one int64 each."""
        return units.astype(np.int64) * self.n_volunteers + vols


def _group_units(instance: Instance) -> tuple[np.ndarray, list[list[int]]]:
    unit_of_household: dict[str, int] = {}
    members: list[list[int]] = []
    member_unit = np.empty(len(instance.beneficiaries), dtype=np.int64)
    for i, b in enumerate(instance.beneficiaries):
        if instance.rules.household_together and b.household:
            u = unit_of_household.setdefault(b.household, len(members))
            if u == len(members):
                members.append([])
        else:
            u = len(members)
            members.append([])
        members[u].append(i)
        member_unit[i] = u
    return member_unit, members


def _distinct_places(member_unit: np.ndarray, lat: np.ndarray, lon: np.ndarray, n_units: int):
    """Return the distinct (unit, lat, lon) places, ordered by unit, and each unit's first place."""
    order = np.lexsort((lon, lat, member_unit))
    u, la, lo = member_unit[order], lat[order], lon[order]
    new = np.r_[True, (u[1:] != u[:-1]) | (la[1:] != la[:-1]) | (lo[1:] != lo[:-1])]
    new = new[:len(u)]  # an instance without beneficiaries has no first place
    u, la, lo = u[new], la[new], lo[new]
    ptr = np.r_[0, np.cumsum(np.bincount(u, minlength=n_units))].astype(np.int64)
    return u, la, lo, ptr


def build_model(instance: Instance) -> Model:
    """Turn a validated instance into the arrays the solver works on."""
    bs, vs = instance.beneficiaries, instance.volunteers
    rules, weights = instance.rules, instance.weights
    member_unit, members = _group_units(instance)
    n_units = len(members)
    priority = np.array([b.priority for b in bs], dtype=np.int64)
    unit_priority = np.full(n_units, 10, dtype=np.int64)
    np.minimum.at(unit_priority, member_unit, priority)
    penalty_table = np.array([weights.penalty(p) for p in range(11)])
    age = np.array([b.age for b in bs], dtype=np.int64)
    girl = np.array([b.gender == "F" for b in bs], dtype=bool)
    if rules.female_helper_for_girls_from_age is not None:
        girl &= age >= rules.female_helper_for_girls_from_age
    else:
        girl[:] = False
    unit_has_girl = np.zeros(n_units, dtype=bool)
    np.logical_or.at(unit_has_girl, member_unit, girl)

    skill_names = sorted({s for b in bs for s in b.needs} | {s for v in vs for s in v.skills})
    skill_index = {name: i for i, name in enumerate(skill_names)}
    unit_need_lists = [[n for m in ms for n in bs[m].needs] for ms in members]
    v_index = {v.id: j for j, v in enumerate(vs)}
    b_index = {b.id: i for i, b in enumerate(bs)}
    n_vols = len(vs)

    def pair_keys(pairs) -> np.ndarray:
        keys = [member_unit[b_index[b]] * n_vols + v_index[v] for b, v in pairs]
        return np.unique(np.array(keys, dtype=np.int64))

    continuity = [(b.id, b.current_volunteer) for b in bs if b.current_volunteer]
    b_lat = np.array([b.lat for b in bs], dtype=float)
    b_lon = np.array([b.lon for b in bs], dtype=float)
    place_unit, place_lat, place_lon, unit_place_ptr = _distinct_places(member_unit, b_lat, b_lon, n_units)
    return Model(
        instance=instance,
        member_unit=member_unit,
        unit_members=members,
        unit_size=np.array([len(m) for m in members], dtype=np.int64),
        place_unit=place_unit,
        place_lat=place_lat,
        place_lon=place_lon,
        unit_place_ptr=unit_place_ptr,
        unit_priority=unit_priority,
        unit_penalty=penalty_table[unit_priority],
        unit_has_girl=unit_has_girl,
        unit_needs=_bitmasks(unit_need_lists, skill_index),
        b_lat=b_lat,
        b_lon=b_lon,
        v_lat=np.array([v.lat for v in vs], dtype=float),
        v_lon=np.array([v.lon for v in vs], dtype=float),
        v_female=np.array([v.gender == "F" for v in vs], dtype=bool),
        v_checked=np.array([v.background_checked for v in vs], dtype=bool),
        v_capacity=np.array([v.capacity for v in vs], dtype=np.int64),
        v_max_km=np.array([np.inf if v.max_km is None else v.max_km for v in vs], dtype=float),
        v_skills=_bitmasks([v.skills for v in vs], skill_index),
        skill_names=skill_names,
        continuity_keys=pair_keys(continuity),
        forbidden_keys=pair_keys(instance.forbidden),
        b_index=b_index,
        v_index=v_index,
    )
