"""The children's rules: six classes, eligibility by age and parents, matching policy, visit rules (004, 001)."""
from __future__ import annotations

from datetime import date

from portal.plugin import (months_between, AssistanceHint, Category, DutyRule, Eligibility, FamilyContact, GuardianshipRules, HealthRules, IncidentStep, IncidentType,
                           MatchingPolicy,
                           PeriodicService, StudyRules, Text, VisitRule, years_before)

from .growth import growth_ranges

CATEGORIES = (
    Category("orphan", {"zh": "孤儿", "en": "Orphan"}, 1),
    Category("unsupported", {"zh": "事实无人抚养儿童", "en": "De-facto unsupported child"}, 2),
    Category("disabled_low_income", {"zh": "低保家庭重残重病儿童", "en": "Disabled or ill child, low-income family"}, 3),
    Category("low_income", {"zh": "低保家庭儿童", "en": "Child of a low-income family"}, 4),
    Category("hardship", {"zh": "其他困境儿童", "en": "Other child in hardship"}, 5),
    Category("left_behind", {"zh": "农村留守儿童", "en": "Left-behind child"}, 6),
)
DEFAULT_SETTINGS = {
    "max_age": 18,                 # classes 1-5: under 18
    "left_behind_max_age": 16,     # class 6: under 16
    "female_helper_from_age": 8,   # girls aged 8+ get female helpers (004)
    "max_km": 10.0,
    "visit_asks_parents_contact": True,  # a child's visit log records the last contact with the parents
    "must_pair_priority": 3,       # classes 1-3 must all be paired (004); the report lists those who are not
    "parents_away_months": 3,      # class 6 from three months away ("按连续外出务工3个月以上把握", 004 line 28)
}
UNABLE_TO_GUARD = {"seriously_ill", "disabled"}


def age_limit(category: str | None, settings: dict) -> int:
    return settings["left_behind_max_age"] if category in (None, "left_behind") else settings["max_age"]


def parents_away(profile) -> tuple[bool, Text]:
    """Both parents away, or one away and the other unable to guard (004, class 6)."""
    statuses = {profile.father_status, profile.mother_status} if profile else set()
    if statuses == {"away"}:
        return True, Text("父母均外出务工", "Both parents work away")
    if "away" in statuses and statuses & UNABLE_TO_GUARD:
        return True, Text("一方外出务工，另一方无监护能力", "One parent away, the other unable to guard")
    return False, Text("父母并非均外出（或一方外出、一方无监护能力）",
                       "The parents are not both away (nor one away and one unable to guard)")


def assess(person, profile, settings: dict, today: date) -> Eligibility:
    limit = age_limit(person.category, settings)
    age = person.age_on(today)
    out_on = years_before(person.birth_date, -limit)
    if age >= limit:
        return Eligibility(False, (Text(f"已满 {limit} 周岁", f"Has turned {limit}"),), out_on, aged_out=True)
    if person.category not in (None, "left_behind"):
        return Eligibility(True, (Text(f"困境儿童（未满 {limit} 周岁）", f"Child in hardship under {limit}"),), out_on)
    ok, why = parents_away(profile)
    if not ok:
        return Eligibility(False, (why,), out_on)
    # 004 line 28: "对农村留守儿童父母务工时限，按连续外出务工3个月以上把握". A ledger that has not recorded since
    # when keeps the child (the reasons say it is not recorded); one that has, under three months, does not.
    since, need = getattr(profile, "parents_away_since", None), settings.get("parents_away_months", 3)
    if since is None:
        return Eligibility(True, (why, Text("父母外出时间未登记", "Since when the parents are away is not recorded")),
                           out_on)
    months = months_between(since, today)
    if months < need:
        return Eligibility(False, (Text(f"父母外出 {months} 个月，未满 {need} 个月",
                                        f"Parents away {months} months, fewer than {need}"),), out_on)
    return Eligibility(True, (why, Text(f"连续外出 {months} 个月", f"Away {months} months running")), out_on)


