"""The record service: create, update and leave a ledger record, audited, without committing.

Functions take the acting user and plain data (dicts of field values), so that a page, an import, a task
and the command line share them; the caller commits (an import writes thousands in one transaction).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.audit import changes_since, record, snapshot, write_change
from ..core.bulk import with_defaults
from ..core.scoping import scoped
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from . import idcard
from .models import Beneficiary, Household
from .rules import (
    KEPT_BIRTH_DIFFERS,
    asks_confirmation,
    outside_message,
    outside_note,
    record_problems,
    services_after,
    with_note,
)

#: The core fields a record takes from plain data, beside place, household and profile: required ones,
#: texts (empty when missing) and optional values (None when missing).
REQUIRED_FIELDS = ("name", "gender", "birth_date")
TEXT_FIELDS = ("address", "living_situation", "notes")
OPTIONAL_FIELDS = ("phone", "id_number", "category")


class RecordRefused(Exception):
    """A record cannot be saved as given; ``errors`` maps field names to messages for the user."""

    def __init__(self, errors: dict[str, Any]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class OutsideRulesRefused(RecordRefused):
    """The record does not meet its group's rule and no reason was given to save it anyway; ``verdict`` is
    the group's :class:`portal.plugin.Eligibility` (its reasons say why). The caller rolls back, asks for a
    reason, and saves again with ``outside_reason``."""

    def __init__(self, verdict):
        super().__init__({"outside_rules": outside_message(verdict)})
        self.verdict = verdict


class StaleRecord(RecordRefused):
    """The record was saved by someone else after the form was read; ``changes`` are their audited saves."""

    def __init__(self, changes: list):
        super().__init__({"version": _l("Someone else saved this record after you opened the form.")})
        self.changes = changes


def id_number_holder(number: str | None, person_id: int | None = None) -> int | None:
    """The id of another record carrying this ID-card number (one record per person, across all groups)."""
    if not number:
        return None
    stmt = select(Beneficiary.id).where(Beneficiary.id_number == number)
    if person_id is not None:
        stmt = stmt.where(Beneficiary.id != person_id)
    return db.session.execute(stmt.limit(1)).scalar_one_or_none()


def duplicate_message(actor, holder_id: int):
    """Why a number is refused as a duplicate, naming the other record only to whom may see it.

    Someone who may not see the other record learns that the number is taken (one record per person) but
    not where, and is sent to a county coordinator, who sees every group.
    """
    holder = db.session.get(Beneficiary, holder_id)
    if actor is None or db.session.execute(
            scoped(Beneficiary, actor).where(Beneficiary.id == holder_id)).scalar_one_or_none() is not None:
        return holder_message(holder.name, holder.group)
    return _l("This ID-card number is already recorded, in a record outside your view. "
              "Please ask the county coordinator to check it.")


def holder_message(name: str, group_code: str):
    """Why a number is refused, naming the record that has it (to someone who may see that record)."""
    group = current_plugins().groups.get(group_code)
    return _l("Another record already has this ID-card number: %(name)s, %(group)s.",
              name=name, group=group.name if group else group_code)


def profile_of(group: str, person_id: int):
    """The group's profile row of a person, or None."""
    model = current_plugins().group(group).profile_model
    return db.session.execute(select(model).where(model.beneficiary_id == person_id)).scalar_one_or_none()


def _household_id(data: dict[str, Any], place: Place) -> int | None:
    if data.get("new_household_head"):
        household = Household(place_id=place.id, head_name=data["new_household_head"], address=data.get("address") or "")
        db.session.add(household)
        db.session.flush()
        return household.id
    return data.get("household_id") or None


def check_data(group: str, data: dict[str, Any]) -> dict[str, Any]:
    """Every rule of the ledger's one rule set (``rules.record_problems``) the data breaks, and a category
    the group does not have: {field: message}, empty when the record may be saved."""
    problems = record_problems(data)
    category = data.get("category")
    if category and current_plugins().group(group).category(category) is None:
        problems["category"] = _l("%(value)s is no category of this group.", value=category)
    return problems


def meets_rules(person: Beneficiary, profile) -> bool:
    """Whether a saved record meets its group's rule (or the group has none)."""
    verdict = current_plugins().eligibility(person, profile)
    return verdict is None or verdict.eligible


