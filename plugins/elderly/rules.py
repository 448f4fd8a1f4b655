"""The elderly rules: 60+, children away outside the county 6+ months (001 篇十七, 002); policy, visits."""
from __future__ import annotations

from datetime import date

from portal.plugin import (AssistanceHint, Category, DutyRule, Eligibility, HealthRules, IncidentStep, IncidentType, MatchingPolicy,
                           PeriodicService, Text, VisitRule, months_between)

CATEGORIES = (
    Category("poor", {"zh": "低保·特困", "en": "Poor"}, 2),
    Category("disabled", {"zh": "失能·半失能", "en": "Disabled or losing self-care"}, 2),
    Category("dementia", {"zh": "认知障碍", "en": "Dementia"}, 2),
    Category("high_age", {"zh": "高龄（80岁以上）", "en": "High age (80+)"}, 3),
    Category("alone", {"zh": "独居", "en": "Living alone"}, 3),
    Category("lost_only_child", {"zh": "失独", "en": "Lost only child"}, 3),
    Category("ordinary", {"zh": "一般留守老人", "en": "Left-behind elderly"}, 6),
)
DEFAULT_SETTINGS = {"min_age": 60, "children_away_months": 6, "max_km": 3.0}


def assess(person, profile, settings: dict, today: date) -> Eligibility:
    """Left behind (001 line 916, 篇十七): "因子女全部离开县域范围外出务工或经商等半年以上、留在农村生活、身边没有
    赡养人或者是赡养人没有赡养能力的60周岁以上老年人" -- 60 or more, **and** all children away outside the county
    for six months or more, **and** no supporter at hand or the supporter unable. Supporters unable alone (the
    children at home) do not make an elder left behind; with all the children away there is no supporter at hand,
    so the second condition then holds (a supporter unable is named among the reasons)."""
    age, need = person.age_on(today), settings["min_age"]
    if age < need:
        return Eligibility(False, (Text(f"未满 {need} 周岁", f"Younger than {need}"),))
    if profile is None or not profile.children_all_away or profile.children_away_since is None:
        return Eligibility(False, (Text("子女并非均在县外", "Not all children are away outside the county"),))
    months = months_between(profile.children_away_since, today)
    if months < settings["children_away_months"]:
        return Eligibility(False, (Text(f"子女外出 {months} 个月，未满 {settings['children_away_months']} 个月",
                                        f"Children away {months} months, fewer than {settings['children_away_months']}"),))
    reasons = (Text(f"子女均在县外 {months} 个月", f"All children away outside the county {months} months"),
               Text("身边没有赡养人", "No supporter at hand"))
    if getattr(profile, "supporters_unable", False):
        reasons += (Text("赡养人无赡养能力", "Supporters unable to support"),)
    return Eligibility(True, reasons)


def needs_a_child_home(profile) -> bool:
    """An elder who has lost self-care with every child away (001 line 926: "对患有严重疾病、已经丧失自理能力的
    老年人，家庭内部应协商至少留下1名子女在家照料"): flagged on the ledger page."""
    return profile is not None and profile.self_care == "none" and bool(profile.children_all_away)


def matching_policy(settings: dict) -> MatchingPolicy:
    # Neighbours first (000: 就近就熟): a short limit and a steep distance weight.
    return MatchingPolicy(
        rules={"max_km": settings["max_km"], "female_helper_for_girls_from_age": None,
               "require_background_check": False, "household_together": True},
        weights={"per_km": 5.0, "per_shared_skill": -2.0, "continuity": -15.0, "per_extra_slot": 0.5,
                 "unassigned": {"2": 800, "3": 400, "6": 150}},
        category_priority={c.code: c.priority for c in CATEGORIES})


# What an elder needs by category (issue 27). 002 (seeds/002_*.txt, 主要方式 1-2): a volunteer paired "多带一"
# greets and visits each elder once a week, and every half month does chores or the shopping for those who
# cannot get about -- so every category gets the weekly visit, and those losing self-care or with dementia
# daily care too. A deployment changes it in GUANAI_GROUP_SETTINGS["elderly"]["services_by_category"].
SERVICES_BY_CATEGORY = {c.code: ("weekly_visit",) for c in CATEGORIES} | {
    "disabled": ("weekly_visit", "daily_care"), "dementia": ("weekly_visit", "daily_care")}


VISIT_RULES = (
    VisitRule("volunteer", 7, ("home",), {"zh": "每周上门探访", "en": "Weekly home visit"}, "002",
              services=("weekly_visit",), holidays=("spring_festival", "double_ninth")),
    # Weekly cadre visits to the empty-nest elderly who live alone (001 篇十五); no pairing carries them.
    VisitRule("cadre", 7, ("home",), {"zh": "乡镇干部每周走访空巢老人", "en": "Township cadre, weekly"}, "001 篇十五",
              categories=("alone",)),
    VisitRule("helper", 15, ("home",), {"zh": "每半月代购或家务", "en": "Chores or shopping every half month"}, "002",
              services=("daily_care", "proxy_shopping")),
    VisitRule("grid", 1, ("home",), {"zh": "网格员每日“一敲门”", "en": "Grid patroller's daily knock"}, "000",
              tracked=False),  # a knock on the door, not a logged visit
)