# What a child needs by class (004 三(三)): "1-3类儿童要确保至少有一户爱心干部职工家庭结对帮扶" -- classes 1-3 each
# get a caring family; classes 4-6 "根据各地实际情况" (as each place decides), so none by default. A deployment
# changes it in GUANAI_GROUP_SETTINGS["children"]["services_by_category"].
SERVICES_BY_CATEGORY = {"orphan": ("caring_pairing",), "unsupported": ("caring_pairing",),
                        "disabled_low_income": ("caring_pairing",)}

#: Parents' situations that leave a child without care from that parent (004 class 2: 重残、重病、服刑在押、
#: 失联 ...), and those that take the parent away for good.
CANNOT_CARE = {"seriously_ill", "disabled", "imprisoned", "missing"}
GONE = {"deceased", "missing"}
#: Words of a sheet's health or disability cell that mean a serious disability or illness (004 class 3).
SERIOUS = ("残疾", "重残", "重病", "大病", "智力", "精神", "肢体", "视力", "听力", "言语", "多重")
NOT_SERIOUS = ("健康", "良好", "正常", "无")


def _said(sheet: dict, *names: str) -> str:
    return next((sheet[n].strip() for n in names if (sheet.get(n) or "").strip()), "")


def _yes(text: str) -> bool:
    return text.strip() in ("是", "有", "√", "✓", "Y", "y", "1", "低保", "享受") or text.startswith("是")


def _serious(sheet: dict) -> bool:
    """A serious disability or illness, as the health or disability cell says it."""
    for text in (_said(sheet, "残疾类别"), _said(sheet, "身体情况")):
        if text and not text.startswith(NOT_SERIOUS) and (_yes(text) or any(w in text for w in SERIOUS)):
            return True
    return False


def _parent(profile, sheet: dict, status_column: str, work_column: str) -> str | None:
    """A parent's situation as the sheet says it: its status column, else a work place written (away)."""
    if _said(sheet, status_column):
        return getattr(profile, "father_status" if status_column.startswith("父") else "mother_status", None)
    if _said(sheet, work_column, "父母务工地"):
        return "away"
    return None


def classify(person, profile, sheet: dict, settings: dict, today: date) -> str | None:
    """The class (004 二(一)) a child falls in from what a sheet says, or None when it cannot be told.

    Parents: 孤儿 when both died (or cannot be found); 事实无人抚养 when both cannot care (重残、重病、服刑、失联),
    or one died or is missing and the other cannot care. 低保: class 3 with a serious disability or illness
    (身体情况, 残疾类别), else class 4. Parents away (both, or one away and the other unable to guard) and under
    16: class 6. Anything else (class 5 is a judgement of the village) is left to confirm.
    """
    father = _parent(profile, sheet, "父亲情况", "父亲务工地点")
    mother = _parent(profile, sheet, "母亲情况", "母亲务工地点")
    if father in GONE and mother in GONE and "deceased" in (father, mother):
        return "orphan"
    if (father in CANNOT_CARE and mother in CANNOT_CARE) or (father in GONE and mother in CANNOT_CARE) \
            or (mother in GONE and father in CANNOT_CARE):
        return "unsupported"
    if _yes(_said(sheet, "是否低保")):
        return "disabled_low_income" if _serious(sheet) else "low_income"
    if father is not None or mother is not None:
        statuses = {father or "home", mother or "home"}
        left = statuses == {"away"} or ("away" in statuses and bool(statuses & UNABLE_TO_GUARD))
        if left and person.age_on(today) < settings["left_behind_max_age"]:
            return "left_behind"
    return None


def matching_policy(settings: dict) -> MatchingPolicy:
    # Classes 1-3 must each be paired (004): their penalty makes that the strongest pull.
    return MatchingPolicy(
        rules={"max_km": settings["max_km"], "female_helper_for_girls_from_age": settings["female_helper_from_age"],
               "require_background_check": True, "household_together": True},
        weights={"per_km": 1.0, "per_shared_skill": -2.0, "continuity": -10.0, "per_extra_slot": 0.5,
                 "unassigned": {"1": 10000, "2": 10000, "3": 10000, "4": 500, "5": 500, "6": 200}},
        category_priority={c.code: c.priority for c in CATEGORIES})


