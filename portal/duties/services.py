"""What owners record outside the visit form: a knock round (one per grid and day), a contact with the family.
Each takes the actor and plain data, audits, and leaves the commit to the caller."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..core.audit import snapshot, write_change
from ..extensions import db
from ..ledger.models import Beneficiary
from .models import DutyDue, FamilyContact, KnockRound


def record_round(actor, place_id: int, day: date, doors: int | None = None, found: str = "") -> KnockRound:
    """The grid's round of ``day`` (000, "一敲门"): made once, told again the same day it is updated. ``doors``
    defaults to the households behind the round's duties."""
    if doors is None:
        doors = db.session.execute(select(func.count(func.distinct(DutyDue.household_id))).where(
            DutyDue.place_id == place_id, DutyDue.action == "knock")).scalar_one()
    row = db.session.execute(select(KnockRound).where(KnockRound.place_id == place_id, KnockRound.day == day)
                             ).scalar_one_or_none()
    before = snapshot(row) if row is not None else None
    if row is None:
        row = KnockRound(place_id=place_id, day=day)
    row.doors, row.found, row.by_id = doors, found.strip(), getattr(actor, "id", None)
    write_change(actor, "record", "knock_round", row, before)
    return row


def record_contact(actor, person: Beneficiary, data: dict) -> FamilyContact:
    """A contact with the person's absent family (001): when, who, how, what was said."""
    row = FamilyContact(beneficiary_id=person.id, contacted_on=data["contacted_on"], who=data.get("who", ""),
                        how=data.get("how", "phone"), said=data.get("said", ""),
                        recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "record", "family_contact", row)
    return row
