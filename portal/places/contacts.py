"""Whom to call for a place: the record every feature reads (the cards feature keeps the contacts, incidents show
them as tap-to-call links) and the national numbers that apply everywhere until a place records its own."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

#: Public numbers valid everywhere in China, by contact role; a place may record its own (a local police station).
NATIONAL_NUMBERS = {"police": "110", "ambulance": "120", "hotline": "12345", "federation_hotline": "12338"}
NATIONAL_LABELS = {"police": _l("Police"), "ambulance": _l("Ambulance"), "hotline": _l("Public service hotline"),
                   "federation_hotline": _l("Women's federation rights hotline")}


@dataclass(frozen=True)
class PlaceContact:
    """One number to call for a place: its role, label, the person's name (empty for a national number), the phone
    and the name of the place that recorded it (empty: the national number)."""

    role: str
    label: str
    name: str
    phone: str
    recorded_at: str = ""


def national_contacts() -> list[PlaceContact]:
    """The national numbers, as contacts (what applies where nobody recorded anything)."""
    return [PlaceContact(role, str(NATIONAL_LABELS[role]), "", phone) for role, phone in NATIONAL_NUMBERS.items()]
