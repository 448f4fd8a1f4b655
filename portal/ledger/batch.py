"""Saving many ledger records at once (an import): the rules of ``save_record``, set-based, not committed.

``save_record`` costs a few round trips per record (its number check, its flushes, its audit entry); ten
thousand records took over a minute (issue 16). Here every check is one query per few hundred records and
every write one multi-row INSERT per chunk, with the same values, profiles, households and audit entries.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, inspect, select

from ..core.audit import AuditEntry, actor_id, json_value, snapshot
from ..core.bulk import insert_rows, with_defaults
from ..core.time import utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from . import idcard
from .models import Beneficiary, Household
from .records import OPTIONAL_FIELDS, REQUIRED_FIELDS, TEXT_FIELDS, RecordRefused, check_data, duplicate_message, holder_message
from .rules import KEPT_BIRTH_DIFFERS, asks_confirmation, outside_message, outside_note, services_after, with_note

#: Rows per statement: well under the parameter limits of SQLite and PostgreSQL.
CHUNK = 500
#: Columns an audit snapshot leaves out (as :func:`portal.core.audit.snapshot` does).
UNAUDITED = {"created_at", "updated_at"}


@dataclass
class RecordData:
    """One record to save: its group, plain data and profile data as ``save_record`` takes them; ``person_id``
    the record to update (None: a new record)."""

    group: str
    data: dict[str, Any]
    profile: dict[str, Any] = field(default_factory=dict)
    person_id: int | None = None
    outside_reason: str | None = None   # why it is saved although outside its group's rule (as save_record)


class RecordsRefused(RecordRefused):
    """The record at ``index`` cannot be saved as given; nothing of the batch may be committed."""

    def __init__(self, index: int, errors: dict[str, Any]):
        super().__init__(errors)
        self.index = index


def save_records(actor, records: list[RecordData], progress: Callable[[float], None] | None = None) -> list[int]:
    """Create or update every record, in order, as ``save_record`` would one by one; audited, not committed.

    Returns the records' ids. Raises :class:`RecordsRefused` for the first record ``save_record`` would refuse;
    the caller then rolls back (some rows may have been written). Records that differ in which fields they
    carry are fine: missing ones take the column defaults, as a new record's would. ``progress(fraction)``, when
    given, hears how far the batch is (0 to 1) after each step and each chunk written.
    """
    if not records:
        return []
    told = progress or (lambda fraction: None)
    people = _existing([r.person_id for r in records if r.person_id is not None])
    _check(actor, records, people)
    told(0.05)
    _prepare_new(records)
    told(0.15)
    _new_households(records)
    told(0.2)
    ids: list[int | None] = [r.person_id for r in records]
    after: dict[int, dict] = {}
    before: dict[int, dict] = {}
    created = [i for i, r in enumerate(records) if r.person_id is None]
    for n, (index, person_id, values) in enumerate(_insert_people([records[i] for i in created], created), 1):
        ids[index] = person_id
        after[index] = values
        if n % CHUNK == 0:
            told(0.2 + 0.35 * n / len(created))
    for n, (index, values) in enumerate(_insert_profiles(records, created, ids), 1):
        after[index].update(values)
        if n % CHUNK == 0:
            told(0.55 + 0.2 * n / len(created))
    told(0.75)
    updated = [i for i, r in enumerate(records) if r.person_id is not None]
    for index, old, new in _update_people(records, updated, people):
        before[index], after[index] = old, new
    told(0.85)
    user_id, now = actor_id(actor), utcnow()
    _insert_audit([{"at": now, "user_id": user_id, "action": "update" if i in before else "create",
                    "entity": "beneficiary", "entity_id": ids[i], "before": before.get(i), "after": after[i]}
                   for i in range(len(records))])
    told(1.0)
    return ids  # type: ignore[return-value]


def _existing(ids: list[int]) -> dict[int, Beneficiary]:
    found: dict[int, Beneficiary] = {}
    for part in _chunks(sorted(set(ids))):
        found.update((p.id, p) for p in db.session.execute(
            select(Beneficiary).where(Beneficiary.id.in_(part))).scalars())
    return found


def _check(actor, records: list[RecordData], people: dict[int, Beneficiary]) -> None:
    """Refuse the first record ``save_record`` would refuse: a birth date against a kept ID-card number, or an
    ID-card number another record carries (in the ledger, or an earlier record of this batch)."""
    numbers = sorted({r.data["id_number"] for r in records if r.data.get("id_number")})
    holders: dict[str, int | tuple] = {}
    for part in _chunks(numbers):
        holders.update(db.session.execute(select(Beneficiary.id_number, Beneficiary.id)
                                          .where(Beneficiary.id_number.in_(part))).all())
    for index, record in enumerate(records):
        person = people.get(record.person_id) if record.person_id is not None else None
        if record.person_id is not None and person is None:
            raise LookupError(f"no record {record.person_id} to update")
        problems = check_data(record.group, record.data)  # the ledger's one rule set, as save_record
        if problems:
            raise RecordsRefused(index, problems)
        kept = person.id_number if person is not None and "id_number" not in record.data else None
        if kept and idcard.birth_date_of(kept) != record.data["birth_date"]:
            raise RecordsRefused(index, {"birth_date": KEPT_BIRTH_DIFFERS})
        number = record.data.get("id_number")
        own = record.person_id if record.person_id is not None else ("batch", index)
        holder = holders.get(number) if number else None
        if holder is not None and holder != own:
            message = (duplicate_message(actor, holder) if isinstance(holder, int)
                       else holder_message(records[holder[1]].data["name"], records[holder[1]].group))
            raise RecordsRefused(index, {"id_number": message})
        if person is not None and "id_number" in record.data and person.id_number \
                and holders.get(person.id_number) == own and person.id_number != number:
            del holders[person.id_number]  # the record gives up its old number
        if number:
            holders[number] = own


def transient(record: RecordData):
    """The record and profile a new record would be, as objects that are never added to the session: what the
    group's rules read (eligibility, the category from a sheet) before anything is written."""
    model = current_plugins().group(record.group).profile_model
    person = Beneficiary(**{k: v for k, v in _core_values(record.group, record.data).items()})
    profile = model(**with_defaults(model.__table__, [{**record.profile}])[0])
    return person, profile