def save_record(actor, group: str, person: Beneficiary | None, data: dict[str, Any],
                profile_data: dict[str, Any], read_version: int | None = None,
                outside_reason: str | None = None) -> Beneficiary:
    """Create (``person`` None) or update a record of ``group`` and its profile; audited, not committed.

    The ledger's rules (``portal.ledger.rules``) are checked first (:class:`RecordRefused` names the fields).
    ``read_version`` is the version the data was read at; an update of a record saved since is refused
    with :class:`StaleRecord` (a save racing this one fails at flush with ``StaleDataError``). A new record,
    or a save that takes a person outside the group's rule, is refused with :class:`OutsideRulesRefused`
    unless ``outside_reason`` says why it is saved anyway (kept in the notes); the caller rolls back.
    The services needed follow the category (``rules.services_after``): a new record gets its category's
    defaults, a category change swaps the old defaults for the new.
    """
    if person is not None and read_version is not None and read_version != person.version:
        raise StaleRecord(changes_since("beneficiary", person.id, read_version))
    problems = check_data(group, data)
    if problems:
        raise RecordRefused(problems)
    kept = person.id_number if person is not None and "id_number" not in data else None
    if kept and idcard.birth_date_of(kept) != data["birth_date"]:  # a number the user may not see still binds
        raise RecordRefused({"birth_date": KEPT_BIRTH_DIFFERS})
    holder = id_number_holder(data.get("id_number"), person.id if person else None)
    if holder is not None:
        raise RecordRefused({"id_number": duplicate_message(actor, holder)})
    profile = profile_of(group, person.id) if person is not None else None
    before = {**snapshot(person), **(snapshot(profile, "profile.") if profile else {})} if person else None
    was_in = person is None or meets_rules(person, profile)
    old_category = person.category if person is not None else None
    old_services = list(person.services or []) if person is not None else []
    place = db.session.get(Place, data["place_id"])
    if person is None:
        person = Beneficiary(group=group, status="active")
    for name in REQUIRED_FIELDS:
        setattr(person, name, data[name])
    for name in TEXT_FIELDS:
        setattr(person, name, data.get(name) or "")
    for name in OPTIONAL_FIELDS:
        if name in data:  # a field left out (an ID number the user may not see) keeps its value
            setattr(person, name, data[name] or None)
    given = data["services"] if "services" in data else old_services
    person.needs = list(data.get("needs") or [])
    person.services = services_after(group, given, person.category, creating=before is None,
                                     old_category=old_category, old_services=old_services)
    person.place_id = place.id
    if profile is None:  # a new profile row with its column defaults, which the group's rule reads
        model = current_plugins().group(group).profile_model
        profile = model(**with_defaults(model.__table__, [dict(profile_data)])[0])
    for name, value in profile_data.items():
        setattr(profile, name, value)
    verdict = current_plugins().eligibility(person, profile)
    if asks_confirmation(was_in, verdict):
        if not (outside_reason or "").strip():
            raise OutsideRulesRefused(verdict)
        person.notes = with_note(person.notes, outside_note(outside_reason.strip()[:300]))
    person.household_id = _household_id(data, place)  # a new household is made only for a record that is saved
    db.session.add(person)
    db.session.flush()
    profile.beneficiary_id = person.id
    _flushed(profile)
    write_change(actor, "update" if before else "create", "beneficiary", person, before,
                 extra=snapshot(profile, "profile."))
    return person


def _flushed(row):
    db.session.add(row)
    db.session.flush()
    return row


def leave_record(actor, person: Beneficiary, reason: str, day: date, note: str = "") -> None:
    """Take a person off the active ledger with a reason; the record and its history stay. Not committed."""
    before = snapshot(person)
    person.status, person.left_reason, person.left_on = "left", reason, day
    if note:
        person.notes = (person.notes + "\n" if person.notes else "") + f"{day}: {note}"
    db.session.flush()
    record(actor, "leave", "beneficiary", person.id, before, snapshot(person))
    current_plugins().person_left(person, reason, day, actor)


def return_record(actor, person: Beneficiary, reason: str, day: date) -> None:
    """Bring a person who left back onto the active ledger with a reason; the history shows both. Not committed."""
    before = snapshot(person)
    person.status, person.left_reason, person.left_on = "active", None, None
    person.notes = (person.notes + "\n" if person.notes else "") + f"{day}: {reason}"
    db.session.flush()
    record(actor, "return", "beneficiary", person.id, before, snapshot(person))
