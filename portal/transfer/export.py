"""Lists to spreadsheets: .xlsx (openpyxl's write-only mode, rows written as they are read) and .csv
(UTF-8 with the mark Excel and WPS need), streamed in chunks, never built in memory."""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..core.texts import vocabularies
from ..extensions import db
from ..ledger import idcard
from ..ledger.models import Beneficiary, Household
from ..places.models import Place
from ..plugin.manager import current_plugins
from .columns import export_columns

#: Rows read from the database at a time.
BATCH = 500
CHUNK_BYTES = 64 * 1024
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8"}


def may_read_id_numbers(user) -> bool:
    return idcard.access(user) == idcard.FULL


def _places() -> dict[int, Place]:
    return {p.id: p for p in db.session.execute(select(Place)).scalars()}


def ledger_rows(user, group: str, stmt: Select) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and the rows of a group's ledger list (``stmt``, scoped and filtered by the caller)."""
    columns = export_columns(group)
    plugins = current_plugins()
    g = plugins.group(group)
    model = g.profile_model
    whole_ids = may_read_id_numbers(user)
    header = [c.name for c in columns]

    def rows() -> Iterator[list[Any]]:
        places = _places()
        batch: list[Beneficiary] = []
        for person in db.session.execute(stmt.execution_options(yield_per=BATCH)).scalars():
            batch.append(person)
            if len(batch) == BATCH:
                yield from _ledger_batch(batch, columns, model, places, g, whole_ids)
                batch = []
        yield from _ledger_batch(batch, columns, model, places, g, whole_ids)
    return header, rows()


def _ledger_batch(people: list[Beneficiary], columns, model, places, group, whole_ids: bool):
    if not people:
        return
    ids = [p.id for p in people]
    profiles = {r.beneficiary_id: r for r in db.session.execute(
        select(model).where(model.beneficiary_id.in_(ids))).scalars()}
    household_ids = {p.household_id for p in people if p.household_id}
    heads = dict(db.session.execute(select(Household.id, Household.head_name).where(
        Household.id.in_(household_ids))).all()) if household_ids else {}
    for person in people:
        core = _core_values(person, places, group, heads, whole_ids)
        profile = profiles.get(person.id)
        out = []
        for column in columns:
            value = core.get(column.field) if column.core else getattr(profile, column.field, None)
            if not column.core and column.show is not None and value is not None:
                value = column.show(value)
            out.append(value)
        yield out


def _core_values(person: Beneficiary, places, group, heads, whole_ids: bool) -> dict[str, Any]:
    place = places.get(person.place_id)
    village, grid = place, None
    if place is not None and place.level == "grid" and place.parent_id in places:
        village, grid = places[place.parent_id], place
    category = group.category(person.category)
    return {"name": person.name, "gender": {"M": "男", "F": "女"}.get(person.gender, person.gender),
            "birth_date": person.birth_date,
            "id_number": (person.id_number if whole_ids else idcard.mask(person.id_number)) or "",
            "phone": person.phone or "", "village": village.name if village else "",
            "grid": grid.name if grid else "", "address": person.address, "household_head": heads.get(
                person.household_id, ""), "category": category.name if category else group.name,
            "living_situation": person.living_situation, "notes": person.notes}


def volunteer_rows(stmt: Select) -> tuple[list[str], Iterator[list[Any]]]:
    """The volunteers list: name, gender, phone, village, kind, services with capacity, skills, status."""
    from ..volunteers.models import Volunteer
    voc, plugins = vocabularies(), current_plugins()
    from .volunteers import volunteer_columns
    header = [c.name for c in volunteer_columns()]

    def rows():
        places = _places()
        loaded = stmt.options(selectinload(Volunteer.services)).execution_options(yield_per=BATCH)
        for v in db.session.execute(loaded).scalars():
            services = "；".join(f"{plugins.services[s.service].name if s.service in plugins.services else s.service}"
                                f"×{s.capacity}" for s in v.services)
            yield [v.name, {"M": "男", "F": "女"}.get(v.gender, v.gender), v.phone,
                   places[v.place_id].name if v.place_id in places else "", voc.label("volunteer_kinds", v.kind),
                   services, voc.labels("skills", v.skills), voc.label("volunteer_statuses", v.status)]
    return header, rows()


def pairing_rows(stmt: Select) -> tuple[list[str], Iterator[list[Any]]]:
    """The pairings of an area: person, village, service, helper role, helper, phone, since, status."""
    from ..assignment.models import Pairing
    voc, plugins = vocabularies(), current_plugins()
    header = [_("Person"), _("Village"), _("Service"), _("Helper role"), _("Helper"), _("Helper's phone"),
              _("Since"), _("Status")]

    def rows():
        places = _places()
        loaded = stmt.options(selectinload(Pairing.beneficiary), selectinload(Pairing.volunteer))
        for p in db.session.execute(loaded.execution_options(yield_per=BATCH)).scalars():
            service = plugins.services.get(p.service)
            yield [p.beneficiary.name, places[p.beneficiary.place_id].name, service.name if service else p.service,
                   voc.label("helper_roles", p.role), p.volunteer.name, p.volunteer.phone, p.started_on,
                   voc.label("pairing_statuses", p.status)]
    return header, rows()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """CSV in UTF-8 with a byte-order mark (so Excel and WPS read the Chinese), a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell_text(v) for v in row])
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(header: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> Iterator[bytes]:
    """An .xlsx written row by row (write-only mode) to a temporary file, then read out a chunk at a time.
    ID numbers and phones are text cells, so Excel keeps every digit."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK_BYTES):
            yield chunk


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, date, datetime)) and not isinstance(value, bool):
        return value
    return str(value)


def chunks(kind: str, header: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> Iterator[bytes]:
    return xlsx_chunks(header, rows, title) if kind == "xlsx" else csv_chunks(header, rows)
