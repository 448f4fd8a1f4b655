"""Whom to call now for an incident: tap-to-call numbers in the order the type asks (a missing child: the
police first), then the rest of the place's contacts (issue 27). The contacts come from the cards feature
through ``guanai_get_place_contacts``; without it the national numbers (110, 120, 12345, 12338) apply."""
from __future__ import annotations

from ..places.contacts import PlaceContact, national_contacts
from ..plugin.manager import current_plugins
from ..plugin.records import IncidentType

#: The order of the numbers after those the type names first.
DEFAULT_ORDER = ("police", "ambulance", "hotline", "federation_hotline", "cadre", "children_director",
                 "civil_affairs", "clinic")


def contacts_of(place) -> list[PlaceContact]:
    found = current_plugins().hook.guanai_get_place_contacts(place=place)
    return list(found) if found else national_contacts()


def calls_for(kind: IncidentType | None, place) -> list[PlaceContact]:
    """Every contact with a phone for ``place``, the type's ``calls`` first, then police, ambulance, the hotlines
    and the place's own people."""
    first = tuple(kind.calls) if kind else ()
    order = {role: i for i, role in enumerate(first + tuple(r for r in DEFAULT_ORDER if r not in first))}
    found = [c for c in contacts_of(place) if c.phone]
    return sorted(found, key=lambda c: (order.get(c.role, len(order)), c.role))


def step_contact(kind: IncidentType | None, step_code: str, contacts: list[PlaceContact]) -> PlaceContact | None:
    """The contact a step calls (``IncidentStep.call``), if it names one and the place has a number for it."""
    step = kind.step(step_code) if kind else None
    if step is None or not step.call:
        return None
    return next((c for c in contacts if c.role == step.call), None)


def tel(phone: str) -> str:
    """A phone number as a tel: link target (digits, + and the extension mark only)."""
    return "".join(ch for ch in phone if ch.isdigit() or ch in "+,;")
