"""One sheet row read into a record: its group (from 身份类别), its fields, its place, and every bad cell."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from ..core.time import local_today
from ..ledger import idcard, rules
from ..plugin.manager import current_plugins
from ..plugin.records import ImportColumn
from . import cells
from .cells import CellError
from .columns import Columns
from .header import Header
from .places import PlaceFinder

TEXT_LIMITS = {"name": 64, "address": 200, "living_situation": 200, "household_head": 64}


@dataclass
class Row:
    """A sheet row as the preview shows it and the commit writes it."""

    number: int                                   # the spreadsheet's row number (1 is the first row)
    name: str = ""
    group: str | None = None
    outcome: str = "new"                          # new, update, same, duplicate, error
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    data: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    age: int | None = None                        # when the birth date was estimated from an age
    village_id: int | None = None
    household_head: str = ""
    existing_id: int | None = None
    note: str = ""                                # what the outcome refers to ("row 9", a record's name)
    sheet: dict[str, str] = field(default_factory=dict)  # what the sheet says: column name -> cell text
    household_hint: str = ""                      # a name the household goes by when no head is given
    to_confirm: bool = False                      # no category from the sheet nor from the group's rules
    outside: str = ""                             # why the group's rule does not admit the person
    services: list[str] = field(default_factory=list)  # the services needed (keys), by the group's rules
    traits: list[str] | None = None               # the traits the sheet gives (a "traits" column), when it does

    def problem(self, column: str, message) -> None:
        self.problems.append((column, str(message)))
        self.outcome = "error"


#: The field of a group's import column that reads a person's traits (the words its duty rules key on): written
#: to the duties' trait table at the commit, not to the profile.
TRAITS_FIELD = "traits"


def category_words(groups: list[str]) -> dict[str, tuple[str, str | None]]:
    """What a 身份类别 cell may hold -> (group, category): group names, category names, the plugins' words."""
    plugins, words = current_plugins(), {}
    for code in groups:
        group = plugins.group(code)
        for name in group.names.values():
            words[cells.normal_word(name)] = (code, None)
        for category in group.categories:
            for name in category.names.values():
                words.setdefault(cells.normal_word(name), (code, category.code))
        for word, category in plugins.category_names(code).items():
            words[cells.normal_word(word)] = (code, category)
    return words


