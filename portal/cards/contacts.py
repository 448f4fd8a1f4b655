"""The contacts of a place: kept per place by coordinators, inherited down the tree, national numbers by default."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.audit import record, snapshot, write_change
from ..extensions import db
from ..places.contacts import NATIONAL_NUMBERS, PlaceContact
from ..places.models import Place
from .models import Contact
from .scopes import ancestor_ids

#: The roles a place keeps a contact for, in the order cards list them (domain.md, "Other paper"; 000, 004).
ROLES = {
    "cadre": _l("Area cadre in charge"),
    "children_director": _l("Village children's director"),
    "civil_affairs": _l("Township civil-affairs office"),
    "clinic": _l("Clinic"),
    "police": _l("Police"),
    "ambulance": _l("Ambulance"),
    "hotline": _l("Public service hotline"),
    "federation_hotline": _l("Women's federation rights hotline"),
}



@dataclass(frozen=True)
class Effective:
    """The contact a card prints for a role, and the place it was recorded at (None: the national number)."""

    role: str
    name: str
    phone: str
    place: Place | None

    @property
    def label(self) -> str:
        return str(ROLES[self.role])


def contacts_for(place: Place) -> dict[str, Effective]:
    """Each role's contact for ``place``: its own, else the nearest place above's, else the national number."""
    return contacts_for_places([place])[place.id]


def contacts_for_places(places) -> dict[int, dict[str, Effective]]:
    """``contacts_for`` of each place, by place id, read in one statement however many places: a township's
    sheet of cards asks for the contacts of each of its villages (issue 32)."""
    chains = {p.id: ancestor_ids(p) for p in places if p is not None}
    wanted = {pid for chain in chains.values() for pid in chain}
    recorded: dict[int, list[Contact]] = defaultdict(list)
    if wanted:
        for row in db.session.execute(select(Contact).where(Contact.place_id.in_(wanted))
                                      .options(selectinload(Contact.place))).scalars():
            recorded[row.place_id].append(row)
    out = {}
    for place_id, chain in chains.items():
        found: dict[str, Contact] = {}
        for pid in chain:  # from the top down: deeper places come later and win
            for row in recorded.get(pid, ()):
                found[row.role] = row
        effective = {}
        for role in ROLES:
            if role in found:
                c = found[role]
                effective[role] = Effective(role, c.name, c.phone, c.place)
            elif role in NATIONAL_NUMBERS:
                effective[role] = Effective(role, "", NATIONAL_NUMBERS[role], None)
        out[place_id] = effective
    return out


def place_contacts(place: Place) -> list[PlaceContact]:
    """Every role's contact for ``place`` as the shared record (``guanai_get_place_contacts``)."""
    return [PlaceContact(e.role, e.label, e.name, e.phone, e.place.name if e.place else "")
            for e in contacts_for(place).values()]


def own_contacts(place: Place) -> dict[str, Contact]:
    """The contacts recorded at ``place`` itself, by role."""
    rows = db.session.execute(select(Contact).where(Contact.place_id == place.id)).scalars()
    return {c.role: c for c in rows}


def save_contact(actor, place: Place, role: str, name: str, phone: str) -> Contact:
    """Record (or replace) the contact for ``role`` at ``place``; audited, not committed."""
    if role not in ROLES:
        raise ValueError(f"unknown contact role {role!r}")
    contact = own_contacts(place).get(role)
    before = snapshot(contact) if contact else None
    if contact is None:
        contact = Contact(place_id=place.id, role=role)
    contact.name, contact.phone = name, phone
    db.session.add(contact)
    db.session.flush()
    write_change(actor, "update" if before else "create", "contact", contact, before)
    return contact


def remove_contact(actor, contact: Contact) -> None:
    """Remove a place's own contact (the one above it applies again); audited, not committed."""
    record(actor, "delete", "contact", contact.id, snapshot(contact), None)
    db.session.delete(contact)
    db.session.flush()