# Each rule names the pairing that carries it; the holiday visits are asked of the caring families (004, 002).
HOLIDAYS = ("spring_festival", "childrens_day", "birthday", "summer_holiday")
VISIT_RULES = (
    VisitRule("teacher", 30, ("home",), {"zh": "教师家访（每月至少一次）", "en": "Teacher's home visit, monthly"}, "001, 002",
              services=("tutoring",), roles=("teacher",)),
    VisitRule("class_teacher", 30, ("school",), {"zh": "班主任谈心（每月）", "en": "Class teacher's talk, monthly"}, "001",
              tracked=False),  # kept on the school's record card (001)
    VisitRule("caring_family", 60, ("home",),
              {"zh": "结对爱心家庭走访（每年至少6次）", "en": "Caring family's visit, 6 a year"}, "004",
              services=("caring_pairing",), holidays=HOLIDAYS),
    VisitRule("love_tutor", 15, ("home",), {"zh": "爱心辅导员（每月两次）", "en": "Love tutor, twice a month"}, "001",
              services=("tutoring",), roles=("volunteer",)),
    VisitRule("helper", 30, ("home", "phone", "video"), {"zh": "结对帮扶人每月谈心", "en": "Paired helper's monthly talk"},
              "000", services=("counselling",)),
    VisitRule("volunteer", 7, ("home", "phone"), {"zh": "志愿者每周走访", "en": "Volunteer team, weekly"}, "001",
              tracked=False),  # the team's own visit diary (001 篇十五)
)


def _pupils():
    """Children at school with a school on the profile: a class teacher talks with them (001)."""
    from sqlalchemy import select

    from portal.ledger.models import Beneficiary

    from .models import ChildProfile
    return Beneficiary.id.in_(select(ChildProfile.beneficiary_id).where(ChildProfile.schooling == "in_school",
                                                                          ChildProfile.school != ""))


def _class_of():
    """(child, "school class"): the class whose teacher owns the child's monthly talk."""
    from sqlalchemy import select

    from .models import ChildProfile
    return select(ChildProfile.beneficiary_id, (ChildProfile.school + " " + ChildProfile.grade_class))


# Duties every child they name has, paired or not (issue 28); a deployment changes the days in
# GUANAI_GROUP_SETTINGS["children"]["duties"][code]. The paired helpers' visits above are duties of their helpers.
DUTY_RULES = (
    # 000: "村干部按照网格化服务管理要求,至少每周“一登门”" -- every household of the ledger, weekly, the village cadre.
    DutyRule("door", {"zh": "村干部每周“一登门”", "en": "Village cadre at the door, weekly"}, "visit", "village_cadre",
             every_days=7, source="000 一登门"),
    # 000: "网格化巡查走访员和群众志愿者每天“一敲门”" -- a round per grid and day.
    DutyRule("knock", {"zh": "网格员每日“一敲门”", "en": "Grid worker's daily knock"}, "knock", "grid_worker",
             every_days=1, source="000 一敲门"),
    # 001 篇十五: township and village cadres weekly for pre-school left-behind children.
    DutyRule("preschool", {"zh": "乡镇干部每周走访学龄前留守儿童", "en": "Township cadre, pre-school children, weekly"},
             "visit", "township_cadre", every_days=7, source="001 篇十五", categories=("left_behind",), max_age=6),
    # 001: "要求班主任每月与“留守儿童”谈心一次,详细填好记录卡".
    DutyRule("class_talk", {"zh": "班主任每月谈心（记录卡）", "en": "Class teacher's monthly talk (record card)"},
             "talk", "class_teacher", every_days=30, source="001 班主任每月谈心", categories=("left_behind",),
             counts=("class_teacher",), where=_pupils, unit=_class_of),
    # 001 line 32: "各班教师每周与3—5名留守儿童谈一次心" -- the teacher's, not each pupil's: 3 to 5 different
    # left-behind pupils a week, counted from the talks the teacher records (the monthly talk's visits count).
    DutyRule("weekly_talks", {"zh": "班主任每周与3—5名留守儿童谈心", "en": "Class teacher's weekly talks with 3-5 pupils"},
             "talk", "class_teacher", every_days=7, quota=(3, 5), source="001 line 32 每周与3—5名留守儿童谈一次心",
             categories=("left_behind",), counts=("class_talk", "class_teacher"), where=_pupils, unit=_class_of),
    # 001 篇十五: "每月与空巢老人子女、留守儿童父母进行一次电话、短信或网络交流".
    DutyRule("family", {"zh": "每月与外出父母联系", "en": "Monthly contact with the parents away"}, "family_call",
             "village_cadre", every_days=30, source="001 篇十五 每月与留守儿童父母交流", categories=("left_behind",)),
)

