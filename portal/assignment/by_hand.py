"""A coordinator pairs a person the run left unassigned with a helper by hand (issue 27): offered only the
helpers that pass the same hard rules as the engine (their own travel limit and the service's, female helpers
for girls from the set age (004), a background check where the rules ask for one, no forbidden or declined
pair, a place left), checked again when written, audited and told like a run's pairings.

The rules are read from the run's stored instance (the engine's own input), the volunteer's check and load
from the database as they are now. Functions take the actor and plain data; the caller commits.
"""
from __future__ import annotations

import math

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..core.audit import record
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer, VolunteerService, check_counts
from .ids import row_id
from .models import MatchRun, Pairing
from .review import unit_keys


class AssignRefused(ValueError):
    """The pair breaks a hard rule or the helper has no place left; the message says which."""


def km_between(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance in km (the engine's chord distance agrees to metres at these ranges)."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _doc(run: MatchRun) -> dict:
    return run.instance or {}


def _person(doc: dict, person_id: int) -> dict | None:
    return next((b for b in doc.get("beneficiaries", []) if row_id(b["id"]) == person_id), None)


def problems(run: MatchRun, person: dict, helper: dict, volunteer: Volunteer | None) -> list[str]:
    """Why this helper may not take this person, in words (empty: every hard rule passes)."""
    doc, rules = _doc(run), _doc(run).get("rules", {})
    out = []
    km = km_between(person["lat"], person["lon"], helper["lat"], helper["lon"])
    limit = min(float(rules.get("max_km", math.inf)), float(helper.get("max_km") or math.inf))
    if km > limit:
        out.append(_("%(km).1f km away, beyond %(limit).1f km", km=km, limit=limit))
    girls_from = rules.get("female_helper_for_girls_from_age")
    if girls_from is not None and person.get("gender") == "F" and person.get("age", 0) >= girls_from \
            and helper.get("gender") != "F":
        out.append(_("a girl of %(age)d needs a female helper", age=person.get("age", 0)))
    if rules.get("require_background_check", True) and not (
            volunteer is not None and check_counts(volunteer.background_check, volunteer.background_checked_on)):
        out.append(_("no valid background check"))
    pair = [person["id"], helper["id"]]
    refs = [[a, b] for a, b in doc.get("forbidden", [])]
    if pair in refs or [row_id(person["id"]), row_id(helper["id"])] in (run.params or {}).get("forbidden", []):
        out.append(_("a forbidden or declined pair"))
    if volunteer is None or volunteer.status != "active":
        out.append(_("not an active volunteer"))
    return out


def candidates(run: MatchRun, person_id: int) -> list[dict]:
    """The run's helpers for this person, nearest first, each with its distance, places left and the hard rules
    it breaks (``problems``: empty for those who may be chosen)."""
    doc = _doc(run)
    person = _person(doc, person_id)
    if person is None:
        return []
    ids = [row_id(v["id"]) for v in doc.get("volunteers", [])]
    vols = {v.id: v for v in db.session.execute(select(Volunteer).where(Volunteer.id.in_(ids or [-1]))).scalars()}
    room = dict(db.session.execute(select(VolunteerService.volunteer_id,
                                          VolunteerService.capacity - VolunteerService.load).where(
        VolunteerService.service == run.service, VolunteerService.volunteer_id.in_(ids or [-1]))).all())
    out = []
    for helper in doc.get("volunteers", []):
        vid = row_id(helper["id"])
        found = problems(run, person, helper, vols.get(vid))
        if room.get(vid, 0) <= 0:
            found.append(_("no place left"))
        out.append({"id": vid, "name": vols[vid].name if vid in vols else "", "problems": found,
                    "km": km_between(person["lat"], person["lon"], helper["lat"], helper["lon"]),
                    "room": room.get(vid, 0)})
    return sorted(out, key=lambda c: (bool(c["problems"]), c["km"], c["id"]))


def assign_by_hand(actor, run: MatchRun, person_id: int, volunteer_id: int) -> Pairing:
    """Pair them if every hard rule passes and the helper has a place (a conditional UPDATE, as commits do);
    else :class:`AssignRefused`. Audited ("assign") and told to the helper; not committed."""
    doc = _doc(run)
    person = _person(doc, person_id)
    helper = next((v for v in doc.get("volunteers", []) if row_id(v["id"]) == volunteer_id), None)
    if person is None or helper is None:
        raise AssignRefused(_("This person or helper is not in the run."))
    found = problems(run, person, helper, db.session.get(Volunteer, volunteer_id))
    if found:
        raise AssignRefused(_("Not allowed: %(why)s.", why="；".join(found)))
    unit = unit_keys(run)[person_id]  # the household when the run keeps households together, as a commit does
    held = db.session.execute(select(Pairing.id).where(
        Pairing.volunteer_id == volunteer_id, Pairing.service == run.service, Pairing.unit == unit,
        Pairing.status == "active")).first()
    if held is None:
        took = db.session.execute(update(VolunteerService).where(
            VolunteerService.volunteer_id == volunteer_id, VolunteerService.service == run.service,
            VolunteerService.load + 1 <= VolunteerService.capacity).values(load=VolunteerService.load + 1)).rowcount
        if took != 1:
            raise AssignRefused(_("This helper has no place left."))
    pairing = Pairing(service=run.service, role=run.role, beneficiary_id=person_id, volunteer_id=volunteer_id,
                      unit=unit, status="active", response="pending", run_id=None)
    db.session.add(pairing)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise AssignRefused(_("This person already has a helper for this service.")) from None
    record(actor, "assign", "pairing", pairing.id, None,
           {"beneficiary_id": person_id, "volunteer_id": volunteer_id, "service": run.service, "role": run.role,
            "unit": unit, "by_hand": True, "from_run": run.id})
    current_plugins().hook.guanai_on_pairing_created(pairing_ids=[pairing.id], actor=actor)
    return pairing
