"""A helper's own day for the phone (issue 31, "What works without a signal"): the people they are paired with or
own duties for (whom the kinds bring), each with what the kinds tell of them, the emergency numbers, the forms.

Scoped like every query (``portal.core.scoping``): the people are those the user may see, among those some kind
brings into the day. One query for the people (their village by the place tree's path, the phone of the person or
their household), one per kind for its facts; never an ID number, and health only as much as the kinds give.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_wtf.csrf import generate_csrf
from sqlalchemy import and_, func, select, union
from sqlalchemy.orm import aliased

from ..core.scoping import visible
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..places.contacts import national_contacts
from ..places.models import Place
from ..plugin.manager import current_plugins
from .kinds import describe, offline_kinds
from ..core.sql import by_pinyin

#: The numbers every day carries first, whatever the places record (issue 31: 110 and 120).
FIRST = ("police", "ambulance")


def offline_days() -> int:
    return int(current_app.config["GUANAI_OFFLINE_DAYS"])


def day_people_clause(user):
    """The WHERE clause of the user's day: on the ledger, visible to them, and brought in by some kind."""
    brought = [kind.people(user) for kind in offline_kinds().values() if kind.people]
    if not brought:
        return None
    # One IN over the union (a few hundred ids at most): the database looks the people up by id, where an OR of
    # IN clauses would read the whole ledger.
    ids = brought[0] if len(brought) == 1 else union(*brought)
    return and_(Beneficiary.status == "active", Beneficiary.id.in_(ids), visible(Beneficiary, user))


def _iso(value):
    return value.isoformat() if value is not None else None


def people_of(user) -> list[dict]:
    """The day's people, with their village, address and phone (no ID number), in name order; one query."""
    where = day_people_clause(user)
    if where is None:
        return []
    place, village = aliased(Place), aliased(Place)
    rows = db.session.execute(
        select(Beneficiary.id, Beneficiary.name, Beneficiary.group, Beneficiary.place_id, place.name,
               func.max(village.name), Beneficiary.address, Household.address,
               func.coalesce(Beneficiary.phone, Household.phone))
        .join(place, place.id == Beneficiary.place_id)
        .outerjoin(village, and_(village.level == "village", place.path.startswith(village.path)))
        .outerjoin(Household, Household.id == Beneficiary.household_id)
        .where(where)
        .group_by(Beneficiary.id, Beneficiary.name, Beneficiary.group, Beneficiary.place_id, place.name,
                  Beneficiary.address, Household.address, Household.phone)
        .order_by(by_pinyin(Beneficiary.name), Beneficiary.id)).all()
    return [{"id": pid, "name": name, "group": group, "place_id": place_id, "village": vname or pname or "",
             "address": address or home or "", "phone": phone or ""}
            for pid, name, group, place_id, pname, vname, address, home, phone in rows]


def emergency_numbers(place_ids) -> list[dict]:
    """110 and 120 first, then every other number the places of the day's people record (the hook the incident
    page's tap-to-call numbers read; the national numbers where nobody recorded any), each number once."""
    contacts = [(c, "") for c in national_contacts()]
    places = db.session.execute(select(Place).where(Place.id.in_(sorted(set(place_ids))))).scalars().all() \
        if place_ids else []
    hook = current_plugins().hook.guanai_get_place_contacts
    for place in places:
        found = hook(place=place)
        contacts += [(c, place.name) for c in (found or ())]
    first = {role: i for i, role in enumerate(FIRST)}
    contacts.sort(key=lambda pair: first.get(pair[0].role, len(first)))
    out, seen = [], set()
    for contact, place_name in contacts:
        number = (contact.phone or "").strip()
        if not number or number in seen:
            continue
        seen.add(number)
        out.append({"label": str(contact.label), "number": number, "name": contact.name, "role": contact.role,
                    "place": contact.recorded_at or place_name})
    return out


def day_of(user) -> dict:
    """The whole day as ``day.json`` answers it (portal/offline/README.md, OFFLINE-CONTRACT)."""
    now = utcnow().replace(microsecond=0)
    kinds = offline_kinds()
    people = people_of(user)
    ids = [p["id"] for p in people]
    facts: dict[int, dict] = {pid: {} for pid in ids}
    for kind in kinds.values():
        if kind.facts is None or not ids:
            continue
        for pid, more in kind.facts(user, ids).items():
            if pid in facts:
                facts[pid].update(more)
    person_kinds = [name for name, kind in kinds.items() if kind.for_person]
    for person in people:
        person.update(facts[person["id"]])
        person["kinds"] = list(person_kinds)
    place_ids = [p.pop("place_id") for p in people]
    if getattr(user, "place_id", None):
        place_ids.append(user.place_id)
    return {
        "user": {"id": user.id, "name": user.display_name or user.username},
        "made_at": now.isoformat() + "Z",
        "expires_at": (now + timedelta(days=offline_days())).isoformat() + "Z",
        "csrf_token": generate_csrf(),
        "emergency": emergency_numbers(place_ids),
        "people": people,
        "kinds": {name: describe(kind, user) for name, kind in kinds.items()},
    }


__all__ = ["day_of", "day_people_clause", "emergency_numbers", "offline_days", "people_of"]
