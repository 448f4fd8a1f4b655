"""The women's spreadsheet columns: the husband away, health, skills and jobs wanted (000, 002)."""
from __future__ import annotations

from portal.core.time import local_today
from portal.plugin import ImportColumn, cells


def _years_ago(value):
    return cells.years_ago(value, local_today())


IMPORT_COLUMNS = [
    ImportColumn("name", {"zh": "姓名", "en": "Name"}, ("妇女姓名", "留守妇女姓名"), core=True, export=False),
    # Women's lists seldom have a 性别 column: every row is a woman (002).
    ImportColumn("gender", {"zh": "性别", "en": "Gender"}, parse=cells.gender, core=True, export=False, default="F"),
    ImportColumn("husband_name", {"zh": "丈夫姓名", "en": "Husband's name"}, ("配偶姓名",)),
    ImportColumn("husband_work_place", {"zh": "丈夫务工地", "en": "Where the husband works"},
                 ("丈夫务工地点", "丈夫外出务工地点", "配偶务工地点")),
    ImportColumn("husband_away_since", {"zh": "丈夫外出时间", "en": "Husband away since"}, parse=cells.a_date),
    # "丈夫外出年限" (years away) gives the date he left, estimated from today (002: away 6+ months).
    ImportColumn("husband_away_since", {"zh": "丈夫外出年限", "en": "Years the husband has been away"},
                 ("外出年限", "丈夫外出务工年限"), parse=_years_ago, export=False),
    ImportColumn("husband_phone", {"zh": "丈夫电话", "en": "Husband's phone"}, ("丈夫联系电话", "配偶电话"),
                 parse=cells.phone),
    ImportColumn("health", {"zh": "健康状况", "en": "Health"}, ("身体状况", "身体情况")),
    ImportColumn("mental_health", {"zh": "心理健康", "en": "Mental health"}),
    ImportColumn("last_screening", {"zh": "最近一次“两癌”筛查", "en": "Last two-cancer screening"},
                 ("两癌筛查时间", "最近一次两癌筛查"), parse=cells.a_date),
    ImportColumn("skills_wanted", {"zh": "希望学习的技能", "en": "Skills wanted"}, ("技能需求", "培训需求")),
    ImportColumn("jobs_wanted", {"zh": "就业意向", "en": "Jobs wanted"}, ("就业需求",)),
    ImportColumn("notes", {"zh": "文化程度", "en": "Education"}, ("学历",), prefix="文化程度", core=True, export=False),
]

CATEGORY_NAMES = {"困难妇女": "hardship", "患病妇女": "ill"}
