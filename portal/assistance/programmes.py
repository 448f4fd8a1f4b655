"""The programmes every deployment has (003: "纳入最低生活保障、临时救助、医疗救助等政策保障范围", 孤儿基本生活保障,
残疾人补贴; 001 篇十七: 低保, 医疗救助, 临时救助 for elders; 002: 高龄补贴 for 80+, 特困供养), and the hints that need no
group: age 80 and over with no 高龄补贴, a disability in the health file with no 两项补贴, school-age children and girls
(春蕾计划) of households on 低保 or 特困供养 with no 教育资助, a chronic condition on 低保 with no 医疗救助."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from ..core.time import years_before
from ..ledger.models import Beneficiary
from .records import AssistanceHint, AssistanceProgramme
from .models import RECEIVING, AssistanceCase

PROGRAMMES = [AssistanceProgramme(code, {"zh": zh, "en": en}, source, order) for order, (code, zh, en, source) in
              enumerate((("dibao", "最低生活保障（低保）", "Subsistence allowance (dibao)", "003"),
                         ("tekun", "特困人员供养", "Support for people in extreme hardship", "002"),
                         ("temporary", "临时救助", "Temporary assistance", "003"),
                         ("medical", "医疗救助", "Medical assistance", "003"),
                         ("old_age", "高龄补贴", "Old-age allowance", "002"),
                         ("disability", "残疾人两项补贴", "The two disability allowances", "003"),
                         ("housing", "危房改造", "Dilapidated-house renovation", "002"),
                         ("education", "教育资助", "Education aid", "003"),
                         ("spring_bud", "春蕾计划", "Spring Bud (girls' schooling)", "003")), start=1)]
POOR = ("dibao", "tekun")


def household_poor():
    """The person's household (or the person, living alone) receives 低保 or 特困供养."""
    member = aliased(Beneficiary)
    return exists(select(AssistanceCase.id).join(member, member.id == AssistanceCase.beneficiary_id).where(
        AssistanceCase.programme.in_(POOR), AssistanceCase.state.in_(RECEIVING),
        (member.id == Beneficiary.id) | and_(Beneficiary.household_id.is_not(None),
                                             member.household_id == Beneficiary.household_id)))


def _old_age(today):
    years = int(current_app.config.get("GUANAI_OLD_AGE_ALLOWANCE_FROM", 80))
    return Beneficiary.birth_date <= years_before(today, years)


def _disabled(today):
    from ..health.models import HealthFacts
    return Beneficiary.id.in_(select(HealthFacts.beneficiary_id).where(HealthFacts.disability_grade.is_not(None)))


def _school_age(today):
    return and_(Beneficiary.birth_date <= years_before(today, 6), Beneficiary.birth_date > years_before(today, 18),
                household_poor())


def _girl_school_age(today):
    return and_(Beneficiary.gender == "F", _school_age(today))


def _chronic_and_poor(today):
    from ..health.models import Condition
    return and_(Beneficiary.id.in_(select(Condition.beneficiary_id).where(Condition.ended_on.is_(None))),
                household_poor())


HINTS = [
    AssistanceHint("old_age", {"zh": "80 周岁以上", "en": "Aged 80 or over"}, _old_age),
    AssistanceHint("education", {"zh": "学龄，家庭享受低保或特困供养", "en": "School age, household on 低保 or 特困"},
                   _school_age),
    AssistanceHint("spring_bud", {"zh": "学龄女孩，家庭享受低保或特困供养", "en": "A school-age girl, household on 低保"},
                   _girl_school_age),
]

# These read the health file (portal/health): given only while that feature is on.
HEALTH_HINTS = [
    AssistanceHint("disability", {"zh": "健康档案记有残疾等级", "en": "A disability grade in the health file"},
                   _disabled),
    AssistanceHint("medical", {"zh": "在管慢性病，家庭享受低保或特困供养", "en": "A chronic condition, household on 低保"},
                   _chronic_and_poor),
]
