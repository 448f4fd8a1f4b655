"""The form for the women's profile."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.plugin import Text


class WomanProfileForm(FlaskForm):
    husband_name = StringField(Text("丈夫姓名", "Husband's name"), validators=[Optional(), Length(max=64)])
    husband_work_place = StringField(Text("丈夫务工地", "Where the husband works"), validators=[Optional(), Length(max=120)])
    husband_away_since = DateField(Text("丈夫外出时间", "Husband away since"), validators=[Optional()])
    husband_phone = StringField(Text("丈夫电话", "Husband's phone"), validators=[Optional(), Length(max=32)])
    health = TextAreaField(Text("健康状况", "Health"), validators=[Optional(), Length(max=2000)])
    mental_health = TextAreaField(Text("心理健康", "Mental health"), validators=[Optional(), Length(max=2000)])
    last_screening = DateField(Text("最近一次“两癌”筛查", "Last two-cancer screening"), validators=[Optional()])
    skills_wanted = StringField(Text("希望学习的技能", "Skills wanted"), validators=[Optional(), Length(max=200)])
    jobs_wanted = StringField(Text("就业意向", "Jobs wanted"), validators=[Optional(), Length(max=200)])
