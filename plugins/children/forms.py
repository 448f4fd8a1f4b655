"""The form for the children's profile."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.plugin import Text, phone_numbers

PARENT_STATUSES = [
    ("home", Text("在家", "At home")), ("away", Text("外出务工", "Away working")),
    ("seriously_ill", Text("重病", "Seriously ill")), ("disabled", Text("重残", "Seriously disabled")),
    ("deceased", Text("死亡", "Deceased")), ("missing", Text("失联", "Missing")),
    ("imprisoned", Text("服刑在押、强制隔离戒毒", "In prison or compulsory rehabilitation")),
]
RELATIONS = [("grandparent", Text("祖父母/外祖父母", "Grandparent")), ("relative", Text("其他亲属", "Other relative")),
             ("parent", Text("父母一方", "A parent")), ("entrusted", Text("受委托人", "Entrusted person"))]
SCHOOLING = [("preschool", Text("学前", "Pre-school")), ("in_school", Text("在校", "In school")),
             ("dropped_out", Text("辍学", "Dropped out")), ("not_school_age", Text("未到学龄", "Not yet of school age"))]
#: The ledger's phone rule (a mobile, or a landline with its area code), for one number or several with
#: labels as an import joins them: the same rule as the core record and the import (issue 27, one rule set).
PHONE = phone_numbers


class ChildProfileForm(FlaskForm):
    father_status = SelectField(Text("父亲情况", "Father"), choices=PARENT_STATUSES)
    mother_status = SelectField(Text("母亲情况", "Mother"), choices=PARENT_STATUSES)
    parents_away_since = DateField(Text("父母外出务工时间", "Parents away since"), validators=[Optional()])
    guardian_name = StringField(Text("监护人姓名", "Guardian's name"), validators=[Optional(), Length(max=64)])
    guardian_relation = SelectField(Text("与儿童关系", "Guardian's relation"), choices=RELATIONS)
    guardian_phone = StringField(Text("监护人电话", "Guardian's phone"), validators=[Optional(), PHONE])
    parents_work_place = StringField(Text("父母务工地", "Where the parents work"),
                                     validators=[Optional(), Length(max=120)])
    parents_phone = StringField(Text("父母联系电话", "Parents' phone"), validators=[Optional(), PHONE])
    school = StringField(Text("学校", "School"), validators=[Optional(), Length(max=120)])
    grade_class = StringField(Text("年级班级", "Grade and class"), validators=[Optional(), Length(max=32)])
    schooling = SelectField(Text("就学情况", "Schooling"), choices=SCHOOLING)
    help_needed = TextAreaField(Text("需要的帮助", "Help needed"), validators=[Optional(), Length(max=2000)])
    wishes = TextAreaField(Text("心愿清单", "Wishes"), validators=[Optional(), Length(max=2000)])
