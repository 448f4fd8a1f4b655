"""The form for the elderly profile."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.plugin import Text

FAMILY = [("alone", Text("独居", "Living alone")), ("couple", Text("老两口同住", "With spouse")),
          ("with_grandchildren", Text("与孙辈同住", "With grandchildren")), ("other", Text("其他", "Other"))]
SELF_CARE = [("full", Text("能自理", "Self-caring")), ("partial", Text("半失能", "Partly dependent")),
             ("none", Text("失能", "Dependent"))]

BLOOD_TYPES = [("", Text("不详", "Unknown")), ("A", "A"), ("B", "B"), ("AB", "AB"), ("O", "O"),
               ("A Rh-", "A Rh-"), ("B Rh-", "B Rh-"), ("AB Rh-", "AB Rh-"), ("O Rh-", "O Rh-")]


class ElderProfileForm(FlaskForm):
    children_whereabouts = TextAreaField(Text("子女去向及联系方式", "Where the children are, and how to reach them"),
                                         validators=[Optional(), Length(max=2000)])
    children_all_away = BooleanField(Text("子女均在县外", "All children are outside the county"))
    children_away_since = DateField(Text("子女外出时间", "Children away since"), validators=[Optional()])
    supporters_unable = BooleanField(Text("赡养人无赡养能力", "Supporters unable to support"))
    support_duty_met = BooleanField(Text("家庭履行赡养义务", "The family meets its duty of support"))
    income_source = StringField(Text("经济来源", "Income source"), validators=[Optional(), Length(max=120)])
    family_structure = SelectField(Text("家庭结构", "Family structure"), choices=FAMILY)
    self_care = SelectField(Text("自理能力", "Self-care"), choices=SELF_CARE)
    health = TextAreaField(Text("健康状况", "Health"), validators=[Optional(), Length(max=2000)])
    carer = StringField(Text("照料人", "Who looks after them"), validators=[Optional(), Length(max=64)])
    proxy_shopper = StringField(Text("代购代办人", "Named proxy shopper"), validators=[Optional(), Length(max=64)])
    wanders = BooleanField(Text("易走失（需要防走失卡）", "Tends to wander (needs a lost-elder card)"))
    blood_type = SelectField(Text("血型", "Blood type"), choices=BLOOD_TYPES)
    conditions = StringField(Text("主要疾病", "Conditions"), validators=[Optional(), Length(max=200)])
    allergies = StringField(Text("过敏", "Allergies"), validators=[Optional(), Length(max=200)])
    people_to_call = TextAreaField(Text("走失时联系人及电话", "People to call if found wandering, with phones"),
                                   validators=[Optional(), Length(max=300)])