def _prepare_new(records: list[RecordData]) -> None:
    """As ``save_record`` on create: the category's services, and the group's rule (refused without a reason,
    else the reason kept in the notes)."""
    plugins = current_plugins()
    for index, record in enumerate(records):
        if record.person_id is not None:
            continue
        services = services_after(record.group, record.data.get("services"), record.data.get("category"),
                                  creating=True)
        record.data = {**record.data, "services": services}
        verdict = plugins.eligibility(*transient(record))
        if asks_confirmation(True, verdict):
            if not (record.outside_reason or "").strip():
                raise RecordsRefused(index, {"outside_rules": outside_message(verdict)})
            record.data["notes"] = with_note(record.data.get("notes"),
                                             outside_note(record.outside_reason.strip()[:300]))


def add_households(rows: list[dict[str, Any]]) -> list[int]:
    """Insert households (dicts of place_id, head_name, address) in bulk (``core.bulk``); their ids, in order.
    Not audited, as ``save_record`` does not audit the household it makes. Not committed."""
    return insert_rows(Household, with_defaults(Household.__table__, [{"address": "", **row} for row in rows]))


def _new_households(records: list[RecordData]) -> None:
    """A household for each record naming a new head (``new_household_head``), as ``save_record`` makes one."""
    heads = [r for r in records if r.data.get("new_household_head")]
    ids = add_households([{"place_id": r.data["place_id"], "head_name": r.data["new_household_head"],
                           "address": r.data.get("address") or ""} for r in heads])
    for record, household_id in zip(heads, ids):
        record.data = {**record.data, "household_id": household_id}


def _core_values(group: str, data: dict[str, Any]) -> dict[str, Any]:
    """The columns ``save_record`` sets on a new record from plain data."""
    values: dict[str, Any] = {"group": group, "status": "active"}
    values.update({name: data[name] for name in REQUIRED_FIELDS})
    values.update({name: data.get(name) or "" for name in TEXT_FIELDS})
    values.update({name: data.get(name) or None for name in OPTIONAL_FIELDS})
    values["needs"], values["services"] = list(data.get("needs") or []), list(data.get("services") or [])
    values["place_id"], values["household_id"] = data["place_id"], data.get("household_id") or None
    return values


