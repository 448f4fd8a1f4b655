"""The elderly's spreadsheet columns: children's whereabouts and contacts, care, health (001 篇十七, 002)."""
from __future__ import annotations

from portal.plugin import ImportColumn, cells

from .forms import FAMILY, SELF_CARE
from .rules import TRAITS


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
    # Issue 28: an elder carries traits, several at once (001 篇十七, 002: "建立以空巢、高龄、特困、失能等为主的
    # 农村留守老人信息档案", 002 line 121); the duty rules key on them (the township cadre's weekly visit to the
    # empty-nest and living-alone, 001 篇十五). Read into the duties' trait table, not the profile; the
    # 身份类别 cell's words that are traits ("空巢老人") count too. Exported under the same header, the labels
    # joined with "、", so that an export imports again unchanged.
    ImportColumn("traits", {"zh": "老人特征", "en": "Traits"}, ("特征", "老人类型", "特殊情况", "困难类型"),
                 parse=cells.word_set(TRAITS.items(), {"空巢": "empty_nest", "独居": "alone", "半失能": "disabled",
                                                       "失能": "disabled", "失智": "dementia", "低保户": "dibao",
                                                       "特困供养": "tekun", "五保": "tekun", "五保户": "tekun"}),
                 show=lambda codes: "、".join(str(label) for code, label in TRAITS.items() if code in set(codes))),
]

CATEGORY_NAMES = {"独居老人": "alone", "高龄老人": "high_age", "失能老人": "disabled",
                  "半失能老人": "disabled", "失独老人": "lost_only_child", "特困老人": "poor", "低保老人": "poor",
                  "空巢老人": "ordinary"}