# The study skills the children's services count (tutoring, caring families); the core lists the common ones.
VOCABULARIES = {"activity_kinds:children": {"childrens_day": Text("六一儿童节活动", "Children's Day"),
                                           "puberty_class": Text("青春期健康课", "Puberty class")},
                "skills": {
    "math": Text("数学", "Mathematics"), "chinese": Text("语文", "Chinese"), "english": Text("英语", "English"),
    "reading": Text("阅读", "Reading"), "homework": Text("作业辅导", "Homework help"),
}}

# Incidents (000, 004, 002). Deadlines in minutes; a deployment overrides them in
# GUANAI_GROUP_SETTINGS["children"]["incidents"][type][step].
INCIDENT_TYPES = (
    # An emergency (000 line 291): "必须要在15分钟内报告上级市政府和教育主管部门，30分钟内告知委托监护人，1小时内
    # 告知在外务工家长" -- the superior government and the education department within 15 minutes.
    IncidentType("emergency", "children", {"zh": "儿童突发事件", "en": "Child emergency"}, (
        IncidentStep("superiors", {"zh": "报告上级", "en": "Report to superiors"}, 15,
                     {"zh": "上级人民政府和教育主管部门", "en": "The superior government and the education department"},
                     call="cadre"),
        IncidentStep("guardian", {"zh": "告知受委托监护人", "en": "Tell the entrusted guardian"}, 30,
                     {"zh": "受委托监护人", "en": "The entrusted guardian"}),
        IncidentStep("parents", {"zh": "告知外出务工父母", "en": "Tell the parents working away"}, 60,
                     {"zh": "外出务工的父母", "en": "The parents working away"}),
    ), clock_from="occurred", source="000", problem="safety", calls=("ambulance", "police", "cadre"), urgent=True),
    # A child missing: the police first, at once (issue 27), then the same chain as an emergency (000).
    IncidentType("missing", "children", {"zh": "儿童走失", "en": "Missing child"}, (
        IncidentStep("police", {"zh": "立即报警", "en": "Call the police at once"}, 10,
                     {"zh": "公安机关（110）", "en": "The police (110)"}, call="police"),
        IncidentStep("superiors", {"zh": "报告上级", "en": "Report to superiors"}, 15,
                     {"zh": "上级人民政府和教育主管部门", "en": "The superior government and the education department"},
                     call="cadre"),
        IncidentStep("guardian", {"zh": "告知受委托监护人", "en": "Tell the entrusted guardian"}, 30,
                     {"zh": "受委托监护人", "en": "The entrusted guardian"}),
        IncidentStep("parents", {"zh": "告知外出务工父母", "en": "Tell the parents working away"}, 60,
                     {"zh": "外出务工的父母", "en": "The parents working away"}),
    ), clock_from="occurred", source="000", problem="safety", calls=("police", "cadre", "hotline"), urgent=True),
    # Without a guardian or in danger: the mandatory report, at once, by anyone paired with the child (004).
    IncidentType("mandatory_report", "children",
                 {"zh": "强制报告（无人监护或面临危险）", "en": "Mandatory report (no guardian or in danger)"}, (
        IncidentStep("report", {"zh": "立即强制报告", "en": "Mandatory report, at once"}, 15,
                     {"zh": "公安、民政、教育部门和妇联", "en": "Police, civil affairs, education and the women's federation"},
                     call="police"),
        IncidentStep("village_feedback", {"zh": "反馈村（居）委会", "en": "Feedback to the village"}, 24 * 60,
                     {"zh": "村（居）委会", "en": "The village committee"}),
        # Only where the guardian was negligent (004): not required to close.
        IncidentStep("warning", {"zh": "对失职监护人劝诫", "en": "Formal warning to a negligent guardian"}, 7 * 24 * 60,
                     {"zh": "监护人（由村委会劝诫）", "en": "The guardian (warned by the village)"}, required=False),
    ), clock_from="occurred", hotline="12345", source="004", problem="safety",
        calls=("police", "hotline", "civil_affairs"), urgent=True, triggers=(
        Text("不正常受伤", "Abnormal injury"), Text("严重营养不良", "Severe malnutrition"),
        Text("家庭暴力", "Domestic violence"), Text("校园欺凌", "Bullying"), Text("虐待", "Abuse"),
        Text("性侵害", "Sexual assault"), Text("遗弃", "Abandonment"), Text("被拐卖或被组织乞讨", "Trafficking or begging"),
        Text("以上情形疑似也应报告", "Report also when it is only suspected"),
    )),
    # Dropout (002 line 196): "落实辍学学生登记、劝返复学和书面报告制度，劝返无效的，应书面报告县级教育部门和乡镇人民
    # 政府" -- registered, persuaded back, and only if persuasion fails a written report: after the persuasion,
    # not required to close.
    IncidentType("dropout", "children", {"zh": "辍学", "en": "Dropout"}, (
        IncidentStep("register", {"zh": "登记辍学情况", "en": "Register the absence"}, 24 * 60,
                     {"zh": "学校", "en": "The school"}),
        IncidentStep("persuade", {"zh": "劝返复学", "en": "Persuaded back to school"}, 14 * 24 * 60,
                     {"zh": "儿童及其监护人", "en": "The child and the guardian"}),
        IncidentStep("written_report", {"zh": "劝返无效的书面报告", "en": "Written report if persuasion fails"},
                     17 * 24 * 60, {"zh": "县级教育部门和乡镇人民政府", "en": "County education bureau and the township"},
                     required=False),
    ), source="002", problem="education"),
)


