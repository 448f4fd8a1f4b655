"""Volunteers imported the same way as the ledger: name, gender, phone, village, kind, services with capacity,
skills; previewed row by row, duplicates (same name and phone) skipped or updated, written all or nothing."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from ..core.scoping import scoped
from ..core.texts import vocabularies
from ..extensions import db
from ..plugin.manager import current_plugins
from ..plugin.records import ImportColumn
from ..volunteers.models import Volunteer
from ..volunteers.profile import save_volunteer
from . import cells
from .cells import CellError
from .columns import Columns, normal
from .commit import record_import, refused_preview
from .header import find_header, is_blank, is_column_numbers, is_sign_off
from .models import ImportRun
from .places import PlaceFinder
from .preview import Preview
from .rows import Row

GROUP = "volunteers"  # the Columns key of the volunteers' columns (no group of the ledger)


def _vocabulary_choice(name: str):
    def parse(value):
        return cells.choice(vocabularies().choices(name))(value)
    return parse


def _split(text: str, separators: str = "、,，;；/\n") -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]+", text) if part.strip()]


_COUNTED = re.compile(r"(.+?)\s*(?:[×xX*]\s*(\d+)|（(\d+)人?）|\((\d+)人?\))?")


def parse_services(value: Any) -> dict[str, int]:
    """"结对帮扶×2；每周探访" -> {service key: capacity}: names (or keys) with an optional ×n (default 1)."""
    known: dict[str, str] = {}
    for service in current_plugins().services.values():
        for name in (*service.names.values(), service.key):
            known.setdefault(cells.normal_word(name), service.key)
    found: dict[str, int] = {}
    for piece in _split(cells.text(value), ";；\n"):
        # A service's own name may hold "、" ("日常照料（家务、代购）"): the whole piece first, then its parts.
        parts = [piece] if _known(piece, known) else _split(piece, "、,，")
        for part in parts:
            match = _COUNTED.fullmatch(part)
            name, number = match.group(1), next((g for g in match.groups()[1:] if g), "1")
            key = known.get(cells.normal_word(name))
            if key is None:
                raise CellError(_l("%(value)s is no service this portal offers", value=name))
            found[key] = int(number)
    return found


def _known(piece: str, known: dict[str, str]) -> bool:
    return cells.normal_word(_COUNTED.fullmatch(piece).group(1)) in known


def parse_skills(value: Any) -> list[str]:
    """Skill labels (or codes); a skill not in the list is kept as written ("other")."""
    known = {cells.normal_word(str(label)): code for code, label in vocabularies().choices("skills")}
    known.update({cells.normal_word(code): code for code in vocabularies().codes("skills")})
    return [known.get(cells.normal_word(s), s) for s in _split(cells.text(value))]


def volunteer_columns() -> list[ImportColumn]:
    """The volunteers' columns, read on import and written (in the user's language) on export."""
    return [
        ImportColumn("name", {"zh": "姓名", "en": "Name"}, ("志愿者姓名",), core=True),
        ImportColumn("gender", {"zh": "性别", "en": "Gender"}, parse=cells.gender, core=True),
        ImportColumn("phone", {"zh": "联系电话", "en": "Phone"}, ("电话", "手机", "手机号码", "联系方式"), parse=cells.phone,
                     core=True),
        ImportColumn("village", {"zh": "村（社区）", "en": "Village"}, ("村", "所在村", "村名", "所属村"), core=True),
        ImportColumn("kind", {"zh": "类型", "en": "Kind"}, ("志愿者类型", "身份", "人员类型"),
                     parse=_vocabulary_choice("volunteer_kinds"), core=True),
        ImportColumn("services", {"zh": "服务", "en": "Services"}, ("服务项目", "可提供的服务", "帮扶服务"),
                     parse=parse_services, core=True),
        ImportColumn("skills", {"zh": "技能", "en": "Skills"}, ("特长", "专长"), parse=parse_skills, core=True),
        ImportColumn("status", {"zh": "状态", "en": "Status"}, parse=_vocabulary_choice("volunteer_statuses"),
                     core=True),
    ]


def _columns() -> Columns:
    mine = {}
    canonical = {}
    for column in volunteer_columns():
        for header in column.headers:
            canonical.setdefault(normal(header), column.names["zh"])
            mine.setdefault(normal(header), column)
    return Columns(canonical, {GROUP: mine}, [c.names["zh"] for c in volunteer_columns()])


def _read(number: int, cells_: list, header, columns: Columns, finder: PlaceFinder) -> Row:
    row = Row(number, group=GROUP)
    values: dict[str, Any] = {}
    for index, meaning in sorted(header.mapping.items()):
        column = columns.column(GROUP, meaning)
        raw = cells_[index] if index < len(cells_) else ""
        title = header.titles[index].split("/")[-1]
        if column is None or cells.text(raw) == "":
            continue
        try:
            values[column.field] = (column.parse(raw) if column.parse else cells.plain(raw), title)
        except CellError as error:
            row.problem(title, error)
    row.name = values.get("name", ("", ""))[0]
    for field, message in (("name", _l("empty: every person needs a name")), ("gender", _l("empty: 男 or 女")),
                           ("phone", _l("empty: a volunteer needs a phone number"))):
        if not values.get(field, (None,))[0]:
            row.problem({"name": "姓名", "gender": "性别", "phone": "联系电话"}[field], message)
    row.data = {k: v for k, (v, _t) in values.items() if k not in ("village", "services")}
    row.profile = values.get("services", ({}, ""))[0]
    try:
        village = finder.village(values.get("village", ("", ""))[0])
        row.data["place_id"], row.village_id = village.id, village.id
    except CellError as error:
        row.problem(values.get("village", ("", "村（社区）"))[1] or "村（社区）", error)
    return row


def preview_volunteers(user, filename: str, content: bytes | list, place, update: bool = False,
                       mapping: dict[int, str] | None = None) -> Preview:
    """Read a volunteers sheet (unless ``content`` is its rows already) and mark each row new, duplicate,
    update or error; write nothing."""
    from .preview import sheet_rows
    preview = Preview(filename, columns=_columns())
    rows = sheet_rows(preview, filename, content)
    if rows is None:
        return preview
    header = find_header(rows, preview.columns)
    if header is None:
        preview.problems.append(str(_l("No table header found: a row naming the columns, 姓名 among them.")))
        return preview
    if mapping is not None:
        header.mapping = {i: m for i, m in mapping.items() if m and i < len(header.titles)}
    preview.header = header
    finder = PlaceFinder(user, place)
    for index in range(header.data_start, len(rows)):
        if not (is_blank(rows[index]) or is_sign_off(rows[index]) or is_column_numbers(rows[index])):
            preview.rows.append(_read(index + 1, rows[index], header, preview.columns, finder))
    _mark_duplicates(preview.rows, user, update)
    return preview


def _mark_duplicates(rows: list[Row], user, update: bool) -> None:
    """The same name and phone twice in the file is an error; once in the portal, skipped or updated."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (row.name, row.data.get("phone"))
        if row.outcome != "error" and key in seen:
            row.problem("姓名", _l("the same person as row %(row)s", row=seen[key]))
        seen.setdefault(key, row.number)
    names = sorted({r.name for r in rows if r.name})
    existing = {(v.name, v.phone): v for v in db.session.execute(
        scoped(Volunteer, user).where(Volunteer.name.in_(names))).scalars()} if names else {}
    for row in rows:
        found = existing.get((row.name, row.data.get("phone")))
        if row.outcome == "error" or found is None:
            continue
        row.existing_id, row.note = found.id, found.name
        changes = [k for k, v in row.data.items() if getattr(found, k) != v]
        if row.profile and row.profile != {s.service: s.capacity for s in found.services}:
            changes.append("services")
        row.outcome = ("update" if changes else "same") if update else "duplicate"


def commit_volunteers(actor, preview: Preview, place_id: int,
                      progress: Callable[[float], None] | None = None) -> ImportRun:
    """Write the new and changed volunteers; imported volunteers wait for review unless the sheet says
    otherwise (a background check is still needed, 004). Audited; the caller commits. ``progress(fraction)``,
    when given, hears how far the writing is (0 to 1), every 100 rows."""
    if not preview.ok:
        raise refused_preview(preview)
    written = {"new": 0, "update": 0}
    for number, row in enumerate(preview.rows, 1):
        if progress is not None and number % 100 == 0:
            progress(number / len(preview.rows))
        if row.outcome == "new":
            volunteer = Volunteer(status=row.data.get("status", "pending"), kind="other")
            save_volunteer(actor, volunteer, row.data, row.profile)
        elif row.outcome == "update":
            volunteer = db.session.get(Volunteer, row.existing_id)
            capacities = row.profile or {s.service: s.capacity for s in volunteer.services}
            save_volunteer(actor, volunteer, {**row.data}, capacities)
            if "status" in row.data:
                volunteer.status = row.data["status"]
        else:
            continue
        written[row.outcome] += 1
    run = record_import(actor, preview, place_id, written, what="volunteers")
    return run