#: Traits an elder may carry at once (issue 28): each counts for duties and priority, unlike the one category.
TRAITS = {"empty_nest": Text("空巢", "Empty nest"), "alone": Text("独居", "Living alone"),
          "high_age": Text("高龄", "High age"), "disabled": Text("失能·半失能", "Losing self-care"),
          "dementia": Text("认知障碍", "Dementia"), "lost_only_child": Text("失独", "Lost only child"),
          "dibao": Text("低保", "Minimum living allowance (低保)"), "tekun": Text("特困", "Extreme poverty (特困)")}

# Duties every elder they name has, paired or not (issue 28); days in GUANAI_GROUP_SETTINGS["elderly"]["duties"].
DUTY_RULES = (
    # 000: "村干部...至少每周“一登门”".
    DutyRule("door", {"zh": "村干部每周“一登门”", "en": "Village cadre at the door, weekly"}, "visit", "village_cadre",
             every_days=7, source="000 一登门"),
    # 000: "网格化巡查走访员和群众志愿者每天“一敲门”".
    DutyRule("knock", {"zh": "网格员每日“一敲门”", "en": "Grid worker's daily knock"}, "knock", "grid_worker",
             every_days=1, source="000 一敲门"),
    # 001 篇十五: township and village cadres weekly for the empty-nest (空巢) and living-alone elderly
    # ("空巢老人"干部包保责任制); a visit logged for the older "cadre" rule counts.
    DutyRule("cadre", {"zh": "乡镇干部每周走访空巢、独居老人", "en": "Township cadre, empty-nest and living-alone elders, weekly"},
             "visit", "township_cadre", every_days=7, source="001 篇十五", categories=("alone",),
             traits=("empty_nest", "alone")),
    # 001 篇十五: "每月与空巢老人子女...进行一次电话、短信或网络交流".
    DutyRule("family", {"zh": "每月与外出子女联系", "en": "Monthly contact with the children away"}, "family_call",
             "village_cadre", every_days=30, source="001 篇十五 每月与空巢老人子女交流"),
    # 002: "建立老人生日檔案,每年為老人慶祝一次生日".
    DutyRule("birthday", {"zh": "每年为老人过一次生日", "en": "The elder's yearly birthday"}, "visit", "village_cadre",
             holidays=("birthday",), source="002 生日檔案"),
)

# Found wandering, harmed, gravely ill or in crisis: the village committee, the township or county civil-affairs
# office, the absent children told and pressed, then relief (001 篇十七). Deadlines in minutes, overridable in
# GUANAI_GROUP_SETTINGS["elderly"]["incidents"][type][step].
INCIDENT_TYPES = (
    IncidentType("crisis", "elderly",
                 {"zh": "老人走失、受侵害、重病或陷入困境", "en": "Elder wandering, harmed, gravely ill or in crisis"}, (
        IncidentStep("village", {"zh": "报告村（居）委会", "en": "Report to the village committee"}, 30,
                     {"zh": "村（居）委会", "en": "The village committee"}, call="cadre"),
        IncidentStep("civil_affairs", {"zh": "报告乡镇或县民政部门", "en": "Report to township or county civil affairs"}, 2 * 60,
                     {"zh": "乡镇民政办或县民政局", "en": "Township or county civil-affairs office"}, call="civil_affairs"),
        IncidentStep("children", {"zh": "告知并督促外出子女", "en": "Tell and press the absent children"}, 4 * 60,
                     {"zh": "外出子女", "en": "The children away"}),
        IncidentStep("relief", {"zh": "记录救助", "en": "Relief recorded"}, 3 * 24 * 60,
                     {"zh": "民政部门、村委会", "en": "Civil affairs, the village committee"}),
    ), clock_from="occurred", source="001 篇十七", problem="safety",
        calls=("ambulance", "police", "cadre", "civil_affairs"), urgent=True),
)


# Per-person services owed again and again (002: "每半年为老人做一次免费查体", "每年为老人过一次生日。建立老人生日档案");
# taking part in a health-check session records the check (portal/received).
PERIODIC_SERVICES = (
    PeriodicService("health_check", "elderly", {"zh": "半年一次免费体检", "en": "Free health check every half year"},
                    every_months=6, activities=("health_check",), source="002"),
    # The same birthday as the duty "birthday" above (a visit on the day): once a year, done either way.
    PeriodicService("birthday", "elderly", {"zh": "每年过一次生日", "en": "Yearly birthday"}, birthday=True,
                    source="002", duty="birthday"),
)


# The health file's normal ranges (002: "测量血压血糖"; the limits are practice: a reading of 140/90 mmHg or more is
# high blood pressure, a fasting blood sugar of 7.0 mmol/L or more is high); outside them the elder is flagged.
HEALTH_RULES = HealthRules("elderly", ranges={"systolic": (90, 140), "diastolic": (60, 90), "glucose": (3.9, 7.0),
                                              "bmi": (18.5, 28)}, source="002")


def _poor(today):
    from portal.ledger.models import Beneficiary
    return Beneficiary.category == "poor"


# An elder on the ledger as 低保·特困 with no such case in the register (001 篇十七: 将符合条件的纳入最低生活保障).
ASSISTANCE_HINTS = (
    AssistanceHint("dibao", {"zh": "台账记为低保·特困老人", "en": "On the ledger as a poor elder"}, _poor,
                   group="elderly"),
)
