"""Build the `guanai-matching/1` instance the portal solves for a service in part of the place tree."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import String, cast, select

from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..plugin.records import MatchingPolicy, Service
from ..volunteers.models import Volunteer, VolunteerService, check_counts
from .ids import household_ref, pair_refs, person_ref, volunteer_ref
from .models import Pairing

DEFAULT_POLICY = MatchingPolicy(rules={}, weights={})
#: A decline keeps that volunteer away from that person in later runs for this long.
DECLINE_MEMORY = timedelta(days=365)


@dataclass
class BuiltInstance:
    """The engine document and what it left out (people without coordinates, for example)."""

    doc: dict[str, Any]
    skipped: list[dict[str, Any]] = field(default_factory=list)


def policy_for(service: Service) -> tuple[dict, dict, dict]:
    """Rules, weights and category priorities: the plugin's policy overlaid with the deployment's settings."""
    plugins = current_plugins()
    policy = plugins.matching_policy(service) or DEFAULT_POLICY
    override = plugins.settings(service.group).get("matching", {})
    rules = {**policy.rules, **override.get("rules", {})}
    weights = {**policy.weights, **override.get("weights", {})}
    return rules, weights, policy.category_priority


def role_matches(volunteer: Volunteer, role: str) -> bool:
    """A role names a kind of helper (teacher, caring_family, neighbour); "volunteer" takes anyone."""
    return role == "volunteer" or volunteer.kind == role


def place_points(place: Place) -> dict[int, tuple[float, float] | None]:
    """Place id -> its coordinates or its nearest ancestor's, for the subtree of ``place``: one query for the
    subtree and its ancestors (a county's 4,500 places), not a walk up the tree per person."""
    ancestors = [int(i) for i in place.path.strip("/").split("/") if i]
    rows = db.session.execute(select(Place.id, Place.parent_id, Place.lat, Place.lon).where(
        Place.path.startswith(place.path) | Place.id.in_(ancestors))).all()
    by_id = {r.id: r for r in rows}
    points: dict[int, tuple[float, float] | None] = {}

    def point(pid: int | None) -> tuple[float, float] | None:
        if pid is None or pid not in by_id:
            return None
        if pid not in points:
            row = by_id[pid]
            points[pid] = (row.lat, row.lon) if row.lat is not None and row.lon is not None else point(row.parent_id)
        return points[pid]
    for pid in by_id:
        point(pid)
    return points


def _people(service: Service, place: Place) -> list:
    """Rows of the people who need ``service`` in the subtree, with their household's point: one query."""
    stmt = (select(Beneficiary.id, Beneficiary.gender, Beneficiary.birth_date, Beneficiary.category,
                   Beneficiary.needs, Beneficiary.services, Beneficiary.household_id, Beneficiary.place_id,
                   Household.lat.label("h_lat"), Household.lon.label("h_lon"))
            .outerjoin(Household, Household.id == Beneficiary.household_id)
            .where(Beneficiary.group == service.group, Beneficiary.status == "active",
                   Beneficiary.place_id.in_(subtree_ids(place)),
                   # A first cut in SQL on the JSON's text (both databases); the exact test is below.
                   cast(Beneficiary.services, String).contains(f'"{service.key}"'))
            .order_by(Beneficiary.id))
    return [p for p in db.session.execute(stmt).all() if service.key in (p.services or [])]


def _volunteers(service: Service, role: str, place: Place) -> list:
    stmt = (select(Volunteer.id, Volunteer.kind, Volunteer.gender, Volunteer.lat, Volunteer.lon, Volunteer.place_id,
                   Volunteer.travel_km, Volunteer.skills, Volunteer.background_check, Volunteer.background_checked_on,
                   VolunteerService.capacity)
            .join(VolunteerService)
            .where(VolunteerService.service == service.key, VolunteerService.capacity > 0,
                   Volunteer.status == "active", Volunteer.place_id.in_(subtree_ids(place)))
            .order_by(Volunteer.id))
    return [v for v in db.session.execute(stmt).all() if role_matches(v, role)]


def _active_pairings(service: Service, volunteer_ids: list[int]) -> list[Pairing]:
    if not volunteer_ids:
        return []
    stmt = select(Pairing).where(Pairing.service == service.key, Pairing.status == "active",
                                 Pairing.volunteer_id.in_(volunteer_ids))
    return list(db.session.execute(stmt).scalars())


def _held_outside(service: Service, role: str, people_ids: set[int], volunteer_ids: set[int]) -> set[int]:
    """The run's people whose active pairing for ``service`` and ``role`` is with a helper the run does not hold (one
    of another place, or one it leaves out, such as a helper whose check lapsed and who is flagged): they keep that
    pairing until it ends, so the run leaves them be (a person has one active pairing per service and role)."""
    stmt = select(Pairing.beneficiary_id, Pairing.volunteer_id).where(
        Pairing.service == service.key, Pairing.role == role, Pairing.status == "active")
    return {b for b, v in db.session.execute(stmt).all() if b in people_ids and v not in volunteer_ids}


def _declined(service: Service, people_ids: set[int]) -> list[tuple[int, int]]:
    since = local_today() - DECLINE_MEMORY
    stmt = select(Pairing.beneficiary_id, Pairing.volunteer_id).where(
        Pairing.service == service.key, Pairing.status == "declined", Pairing.ended_on >= since)
    return [(b, v) for b, v in db.session.execute(stmt).all() if b in people_ids]


def age_on(birth, day) -> int:
    """Whole years of age on ``day`` (as ``Beneficiary.age_on``)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def build_instance(service: Service, role: str, place: Place, params: dict[str, Any]) -> BuiltInstance:
    """The instance for ``service`` and helper ``role`` in ``place``'s subtree, with the run's locks and forbids.

    Beneficiary ids are ``b<id>``, volunteer ids ``v<id>``. A volunteer's capacity is what is left after
    their pairings with people outside this run; pairings inside it are re-decided (with continuity).
    """
    rules, weights, priorities = policy_for(service)
    default_priority = max(priorities.values(), default=6)
    built = BuiltInstance(doc={})
    points = place_points(place)
    people = []
    for p in _people(service, place):
        point = (p.h_lat, p.h_lon) if p.h_lat is not None and p.h_lon is not None else points.get(p.place_id)
        if point is None:
            built.skipped.append({"beneficiary": p.id, "reason": "no_coordinates"})
            continue
        people.append((p, point))
    people_ids = {p.id for p, _ in people}
    helpers = [(v, v, (v.lat, v.lon) if v.lat is not None and v.lon is not None else points.get(v.place_id))
               for v in _volunteers(service, role, place)]
    helpers = [h for h in helpers if h[2] is not None]
    volunteer_ids = {v.id for v, _, _ in helpers}
    held = _held_outside(service, role, people_ids, volunteer_ids)
    if held:
        people = [(p, point) for p, point in people if p.id not in held]
        people_ids -= held
        built.skipped += [{"beneficiary": b, "reason": "paired_elsewhere"} for b in sorted(held)]
    active = _active_pairings(service, sorted(volunteer_ids))
    outside: dict[int, set[str]] = {}
    current = {}
    for pairing in active:
        if pairing.beneficiary_id in people_ids:
            if pairing.role == role:
                current[pairing.beneficiary_id] = pairing.volunteer_id
        else:
            outside.setdefault(pairing.volunteer_id, set()).add(pairing.unit)
    today = local_today()
    beneficiaries = []
    for p, (lat, lon) in people:
        b = {"id": person_ref(p.id), "lat": lat, "lon": lon, "gender": p.gender, "age": age_on(p.birth_date, today),
             "priority": priorities.get(p.category, default_priority), "needs": list(p.needs or [])}
        if p.household_id:
            b["household"] = household_ref(p.household_id)
        if p.id in current:
            b["current_volunteer"] = volunteer_ref(current[p.id])
        beneficiaries.append(b)
    volunteers = [{"id": volunteer_ref(v.id), "lat": lat, "lon": lon, "gender": v.gender,
                   "capacity": max(0, vs.capacity - len(outside.get(v.id, ()))), "max_km": v.travel_km,
                   "skills": list(v.skills or []),
                   "background_checked": check_counts(v.background_check, v.background_checked_on)}
                  for v, vs, (lat, lon) in helpers]
    locked = [pair_refs(b, v) for b, v in params.get("locked", []) if b in people_ids and v in volunteer_ids]
    forbidden = [pair_refs(b, v) for b, v in params.get("forbidden", []) + _declined(service, people_ids)
                 if b in people_ids and v in volunteer_ids]
    built.doc = {"format": "guanai-matching/1", "rules": rules, "weights": weights,
                 "beneficiaries": beneficiaries, "volunteers": volunteers, "locked": locked, "forbidden": forbidden}
    return built
