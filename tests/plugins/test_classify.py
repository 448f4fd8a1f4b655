"""The children's class from what a sheet says (004 二(一)), when the sheet gives none: plain functions."""
from datetime import date
from types import SimpleNamespace

import pytest

from plugins.children.rules import DEFAULT_SETTINGS, SERVICES_BY_CATEGORY, classify

TODAY = date(2026, 12, 7)


def kid(birth=date(2016, 5, 1)):
    return SimpleNamespace(birth_date=birth, age_on=lambda day: day.year - birth.year - (
        (day.month, day.day) < (birth.month, birth.day)))


def profile(father="away", mother="away"):  # the profile's defaults say "away"; only the sheet may tell
    return SimpleNamespace(father_status=father, mother_status=mother)


@pytest.mark.parametrize("sheet, father, mother, expected", [
    ({"父亲务工地点": "广东东莞", "母亲务工地点": "浙江宁波"}, "away", "away", "left_behind"),
    ({"父母务工地": "深圳"}, "away", "away", "left_behind"),
    ({"父亲情况": "外出务工", "母亲情况": "重病"}, "away", "seriously_ill", "left_behind"),
    ({"父亲情况": "去世", "母亲情况": "去世"}, "deceased", "deceased", "orphan"),
    ({"父亲情况": "去世", "母亲情况": "失踪"}, "deceased", "missing", "orphan"),
    ({"父亲情况": "服刑", "母亲情况": "重残"}, "imprisoned", "disabled", "unsupported"),
    ({"父亲情况": "死亡", "母亲情况": "服刑"}, "deceased", "imprisoned", "unsupported"),
    ({"是否低保": "是", "身体情况": "肢体残疾二级"}, "away", "away", "disabled_low_income"),
    ({"是否低保": "是", "残疾类别": "智力三级"}, "away", "away", "disabled_low_income"),
    ({"是否低保": "是", "身体情况": "健康"}, "away", "away", "low_income"),
    ({"父亲务工地点": "东莞"}, "away", "away", None),             # the mother's situation is not said
    ({"父亲情况": "在家", "母亲情况": "外出"}, "home", "away", None),   # one parent at home and able
    ({}, "away", "away", None),                                   # nothing said: the defaults do not count
])
def test_a_childs_class_from_the_sheet(sheet, father, mother, expected):
    assert classify(kid(), profile(father, mother), sheet, DEFAULT_SETTINGS, TODAY) == expected


def test_parents_away_past_16_is_no_left_behind_child():
    sheet = {"父亲务工地点": "东莞", "母亲务工地点": "宁波"}
    assert classify(kid(date(2009, 1, 1)), profile(), sheet, DEFAULT_SETTINGS, TODAY) is None


def test_classes_1_to_3_need_a_caring_family():
    """004 三(三): 1-3类儿童要确保至少有一户爱心干部职工家庭结对帮扶; classes 4-6 as each place decides."""
    assert {c for c, s in SERVICES_BY_CATEGORY.items() if "caring_pairing" in s} == {
        "orphan", "unsupported", "disabled_low_income"}


def test_every_elder_gets_the_weekly_visit_and_those_losing_self_care_daily_care():
    """002 主要方式 1-2: a weekly greeting visit for each elder; chores or shopping for those who cannot get about."""
    from plugins.elderly.rules import CATEGORIES, SERVICES_BY_CATEGORY as ELDERLY
    assert all("weekly_visit" in ELDERLY[c.code] for c in CATEGORIES)
    assert {c for c, s in ELDERLY.items() if "daily_care" in s} == {"disabled", "dementia"}


def test_every_woman_gets_the_monthly_heart_to_heart_pairing():
    """000 留守妇女结对帮扶制度: 每月一次开展谈心交流活动 with a grid head or cadre."""
    from plugins.women.rules import CATEGORIES, SERVICES_BY_CATEGORY as WOMEN
    assert all(WOMEN[c.code] == ("heart_talk",) for c in CATEGORIES)