class RowReader:
    """Reads rows of one sheet: the header found, the columns known, the places of the user's jurisdiction."""

    def __init__(self, header: Header, columns: Columns, finder: PlaceFinder, default_group: str | None,
                 groups: list[str], today: date | None = None):
        self.header, self.columns, self.finder = header, columns, finder
        self.default_group, self.today = default_group, today or local_today()
        self.groups = groups
        self.words = category_words(list(current_plugins().groups))
        self.by_meaning = {}
        for index, meaning in header.mapping.items():
            self.by_meaning.setdefault(meaning, []).append(index)
        self.category_columns = self.by_meaning.get(columns.known("身份类别") or "", [])
        # Per group, once: each mapped cell's column and the group's columns with defaults (a 10,000-row
        # sheet looked them up 110,000 times, issue 16).
        self._mapped: dict[str, list[tuple[int, ImportColumn | None]]] = {}
        self._defaults: dict[str, list[ImportColumn]] = {}
        self._traits: dict[str, ImportColumn | None] = {}   # the group's traits column (a hook call per row before)
        self._limits: dict[tuple[str, bool, str], int | None] = {}
        self._plans: dict[str, list[tuple]] = {}
        # Each column's title, once (a 10,000-row sheet built them 170,000 times).
        self._titles = [title.split("/")[-1] if title else f"#{index + 1}" for index, title in enumerate(header.titles)]

    def _columns_of(self, group: str) -> tuple[list[tuple[int, ImportColumn | None]], list[ImportColumn]]:
        if group not in self._mapped:
            self._mapped[group] = [(index, self.columns.column(group, meaning))
                                   for index, meaning in sorted(self.header.mapping.items())]
            self._defaults[group] = [c for c in current_plugins().import_columns(group) if c.default is not None]
        return self._mapped[group], self._defaults[group]

    def _plan(self, group: str) -> list[tuple]:
        """What reading a row of the group does with each mapped cell, worked out once per group (issue 32):
        (index, column, parser, the column's Chinese name, title, length limit, field key)."""
        if group not in self._plans:
            mapped, _defaults = self._columns_of(group)
            self._plans[group] = [
                (index, column, column.parse or cells.plain, column.names["zh"], self._titles[index],
                 self._limit(group, column.core, column.field), (column.core, column.field))
                for index, column in mapped if column is not None and column.field != "category"]
        return self._plans[group]

    def _traits_column(self, group: str) -> ImportColumn | None:
        if group not in self._traits:
            self._traits[group] = next((c for c in current_plugins().import_columns(group)
                                        if c.field == TRAITS_FIELD), None)
        return self._traits[group]

    def title(self, index: int) -> str:
        return self._titles[index]

    def read(self, number: int, cells_: list, texts: list[str] | None = None) -> Row:
        """The row numbered ``number`` of the sheet from its cells (``texts``: each as ``cells.text`` gives it,
        when the caller has read them already)."""
        row = Row(number)
        if texts is None:
            texts = [cells.text(c) for c in cells_]
        self._group(row, texts)
        if row.group is None:
            return row
        if row.group not in self.groups:
            row.problem(self.title(self.category_columns[0]) if self.category_columns else "身份类别",
                        _l("You may not add people to this group."))
            return row
        values = self._values(row, cells_, texts)
        self._core(row, values)
        self._place(row, values)
        return row

    def _cell(self, cells_: list, index: int):
        return cells_[index] if index < len(cells_) else ""

    def _group(self, row: Row, texts: list[str]) -> None:
        """The row's group and category from its 身份类别 cell, else the group the user chose."""
        for index in self.category_columns:
            raw = self._cell(texts, index)
            if raw:
                found = self.words.get(cells.normal_word(raw))
                if found is None:
                    row.problem(self.title(index), _l("%(value)s is no category this portal knows", value=raw))
                    return
                row.group, category = found
                if category:  # a group's name alone ("留守老人") leaves a record's category as it is
                    row.data["category"] = category
                self._category_traits(row, raw)
                return
        if self.default_group is None:
            column = self.title(self.category_columns[0]) if self.category_columns else "身份类别"
            row.problem(column, _l("empty: say which group the person belongs to, or choose a group"))
            return
        row.group = self.default_group

    def _category_traits(self, row: Row, raw: str) -> None:
        """A category word that is also a trait of the group ("空巢老人": an ordinary elder, empty-nest) gives the
        trait: the group's traits column reads it."""
        column = self._traits_column(row.group)
        if column is None or column.parse is None:
            return
        try:
            found = column.parse(raw)
        except CellError:
            return
        if found:
            row.traits = sorted(set(row.traits or ()) | set(found))

    def _values(self, row: Row, cells_: list, texts: list[str]) -> dict[str, Any]:
        """Every mapped cell parsed by its column for the row's group; several columns of one field joined
        ("父亲：东莞；母亲：深圳"). Returns the core values as {field: (value, column title)}."""
        found: dict[tuple[bool, str], list[tuple[ImportColumn, Any, str]]] = {}
        _mapped, with_defaults = self._columns_of(row.group)
        width, sheet = len(texts), row.sheet
        for index, column, parse, zh, title, limit, key in self._plan(row.group):
            shown = texts[index] if index < width else ""
            if shown == "":
                continue
            try:
                value = parse(cells_[index])
            except CellError as error:
                row.problem(title, error)
                continue
            if value is None or value == "":
                continue
            sheet.setdefault(zh, shown)
            if column.household and not row.household_hint:
                row.household_hint = shown
            if limit and isinstance(value, str) and len(value) > limit:
                row.problem(title, _l("longer than %(n)s characters", n=limit))
            found.setdefault(key, []).append((column, value, title))
        for column in with_defaults:
            if (column.core, column.field) not in found:
                found[(column.core, column.field)] = [(column, column.default, column.name)]
        core: dict[str, Any] = {}
        for (is_core, name), items in found.items():
            if len(items) == 1 and not items[0][0].prefix:
                value, title = items[0][1], items[0][2]
            else:
                items.sort(key=lambda item: bool(item[0].prefix))  # the field's own column first, then the parts
                value, title = "；".join(_part(c, v) for c, v, _t in items), items[0][2]
                limit = self._limit(row.group, is_core, name)
                if len(items) > 1 and limit and len(value) > limit:
                    row.problem(title, _l("longer than %(n)s characters", n=limit))
            if name == TRAITS_FIELD:     # not a profile field: the traits the duty rules key on (several columns add up)
                row.traits = sorted(set(row.traits or ()) | {t for _c, v, _t in items for t in (v or ())})
            elif is_core:
                core[name] = (value, title)
            else:
                row.profile[name] = value
        return core

    def _limit(self, group: str, core: bool, name: str) -> int | None:
        """The length a field's text may have (the record's or the profile's column), looked up once."""
        key = (group, core, name)
        if key not in self._limits:
            self._limits[key] = TEXT_LIMITS.get(name) if core else _profile_limit(group, name)
        return self._limits[key]

    def _core(self, row: Row, values: dict[str, Any]) -> None:
        name = values.get("name", ("", ""))[0]
        row.name = name
        if not name:
            row.problem("姓名", _l("empty: every person needs a name"))
        row.data["name"] = name
        number = values.get("id_number", (None, ""))[0]
        if "id_number" in values:
            row.data["id_number"] = number
        birth, estimated = values.get("birth_date", ((None, False), ""))[0]
        if number and birth and idcard.birth_date_of(number) != birth and not estimated:
            row.problem(values["birth_date"][1], rules.BIRTH_DIFFERS)
        if number and (birth is None or estimated):
            birth, estimated = idcard.birth_date_of(number), False
        if birth is None and "age" in values:
            row.age = values["age"][0]
            birth = _years_before(self.today, row.age)
            row.data["notes_extra"] = str(_l("Date of birth estimated from the age (%(age)s)", age=row.age))
        elif estimated:
            row.data["notes_extra"] = str(_l("Date of birth estimated from the year and month"))
        if birth is None:
            row.problem("出生日期", _l("empty: give the date of birth, the age or the ID-card number"))
        elif problem := rules.birth_date_problem(birth, self.today):  # the ledger's rule and words
            row.problem(values.get("birth_date", ("", "出生日期"))[1] or "出生日期", problem)
        row.data["birth_date"] = birth
        gender = values.get("gender", (None, ""))[0]
        if gender is None and number:
            gender = "M" if int(number[16]) % 2 else "F"
        if gender is None:
            row.problem("性别", _l("empty: 男 or 女"))
        row.data["gender"] = gender
        for name in ("phone", "address", "living_situation", "notes"):
            if name in values:
                row.data[name] = values[name][0]
        row.household_head = values.get("household_head", ("", ""))[0]
        row.data["_grid"] = values.get("grid", ("", ""))[0]
        row.data["_village"] = values.get("village", ("", ""))[0]

    def _place(self, row: Row, values: dict[str, Any]) -> None:
        """The village by name within the jurisdiction; "一组" the sub-place of that name, else in the address."""
        village_text, grid_text = row.data.pop("_village"), row.data.pop("_grid")
        try:
            village = self.finder.village(village_text)
        except CellError as error:
            row.problem(values.get("village", ("", "村（社区）"))[1] or "村（社区）", error)
            return
        place = village
        if grid_text:
            grid = self.finder.grid(village, grid_text)
            if grid is not None:
                place = grid
            elif grid_text not in (row.data.get("address") or ""):
                row.data["address"] = f"{grid_text}{row.data.get('address') or ''}"
        row.data["place_id"] = place.id
        row.village_id = self.finder.village_of(place.id)


def _part(column: ImportColumn, value) -> str:
    return f"{column.prefix}：{value}" if column.prefix else str(value)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _profile_limit(group: str, name: str) -> int | None:
    model = current_plugins().group(group).profile_model
    column = model.__table__.c.get(name)
    return getattr(column.type, "length", None) if column is not None else None