def _grade_five_up():
    """Pupils in grade 5 or above by the grade their profile records (003: "对五年级以上留守儿童开展青春期知识教育")."""
    from sqlalchemy import or_, select

    from portal.ledger.models import Beneficiary

    from .models import ChildProfile
    grades = [*(f"{n}年级" for n in range(5, 10)), "五年级", "六年级", "七年级", "八年级", "九年级", "初"]
    return Beneficiary.id.in_(select(ChildProfile.beneficiary_id)
                              .where(or_(*(ChildProfile.grade_class.startswith(g) for g in grades))))


# Per-person services owed each semester (003: "每学期对女孩、留守儿童做一次免费健康查体，上一节青春期健康教育课";
# the check measures blood pressure, weight and height).
PERIODIC_SERVICES = (
    PeriodicService("health_check", "children", {"zh": "每学期免费健康查体", "en": "Free health check every semester"},
                    every_months=6, activities=("health_check",), source="003"),
    PeriodicService("puberty_class", "children", {"zh": "青春期健康教育课（五年级以上）",
                                                  "en": "Puberty class (grade 5 and above)"},
                    every_months=6, activities=("puberty_class",), applies=_grade_five_up, source="003"),
)


# The children's health file (003: "建立留守儿童健康档案，对查出有疾病的留守儿童，及时与其父母取得联系": an illness record
# says when the parents were told); the semester check measures blood pressure, height and weight (003). The
# ranges are practice for school-age children; vaccinations are kept by date. Height, weight and BMI are judged by
# the child's age and sex: within two standard deviations of the WHO Growth Reference 2007 (5-19 years; growth.py
# cites it and keeps its rows), a reading outside flags the child (issue 29).
HEALTH_RULES = HealthRules("children", ranges={"systolic": (80, 120), "diastolic": (50, 80), "glucose": (3.9, 7.0)},
                           tell_family=True, vaccinations=True, source="003, WHO Growth Reference 2007",
                           by_age=growth_ranges)