def _insert_people(records: list[RecordData], indexes: list[int]):
    """Insert the new records in order; yields (index, id, audit snapshot)."""
    rows = [_core_values(r.group, r.data) for r in records]
    for start, part in _parts(rows):
        for offset, saved in enumerate(_inserted(Beneficiary, part)):
            yield indexes[start + offset], saved["id"], saved


def _insert_profiles(records: list[RecordData], created: list[int], ids: list[int | None]):
    """Insert the new records' profile rows, per group in order; yields (index, "profile."-snapshot)."""
    plugins = current_plugins()
    for group in dict.fromkeys(records[i].group for i in created):
        model = plugins.group(group).profile_model
        mine = [i for i in created if records[i].group == group]
        rows = with_defaults(model.__table__, [{**records[i].profile, "beneficiary_id": ids[i]} for i in mine])
        for start, part in _parts(rows):
            for offset, saved in enumerate(_inserted(model, part)):
                yield mine[start + offset], {f"profile.{k}": v for k, v in saved.items()}


def _update_people(records: list[RecordData], indexes: list[int], people: dict[int, Beneficiary]):
    """Update the records in place, with one flush; yields (index, before, after) snapshots."""
    if not indexes:
        return
    plugins = current_plugins()
    profiles: dict[int, Any] = {}
    for group in {records[i].group for i in indexes}:
        model = plugins.group(group).profile_model
        wanted = sorted(records[i].person_id for i in indexes if records[i].group == group)
        for part in _chunks(wanted):
            profiles.update((p.beneficiary_id, p) for p in db.session.execute(
                select(model).where(model.beneficiary_id.in_(part))).scalars())
    befores = {}
    for i in indexes:
        record, person = records[i], people[records[i].person_id]
        profile = profiles.get(person.id)
        befores[i] = {**snapshot(person), **(snapshot(profile, "profile.") if profile else {})}
        verdict = plugins.eligibility(person, profile)
        was_in = verdict is None or verdict.eligible
        old_category, old_services = person.category, list(person.services or [])
        for name in REQUIRED_FIELDS:
            setattr(person, name, record.data[name])
        for name in TEXT_FIELDS:
            setattr(person, name, record.data.get(name) or "")
        for name in OPTIONAL_FIELDS:
            if name in record.data:
                setattr(person, name, record.data[name] or None)
        person.needs = list(record.data.get("needs") or [])
        given = record.data["services"] if "services" in record.data else old_services
        person.services = services_after(record.group, given, person.category, creating=False,
                                         old_category=old_category, old_services=old_services)
        person.place_id, person.household_id = record.data["place_id"], record.data.get("household_id") or None
        if profile is None:
            profile = profiles[person.id] = plugins.group(record.group).profile_model(beneficiary_id=person.id)
            db.session.add(profile)
        for name, value in record.profile.items():
            setattr(profile, name, value)
        if profile.id is None:
            db.session.flush()  # a new profile row gets its defaults, which the rule reads
        verdict = plugins.eligibility(person, profile)
        if asks_confirmation(was_in, verdict):
            if not (record.outside_reason or "").strip():
                raise RecordsRefused(i, {"outside_rules": outside_message(verdict)})
            person.notes = with_note(person.notes, outside_note(record.outside_reason.strip()[:300]))
    db.session.flush()
    for i in indexes:
        person = people[records[i].person_id]
        yield i, befores[i], {**snapshot(person), **snapshot(profiles[person.id], "profile.")}


def _inserted(model, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert rows (column keys) with one multi-row statement and RETURNING every column, in order; returns
    each row as its audit snapshot sees it (attribute keys, plain values, no timestamps)."""
    attrs = [a for a in inspect(model).column_attrs if a.key not in UNAUDITED]
    columns = [a.columns[0] for a in attrs]
    stmt = insert(model.__table__).returning(*columns, sort_by_parameter_order=True)
    result = db.session.execute(stmt, rows).all()
    return [{a.key: json_value(value) for a, value in zip(attrs, row)} for row in result]


def _insert_audit(rows: list[dict[str, Any]]) -> None:
    insert_rows(AuditEntry, with_defaults(AuditEntry.__table__, rows), ids=False)


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def _parts(rows: list):
    for start in range(0, len(rows), CHUNK):
        yield start, rows[start:start + CHUNK]
