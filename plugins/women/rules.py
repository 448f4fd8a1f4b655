"""The women's rules: aged 59 or under, husband away 6+ months (002, 000); policy and visits."""
from __future__ import annotations

from datetime import date

from portal.plugin import (
    FamilyContact,
    Category,
    DutyRule,
    Eligibility,
    HealthRules,
    IncidentStep,
    IncidentType,
    MatchingPolicy,
    PeriodicService,
    Text,
    VisitRule,
    months_between,
    years_before,
)

CATEGORIES = (
    Category("hardship", {"zh": "生活困难", "en": "In hardship"}, 3),
    Category("ill", {"zh": "患病", "en": "Ill"}, 4),
    Category("seeking_work", {"zh": "需要就业/技能", "en": "Needs a job or skills"}, 5),
    Category("ordinary", {"zh": "一般关爱", "en": "General care"}, 6),
)
DEFAULT_SETTINGS = {"max_age": 59, "husband_away_months": 6, "max_km": 15.0}


def assess(person, profile, settings: dict, today: date) -> Eligibility:
    limit = settings["max_age"]
    out_on = years_before(person.birth_date, -(limit + 1))
    if person.age_on(today) > limit:
        return Eligibility(False, (Text(f"年满 {limit + 1} 周岁", f"Older than {limit}"),), out_on, aged_out=True)
    if person.gender != "F":
        return Eligibility(False, (Text("留守妇女须为女性", "Left-behind women are women"),), out_on)
    since = profile.husband_away_since if profile else None
    need = settings["husband_away_months"]
    if since is None:
        return Eligibility(False, (Text("未登记丈夫外出时间", "The husband's departure is not recorded"),), out_on)
    months = months_between(since, today)
    if months < need:
        return Eligibility(False, (Text(f"丈夫外出 {months} 个月，未满 {need} 个月",
                                        f"Husband away {months} months, less than {need}"),), out_on)
    return Eligibility(True, (Text(f"丈夫连续外出 {months} 个月", f"Husband away {months} months"),), out_on)


def matching_policy(settings: dict) -> MatchingPolicy:
    return MatchingPolicy(
        rules={"max_km": settings["max_km"], "female_helper_for_girls_from_age": None,
               "require_background_check": False, "household_together": False},
        weights={"per_km": 1.0, "per_shared_skill": -3.0, "continuity": -10.0, "per_extra_slot": 1.0,
                 "unassigned": {"3": 300, "4": 200, "5": 150, "6": 100}},
        category_priority={c.code: c.priority for c in CATEGORIES})


# What a woman needs by category (issue 27). 000 (seeds/000_*.txt, 留守妇女结对帮扶制度): grid heads and Party
# cadres pair with each left-behind woman for a talk once a month -- every category gets the heart-to-heart
# pairing. A deployment changes it in GUANAI_GROUP_SETTINGS["women"]["services_by_category"].
SERVICES_BY_CATEGORY = {c.code: ("heart_talk",) for c in CATEGORIES}


VISIT_RULES = (
    VisitRule("helper", 30, ("home", "phone"), {"zh": "结对帮扶人每月谈心", "en": "Helper's monthly heart-to-heart talk"}, "000",
              services=("heart_talk",), holidays=("womens_day", "mothers_day", "spring_festival")),
)

# Duties every woman on the ledger has, paired or not (issue 28); days in GUANAI_GROUP_SETTINGS["women"]["duties"].
DUTY_RULES = (
    # 000: "村干部...至少每周“一登门”".
    DutyRule("door", {"zh": "村干部每周“一登门”", "en": "Village cadre at the door, weekly"}, "visit", "village_cadre",
             every_days=7, source="000 一登门"),
    # 000: "网格化巡查走访员和群众志愿者每天“一敲门”".
    DutyRule("knock", {"zh": "网格员每日“一敲门”", "en": "Grid worker's daily knock"}, "knock", "grid_worker",
             every_days=1, source="000 一敲门"),
    # 002: "在元旦、春節、三八婦女節、母親節、重陽節等重要節點...走訪慰問...農村留守婦女" (the federation's
    # executives in the village; owned here by the village's area cadre, a deployment may name another role).
    DutyRule("holidays", {"zh": "节日走访慰问", "en": "Holiday visits"}, "visit", "village_cadre",
             holidays=("new_year", "spring_festival", "womens_day", "mothers_day", "double_ninth"),
             source="002 元旦、春節、三八婦女節、母親節、重陽節"),
)

# The skills the women's services count beside the core's common ones.
VOCABULARIES = {"skills": {"breeding": Text("养殖", "Animal husbandry")}}

# Domestic violence and rights cases go to the women's federation (hotline 12338). Deadlines in minutes,
# overridable in GUANAI_GROUP_SETTINGS["women"]["incidents"][type][step].
INCIDENT_TYPES = (
    IncidentType("domestic_violence", "women", {"zh": "家庭暴力", "en": "Domestic violence"}, (
        IncidentStep("federation", {"zh": "报告妇联", "en": "Report to the women's federation"}, 60,
                     {"zh": "妇联（热线12338）", "en": "Women's federation (hotline 12338)"}, call="federation_hotline"),
        IncidentStep("police", {"zh": "报警或协助报警", "en": "Police called or helped to call"}, 60,
                     {"zh": "公安机关", "en": "Police"}, call="police"),
        IncidentStep("follow_up", {"zh": "跟进回访", "en": "Follow-up visit"}, 3 * 24 * 60,
                     {"zh": "本人", "en": "The woman herself"}),
    ), clock_from="occurred", hotline="12338", problem="safety", calls=("police", "federation_hotline"), urgent=True),
    IncidentType("rights", "women", {"zh": "妇女维权", "en": "Rights case"}, (
        IncidentStep("federation", {"zh": "转介妇联", "en": "Referred to the women's federation"}, 24 * 60,
                     {"zh": "妇联（热线12338）", "en": "Women's federation (hotline 12338)"}, call="federation_hotline"),
        IncidentStep("follow_up", {"zh": "跟进回访", "en": "Follow-up visit"}, 7 * 24 * 60,
                     {"zh": "本人", "en": "The woman herself"}),
    ), hotline="12338", calls=("federation_hotline",)),
)


# Per-person services owed again and again (002: "每年组织实施好农村留守妇女“两癌”免费检查").
PERIODIC_SERVICES = (
    PeriodicService("two_cancer_screening", "women", {"zh": "每年“两癌”免费筛查", "en": "Yearly two-cancer screening"},
                    every_months=12, activities=("health_check",), source="002"),
)


# The health file's normal ranges (practice, as for the elderly): outside them the woman is flagged.
HEALTH_RULES = HealthRules("women", ranges={"systolic": (90, 140), "diastolic": (60, 90), "glucose": (3.9, 7.0),
                                            "bmi": (18.5, 28)}, source="000")


# Whom outreach tells about a woman: her husband away (002, 000), whose telling counts as contact with the
# absent family (001).
FAMILY_CONTACTS = (
    FamilyContact("husband", "women", {"zh": "外出丈夫", "en": "Husband away"}, "husband_phone"),
)