# A study plan per term for each tutoring pairing (000 line 17, 001 lines 20 and 74: "具体分析学生的学业情况，制定学习帮扶
# 计划，明确帮扶时间、内容和阶段性效果 ... 定期检查，建立进步档案"; 000 line 21: "平时作好记录、期末写好总结"). Terms start
# on 1 March and 1 September; a plan still missing a month into the term is listed for coordinators.
STUDY_RULES = StudyRules("children", services=("tutoring",), plan_within_days=30,
                         subjects=("语文", "数学", "英语", "阅读", "作业"), source="000, 001")

# The guardian is the one the profile names (guardian_name, guardian_relation, guardian_phone). 001 line 336: "与儿童
# 家长签订监护制度和监护责任书"; lines 138-140 and 358: guardians trained (家长学校); 003: "家庭监护情况调查评估 ...
# 监护干预".
GUARDIANSHIP_RULES = GuardianshipRules("children", name="guardian_name", relation="guardian_relation",
                                       phone="guardian_phone", training_yearly=True, source="001, 003")

def no_parent_away(person, profile):
    """Why a letter "to the parents away" cannot go to a child's parents, or None when one of them is away.

    Seed 004 (二(一) 1-2): an orphan 孤儿 "失去父母或查找不到生父母"; a de-facto unsupported child 事实无人抚养儿童 has
    parents dead, missing, in prison, seriously ill or disabled. Neither has parents away at work to write to: the
    letter goes to the guardian instead (or to nobody, with this reason on the message's page). A child without a
    profile is written to as before (nothing is known of the parents)."""
    if profile is None:
        return None
    statuses = {getattr(profile, "father_status", None), getattr(profile, "mother_status", None)}
    if "away" in statuses:
        return None
    if statuses <= GONE or person.category == "orphan":
        return Text("父母双亡或查找不到（孤儿）", "Both parents dead or not found (orphan)")
    if person.category == "unsupported" or statuses & (GONE | CANNOT_CARE):
        return Text("父母不能履行监护（事实无人抚养儿童）", "Parents unable to care (de-facto unsupported child)")
    return Text("父母都不在外务工", "Neither parent is away")


# Whom outreach tells about a child (003: "致…家长一封信", 群发手机短信): the parents away, whose telling counts as the
# monthly contact with the absent family (001), and the guardian at home, who is told instead when no parent is
# away (an orphan's parents are dead: 004).
FAMILY_CONTACTS = (
    FamilyContact("parents", "children", {"zh": "外出父母", "en": "Parents away"}, "parents_phone",
                  unreachable=no_parent_away, instead="guardian"),
    FamilyContact("guardian", "children", {"zh": "监护人", "en": "Guardian"}, "guardian_phone", "guardian_name",
                  counts_as_contact=False),
)


def _in_category(*codes):
    def condition(today):
        from portal.ledger.models import Beneficiary
        return Beneficiary.category.in_(codes)
    return condition


# Classes 3 and 4 are children of a 低保 family (004), class 3 with a grade 1-2 disability: with no such case in the
# register they are likely owed 低保 and the disability allowances (003: "纳入...残疾人补贴范围").
ASSISTANCE_HINTS = (
    AssistanceHint("dibao", {"zh": "低保家庭儿童（第三、四类）", "en": "A child of a 低保 family (classes 3-4)"},
                   _in_category("disabled_low_income", "low_income"), group="children"),
    AssistanceHint("disability", {"zh": "低保家庭中的残疾儿童", "en": "A disabled child of a 低保 family"},
                   _in_category("disabled_low_income"), group="children"),
)
