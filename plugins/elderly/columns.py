"""The elderly's spreadsheet columns: children's whereabouts and contacts, care, health (001 篇十七, 002)."""
from __future__ import annotations

from portal.plugin import ImportColumn, cells

from .forms import FAMILY, SELF_CARE


def _yes_no(value):
    return "是" if value else "否"


IMPORT_COLUMNS = [
    ImportColumn("name", {"zh": "姓名", "en": "Name"}, ("老人姓名", "留守老人姓名"), core=True, export=False),
    ImportColumn("children_whereabouts", {"zh": "子女去向及联系方式", "en": "Where the children are, and how to reach them"},
                 ("子女去向", "子女去向及联系电话", "子女务工地点", "子女情况")),
    ImportColumn("children_whereabouts", {"zh": "子女联系电话", "en": "Children's phone"}, ("子女电话", "子女联系方式"),
                 prefix="电话", export=False),
    ImportColumn("children_whereabouts", {"zh": "子女姓名", "en": "Children's names"}, (), prefix="子女",
                 export=False),
    ImportColumn("children_all_away", {"zh": "子女均在县外", "en": "All children are outside the county"},
                 parse=cells.yes_no, show=_yes_no),
    ImportColumn("children_away_since", {"zh": "子女外出时间", "en": "Children away since"}, parse=cells.a_date),
    ImportColumn("income_source", {"zh": "经济来源", "en": "Income source"}, ("主要经济来源", "收入来源")),
    ImportColumn("family_structure", {"zh": "家庭结构", "en": "Family structure"}, ("居住情况", "居住方式"),
                 parse=cells.choice(FAMILY, {"与配偶同住": "couple", "老两口": "couple", "空巢": "couple"}),
                 show=lambda code: cells.label_of(FAMILY, code)),
    ImportColumn("self_care", {"zh": "自理能力", "en": "Self-care"}, ("自理情况", "生活自理能力"),
                 parse=cells.choice(SELF_CARE, {"自理": "full", "完全自理": "full", "半自理": "partial",
                                                "不能自理": "none"}),
                 show=lambda code: cells.label_of(SELF_CARE, code)),
    ImportColumn("health", {"zh": "健康状况", "en": "Health"}, ("身体状况", "身体情况")),
    ImportColumn("carer", {"zh": "照料人", "en": "Who looks after them"}, ("照料情况", "照料人姓名", "日常照料人")),
    ImportColumn("proxy_shopper", {"zh": "代购代办人", "en": "Named proxy shopper"}, ("代办人",)),
]

CATEGORY_NAMES = {"独居老人": "alone", "高龄老人": "high_age", "失能老人": "disabled",
                  "半失能老人": "disabled", "失独老人": "lost_only_child", "特困老人": "poor", "低保老人": "poor",
                  "空巢老人": "ordinary"}
