"""Lists to spreadsheets: .xlsx (openpyxl's write-only mode, rows written as they are read) and .csv
(UTF-8 with the mark Excel and WPS need), streamed in chunks, never built in memory."""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..core.spreadsheets import csv_cell, xlsx_row
from ..core.texts import vocabularies
from ..extensions import db
from ..ledger import idcard
from ..ledger.models import Beneficiary, Household
from ..places.models import Place
from ..plugin.manager import current_plugins
from .columns import export_columns
from .rows import TRAITS_FIELD

#: Rows read from the database at a time.
BATCH = 500
CHUNK_BYTES = 64 * 1024
#: The whole Content-Type of each kind (given as ``content_type``: as a mimetype, Werkzeug would add a second
#: charset to the CSV's).
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8"}


def may_read_id_numbers(user) -> bool:
    return idcard.access(user) == idcard.FULL


def _places() -> dict[int, Place]:
    return {p.id: p for p in db.session.execute(select(Place)).scalars()}


def _place_names() -> dict[int, tuple[str, str, int | None]]:
    """{place id: (name, level, parent id)} as plain tuples: a county's 4,500 places without an ORM object each."""
    return {i: (name, level, parent) for i, name, level, parent in db.session.execute(
        select(Place.id, Place.name, Place.level, Place.parent_id)).all()}


#: The person's own fields an export writes, read as columns (no ORM object per person).
_CORE_FIELDS = ("name", "gender", "birth_date", "id_number", "phone", "place_id", "address", "household_id",
                "category", "living_situation", "notes")


def ledger_rows(user, group: str, stmt: Select) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and the rows of a group's ledger list (``stmt``, scoped and filtered by the caller).

    One streamed query (a server-side cursor on PostgreSQL, ``yield_per``) reads the person's columns with
    their profile's and their head of household's: memory stays flat and there is no ORM object or
    follow-up query per batch, whatever the size of the county.
    """
    columns = export_columns(group)
    g = current_plugins().group(group)
    model = g.profile_model
    whole_ids = may_read_id_numbers(user)
    header = [c.name for c in columns]
    profile_fields = sorted({c.field for c in columns if not c.core and c.field in model.__table__.c})
    with_traits = any(not c.core and c.field == TRAITS_FIELD for c in columns)
    picked = stmt.with_only_columns(*[getattr(Beneficiary, f) for f in _CORE_FIELDS], Household.head_name,
                                    *[getattr(model, f) for f in profile_fields], Beneficiary.id) \
        .outerjoin(model, model.beneficiary_id == Beneficiary.id) \
        .outerjoin(Household, Household.id == Beneficiary.household_id)

    def rows() -> Iterator[list[Any]]:
        places = _place_names()
        categories = {c.code: str(c.name) for c in g.categories}
        group_name = str(g.name)
        width = len(_CORE_FIELDS) + 1
        shows = {c.field: _remembered(c.show) for c in columns if not c.core and c.show is not None}
        for batch in _batches(db.session.execute(picked.execution_options(yield_per=BATCH))):
            traits = _traits_of([row[-1] for row in batch]) if with_traits else {}
            for row in batch:
                core = _core_values(dict(zip(_CORE_FIELDS, row)), row[width - 1], places, categories, group_name,
                                    whole_ids)
                profile = dict(zip(profile_fields, row[width:-1]))
                if with_traits:   # the duties' trait table, read per batch (the import's column of the same name)
                    profile[TRAITS_FIELD] = tuple(sorted(traits.get(row[-1], ())))
                out = []
                for column in columns:
                    value = core.get(column.field) if column.core else profile.get(column.field)
                    if not column.core and column.show is not None and value is not None:
                        value = shows[column.field](value)
                    out.append(value)
                yield out
    return header, rows()


def _batches(result) -> Iterator[list]:
    """The rows of a streamed result, :data:`BATCH` at a time."""
    batch = []
    for row in result:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _traits_of(ids: list[int]) -> dict[int, set[str]]:
    """The traits the people carry (the duties' trait table; none when the duties feature is off)."""
    from ..duties.traits import traits_of
    return traits_of(ids)


def _remembered(show):
    """``show`` answering each value once per export: a label looked up in the language for every row was
    a third of a county export's time. Values that cannot be a key (lists) are shown each time."""
    seen: dict = {}

    def remembered(value):
        try:
            if value not in seen:
                seen[value] = show(value)
            return seen[value]
        except TypeError:
            return show(value)
    return remembered


def _core_values(person: dict, head: str | None, places, categories: dict[str, str], group_name: str,
                 whole_ids: bool) -> dict[str, Any]:
    place = places.get(person["place_id"])
    village, grid = place, None
    if place is not None and place[1] == "grid" and place[2] in places:
        village, grid = places[place[2]], place
    return {"name": person["name"], "gender": {"M": "男", "F": "女"}.get(person["gender"], person["gender"]),
            "birth_date": person["birth_date"],
            "id_number": (person["id_number"] if whole_ids else idcard.mask(person["id_number"])) or "",
            "phone": person["phone"] or "", "village": village[0] if village else "",
            "grid": grid[0] if grid else "", "address": person["address"], "household_head": head or "",
            "category": categories.get(person["category"], group_name),
            "living_situation": person["living_situation"], "notes": person["notes"]}


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


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """CSV in UTF-8 with a byte-order mark (so Excel and WPS read the Chinese), a chunk at a time; every
    cell through ``csv_cell`` (a text that starts like a formula is neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(header: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> Iterator[bytes]:
    """An .xlsx written row by row (write-only mode) to a temporary file, then read out a chunk at a time.
    ID numbers and phones are text cells, so Excel keeps every digit; no text is ever a formula (``xlsx_cell``)."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(xlsx_row(sheet, header, ""))
    for row in rows:
        sheet.append(xlsx_row(sheet, row, ""))
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK_BYTES):
            yield chunk


def chunks(kind: str, header: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> Iterator[bytes]:
    return xlsx_chunks(header, rows, title) if kind == "xlsx" else csv_chunks(header, rows)
