"""Nobody twice: duplicates by ID-card number, else by name, birth date (or age) and village; within the file
(both rows named) and against the ledger (skipped, or updated with the fields the sheet has)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import any_, bindparam, inspect, select, text, true
from sqlalchemy.dialects.postgresql import ARRAY

from ..core.scoping import scoped, visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .places import village_ids
from .rows import Row

#: Rows per IN (...) list: well under the parameter limits of SQLite and PostgreSQL.
CHUNK = 500
CORE_COMPARED = ("name", "gender", "birth_date", "id_number", "phone", "address", "living_situation", "notes",
                 "category")


def _chunks(values: list) -> Iterable[list]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _person_key(row: Row):
    born = ("age", row.age) if row.age is not None else row.data.get("birth_date")
    return row.group, row.name, born, row.village_id


def mark_within_file(rows: list[Row]) -> None:
    """A person twice in the sheet: the later row is an error naming the earlier one."""
    by_number: dict[str, Row] = {}
    by_person: dict[tuple, Row] = {}
    for row in rows:
        if row.group is None or not row.name:
            continue
        number = row.data.get("id_number")
        first = by_number.get(number) if number else None
        if first is None and row.data.get("birth_date") is not None:
            first = by_person.get(_person_key(row))
        if first is not None:
            row.problem("姓名", _l("the same person as row %(row)s", row=first.number))
            continue
        if number:
            by_number[number] = row
        if row.data.get("birth_date") is not None:
            by_person.setdefault(_person_key(row), row)


def _same_birth(row: Row, person, today: date) -> bool:
    if row.age is not None:
        born = person.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day)) == row.age
    return person.birth_date == row.data.get("birth_date")


#: What matching reads of a ledger record: a few columns, not the whole record (ten thousand records
#: loaded as objects took most of a re-import's preview on PostgreSQL, issue 16).
MATCHED = (Beneficiary.id, Beneficiary.group, Beneficiary.name, Beneficiary.birth_date, Beneficiary.place_id,
           Beneficiary.id_number)


def _among(column, values: list):
    """``column IN (values)``. On PostgreSQL one array parameter (``= ANY(:values)``): each chunk's statement is
    the same text whatever names it holds, compiled and converted once and prepared by the driver (an IN list
    of 500 parameters was compiled, expanded and parsed anew for every chunk); elsewhere an IN list."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def _ledger_matches(rows: list[Row], user) -> dict[int, Any]:
    """Row number -> the ledger's record of the same person (by ID number, else name, birth date, village),
    as the columns of ``MATCHED`` and ``seen`` (whether the user may see the record)."""
    with _plan_each_query():
        return _matches(rows, user)


def _matches(rows: list[Row], user) -> dict[int, Any]:
    """One statement per chunk of ID numbers and one per chunk of the names left, whatever the rows; the rows
    are matched to what they read here.

    A number is nobody else's: it is looked up in the whole ledger, each record read with whether the user may
    see it (their scope as a column, not a query more). Only the rows no number found are looked up by name,
    within the user's scope (a re-import's rows with numbers, two thirds of a county's sheet, need no name
    lookup: those ran on the trigram index, 20-30 ms a chunk)."""
    today = local_today()
    numbers = sorted({r.data["id_number"] for r in rows if r.data.get("id_number")})
    holders: dict[str, Any] = {}
    by_number = select(*MATCHED, visible(Beneficiary, user).label("seen"))
    for part in _chunks(numbers):
        for person in db.session.execute(by_number.where(_among(Beneficiary.id_number, part))):
            holders[person.id_number] = person
    found: dict[int, Any] = {}
    rest: list[Row] = []
    for row in rows:
        number = row.data.get("id_number")
        if number and number in holders:
            found[row.number] = holders[number]
        else:
            rest.append(row)
    names = sorted({r.name for r in rest if r.name})
    groups = sorted({r.group for r in rest if r.group})
    by_name: dict[tuple[str, str], list] = {}
    for part in _chunks(names):
        stmt = scoped(Beneficiary, user, select(*MATCHED, true().label("seen"))).where(
            _among(Beneficiary.name, part), Beneficiary.group.in_(groups))
        for person in db.session.execute(stmt):
            by_name.setdefault((person.group, person.name), []).append(person)
    villages = village_ids({p.place_id for people in by_name.values() for p in people})
    for row in rest:
        number = row.data.get("id_number")
        for person in by_name.get((row.group, row.name), []):
            if (villages.get(person.place_id) == row.village_id and _same_birth(row, person, today)
                    and not (number and person.id_number and person.id_number != number)):
                found[row.number] = person
                break
    return found


