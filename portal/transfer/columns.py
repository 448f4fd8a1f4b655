"""Which column is which: the core columns, the groups' own (a hook), and the header matching them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..plugin.manager import current_plugins
from ..plugin.records import ImportColumn
from . import cells

# The core's columns (a group's own words for them, such as 儿童姓名, come from its plugin: a column of
# the same field and Chinese name, ``core=True``, ``export=False``). The fields named here and not on the
# record (age, village, grid, household head, category) are read by the row builder (rows.py); "notes"
# columns keep what the record has no field for.
CORE_COLUMNS = [
    ImportColumn("name", {"zh": "姓名", "en": "Name"}, ("名字",),
                 core=True),
    ImportColumn("gender", {"zh": "性别", "en": "Gender"}, (), parse=cells.gender, core=True,
                 show=lambda code: {"M": "男", "F": "女"}.get(code, "")),
    ImportColumn("birth_date", {"zh": "出生日期", "en": "Date of birth"},
                 ("出生年月", "出生年月日", "出生时间", "生日"), parse=cells.birth_date, core=True),
    ImportColumn("age", {"zh": "年龄", "en": "Age"}, ("周岁", "年龄（岁）"), parse=cells.age, core=True, export=False),
    ImportColumn("id_number", {"zh": "公民身份证号码", "en": "ID-card number"},
                 ("身份证号", "身份证号码", "身份证", "公民身份号码", "居民身份证号码", "证件号码"), parse=cells.id_number,
                 core=True),
    ImportColumn("phone", {"zh": "联系电话", "en": "Phone"}, ("电话", "电话号码", "手机", "手机号码", "联系方式", "本人电话"),
                 parse=cells.phone, core=True),
    ImportColumn("village", {"zh": "村（社区）", "en": "Village"}, ("村", "村名", "所在村", "村别", "行政村", "社区",
                 "村居", "所属村", "村(社区)"), core=True),
    ImportColumn("grid", {"zh": "组别", "en": "Group (组)"}, ("组", "村民小组", "小组", "所在组", "网格"), core=True),
    ImportColumn("address", {"zh": "家庭住址", "en": "Address"}, ("现居住地", "住址", "家庭地址", "居住地址", "现住址",
                 "详细地址", "户籍地址", "现居住地址"), core=True),
    ImportColumn("household_head", {"zh": "户主姓名", "en": "Head of household"}, ("户主",), core=True),
    ImportColumn("category", {"zh": "身份类别", "en": "Category"}, ("类别", "人员类别", "对象类别", "身份", "类型",
                 "人员类型", "帮扶对象类别"), core=True),
    ImportColumn("living_situation", {"zh": "居住情况", "en": "Living situation"}, ("生活情况",), core=True),
    ImportColumn("notes", {"zh": "备注", "en": "Notes"}, ("说明",), core=True),
    ImportColumn("notes", {"zh": "民族", "en": "Ethnic group"}, (), prefix="民族", core=True, export=False),
]
#: Headers of columns that carry nothing to keep (a row number): ignored, and listed as ignored.
IGNORED_HEADERS = {"序号", "编号", "No", "No.", "序"}


def normal(header) -> str:
    """A header as compared: no spaces, stars, colons or line breaks; ASCII brackets; lower case."""
    text = cells.text(header).translate(str.maketrans("（）：", "():"))
    return re.sub(r"[\s*★:]+", "", text).lower()


def without_notes(header: str) -> str:
    """A normal header without what its brackets add ("出生日期(年月日)" is "出生日期")."""
    return re.sub(r"\([^)]*\)", "", header)


@dataclass(frozen=True)
class Columns:
    """The columns an import of some groups knows: header (normalised) -> canonical header, and per group
    canonical header -> column (core first, so "姓名" is always the person's name)."""

    canonical: dict[str, str]
    by_group: dict[str, dict[str, ImportColumn]]
    choices: list[str]

    def known(self, header: str) -> str | None:
        """The canonical header a sheet's header means, or None."""
        key = normal(header)
        return self.canonical.get(key) or self.canonical.get(without_notes(key))

    def column(self, group: str, canonical: str) -> ImportColumn | None:
        return self.by_group.get(group, {}).get(normal(canonical))


def columns_for(groups: list[str]) -> Columns:
    """The columns known when a sheet is imported into ``groups`` (several for a mixed sheet)."""
    canonical: dict[str, str] = {}
    by_group: dict[str, dict[str, ImportColumn]] = {}
    choices: list[str] = []
    plugins = current_plugins()
    for group in groups:
        mine: dict[str, ImportColumn] = {}
        for column in [*CORE_COLUMNS, *plugins.import_columns(group)]:
            name = column.names["zh"]
            if name not in choices:
                choices.append(name)
            for header in column.headers:
                key = normal(header)
                canonical.setdefault(key, name)
                mine.setdefault(key, column)
            mine.setdefault(normal(name), column)
        by_group[group] = mine
    # A group column named like another group's synonym ("身体情况") reaches each group's own field.
    for mine in by_group.values():
        for key, name in canonical.items():
            if key in mine:
                mine.setdefault(normal(name), mine[key])
    return Columns(canonical, by_group, choices)


def export_columns(group: str) -> list[ImportColumn]:
    """The columns a list of ``group`` exports, in order: the core's, then the group's own."""
    return [c for c in [*CORE_COLUMNS, *current_plugins().import_columns(group)] if c.export]