@contextmanager
def _plan_each_query():
    """On PostgreSQL, plan each lookup inside for its own names (then back to the session's setting).

    After the driver has run one of these 500-name lookups five times it is prepared, and PostgreSQL may
    switch to a generic plan that, not knowing the names, uses the trigram index on names; right after a
    large import, with its new names still in that index's pending list, each lookup then took 5 s
    instead of 20 ms (issue 16).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    yield  # an error inside rolls the transaction back, and the setting with it
    db.session.execute(text("RESET plan_cache_mode"))


def mark_against_ledger(rows: list[Row], user, update: bool) -> None:
    """Mark rows already in the ledger: duplicate (skipped), update or same. Only an update reads the
    matched records and their profiles whole, to say which fields change."""
    candidates = [r for r in rows if r.outcome != "error"]
    found = _ledger_matches(candidates, user)
    plugins = current_plugins()
    same_group = {row.number for row in candidates if (person := found.get(row.number)) is not None
                  and person.seen and person.group == row.group}
    records = _records([found[n].id for n in same_group]) if update else {}
    profiles = _profiles({(p.group, p.id) for p in records.values()}) if update else {}
    traits = _traits(list(records)) if update and any(row.traits is not None for row in candidates) else {}
    villages = villages_of({p.place_id for p in records.values()})
    field_names: dict[str, dict[str, str]] = {}  # per group, once (each row built them anew, issue 32)
    for row in candidates:
        person = found.get(row.number)
        if person is None:
            continue
        if not person.seen:
            row.problem("公民身份证号码", _l("another record outside your area has this ID-card number"))
        elif person.group != row.group:
            row.problem("公民身份证号码", _l("already in the ledger of %(group)s: %(name)s",
                                            group=plugins.group(person.group).name, name=person.name))
        else:
            row.existing_id, row.note = person.id, person.name
            if not update:
                row.outcome = "duplicate"
            else:
                changes = changed_fields(row, records[person.id], profiles.get(person.id), villages)
                if row.traits is not None and set(row.traits) != traits.get(person.id, set()):
                    changes.append("traits")
                row.outcome = "update" if changes else "same"
                if row.group not in field_names:
                    field_names[row.group] = _field_names(row.group)
                names = field_names[row.group]
                row.note = "、".join(names.get(name, name) for name in changes)


def _traits(ids: list[int]) -> dict[int, set[str]]:
    """The traits the people carry (the duties' trait table; none when the duties feature is off)."""
    from ..duties.traits import traits_of
    return traits_of(ids)


#: What an update compares of a ledger record: the fields a sheet sets, read as plain rows (10,000 records
#: loaded whole, their JSON columns decoded, took a third of an updating re-import's preview, issue 32).
COMPARED = (Beneficiary.id, Beneficiary.group, Beneficiary.place_id,
            *(getattr(Beneficiary, name) for name in CORE_COMPARED))


def _records(ids: list[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for part in _chunks(sorted(ids)):
        out.update((p.id, p) for p in db.session.execute(select(*COMPARED).where(_among(Beneficiary.id, part))))
    return out


def villages_of(place_ids) -> dict[int, int]:
    """The village of each place (a grid's parent, else itself), a chunk of places per statement."""
    out: dict[int, int] = {}
    for part in _chunks(sorted(place_ids)):
        out.update(village_ids(part))
    return out


def _field_names(group: str) -> dict[str, str]:
    """The column header of each field, to say which fields an update changes."""
    from .columns import export_columns
    names = {c.field: c.name for c in export_columns(group)}
    names["place"] = names["village"]
    return names


def _profiles(keys: set[tuple[str, int]]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    plugins = current_plugins()
    for group in {g for g, _ in keys}:
        model = plugins.group(group).profile_model
        # The profile's fields as a plain row, each under its attribute's name (as the sheet's fields are named).
        fields = [getattr(model, attr.key).label(attr.key) for attr in inspect(model).column_attrs]
        ids = sorted(i for g, i in keys if g == group)
        for part in _chunks(ids):
            for profile in db.session.execute(select(*fields).where(_among(model.beneficiary_id, part))):
                out[profile.beneficiary_id] = profile
    return out


def update_data(row: Row) -> dict[str, Any]:
    """The core fields a sheet row sets on an existing record: those it has (an estimated birth date never
    replaces a recorded one)."""
    data = {k: v for k, v in row.data.items() if k in CORE_COMPARED}
    if row.data.get("notes_extra"):
        data.pop("birth_date", None)
        data["notes"] = composed_notes(row)
    return data


def composed_notes(row: Row) -> str:
    """The notes a row writes: the sheet's, then why the birth date is an estimate."""
    return "\n".join(t for t in (row.data.get("notes"), row.data.get("notes_extra")) if t)


def _same(a, b) -> bool:
    return (a or None) == (b or None)


_DATED_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}: ")


def _same_notes(kept: str | None, sheet: str | None) -> bool:
    """The record's notes are the sheet's, followed at most by dated lines the portal added (a reason to
    keep someone outside the group's rule), which a re-import leaves alone."""
    kept, sheet = kept or "", sheet or ""
    if kept == sheet:
        return True
    rest = kept[len(sheet):] if kept.startswith(sheet) else None
    lines = (rest or "").lstrip("\n").split("\n")
    return rest is not None and (not sheet or rest.startswith("\n")) and all(_DATED_LINE.match(line) for line in lines)


def changed_fields(row: Row, person, profile, villages: dict[int, int] | None = None) -> list[str]:
    """The fields the sheet would change on the record (none: re-importing changes nothing); ``person`` and
    ``profile`` anything with the fields as attributes (a record, a plain row); ``villages`` as
    :func:`villages_differ` takes it."""
    changes = [k for k, v in update_data(row).items()
               if not (_same_notes(person.notes, v) if k == "notes" else _same(getattr(person, k), v))]
    if villages_differ(row, person, villages):
        changes.append("place")
    changes += [k for k, v in row.profile.items() if profile is None or not _same(getattr(profile, k), v)]
    return changes


def villages_differ(row: Row, person, villages: dict[int, int] | None = None) -> bool:
    """The sheet puts the person somewhere else: another village, or another named sub-place. ``villages``:
    the village of the person's place when the caller read it already (:func:`villages_of`), else it is read
    here (a statement for this row)."""
    if row.data.get("place_id") == person.place_id:
        return False
    if row.data.get("place_id") != row.village_id:
        return True
    village = villages.get(person.place_id) if villages is not None else None
    if village is None:
        village = village_ids([person.place_id])[person.place_id]
    return village != row.village_id
